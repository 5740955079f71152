"""Chapter 'Checking gradients': the error of a finite difference as the step h changes
(:eq:`eq-centred-difference`, :eq:`eq-relative-error`)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import notation
from ..gradcheck import (
    difference_gradients,
    error_vs_eps,
    reference_gradient,
    relative_error,
    with_dtype,
)
from ..mlp import MLP
from .base import Explorer, slider

#: The steps h of the step explorer's curves: 57 from 1e-14 to 1, evenly spaced in log h.
#:
#: :meta hide-value:
STEP_GRID = np.logspace(-14, 0, 57)
METHODS = ("centred", "forward")
PRECISIONS = ("float64", "float32")
FLOOR = 1e-17  # an error of exactly 0 is drawn here, at the bottom of the log axis


def step_explorer(
    net: MLP,
    x: np.ndarray,
    t: np.ndarray,
    param: int = 0,
    log10_h: float = -5.0,
    method: str = "centred",
    precision: str = "float64",
) -> Explorer:
    """Controls for log10 h, the method (centred or forward difference) and the precision
    (float64 or float32) of a finite-difference check of parameter number `param` (in
    `parameter_labels` order) of `net` at one sample (x, t). The figure shows the relative error
    against h for all four combinations, the chosen one highlighted, with the current h marked;
    the readout compares the difference quotient with backpropagation's gradient (float64)."""
    x = np.asarray(x, dtype=float).reshape(1, -1)
    t = np.asarray(t, dtype=float).reshape(1, -1)
    nets = {p: with_dtype(net, np.dtype(p)) for p in PRECISIONS}
    curves = {
        (m, p): error_vs_eps(n, x, t, STEP_GRID, m)[:, param] for m in METHODS
        for p, n in nets.items()
    }
    name = notation.parameter_names(net.sizes, "tex")[param]
    reference = {p: reference_gradient(n, x, t)[param : param + 1] for p, n in nets.items()}
    fig = Figure(figsize=(6.6, 3.8), layout="constrained")
    ax = fig.subplots()
    lines = {}
    for (m, p), errors in curves.items():
        color = "tab:blue" if m == "centred" else "tab:orange"
        style = "-" if p == "float64" else "--"
        (lines[m, p],) = ax.loglog(
            STEP_GRID, np.maximum(errors, FLOOR), style, color=color, label=f"{m}, {p}"
        )
    (point,) = ax.loglog([], [], "o", color="black", ms=7)
    ax.axhline(1e-7, ls=":", color="0.4", lw=1)
    ax.set(
        xlabel="step $h$", ylabel="relative error", ylim=(1e-12, 10),
        title=f"Finite differences for $\\partial L/\\partial {name}$",
    )
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3)

    def update(values: dict[str, object]) -> str:
        h = 10.0 ** float(values["log10_h"])
        m, p = str(values["method"]), str(values["precision"])
        for key, artist in lines.items():
            chosen = key == (m, p)
            artist.set_alpha(1.0 if chosen else 0.25)
            artist.set_linewidth(2.2 if chosen else 1.0)
        numeric = difference_gradients(nets[p], x, t, h, m)[param : param + 1]
        err = float(relative_error(reference[p], numeric)[0])
        point.set_data([h], [max(err, FLOOR)])
        return (
            f"h = {h:.1e} &nbsp; {m}, {p} &nbsp; difference quotient {float(numeric[0]):.10g}"
            f" &nbsp; backprop {float(reference[p][0]):.10g} &nbsp; relative error {err:.1e}"
        )

    controls = {
        "log10_h": slider("log₁₀ h", log10_h, -14.0, 0.0, 0.25),
        "method": widgets.Dropdown(options=list(METHODS), value=method, description="method"),
        "precision": widgets.Dropdown(
            options=list(PRECISIONS), value=precision, description="precision"
        ),
    }
    explorer = Explorer(controls, fig, update, "StepExplorer")
    fig.set_layout_engine("none")  # the first drawing fixed the layout
    return explorer
