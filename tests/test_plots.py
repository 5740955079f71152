import matplotlib.pyplot as plt
import numpy as np
import pytest

import backprop_core as bc
from backprop_core.plots import default_node_labels, draw_network, plot_loss_curve


def test_draw_network_draws_every_unit_and_edge():
    fig, ax = draw_network([2, 3, 2], weight_names=["w", "u"])
    assert len(ax.lines) == 2 * 3 + 3 * 2
    assert len(ax.patches) == 7
    texts = [t.get_text() for t in ax.texts]
    assert "$w_{11}$" in texts and "$u_{32}$" in texts and "$h_{3}$" in texts
    plt.close(fig)


def test_draw_network_with_values_colours_and_widths():
    net = bc.MLP([2, 2, 2, 1], seed=0)
    widths = [np.full(W.shape, 2.0) for W in net.weights]
    fig, ax = draw_network(net.sizes, weights=net.weights, edge_widths=widths, title="t")
    assert len(ax.lines) == 4 + 4 + 2
    assert {line.get_linewidth() for line in ax.lines} == {2.0}
    colors = {line.get_color() for line in ax.lines}
    assert colors <= {"tab:blue", "tab:red"}
    assert any("=" in t.get_text() for t in ax.texts)
    assert "$h^{(2)}_{1}$" in default_node_labels(net.sizes)[2]
    plt.close(fig)


def test_draw_network_rejects_mismatched_weights():
    with pytest.raises(ValueError, match="weights have shapes"):
        draw_network([2, 3, 2], weights=[np.zeros((3, 2)), np.zeros((3, 2))])
    with pytest.raises(ValueError, match="edge_widths must be shaped like the weights"):
        draw_network([2, 3, 2], edge_widths=[np.zeros((2, 3))])


def test_plot_loss_curve():
    fig, ax = plot_loss_curve({"a": [3, 2, 1], "b": [2, 1, 0.5]})
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    plt.close(fig)
    fig, ax = plot_loss_curve([1.0, 0.5], log=False)
    assert ax.get_yscale() == "linear"
    plt.close(fig)
