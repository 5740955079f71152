"""Chapter 'The squared-error loss': the loss of a network as a function of one weight."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import notation
from ..mlp import MLP
from ..slices import loss_along, slope_along
from .base import Explorer, slider

SPAN = 6.0  # the slider and the curve cover the starting weight +- 6
TANGENT_HALF_WIDTH = 1.5


def _weight_name(net: MLP, l: int, i: int, j: int, form: str) -> str:
    """u_11 in the sources' two-layer networks, w^(l)_ij otherwise (i, j 0-based here)."""
    if net.L == 2:
        return notation.weight(l, i + 1, j + 1, notation.SOURCES_LETTERS[l - 1], False, form=form)
    return notation.weight(l, i + 1, j + 1, form=form)


def loss_explorer(
    net: MLP, X: np.ndarray, T: np.ndarray, l: int | None = None, i: int = 0, j: int = 0
) -> Explorer:
    """Sliders for one weight w = net.W[l][i, j] (l the book's layer number, 1..L, by default
    the output layer L; i, j 0-based entries of the matrix) and for the target t_1 of the first
    sample. The figure shows the loss as a function of w with every other parameter fixed, the
    current point, and the tangent whose slope is backprop_core's dL/dw; the readout compares it
    with a centred difference. The network and data are copied: the explorer never changes
    them."""
    net = net.copy()
    l = net.L if l is None else l
    X = np.array(X, dtype=float)
    T = np.array(T, dtype=float)
    w0 = float(net.W[l][i, j])
    grid = np.linspace(w0 - SPAN, w0 + SPAN, 241)
    fig = Figure(figsize=(6.5, 3.4), layout="constrained")
    ax = fig.subplots()
    tex, text = _weight_name(net, l, i, j, "tex"), _weight_name(net, l, i, j, "text")
    (curve,) = ax.plot([], [], color="tab:blue", label=rf"$\mathcal{{L}}({tex})$")
    (tangent,) = ax.plot([], [], "--", color="0.3", lw=1, label="slope from backprop")
    (point,) = ax.plot([], [], "o", color="tab:red")
    ax.set(xlabel=f"${tex}$", ylabel=r"$\mathcal{L}$", title=f"The loss as a function of ${tex}$")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right")

    def update(values: dict[str, object]) -> str:
        w, t1 = float(values["w"]), float(values["t1"])
        T_now = T.copy()
        T_now[0, 0] = t1
        net.W[l][i, j] = w
        curve.set_data(grid, loss_along(net, X, T_now, l, i, j, grid))
        loss = net.loss(X, T_now)
        slope, numeric = slope_along(net, X, T_now, l, i, j)
        point.set_data([w], [loss])
        d = TANGENT_HALF_WIDTH
        tangent.set_data([w - d, w + d], [loss - d * slope, loss + d * slope])
        ax.relim()
        ax.autoscale_view()
        return (
            f"{text} = {w:.2f} &nbsp; t₁ = {t1:.2f} &nbsp; "
            f"ℒ = {loss:.6f} &nbsp; ∂ℒ/∂{text} (backprop) = {slope:.6f} &nbsp; "
            f"(centred difference: {numeric:.6f})"
        )

    controls = {
        "w": slider("w", w0, w0 - SPAN, w0 + SPAN, 0.25),
        "t1": slider("t₁", float(T[0, 0]), 0.0, 1.0, 0.05),
    }
    return Explorer(controls, fig, update, "LossExplorer")
