"""Figures the chapters share: the network diagram and what is drawn over it (`network`,
`flow`), the computational graph of a scalar Value (`graph`), curves (`curves`) and the
book's style (`style`). Drawing only: every number a figure
shows is computed by the package's mathematical modules.
"""

from collections.abc import Callable, Sequence

from matplotlib.axes import Axes

from .. import flow as _flow
from .. import notation as _notation
from .curves import plot_cost, plot_error_vs_eps, plot_loss_curve, plot_modes, plot_plane
from .flow import draw_backward_flow, draw_two_passes
from .graph import GraphDrawing, draw_graph
from .network import LAYER_GAP, NetworkDrawing, draw_namings, draw_network, layout
from .style import book_style

# ---- compatibility aliases, until the chapters use the new names (listed in the notes) ------
backward_shares = _flow.backward_shares
default_node_labels = _notation.unit_labels


def label_edges(
    ax: Axes, sizes: Sequence[int], label: Callable[[int, int, int], str], fontsize: int = 9
) -> None:
    """Old form of `NetworkDrawing.label_edges`, for a network drawn by `draw_network` on ax
    with these sizes."""
    sizes = [int(n) for n in sizes]
    NetworkDrawing(ax.figure, ax, sizes, layout(sizes)).label_edges(label, fontsize)


__all__ = [
    "LAYER_GAP",
    "GraphDrawing",
    "NetworkDrawing",
    "backward_shares",
    "book_style",
    "default_node_labels",
    "draw_backward_flow",
    "draw_graph",
    "draw_namings",
    "draw_network",
    "draw_two_passes",
    "label_edges",
    "layout",
    "plot_cost",
    "plot_error_vs_eps",
    "plot_loss_curve",
    "plot_modes",
    "plot_plane",
]
