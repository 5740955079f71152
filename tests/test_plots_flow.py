"""backprop_core.plots.flow: the backward flow and the two passes, drawn at the positions of
the network drawing, with the numbers of the sources' formulas (tests/oracles.py)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from backprop_core import examples, plots
from backprop_core.plots import draw_backward_flow

from float_oracles import sigmoid_deltas


def test_draw_backward_flow_widths_follow_the_shares():
    net = examples.network_232()
    x, t = [1.0, 0.5], [0.2, 0.1]
    drawing = draw_backward_flow(net, x, t, max_width=9.0)
    ax = drawing.ax
    deltas = sigmoid_deltas(net.weights, net.biases, x, t)
    shares = np.concatenate([(W * np.array(d)[None, :]).ravel()
                             for W, d in zip(net.weights, deltas)])
    widths = np.array([line.get_linewidth() for line in ax.lines])
    np.testing.assert_allclose(widths, 0.4 + 9.0 * np.abs(shares) / np.abs(shares).max(),
                               rtol=1e-12, atol=0)
    assert [line.get_color() for line in ax.lines] == [
        "tab:blue" if v >= 0 else "tab:red" for v in shares
    ]
    texts = {tx.get_text(): tx.get_position() for tx in ax.texts}
    for l, d in enumerate(deltas, start=1):
        for j, value in enumerate(d, start=1):
            label = f"$\\delta^{{({l})}}_{{{j}}}={value:+.4f}$"
            assert label in texts
            x_u, y_u = drawing.positions[l, j]
            # hidden deltas above their unit, output deltas to its right
            assert texts[label] == pytest.approx((x_u, y_u + 0.27) if l == 1 else (x_u + 0.27, y_u))
    plt.close(drawing.fig)


def test_draw_two_passes_labels_both_directions():
    drawing = plots.draw_two_passes([2, 3, 3, 2], title="two passes")
    texts = {t.get_text(): t.get_position() for t in drawing.ax.texts}
    assert any("forward pass" in s for s in texts) and any("backward pass" in s for s in texts)
    for l in (1, 2, 3):  # delta^(l) under the bottom unit of layer l
        x_b, y_b = drawing.bottom(l)
        assert texts[f"$\\delta^{{({l})}}$"] == pytest.approx((x_b, y_b - 0.3))
    assert texts["$h^{(0)} = x$"] == pytest.approx((0.0, drawing.top(0)[1] + 0.3))
    assert "$h^{(3)} = y$" in texts
    assert len(drawing.ax.patches) == 10  # one circle per unit
    plt.close(drawing.fig)
