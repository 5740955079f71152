"""Curves and maps the chapters share: the training loss, a function of two inputs, the cost of
a gradient (by backprop and finite differences, or by forward and reverse mode), and the error
of finite differences against the step ε."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..cost import CostMeasurement
from ..modes import ModesMeasurement
from .style import few_log_ticks


def plot_loss_curve(
    history: Sequence[float] | dict[str, Sequence[float]],
    ax: Axes | None = None,
    title: str = "Training loss",
    log: bool = True,
) -> tuple[Figure, Axes]:
    """Loss per epoch (one curve, or one per key of a dict), on a log scale by default."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 3.5))
    else:
        fig = ax.figure
    curves = history if isinstance(history, dict) else {"loss": history}
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, values.size + 1), values, label=name)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(r"loss $\mathcal{L}$")
    ax.set_title(title)
    if isinstance(history, dict):
        ax.legend()
    ax.grid(alpha=0.3)
    return fig, ax


def plot_plane(
    fn: Callable[[np.ndarray], np.ndarray],
    ax: Axes | None = None,
    lim: tuple[float, float] = (-1.0, 1.0),
    reference: Callable[[np.ndarray], np.ndarray] | None = None,
    levels: Sequence[float] | None = None,
    box: tuple[float, float] | None = None,
    title: str | None = None,
    n: int = 121,
):
    """A function of two inputs, y = fn(X) for X of shape (m, 2), as filled contours over the
    square lim x lim, with a colour bar. `reference` (e.g. the target function) is drawn as
    dashed black contour lines at the same levels, so where the colours' edges follow the
    dashes the two functions agree; `box` outlines the square box x box (the training data).
    Returns (fig, ax, contour set)."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(4.2, 3.6))
    else:
        fig = ax.figure
    g = np.linspace(lim[0], lim[1], n)
    G1, G2 = np.meshgrid(g, g)
    X = np.column_stack([G1.ravel(), G2.ravel()])
    Y = np.asarray(fn(X), dtype=float).reshape(G1.shape)
    cs = ax.contourf(G1, G2, Y, levels=levels if levels is not None else 12, cmap="viridis")
    fig.colorbar(cs, ax=ax)
    if reference is not None:
        R = np.asarray(reference(X), dtype=float).reshape(G1.shape)
        ax.contour(G1, G2, R, levels=cs.levels, colors="black", linestyles="--", linewidths=0.8)
    if box is not None:
        lo, hi = box
        ax.plot([lo, hi, hi, lo, lo], [lo, lo, hi, hi, lo], color="white", lw=1.5)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return fig, ax, cs


def plot_cost(measurement: CostMeasurement, ax: Axes | None = None) -> tuple[Figure, Axes]:
    """Seconds per gradient against the number of parameters, log-log, from a
    `backprop_core.cost.CostMeasurement`: finite differences, backprop and one forward pass,
    with a dotted line of slope 1 (time proportional to P) through the finite differences.
    No minor ticks (`few_log_ticks`), x ticks at the measured P, the legend right of the axes."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.2, 3.6))
    else:
        fig = ax.figure
    P = np.asarray(measurement.n_params, dtype=float)
    fd = np.asarray(measurement.finite_differences)
    ax.loglog(P, fd, "o-", color="tab:red", label="finite differences")
    ax.loglog(P, measurement.backprop, "s-", color="tab:blue", label="backpropagation")
    ax.loglog(P, measurement.forward, "^--", color="0.45", label="one forward pass")
    ax.loglog(P, fd[-1] * P / P[-1], ":", color="tab:red", lw=1, label=r"$\propto P$")
    ax.set(
        xlabel="number of parameters $P$",
        ylabel="seconds per gradient",
        title="What one gradient costs",
    )
    few_log_ticks(ax, "both")
    # the x ticks at the measured sizes: a decade or two holds one or two powers of ten only
    ax.set_xticks(P, [f"{int(p):,}" for p in P])
    # outside the axes, so that it covers no line whatever the timings
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, borderaxespad=0)
    return fig, ax


def plot_modes(measurement: ModesMeasurement) -> tuple[Figure, tuple[Axes, Axes]]:
    """All P gradients by forward mode and by reverse mode against the number of parameters P,
    log-log, from a `backprop_core.modes.ModesMeasurement`: left the exact multiply-adds of the
    matrix products, right the measured seconds, each with a dotted line proportional to P
    through the last point of forward mode."""
    fig, (ax_c, ax_t) = plt.subplots(1, 2, figsize=(8.6, 3.6))
    P = np.asarray(measurement.n_params, dtype=float)
    panels = (
        (ax_c, measurement.forward_mode_madds, measurement.reverse_mode_madds, "multiply-adds"),
        (ax_t, measurement.forward_mode, measurement.reverse_mode, "seconds"),
    )
    for ax, fwd, rev, what in panels:
        fwd, rev = np.asarray(fwd, dtype=float), np.asarray(rev, dtype=float)
        ax.loglog(P, fwd, "o-", color="tab:red", label="forward mode (P dense JVPs)")
        ax.loglog(P, rev, "s-", color="tab:blue", label="reverse mode (backprop)")
        ax.loglog(P, fwd[-1] * P / P[-1], ":", color="tab:red", lw=1, label=r"$\propto P$")
        ax.set(xlabel="number of parameters $P$", ylabel=f"{what} for all $P$ gradients")
    ax_c.set_title("Counted (exact, dense JVPs)")
    ax_t.set_title("Measured (this machine)")
    ax_c.legend(loc="upper left", fontsize=8)
    return fig, (ax_c, ax_t)


def plot_error_vs_eps(
    steps: Sequence[float],
    curves: dict[str, np.ndarray],
    ax: Axes | None = None,
    title: str | None = None,
    threshold: float | None = 1e-7,
) -> tuple[Figure, Axes]:
    """Relative error of finite differences against the step ε, log-log.

    curves: label -> errors (one per step). Labels containing 'forward' are drawn in orange, those
    containing 'model' dashed; errors of exactly 0 are drawn at 1e-17. `threshold` draws the
    dotted line below which a gradient check counts as passed (:eq:`eq-relative-error`).
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 3.8))
    else:
        fig = ax.figure
    steps = np.asarray(steps, dtype=float)
    for label, errors in curves.items():
        color = "tab:orange" if "forward" in label else "tab:blue"
        style = "--" if "model" in label else "-"
        lw = 1.2 if "model" in label else 1.8
        ax.loglog(
            steps,
            np.maximum(np.asarray(errors, dtype=float), 1e-17),
            style,
            color=color,
            lw=lw,
            label=label,
        )
    if threshold is not None:
        ax.axhline(threshold, ls=":", color="0.4", lw=1)
    ax.set(xlabel=r"step $\varepsilon$", ylabel="relative error")
    if title:
        ax.set_title(title)
    return fig, ax
