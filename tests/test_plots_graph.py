"""backprop_core.plots.graph: the drawing shows every node of the graph once, in the columns of
its longest path from the leaves, with single-use leaves as tags; `mark` colours a sweep's
progress. Checked against a graph built by hand, where every answer is known."""

import matplotlib.pyplot as plt
import pytest

from backprop_core import autodiff_nets as an
from backprop_core import examples
from backprop_core.autodiff import Value, weighted_sum
from backprop_core.plots import graph


def _small():
    # x feeds two nodes (a circle); w, b and the constant 2 feed one each (tags)
    x, w, b = Value(0.5, label="x_1"), Value(-1.0, label="w_11"), Value(0.25, label="b^(1)_1")
    a = weighted_sum([x], [w], b)
    a.label = "a^(1)_1"
    h = a.tanh()
    h.label = "h_1"
    loss = h * x * 2.0
    loss.label = "loss"
    return x, w, b, a, h, loss


def test_tex_names():
    assert graph.tex("a^(1)_2") == "a^{(1)}_{2}" and graph.tex("e_1^2") == "e_{1}^{2}"
    assert graph.tex("h^(2)_1,2") == "h^{(2)}_{1,2}" and graph.tex("w_11") == "w_{11}"
    assert graph.tex("loss") == r"\mathcal{L}" and graph.tex("sum") == r"\Sigma"
    assert graph.tex("odd name") == r"\mathrm{odd name}"


def test_layout_columns_rows_and_tags():
    x, w, b, a, h, loss = _small()
    nodes, positions, tags = graph.layout(loss)
    product = loss.parents[0]  # h * x, before the factor 2
    assert {id(v) for v in nodes} == {id(v) for v in (x, a, h, product, loss)}
    gap = graph.COLUMN_GAP
    # x is a leaf (column 0); a reads x; h reads a; h * x reads h (column 2), so column 3
    assert positions[id(x)] == (0.0, 0.0) and positions[id(a)] == (gap, 0.0)
    assert positions[id(h)][0] == 2 * gap and positions[id(product)][0] == 3 * gap
    assert positions[id(loss)][0] == 4 * gap
    assert tags[id(a)] == [w, b] and tags[id(h)] == [] and len(tags[id(loss)]) == 1


def test_draw_graph_draws_every_node_edge_and_tag():
    *_, a, _h, loss = _small()
    drawing = graph.draw_graph(loss, title="t")
    ax = drawing.ax
    assert len(drawing.circles) == 5 and len(drawing.edges) == 5  # x->a, a->h, h->hx, x->hx, hx->L
    assert ax.get_title() == "t"
    texts = [t.get_text() for t in ax.texts]
    assert "$a^{(1)}_{1}$" in texts and "$w_{11}$, $b^{(1)}_{1}$" in texts and "2" in texts
    assert f"{a.data:.3g}" in texts  # the values, above the nodes
    centres = {tuple(c.center) for c in drawing.circles.values()}
    assert centres == set(drawing.positions.values())
    plt.close(drawing.fig)
    with pytest.raises(TypeError, match=r"autodiff\.Value"):
        graph.draw_graph(0.5)


def test_mark_colours_the_sweep_and_writes_the_gradients():
    g = an.mlp_graph(examples.network_232(), *examples.sample_232(), weight_names=["w", "u"])
    drawing = graph.draw_graph(g.loss)
    steps = [s for s in an.sweep(g.loss) if id(s.node) in drawing.circles]
    assert len(steps) == len(drawing.circles) == 18
    done, now = [s.node for s in steps[:9]], steps[9].node  # a^(2)_2
    drawing.mark(done, now)
    colours = {k: c.get_facecolor() for k, c in drawing.circles.items()}
    assert sum(c == plt.matplotlib.colors.to_rgba(graph.DONE) for c in colours.values()) == 9
    assert colours[id(now)] == plt.matplotlib.colors.to_rgba(graph.CURRENT)
    red = [key for key, arrow in drawing.edges.items() if arrow.get_linewidth() > 1.5]
    assert red == [(id(now), id(g.h[2][0, 1]))]  # a^(2)_2 -> y_2
    assert drawing.grads[id(now)].get_text() == f"{now.grad:.3g}"
    assert drawing.grads[id(g.h[1][0, 0])].get_text() == ""  # h_1: not reached yet
    plt.close(drawing.fig)


def test_without_values_on_a_given_axes_and_a_mark_with_no_current_node():
    x, _w, _b, a, h, loss = _small()
    loss.backward()
    fig, ax = plt.subplots()
    drawing = graph.draw_graph(loss, ax=ax, values=False)
    assert drawing.ax is ax and drawing.fig is fig
    texts = [t.get_text() for t in ax.texts]
    assert f"{a.data:.3g}" not in texts and f"{loss.data:.3g}" not in texts
    drawing.mark([loss, h])  # two done, none current: no red arrow
    done = plt.matplotlib.colors.to_rgba(graph.DONE)
    assert [c.get_facecolor() == done for c in drawing.circles.values()].count(True) == 2
    assert all(arrow.get_linewidth() < 1.5 for arrow in drawing.edges.values())
    # dL/dh = 2x (the loss is 2 h x), written to 3 digits under h
    assert drawing.grads[id(h)].get_text() == f"{2 * x.data:.3g}"
    plt.close(fig)


def test_the_tags_hide_the_edges_behind_them():
    # In the 2-3-2 graph the tags of a^(1)_2 and a^(2)_k sit on crossing edges: each tag is
    # drawn above the edges in an opaque box, so an edge never runs through its letters.
    g = an.mlp_graph(examples.network_232(), *examples.sample_232(), weight_names=["w", "u"])
    drawing = graph.draw_graph(g.loss)
    edge_z = max(a.get_zorder() for a in drawing.edges.values())
    tags = [t for t in drawing.ax.texts if "w_{12}" in t.get_text() or "u_{12}" in t.get_text()]
    assert len(tags) == 2
    for t in tags:
        box = t.get_bbox_patch()
        assert t.get_zorder() > edge_z and box.get_alpha() == 1.0
        assert box.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    plt.close(drawing.fig)
