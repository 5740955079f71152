"""The names the chapters call today stay importable while they move (see the layout notes):
each compatibility alias is the new function, or a thin wrapper of it."""

import matplotlib.pyplot as plt

from backprop_core import flow, notation, plots, sources, symbolic, widgets
from backprop_core.examples import WORKED_ARCHITECTURES


def test_moved_names_are_the_new_ones():
    assert sources.identical is symbolic.identical
    assert plots.backward_shares is flow.backward_shares
    assert plots.default_node_labels is notation.unit_labels
    assert widgets.WORKED_ARCHITECTURES is WORKED_ARCHITECTURES


def test_chapters_names_are_importable():
    for name in ("sigmoid_explorer", "loss_explorer", "forward_explorer", "delta_explorer",
                 "backward_flow_explorer", "depth_explorer", "worked_example_explorer",
                 "step_explorer", "training_animation", "animate", "DEPTH_ACTIVATIONS"):
        assert callable(getattr(widgets, name)) or name == "DEPTH_ACTIVATIONS"
    for name in ("draw_network", "draw_backward_flow", "draw_two_passes", "label_edges",
                 "plot_loss_curve", "plot_plane", "plot_cost", "plot_error_vs_eps", "book_style"):
        assert callable(getattr(plots, name))
    for name in ("probe", "named", "difference", "counterexample", "Ledger", "CLAIM_VERDICTS"):
        assert hasattr(sources, name)


def test_drawings_still_unpack_into_figure_and_axes():
    fig, ax = plots.draw_two_passes([2, 2, 1])
    assert ax.figure is fig
    plt.close(fig)
