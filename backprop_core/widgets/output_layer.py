"""Chapter 'Backpropagation for the output layer': the output delta
delta^(2) = (y - t) y (1 - y) as the error times the slope (:eq:`eq-output-delta`)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..activations import sigmoid_prime_from_output
from ..deltas import output_delta
from ..loss import l2_loss_grad
from .base import Explorer, slider


def delta_explorer(y: float = 0.9, t: float = 0.1) -> Explorer:
    """Sliders for an output y and its target t. Left: the error y - t, the slope y (1 - y) and
    their product delta^(2) over y in (0, 1) for this t, with the current point. Right:
    delta^(2) over the whole (y, t) square, with the current point. The readout gives the
    three numbers."""
    grid = np.linspace(0.001, 0.999, 400)
    column = grid.reshape(-1, 1)
    fig = Figure(figsize=(8.2, 3.3), layout="constrained")
    ax_c, ax_m = fig.subplots(1, 2)
    (error_line,) = ax_c.plot([], [], "--", color="0.45", label="error $y - t$")
    ax_c.plot(grid, sigmoid_prime_from_output(grid), ":", color="tab:orange",
              label="slope $y(1-y)$")
    (delta_line,) = ax_c.plot(
        [], [], color="tab:blue", lw=2, label=r"$\delta^{(2)} = $ error $\times$ slope"
    )
    (point_c,) = ax_c.plot([], [], "o", color="tab:red")
    ax_c.axhline(0, color="0.3", lw=0.6)
    ax_c.set(
        xlim=(0, 1), ylim=(-0.3, 0.3), xlabel="output $y$", ylabel="value",
        title=r"$\delta^{(2)}$ for the current target $t$",
    )
    ax_c.legend(loc="lower left", fontsize=8)
    ys, ts = np.meshgrid(grid, grid)
    surface = output_delta(ys.reshape(-1, 1), ts.reshape(-1, 1)).reshape(ys.shape)
    image = ax_m.imshow(
        surface, origin="lower", extent=(0, 1, 0, 1), cmap="RdBu_r", vmin=-0.15, vmax=0.15,
        aspect="auto",
    )
    fig.colorbar(image, ax=ax_m, label=r"$\delta^{(2)}$")
    ax_m.contour(ys, ts, surface, levels=[0], colors="0.2", linewidths=0.8)
    (point_m,) = ax_m.plot([], [], "o", color="black", mfc="none", ms=9, mew=2)
    ax_m.set(xlabel="output $y$", ylabel="target $t$", title=r"$\delta^{(2)}(y, t)$ everywhere")
    ax_m.grid(False)

    def update(values: dict[str, object]) -> str:
        y, t = float(values["y"]), float(values["t"])
        targets = np.full_like(column, t)
        error_line.set_data(grid, l2_loss_grad(column, targets)[:, 0])
        delta_line.set_data(grid, output_delta(column, targets)[:, 0])
        at = np.array([[y]]), np.array([[t]])
        error, delta = float(l2_loss_grad(*at)[0, 0]), float(output_delta(*at)[0, 0])
        point_c.set_data([y], [delta])
        point_m.set_data([y], [t])
        return (
            f"y = {y:.3f} &nbsp; t = {t:.2f} &nbsp; error y − t = {error:+.3f} &nbsp; "
            f"slope y(1 − y) = {float(sigmoid_prime_from_output(y)):.4f} &nbsp; δ⁽²⁾ = {delta:+.5f}"
        )

    controls = {"y": slider("y", y, 0.005, 0.995, 0.005), "t": slider("t", t, 0.0, 1.0, 0.05)}
    controls["y"].readout_format = ".3f"
    explorer = Explorer(controls, fig, update, "DeltaExplorer")
    # The first drawing fixed the layout; keeping it makes every later frame cheaper.
    fig.set_layout_engine("none")
    return explorer
