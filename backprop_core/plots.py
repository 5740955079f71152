"""Figures the chapters share: the network diagram and the training curve.

The sources' own figures did not survive, so the book draws its networks with `draw_network`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle

LAYER_GAP = 1.8  # horizontal distance between layers, in units of the vertical one


def default_node_labels(sizes: Sequence[int]) -> list[list[str]]:
    """x_i for the inputs, h_j (or h^(l)_j with several hidden layers) and y_k for the outputs."""
    L = len(sizes) - 1
    labels = [[f"$x_{{{i}}}$" for i in range(1, sizes[0] + 1)]]
    for l in range(1, L):
        sup = f"^{{({l})}}" if L > 2 else ""
        labels.append([f"$h{sup}_{{{j}}}$" for j in range(1, sizes[l] + 1)])
    labels.append([f"$y_{{{k}}}$" for k in range(1, sizes[-1] + 1)])
    return labels


def draw_network(
    sizes: Sequence[int],
    weights: Sequence[np.ndarray] | None = None,
    weight_names: Sequence[str] | None = None,
    node_labels: Sequence[Sequence[str]] | None = None,
    edge_widths: Sequence[np.ndarray] | None = None,
    show_weight_labels: bool = True,
    title: str | None = None,
    ax: Axes | None = None,
    node_values: Sequence[Sequence[float]] | None = None,
) -> tuple[Figure, Axes]:
    """Draw a layered network, inputs on the left, every edge labelled with its weight.

    weights: optional arrays of shape (n_in, n_out); their values join the labels, and edges are
    coloured by sign (blue +, red -). weight_names: one letter per layer (default 'w^(l)'; the
    2-3-2 network of the sources uses ['w', 'u']). edge_widths: optional arrays shaped like the
    weights giving each edge's line width (e.g. to show how much error flows along it).
    node_values: optional numbers per unit (e.g. the activations of a forward pass), printed
    under each unit.
    """
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    if weights is not None and [np.shape(W) for W in weights] != list(zip(sizes[:-1], sizes[1:])):
        raise ValueError(f"weights have shapes {[np.shape(W) for W in weights]}, sizes are {sizes}")
    if edge_widths is not None and [np.shape(E) for E in edge_widths] != list(
        zip(sizes[:-1], sizes[1:])
    ):
        raise ValueError("edge_widths must be shaped like the weights")
    if weight_names is None:
        weight_names = [f"w^{{({l})}}" if L > 1 else "w" for l in range(1, L + 1)]
    if node_labels is None:
        node_labels = default_node_labels(sizes)
    if ax is None:
        fig, ax = plt.subplots(figsize=(2.2 * LAYER_GAP * L + 1.6, 1.0 * max(sizes) + 1.4))
    else:
        fig = ax.figure

    # Node positions: layer l at x = l, units centred vertically.
    pos = [[(LAYER_GAP * l, (n - 1) / 2 - j) for j in range(n)] for l, n in enumerate(sizes)]
    for l in range(L):
        n_in, n_out = sizes[l], sizes[l + 1]
        for i in range(n_in):
            for j in range(n_out):
                (x0, y0), (x1, y1) = pos[l][i], pos[l + 1][j]
                value = None if weights is None else float(weights[l][i, j])
                color = "0.45" if value is None else ("tab:blue" if value >= 0 else "tab:red")
                width = 1.2 if edge_widths is None else float(edge_widths[l][i, j])
                ax.plot([x0, x1], [y0, y1], color=color, lw=width, zorder=1, alpha=0.8)
                if show_weight_labels:
                    # Stagger labels along the edge by destination so they do not collide.
                    f = 0.22 + 0.56 * (j + 0.5) / n_out
                    xm, ym = x0 + f * (x1 - x0), y0 + f * (y1 - y0)
                    sep = "," if max(n_in, n_out) > 9 else ""
                    text = f"${weight_names[l]}_{{{i + 1}{sep}{j + 1}}}$"
                    if value is not None:
                        text = f"{text}$\\,=\\,{value:.2f}$"
                    ax.text(
                        xm,
                        ym,
                        text,
                        fontsize=9,
                        ha="center",
                        va="center",
                        zorder=3,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
                    )
    for l, layer in enumerate(pos):
        for j, (x, y) in enumerate(layer):
            ax.add_patch(plt.Circle((x, y), 0.2, fc="#f3f0e6", ec="black", lw=1.2, zorder=4))
            ax.text(x, y, node_labels[l][j], ha="center", va="center", fontsize=12, zorder=5)
            if node_values is not None:
                ax.text(
                    x,
                    y - 0.3,
                    f"{float(node_values[l][j]):.3f}",
                    ha="center",
                    va="top",
                    fontsize=9,
                    color="tab:green",
                    zorder=5,
                )
    ax.set_xlim(-0.5, LAYER_GAP * L + 0.5)
    ax.set_ylim(-(max(sizes) - 1) / 2 - 0.6, (max(sizes) - 1) / 2 + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return fig, ax


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
    ax.set_ylabel("loss $L$")
    ax.set_title(title)
    if isinstance(history, dict):
        ax.legend()
    ax.grid(alpha=0.3)
    return fig, ax


def book_style() -> None:
    """The book's figure style: readable fonts, light grids, crisp (2x) PNGs in notebooks."""
    plt.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.constrained_layout.use": True,
        }
    )
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina")
    except (ImportError, AttributeError, NameError):  # not inside IPython
        pass


# ---- chapter 'A worked example' ------------------------------------------------------------
def label_edges(
    ax: Axes, sizes: Sequence[int], label: Callable[[int, int, int], str], fontsize: int = 9
) -> None:
    """Label every edge of a network drawn by `draw_network(..., show_weight_labels=False)`.

    label(l, i, j) gives the text of the edge from unit i of layer l-1 to unit j of layer l
    (all 1-based), so any naming convention can be drawn, e.g. the destination-first names
    w^(l)_ji of the blog post "Foundations of Backpropagation". Labels sit where
    draw_network puts its own (the units' centres are read from the circles it drew).
    """
    sizes = [int(n) for n in sizes]
    centres = [p.center for p in ax.patches if isinstance(p, Circle)]
    if len(centres) != sum(sizes):
        raise ValueError(f"ax shows {len(centres)} units, but sizes {sizes} need {sum(sizes)}")
    starts = np.cumsum([0, *sizes])
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        for i in range(n_in):
            for j in range(n_out):
                x0, y0 = centres[starts[l] + i]
                x1, y1 = centres[starts[l + 1] + j]
                f = 0.22 + 0.56 * (j + 0.5) / n_out
                ax.text(
                    x0 + f * (x1 - x0),
                    y0 + f * (y1 - y0),
                    label(l + 1, i + 1, j + 1),
                    fontsize=fontsize,
                    ha="center",
                    va="center",
                    zorder=3,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
                )


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


# ---- chapter 'Backpropagation for a hidden layer' -----------------------------------------
def backward_shares(net: object, x: np.ndarray, t: np.ndarray) -> list[np.ndarray]:
    """What each edge carries backward for one sample: share[l][i, j] = w_ij delta_j.

    `net` is a `backprop_core.MLP`, (x, t) one sample. For the edge from unit i to unit j of
    the next layer, delta_j w_ij is unit j's contribution to dL/dh_i; summed over j it is
    dL/dh_i (:eq:`eq-hidden-dL-dh`), the bracket of :eq:`eq-hidden-delta`; shaped like net.weights.
    """
    x = np.asarray(x, dtype=float).reshape(1, -1)
    t = np.asarray(t, dtype=float).reshape(1, -1)
    deltas = net.backprop(x, t).delta
    return [W * d[0][np.newaxis, :] for W, d in zip(net.weights, deltas)]


def draw_backward_flow(
    net: object,
    x: np.ndarray,
    t: np.ndarray,
    weight_names: Sequence[str] | None = None,
    max_width: float = 9.0,
    title: str | None = "The error flowing backward",
    ax: Axes | None = None,
) -> tuple[Figure, Axes]:
    """The network with each edge's width proportional to abs(w_ij delta_j) (`backward_shares`).

    One scale for the whole figure, so edges nearer the input are visibly thinner when less
    error reaches them. Blue edges carry a positive share, red a negative one. Every unit above
    the inputs is annotated with its delta. Used in the chapter 'Backpropagation for a hidden
    layer' (:eq:`eq-hidden-dL-dh`, :eq:`eq-hidden-delta`).
    """
    x = np.asarray(x, dtype=float).reshape(1, -1)
    t = np.asarray(t, dtype=float).reshape(1, -1)
    shares = backward_shares(net, x, t)
    deltas = net.backprop(x, t).delta
    biggest = max(float(np.abs(s).max()) for s in shares) or 1.0
    widths = [0.4 + max_width * np.abs(s) / biggest for s in shares]
    sizes = list(net.sizes)
    if weight_names is None and len(sizes) == 3:
        weight_names = ["w", "u"]
    fig, ax = draw_network(
        sizes,
        weights=shares,
        weight_names=weight_names,
        edge_widths=widths,
        show_weight_labels=False,
        title=title,
        ax=ax,
    )
    L = len(sizes) - 1
    for l, delta in enumerate(deltas, start=1):
        n = sizes[l]
        name = "delta" if L == 2 else f"delta^{{({l})}}"
        for j in range(n):
            y = (n - 1) / 2 - j
            # The outputs' deltas go to their right, the hidden units' above them.
            last = l == L
            ax.text(
                LAYER_GAP * l + (0.27 if last else 0.0),
                y if last else y + 0.27,
                f"$\\{name}={delta[0, j]:+.4f}$",
                ha="left" if last else "center",
                va="center" if last else "bottom",
                fontsize=9,
                zorder=6,
                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.9),
            )
    ax.set_xlim(-0.5, LAYER_GAP * L + 1.6)
    return fig, ax


# ---- chapter 'The general algorithm' -------------------------------------------------------
def draw_two_passes(
    sizes: Sequence[int], title: str | None = None, ax: Axes | None = None
) -> tuple[Figure, Axes]:
    """The network with the two passes of backpropagation drawn over it.

    Above: values flow forward, layer by layer, a^(l) = h^(l-1) W^(l) + b^(l), h^(l) = f(a^(l)).
    Below: errors flow backward, delta^(L) from y - t, then delta^(l) from delta^(l+1)
    (:eq:`eq-general-output-delta`, :eq:`eq-general-hidden-delta`). Each layer is labelled with
    what the forward pass leaves there (h) and what the backward pass computes there (delta).
    """
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    if ax is None:
        fig, ax = plt.subplots(figsize=(1.1 * (LAYER_GAP * L + 1.4), 1.1 * (max(sizes) + 2.4)))
    labels = default_node_labels(sizes)
    labels[1:-1] = [[""] * n for n in sizes[1:-1]]  # the layer labels name the hidden units
    fig, ax = draw_network(sizes, node_labels=labels, show_weight_labels=False, title=title, ax=ax)
    top = (max(sizes) - 1) / 2 + 0.55
    bottom = -top
    style = dict(arrowstyle="-|>", mutation_scale=18, lw=2)
    ax.annotate(
        "",
        xy=(LAYER_GAP * L, top + 0.55),
        xytext=(0, top + 0.55),
        arrowprops=dict(color="tab:green", **style),
    )
    ax.text(
        LAYER_GAP * L / 2,
        top + 0.75,
        "forward pass: values $h^{(l)}$ flow up, from input to output",
        ha="center",
        va="bottom",
        color="tab:green",
        fontsize=11,
    )
    ax.annotate(
        "",
        xy=(LAYER_GAP * 1, bottom - 0.55),
        xytext=(LAYER_GAP * L, bottom - 0.55),
        arrowprops=dict(color="tab:red", **style),
    )
    ax.text(
        LAYER_GAP * (L + 1) / 2,
        bottom - 0.75,
        r"backward pass: errors $\delta^{(l)}$ flow down, from output to layer 1",
        ha="center",
        va="top",
        color="tab:red",
        fontsize=11,
    )
    for l in range(L + 1):
        n = sizes[l]
        ax.text(
            LAYER_GAP * l,
            (n - 1) / 2 + 0.3,
            f"$h^{{({l})}}$"
            if 0 < l < L
            else ("$h^{(0)} = x$" if l == 0 else f"$h^{{({L})}} = y$"),
            ha="center",
            va="bottom",
            color="tab:green",
            fontsize=10,
        )
        if l > 0:
            ax.text(
                LAYER_GAP * l,
                -(n - 1) / 2 - 0.3,
                f"$\\delta^{{({l})}}$",
                ha="center",
                va="top",
                color="tab:red",
                fontsize=10,
            )
    ax.set_ylim(bottom - 1.3, top + 1.3)
    return fig, ax


def plot_cost(measurement: object, ax: Axes | None = None) -> tuple[Figure, Axes]:
    """Seconds per gradient against the number of parameters, log-log, from a
    `backprop_core.cost.CostMeasurement`: finite differences, backprop and one forward pass,
    with a dashed line of slope 1 (time proportional to P) through the finite differences."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 3.8))
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
    ax.legend(loc="upper left", fontsize=9)
    return fig, ax


# ---- chapter 'Checking gradients' ----------------------------------------------------------
def plot_error_vs_h(
    hs: Sequence[float],
    curves: dict[str, np.ndarray],
    ax: Axes | None = None,
    title: str | None = None,
    threshold: float | None = 1e-7,
) -> tuple[Figure, Axes]:
    """Relative error of finite differences against the step h, log-log.

    curves: label -> errors (one per h). Labels containing 'forward' are drawn in orange, those
    containing 'model' dashed; errors of exactly 0 are drawn at 1e-17. `threshold` draws the
    dotted line below which a gradient check counts as passed (:eq:`eq-relative-error`).
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 3.8))
    else:
        fig = ax.figure
    hs = np.asarray(hs, dtype=float)
    for label, errors in curves.items():
        color = "tab:orange" if "forward" in label else "tab:blue"
        style = "--" if "model" in label else "-"
        lw = 1.2 if "model" in label else 1.8
        ax.loglog(
            hs,
            np.maximum(np.asarray(errors, dtype=float), 1e-17),
            style,
            color=color,
            lw=lw,
            label=label,
        )
    if threshold is not None:
        ax.axhline(threshold, ls=":", color="0.4", lw=1)
    ax.set(xlabel="step $h$", ylabel="relative error")
    if title:
        ax.set_title(title)
    return fig, ax
