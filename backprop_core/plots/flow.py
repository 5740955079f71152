"""Backpropagation drawn over the network: the error flowing back along each edge (chapter
'Backpropagation for a hidden layer') and the two passes (chapter 'The general algorithm').
Both draw with `draw_network` and place their annotations at the positions it returns.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from .. import notation
from ..flow import backward_shares
from ..mlp import MLP
from .network import LAYER_GAP, NetworkDrawing, draw_network

DELTA_BOX = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.9)
ARROW = dict(arrowstyle="-|>", mutation_scale=18, lw=2)


def draw_backward_flow(
    net: MLP,
    x: np.ndarray,
    t: np.ndarray,
    weight_names: Sequence[str] | None = None,
    max_width: float = 9.0,
    title: str | None = "The error flowing backward",
    ax: Axes | None = None,
) -> NetworkDrawing:
    """The network with each edge's width proportional to abs(w_ij delta_j) (`backward_shares`).

    One scale for the whole figure, so edges nearer the input are visibly thinner when less
    error reaches them. Blue edges carry a positive share, red a negative one. Every unit above
    the inputs is annotated with its delta delta^(l)_j (:eq:`eq-hidden-dL-dh`,
    :eq:`eq-hidden-delta`). A network with two weight layers is named as the sources name
    theirs, w_ij and u_jk.
    """
    x = np.asarray(x, dtype=float).reshape(1, -1)
    t = np.asarray(t, dtype=float).reshape(1, -1)
    shares = backward_shares(net, x, t)
    deltas = net.backprop(x, t).delta
    biggest = max(float(np.abs(s).max()) for s in shares) or 1.0
    widths = [0.4 + max_width * np.abs(s) / biggest for s in shares]
    if weight_names is None and net.L == 2:
        weight_names = notation.SOURCES_LETTERS
    drawing = draw_network(
        net.sizes, weights=shares, weight_names=weight_names, edge_widths=widths,
        show_weight_labels=False, title=title, ax=ax,
    )
    L = drawing.L
    for l in range(1, L + 1):
        for j in range(1, drawing.sizes[l] + 1):
            x_u, y_u = drawing.positions[l, j]
            last = l == L  # the outputs' deltas go to their right, the hidden units' above them
            drawing.ax.text(
                x_u + (0.27 if last else 0.0),
                y_u if last else y_u + 0.27,
                f"${notation.delta(l, j)}={deltas[l][0, j - 1]:+.4f}$",
                ha="left" if last else "center",
                va="center" if last else "bottom",
                fontsize=9,
                zorder=6,
                bbox=DELTA_BOX,
            )
    right = max(x_u for x_u, _ in drawing.positions.values())
    drawing.ax.set_xlim(-0.5, right + 1.6)
    return drawing


def draw_two_passes(
    sizes: Sequence[int], title: str | None = None, ax: Axes | None = None
) -> NetworkDrawing:
    """The network with the two passes of backpropagation drawn over it.

    Above: values flow forward, layer by layer, a^(l) = h^(l-1) W^(l) + b^(l), h^(l) = f(a^(l)).
    Below: errors flow backward, delta^(L) from y - t, then delta^(l) from delta^(l+1)
    (:eq:`eq-general-output-delta`, :eq:`eq-general-hidden-delta`). Each layer is labelled with
    what the forward pass leaves there (h) and what the backward pass computes there (delta).
    """
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * (LAYER_GAP * L + 1.4), 1.1 * (max(sizes) + 2.4)))
    labels = notation.unit_labels(sizes)
    labels[1:-1] = [[""] * n for n in sizes[1:-1]]  # the layer labels name the hidden units
    drawing = draw_network(sizes, node_labels=labels, show_weight_labels=False, title=title, ax=ax)
    pos = drawing.positions
    x_in, x_out, x_first = pos[0, 1][0], pos[L, 1][0], pos[1, 1][0]
    top = max(y for _, y in pos.values()) + 0.55
    bottom = min(y for _, y in pos.values()) - 0.55
    ax.annotate("", xy=(x_out, top + 0.55), xytext=(x_in, top + 0.55),
                arrowprops=dict(color="tab:green", **ARROW))
    ax.text((x_in + x_out) / 2, top + 0.75,
            "forward pass: values $h^{(l)}$ flow up, from input to output",
            ha="center", va="bottom", color="tab:green", fontsize=11)
    ax.annotate("", xy=(x_first, bottom - 0.55), xytext=(x_out, bottom - 0.55),
                arrowprops=dict(color="tab:red", **ARROW))
    ax.text((x_first + x_out) / 2, bottom - 0.75,
            r"backward pass: errors $\delta^{(l)}$ flow down, from output to layer 1",
            ha="center", va="top", color="tab:red", fontsize=11)
    for l in range(L + 1):
        h = {0: "$h^{(0)} = x$", L: f"$h^{{({L})}} = y$"}.get(l, f"$h^{{({l})}}$")
        x_top, y_top = drawing.top(l)
        ax.text(x_top, y_top + 0.3, h, ha="center", va="bottom", color="tab:green", fontsize=10)
        if l > 0:
            x_bot, y_bot = drawing.bottom(l)
            ax.text(x_bot, y_bot - 0.3, f"$\\delta^{{({l})}}$", ha="center", va="top",
                    color="tab:red", fontsize=10)
    ax.set_ylim(bottom - 1.3, top + 1.3)
    return drawing
