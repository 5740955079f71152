"""Chapter 'Other losses and outputs': the saturated sigmoid unit under the L2 loss and under
cross-entropy (:eq:`eq-ce-delta`); the numbers come from `backprop_core.saturation`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from ..activations import sigmoid
from ..plots.style import few_log_ticks
from ..saturation import descend, unit_deltas
from .base import Explorer, slider

A_GRID = np.linspace(-2.0, 12.0, 281)
MAX_STEPS = 2000  # a start at a0 = 8 needs about 1500 L2 steps
TARGET = 0.1
LOSSES = {"l2": ("L2", "tab:orange"), "cross_entropy": ("cross-entropy", "tab:blue")}


def saturation_explorer(a0: float = 6.0) -> Explorer:
    """A slider for the unit's starting pre-activation a0 (input 1, target 0, y = sigma(a0)).

    Left: the output delta dL/da over a for each loss, with the point at a0. Right: the output
    y during gradient descent (lr = 1) from a0 for each loss, up to the step where y <= 0.1.
    The readout gives y, both deltas and both step counts; the figure's title gives a0 and the
    counts, so that every frame of the offline stand-in shows them."""
    fig = Figure(figsize=(8.2, 3.5), layout="constrained")
    ax_d, ax_y = fig.subplots(1, 2)
    # a0 and both step counts in the figure itself, so each frame of the stand-in shows them
    heading = fig.suptitle(" ", fontsize=11)
    deltas = unit_deltas(A_GRID)
    points, paths = {}, {}
    for loss, (label, colour) in LOSSES.items():
        ax_d.plot(A_GRID, deltas[loss], color=colour, label=label)
        (points[loss],) = ax_d.plot([], [], "o", color=colour)
        (paths[loss],) = ax_y.plot([], [], color=colour, label=label)
    ax_d.set_yscale("log")
    ax_d.set(
        xlim=(A_GRID[0], A_GRID[-1]), ylim=(1e-6, 2), xlabel="pre-activation $a$",
        ylabel=r"$\delta^{(L)} = \partial\mathcal{L}/\partial a$", title=r"The delta at $t = 0$",
    )
    ax_d.legend(loc="lower left", fontsize=8)
    few_log_ticks(ax_d)  # fewer tick labels: each costs a text layout per frame
    ax_y.axhline(TARGET, ls=":", color="0.4")
    ax_y.set_xscale("symlog", linthresh=10)
    ax_y.xaxis.set_major_locator(FixedLocator([0, 5, 10, 100, 1000]))
    ax_y.xaxis.set_major_formatter("{x:.0f}")
    ax_y.xaxis.set_minor_locator(NullLocator())
    ax_y.set(
        xlim=(0, MAX_STEPS), ylim=(0, 1.02), xlabel="step", ylabel="output $y$",
        title="Gradient descent from $a_0$",
    )

    def update(values: dict[str, object]) -> str:
        a0 = float(values["a0"])
        y0 = float(sigmoid(a0))
        at = unit_deltas(np.array([a0]))
        counts = {}
        for loss in LOSSES:
            run = descend(a0, loss, lr=1.0, target=TARGET, max_steps=MAX_STEPS)
            points[loss].set_data([a0], [at[loss][0]])
            paths[loss].set_data(np.arange(run.y.size), run.y)
            counts[loss] = str(run.steps) if run.reached else f"> {MAX_STEPS}"
        heading.set_text(
            f"$a_0 = {a0:g}$: steps to $y \\leq {TARGET}$: L2 {counts['l2']}, "
            f"cross-entropy {counts['cross_entropy']}"
        )
        return (
            f"a₀ = {a0:.2f} &nbsp; y = {y0:.4f} &nbsp; δ<sup>(L)</sup>: L2 {at['l2'][0]:.3g}, "
            f"cross-entropy {at['cross_entropy'][0]:.3g} &nbsp; steps to y ≤ {TARGET}: "
            f"L2 {counts['l2']}, cross-entropy {counts['cross_entropy']}"
        )

    controls = {"a0": slider("a0", a0, 0.0, 8.0, 0.5)}
    explorer = Explorer(controls, fig, update, "SaturationExplorer")
    fig.set_layout_engine("none")  # the first drawing fixed the layout
    return explorer
