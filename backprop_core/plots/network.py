"""The network diagram: units in layers, every edge labelled with its weight.

The sources' own figures did not survive, so the book draws its networks with `draw_network`.
It returns a `NetworkDrawing` that knows where it put every unit; everything drawn over a
network afterwards (edge labels in another notation, the error flowing backward, the two
passes of backpropagation) places itself with those positions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import notation

#: Horizontal distance between layers, in units of the vertical distance between units.
LAYER_GAP = 1.8
UNIT_RADIUS = 0.2
LABEL_BOX = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)

Position = tuple[float, float]


def layout(sizes: Sequence[int]) -> dict[tuple[int, int], Position]:
    """Where each unit goes: (l, j) -> (x, y) for layer l = 0..L (0 = the inputs) and unit
    j = 1..n_l; layer l at x = LAYER_GAP l, its units one apart, centred on y = 0, unit 1 on top."""
    return {
        (l, j): (LAYER_GAP * l, (n - 1) / 2 - (j - 1))
        for l, n in enumerate(int(n) for n in sizes)
        for j in range(1, n + 1)
    }


@dataclass
class NetworkDrawing:
    """A network drawn on `ax`: the figure, the axes, the layer sizes and every unit's position.

    `positions[(l, j)]` is the centre of unit j (1-based) of layer l (0 = inputs, L = outputs).
    """

    fig: Figure
    ax: Axes
    sizes: list[int]
    positions: dict[tuple[int, int], Position]

    @property
    def L(self) -> int:
        """The number of weight layers."""
        return len(self.sizes) - 1

    def edge_point(self, l: int, i: int, j: int) -> Position:
        """Where the label of the edge from unit i of layer l-1 to unit j of layer l goes:
        staggered along the edge by destination, so that labels of one layer do not collide."""
        (x0, y0), (x1, y1) = self.positions[l - 1, i], self.positions[l, j]
        f = 0.22 + 0.56 * (j - 0.5) / self.sizes[l]
        return x0 + f * (x1 - x0), y0 + f * (y1 - y0)

    def label_edges(self, label: Callable[[int, int, int], str], fontsize: int = 9) -> None:
        """Label every edge with label(l, i, j) (all 1-based), e.g. a name in another notation
        such as [F25]'s destination-first w^(l)_ji."""
        for l in range(1, self.L + 1):
            for i in range(1, self.sizes[l - 1] + 1):
                for j in range(1, self.sizes[l] + 1):
                    x, y = self.edge_point(l, i, j)
                    self.ax.text(
                        x, y, label(l, i, j), fontsize=fontsize, ha="center", va="center",
                        zorder=3, bbox=LABEL_BOX,
                    )

    def top(self, l: int) -> Position:
        """The centre of the top unit of layer l."""
        return self.positions[l, 1]

    def bottom(self, l: int) -> Position:
        """The centre of the bottom unit of layer l."""
        return self.positions[l, self.sizes[l]]


def _check_shapes(sizes: list[int], arrays: Sequence[np.ndarray] | None) -> bool:
    return arrays is None or [np.shape(A) for A in arrays] == list(zip(sizes[:-1], sizes[1:]))


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
) -> NetworkDrawing:
    """Draw a layered network, inputs on the left, every edge labelled with its weight.

    weights: optional arrays of shape (n_in, n_out); their values join the labels, and edges are
    coloured by sign (blue +, red -). weight_names: one letter per layer (default w^(l); the
    2-3-2 network of the sources uses ['w', 'u'], `notation.SOURCES_LETTERS`). edge_widths:
    optional arrays shaped like the weights giving each edge's line width (e.g. to show how
    much error flows along it). node_values: optional numbers per unit (e.g. the activations
    of a forward pass), printed under each unit. node_labels: default `notation.unit_labels`.
    """
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    if not _check_shapes(sizes, weights):
        raise ValueError(f"weights have shapes {[np.shape(W) for W in weights]}, sizes are {sizes}")
    if not _check_shapes(sizes, edge_widths):
        raise ValueError("edge_widths must be shaped like the weights")
    letters = notation.layer_letters(L, weight_names)
    if node_labels is None:
        node_labels = notation.unit_labels(sizes)
    if ax is None:
        fig, ax = plt.subplots(figsize=(2.2 * LAYER_GAP * L + 1.6, 1.0 * max(sizes) + 1.4))
    else:
        fig = ax.figure
    drawing = NetworkDrawing(fig, ax, sizes, layout(sizes))
    pos = drawing.positions
    for l in range(1, L + 1):
        letter, layered = letters[l - 1]
        sep = notation.separator(sizes[l - 1], sizes[l])
        for i in range(1, sizes[l - 1] + 1):
            for j in range(1, sizes[l] + 1):
                (x0, y0), (x1, y1) = pos[l - 1, i], pos[l, j]
                value = None if weights is None else float(weights[l - 1][i - 1, j - 1])
                color = "0.45" if value is None else ("tab:blue" if value >= 0 else "tab:red")
                width = 1.2 if edge_widths is None else float(edge_widths[l - 1][i - 1, j - 1])
                ax.plot([x0, x1], [y0, y1], color=color, lw=width, zorder=1, alpha=0.8)
                if show_weight_labels:
                    name = notation.weight(l, i, j, letter, layered, form="tex", sep=sep)
                    text = f"${name}$" + ("" if value is None else f"$\\,=\\,{value:.2f}$")
                    xm, ym = drawing.edge_point(l, i, j)
                    ax.text(
                        xm, ym, text, fontsize=9, ha="center", va="center", zorder=3,
                        bbox=LABEL_BOX,
                    )
    for (l, j), (x, y) in pos.items():
        ax.add_patch(plt.Circle((x, y), UNIT_RADIUS, fc="#f3f0e6", ec="black", lw=1.2, zorder=4))
        ax.text(x, y, node_labels[l][j - 1], ha="center", va="center", fontsize=12, zorder=5)
        if node_values is not None:
            ax.text(
                x, y - 0.3, f"{float(node_values[l][j - 1]):.3f}", ha="center", va="top",
                fontsize=9, color="tab:green", zorder=5,
            )
    ax.set_xlim(-0.5, LAYER_GAP * L + 0.5)
    ax.set_ylim(-(max(sizes) - 1) / 2 - 0.6, (max(sizes) - 1) / 2 + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return drawing


def draw_namings(sizes: Sequence[int] = (2, 2, 2, 1)) -> tuple[Figure, list[NetworkDrawing]]:
    """The same network twice (chapter 'A worked example'): above with the book's names
    w^(l)_ij (from i to j), below with [F25]'s destination-first names w^(l)_ji and its unit
    names a^(l)_j and y_pred."""
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    fig, (ax_book, ax_f25) = plt.subplots(2, 1, figsize=(7.5, 6))
    book = draw_network(
        sizes, ax=ax_book, title="The book: $w^{(l)}_{ij}$ goes from $i$ to $j$"
    )
    f25_units = [[f"$x_{{{i}}}$" for i in range(1, sizes[0] + 1)]]
    f25_units += [
        [f"$a^{{({l})}}_{{{j}}}$" for j in range(1, sizes[l] + 1)] for l in range(1, L)
    ]
    f25_units.append([r"$y_{\mathrm{pred}}$"] * sizes[-1])
    f25 = draw_network(
        sizes, ax=ax_f25, node_labels=f25_units, show_weight_labels=False,
        title="[F25]: $w^{(l)}_{jk}$ goes to $j$ from $k$",
    )
    f25.label_edges(
        lambda l, i, j: f"${notation.weight(l, i, j, destination_first=True, form='tex')}$"
    )
    for text in ax_f25.texts:  # y_pred: a long name for a small circle
        if "pred" in text.get_text():
            text.set_fontsize(8)
    return fig, [book, f25]
