"""Figures the chapters share: the network diagram and what is drawn over it (`network`,
`flow`), the computational graph of a scalar Value (`graph`), curves (`curves`) and the
book's style (`style`). Drawing only: every number a figure
shows is computed by the package's mathematical modules.
"""

from .curves import plot_cost, plot_error_vs_eps, plot_loss_curve, plot_modes, plot_plane
from .flow import draw_backward_flow, draw_two_passes
from .graph import GraphDrawing, draw_graph
from .network import LAYER_GAP, NetworkDrawing, draw_namings, draw_network, layout
from .style import book_style

__all__ = [
    "LAYER_GAP",
    "GraphDrawing",
    "NetworkDrawing",
    "book_style",
    "draw_backward_flow",
    "draw_graph",
    "draw_namings",
    "draw_network",
    "draw_two_passes",
    "layout",
    "plot_cost",
    "plot_error_vs_eps",
    "plot_loss_curve",
    "plot_modes",
    "plot_plane",
]
