"""backprop_core.plots.network: the diagram draws every unit where `layout` says and labels
every edge; what is drawn later uses the drawing's positions."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import backprop_core as bc
from backprop_core import plots
from backprop_core.plots import NetworkDrawing, draw_namings, draw_network, layout


def test_layout_centres_each_layer():
    pos = layout([2, 3, 1])
    assert pos[0, 1] == (0.0, 0.5) and pos[0, 2] == (0.0, -0.5)
    assert pos[1, 1] == (plots.LAYER_GAP, 1.0) and pos[1, 3] == (plots.LAYER_GAP, -1.0)
    assert pos[2, 1] == (2 * plots.LAYER_GAP, 0.0) and len(pos) == 6


def test_draw_network_draws_every_unit_and_edge_where_layout_says():
    drawing = draw_network([2, 3, 2], weight_names=["w", "u"])
    fig, ax = drawing.fig, drawing.ax
    assert isinstance(drawing, NetworkDrawing) and drawing.L == 2
    assert len(ax.lines) == 2 * 3 + 3 * 2
    centres = sorted(tuple(p.center) for p in ax.patches)
    assert centres == sorted(layout([2, 3, 2]).values())
    texts = [t.get_text() for t in ax.texts]
    assert "$w_{11}$" in texts and "$u_{32}$" in texts and "$h_{3}$" in texts
    # the edge from h_3 to y_2 starts and ends at those units
    line = ax.lines[2 * 3 + 2 * 2 + 1]
    ends = [drawing.positions[1, 3], drawing.positions[2, 2]]
    np.testing.assert_array_equal(line.get_xydata(), ends)
    plt.close(fig)


def test_draw_network_with_values_colours_and_widths():
    net = bc.MLP([2, 2, 2, 1], seed=0)
    widths = [np.full(W.shape, 2.0) for W in net.weights]
    drawing = draw_network(net.sizes, weights=net.weights, edge_widths=widths, title="t")
    fig, ax = drawing.fig, drawing.ax
    assert len(ax.lines) == 4 + 4 + 2
    assert {line.get_linewidth() for line in ax.lines} == {2.0}
    signs = [np.sign(v) for W in net.weights for v in W.ravel()]
    assert [line.get_color() for line in ax.lines] == [
        "tab:blue" if s >= 0 else "tab:red" for s in signs
    ]
    label = f"$w^{{(1)}}_{{11}}$$\\,=\\,{net.weights[0][0, 0]:.2f}$"
    assert label in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_draw_network_rejects_mismatched_weights():
    with pytest.raises(ValueError, match="weights have shapes"):
        draw_network([2, 3, 2], weights=[np.zeros((3, 2)), np.zeros((3, 2))])
    with pytest.raises(ValueError, match="edge_widths must be shaped like the weights"):
        draw_network([2, 3, 2], edge_widths=[np.zeros((2, 3))])


def test_edge_labels_sit_on_their_edges_staggered_by_destination():
    drawing = draw_network([2, 2, 1], show_weight_labels=False)
    n_before = len(drawing.ax.texts)
    drawing.label_edges(lambda l, i, j: f"{l}:{j}{i}")
    labels = drawing.ax.texts[n_before:]
    assert [t.get_text() for t in labels] == ["1:11", "1:21", "1:12", "1:22", "2:11", "2:12"]
    for text, (l, i, j) in zip(labels, [(1, 1, 1), (1, 1, 2), (1, 2, 1), (1, 2, 2)]):
        (x0, y0), (x1, y1) = drawing.positions[l - 1, i], drawing.positions[l, j]
        x, y = text.get_position()
        f = (x - x0) / (x1 - x0)  # the label lies on the segment, a fraction f along it
        assert 0 < f < 1 and y == pytest.approx(y0 + f * (y1 - y0), abs=1e-12)
    fractions = [(t.get_position()[0] - 0) / plots.LAYER_GAP for t in labels[:4]]
    assert fractions[0] < fractions[1]  # to unit 1 nearer the source than to unit 2
    plt.close(drawing.fig)


def test_draw_namings_shows_both_conventions():
    fig, (book, f25) = draw_namings([2, 2, 2, 1])
    book_texts = [t.get_text() for t in book.ax.texts]
    f25_texts = [t.get_text() for t in f25.ax.texts]
    # the weight from x_1 to hidden unit 2: w^(1)_12 in the book, w^(1)_21 in [F25]
    assert "$w^{(1)}_{12}$" in book_texts and "$w^{(1)}_{21}$" in f25_texts
    assert r"$y_{\mathrm{pred}}$" in f25_texts and "$a^{(2)}_{1}$" in f25_texts
    # and on that edge: the label at the edge x_1 -> unit 2 is w_12 in the book, w_21 in [F25]
    # (both panels contain both names, so a transposed panel is caught only here)
    named = [(book, "$w^{(1)}_{12}$", "$w^{(1)}_{21}$"), (f25, "$w^{(1)}_{21}$", "$w^{(1)}_{12}$")]
    for drawing, x1_to_2, x2_to_1 in named:
        at = {t.get_position(): t.get_text() for t in drawing.ax.texts}
        assert at[drawing.edge_point(1, 1, 2)] == x1_to_2
        assert at[drawing.edge_point(1, 2, 1)] == x2_to_1
    plt.close(fig)
