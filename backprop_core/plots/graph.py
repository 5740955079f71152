"""The computational graph of a scalar `autodiff.Value` (chapter 'Backprop is reverse-mode
differentiation').

Every computed node is a circle; a leaf that feeds several nodes (an input x_i of the 2-3-2
network feeds all three hidden units) is a circle too. A leaf that feeds a single node (a
weight, a bias, a target, a constant) is written as a small grey tag beside that node, so that
the figure shows every node of the graph without a crowd of tiny circles. Columns follow the
longest path from the leaves; within a column, nodes keep the order of the backward sweep.
`GraphDrawing.mark` colours the nodes one step of a sweep at a time (the sweep explorer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.text import Text

from ..autodiff import Value, topological_order

COLUMN_GAP = 1.25
ROW_GAP = 1.8
RADIUS = 0.3
PENDING, DONE, CURRENT = "#f3f0e6", "#f4c7c3", "#e8554e"  # node colours: not yet, done, now
INCH = 0.56  # inches per unit of the layout: the 2-3-2 graph is about 7 in wide, the page's width
BOX = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85)  # text over edges
# The leaves' tags sit where edges cross (w_12 over x_2 -> a_1): an opaque box hides the
# edges behind them, so that the names stay legible.
TAG_BOX = dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=1.0)
_NAME = re.compile(r"^([A-Za-z]+)(?:\^\((\d+)\))?_([\d,]+)(\^2)?$")


def tex(label: str) -> str:
    """A node's text label as mathtext without dollars: "a^(1)_2" -> "a^{(1)}_{2}", "e_1^2" ->
    "e_{1}^{2}", "loss" -> the loss's script L, "sum" -> a capital sigma."""
    if label == "loss":
        return r"\mathcal{L}"
    if label == "sum":
        return r"\Sigma"
    m = _NAME.match(label)
    if m is None:
        return rf"\mathrm{{{label}}}"
    letter, layer, index, square = m.groups()
    sup = f"^{{({layer})}}" if layer else ""
    return f"{letter}{sup}_{{{index}}}" + ("^{2}" if square else "")


def _tag_text(leaf: Value) -> str:
    return f"${tex(leaf.label)}$" if leaf.label else f"{leaf.data:g}"


@dataclass
class GraphDrawing:
    """A graph drawn on `ax`: the circles' nodes (`nodes`, in topological order), their centres
    (`positions`, by id), the leaves written as tags beside each node (`tags`), and the artists
    that `mark` recolours."""

    fig: Figure
    ax: Axes
    nodes: list[Value]
    positions: dict[int, tuple[float, float]]
    tags: dict[int, list[Value]]
    circles: dict[int, Circle] = field(default_factory=dict)
    edges: dict[tuple[int, int], FancyArrowPatch] = field(default_factory=dict)
    grads: dict[int, Text] = field(default_factory=dict)

    def mark(self, done: Sequence[Value], current: Value | None = None, digits: int = 3) -> None:
        """Colour the nodes whose gradient the sweep has finished (`done`) and the `current`
        one, whose arrows to its users turn red; write dL/d(node) under each of them."""
        finished = {id(v) for v in done} | ({id(current)} if current is not None else set())
        for key, circle in self.circles.items():
            circle.set_facecolor(DONE if key in finished else PENDING)
        for (parent, _), arrow in self.edges.items():
            now = current is not None and parent == id(current)
            arrow.set_color("tab:red" if now else "0.6")
            arrow.set_linewidth(2.0 if now else 0.9)
        for v in self.nodes:
            text = self.grads[id(v)]
            text.set_text(f"{v.grad:.{digits}g}" if id(v) in finished else "")
        if current is not None and id(current) in self.circles:
            self.circles[id(current)].set_facecolor(CURRENT)


def layout(root: Value) -> tuple[list[Value], dict[int, tuple[float, float]], dict[int, list]]:
    """(nodes drawn as circles, their centres by id, the tag leaves of each node by id)."""
    order = topological_order(root)
    users: dict[int, int] = {}
    for v in order:
        for p in v.parents:
            users[id(p)] = users.get(id(p), 0) + 1
    is_tag = {id(v): not v.parents and users.get(id(v), 0) == 1 for v in order}
    nodes = [v for v in order if not is_tag[id(v)]]
    column: dict[int, int] = {}
    for v in nodes:
        column[id(v)] = 1 + max((column[id(p)] for p in v.parents if not is_tag[id(p)]), default=-1)
    tags = {id(v): [p for p in v.parents if is_tag[id(p)]] for v in nodes}
    by_column: dict[int, list[Value]] = {}
    for v in reversed(nodes):  # the order of the sweep: x_1 above x_2
        by_column.setdefault(column[id(v)], []).append(v)
    positions = {}
    for c, members in by_column.items():
        for r, v in enumerate(members):
            positions[id(v)] = (COLUMN_GAP * c, ROW_GAP * ((len(members) - 1) / 2 - r))
    return nodes, positions, tags


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> FancyArrowPatch:
    """An arrow between two circles' rims, from a node to a node that uses it."""
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    arrow = FancyArrowPatch(
        (x0 + RADIUS * ux, y0 + RADIUS * uy), (x1 - RADIUS * ux, y1 - RADIUS * uy),
        arrowstyle="-|>", mutation_scale=9, color="0.6", lw=0.9, shrinkA=0, shrinkB=0, zorder=1,
    )
    ax.add_patch(arrow)
    return arrow


def draw_graph(
    root: Value, title: str | None = None, ax: Axes | None = None, values: bool = True
) -> GraphDrawing:
    """Draw the graph of `root`: circles with their node's name, arrows from each node to the
    nodes that use it, tags for single-use leaves, and (values=True) each node's value above
    it in green. Returns a `GraphDrawing`; its `mark` shows the progress of a sweep."""
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph needs an autodiff.Value, got {type(root).__name__}")
    nodes, positions, tags = layout(root)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    if ax is None:
        width = INCH * (max(xs) - min(xs)) + 1.4
        height = INCH * (max(ys) - min(ys)) + 1.8
        fig, ax = plt.subplots(figsize=(width, height))
    else:
        fig = ax.figure
    drawing = GraphDrawing(fig, ax, nodes, positions, tags)
    for v in nodes:
        x1, y1 = positions[id(v)]
        for p in v.parents:
            if id(p) in positions and (id(p), id(v)) not in drawing.edges:
                drawing.edges[id(p), id(v)] = _arrow(ax, positions[id(p)], (x1, y1))
        circle = Circle((x1, y1), RADIUS, fc=PENDING, ec="black", lw=1.0, zorder=3)
        ax.add_patch(circle)
        drawing.circles[id(v)] = circle
        ax.text(x1, y1, f"${tex(v.label)}$" if v.label else v.op, ha="center", va="center",
                fontsize=10, zorder=4)  # fmt: skip
        above = y1 + RADIUS + 0.06
        if values:
            ax.text(x1, above, f"{v.data:.3g}", ha="center", va="bottom", fontsize=8,
                    color="tab:green", zorder=4, bbox=BOX)  # fmt: skip
            above += 0.34
        if tags[id(v)]:
            names = [_tag_text(leaf) for leaf in tags[id(v)]]
            lines = [", ".join(names[k : k + 2]) for k in range(0, len(names), 2)]
            ax.text(x1, above, "\n".join(lines), ha="center", va="bottom", fontsize=8,
                    color="0.35", zorder=2, bbox=TAG_BOX, linespacing=1.45)  # fmt: skip
        drawing.grads[id(v)] = ax.text(x1, y1 - RADIUS - 0.06, "", ha="center", va="top",
                                       fontsize=8, color="tab:red", zorder=4, bbox=BOX)  # fmt: skip
    ax.set_xlim(min(xs) - 0.9, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 1.15)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return drawing
