"""The explorers and the figure of the output- and hidden-layer chapters, used as by a reader."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import backprop_core as bc
from backprop_core.plots import backward_shares, draw_backward_flow
from backprop_core.widgets import animate, backward_flow_explorer, delta_explorer


def example_net() -> bc.MLP:
    net = bc.MLP([2, 3, 2], seed=0)
    net.weights = [
        np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        np.array([[0.7, 0.1], [0.8, 0.2], [0.9, 0.3]]),
    ]
    net.biases = [np.full(3, 0.1), np.full(2, 0.2)]
    return net


def test_delta_explorer_shows_error_times_slope():
    w = delta_explorer(y=0.9, t=0.1)
    assert repr(w) == "DeltaExplorer(y=0.9, t=0.1)"
    first_png = w.image.value
    w.controls["y"].value = 0.95
    w.controls["t"].value = 0.05
    delta = (0.95 - 0.05) * 0.95 * 0.05
    assert "error y − t = +0.900" in w.readout.value
    assert "slope y(1 − y) = 0.0475" in w.readout.value
    assert f"δ = {delta:+.5f}" in w.readout.value
    ax_c, ax_m = w.fig.axes[:2]
    error_line, _, delta_line, point = ax_c.lines[:4]
    grid = delta_line.get_xdata()
    np.testing.assert_allclose(error_line.get_ydata(), grid - 0.05)
    np.testing.assert_allclose(delta_line.get_ydata(), (grid - 0.05) * grid * (1 - grid))
    np.testing.assert_allclose(point.get_xydata(), [[0.95, delta]])
    np.testing.assert_allclose(ax_m.lines[-1].get_xydata(), [[0.95, 0.05]])
    assert w.image.value != first_png and w.image.value[:4] == b"\x89PNG"


def test_delta_explorer_saturation_starves_the_delta():
    # Confidently wrong: the largest possible error, and almost no delta.
    w = delta_explorer(y=0.995, t=0.0)
    assert "error y − t = +0.995" in w.readout.value
    assert "δ = +0.00495" in w.readout.value


def test_backward_shares_sum_to_the_hidden_gradient():
    net = example_net()
    x, t = np.array([1.0, 0.5]), np.array([0.9, 0.1])
    bp = net.backprop(x[None, :], t[None, :])
    shares = backward_shares(net, x, t)
    assert [s.shape for s in shares] == [(2, 3), (3, 2)]
    # sum over k of delta_k u_jk is dL/dh_j, and times h_j (1 - h_j) it is the hidden delta
    h = net.trace(x[None, :]).h[1][0]
    np.testing.assert_allclose(shares[1].sum(axis=1) * h * (1 - h), bp.delta[1][0], rtol=1e-14)
    np.testing.assert_allclose(shares[0], net.weights[0] * bp.delta[1][0], rtol=1e-15, atol=0)


def test_draw_backward_flow_widths_follow_the_shares():
    net = example_net()
    x, t = [1.0, 0.5], [0.2, 0.1]
    fig, ax = draw_backward_flow(net, x, t, max_width=9.0)
    shares = backward_shares(net, x, t)
    widths = np.array([line.get_linewidth() for line in ax.lines])
    expected = np.concatenate([s.ravel() for s in shares])
    np.testing.assert_allclose(widths, 0.4 + 9.0 * np.abs(expected) / np.abs(expected).max())
    colours = [line.get_color() for line in ax.lines]
    assert colours == ["tab:blue" if v >= 0 else "tab:red" for v in expected]
    deltas = net.backprop(np.array([x]), np.array([t])).delta
    texts = [tx.get_text() for tx in ax.texts]
    for d in (*deltas[1][0], *deltas[2][0]):
        assert f"$\\delta={d:+.4f}$" in texts
    plt.close(fig)


def test_backward_flow_explorer_follows_the_targets():
    net = example_net()
    before = [W.copy() for W in net.weights]
    w = backward_flow_explorer(net, [1.0, 0.5], [0.9, 0.1])
    assert repr(w) == "BackwardFlowExplorer(t1=0.9, t2=0.1)"
    w.controls["t1"].value = 0.2
    w.controls["t2"].value = 0.6
    x, T = np.array([[1.0, 0.5]]), np.array([[0.2, 0.6]])
    bp = net.backprop(x, T)
    shares = bp.delta[2][0] * net.weights[1]
    assert f"δ (outputs) = ({bp.delta[2][0, 0]:+.4f}, {bp.delta[2][0, 1]:+.4f})" in w.readout.value
    assert "δ (hidden) = (" + ", ".join(f"{v:+.4f}" for v in bp.delta[1][0]) in w.readout.value
    ax_b = w.fig.axes[1]
    heights = np.array([p.get_height() for p in ax_b.patches]).reshape(4, 3)
    np.testing.assert_allclose(heights[0], shares[:, 0], rtol=1e-14)
    np.testing.assert_allclose(heights[1], shares[:, 1], rtol=1e-14)
    np.testing.assert_allclose(heights[2], shares.sum(axis=1), rtol=1e-14)
    np.testing.assert_allclose(heights[3], bp.delta[1][0], rtol=1e-14)
    for W, W0 in zip(net.weights, before):  # the explorer works on a copy
        np.testing.assert_array_equal(W, W0)
    html = animate(w, "t1", [0.0, 0.5, 1.0])
    assert html.count("data:image/png;base64") == 3
    assert w.controls["t1"].value == 0.2


def test_backward_flow_explorer_needs_a_232_shape():
    with pytest.raises(ValueError, match="one hidden layer and two outputs"):
        backward_flow_explorer(bc.MLP([2, 3, 1]), [1.0, 0.5], [0.5])
