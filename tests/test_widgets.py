"""Drive each explorer as a reader would and check that what it shows follows the math."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core.widgets import animate, loss_explorer, sigmoid_explorer


def test_sigmoid_explorer_follows_the_slider():
    w = sigmoid_explorer()
    assert repr(w) == "SigmoidExplorer(a=0)"
    assert "σ(a) = 0.500000" in w.readout.value and "σ′(a) = 0.250000" in w.readout.value
    first_png = w.image.value
    w.controls["a"].value = 2.0
    s = 1 / (1 + np.exp(-2.0))
    assert f"σ(a) = {s:.6f}" in w.readout.value
    assert f"σ′(a) = {s * (1 - s):.6f}" in w.readout.value
    point_s = w.fig.axes[0].lines[2]
    np.testing.assert_allclose(point_s.get_xydata(), [[2.0, s]])
    tangent = w.fig.axes[0].lines[1].get_xydata()
    slope = (tangent[1, 1] - tangent[0, 1]) / (tangent[1, 0] - tangent[0, 0])
    assert slope == pytest.approx(s * (1 - s))
    assert w.image.value != first_png and w.image.value[:4] == b"\x89PNG"


def test_loss_explorer_slope_is_the_backprop_gradient():
    net = bc.MLP([2, 3, 2], seed=0)
    before = [W.copy() for W in net.weights]
    X, T = np.array([[0.5, -1.0]]), np.array([[0.9, 0.1]])
    w = loss_explorer(net, X, T, layer=1, i=2, j=0)
    w.controls["w"].value = 1.0
    w.controls["t1"].value = 0.3
    probe = net.copy()
    probe.weights[1][2, 0] = 1.0
    T_now = np.array([[0.3, 0.1]])
    loss, dW, _ = probe.gradients(X, T_now)
    assert f"L = {loss:.6f}" in w.readout.value
    assert f"∂L/∂w (backprop) = {dW[1][2, 0]:.6f}" in w.readout.value
    assert f"(centred difference: {dW[1][2, 0]:.6f})" in w.readout.value
    ax = w.fig.axes[0]
    np.testing.assert_allclose(ax.lines[2].get_xydata(), [[1.0, loss]])
    for x, y in ax.lines[0].get_xydata()[::40]:  # the curve is L(w), other parameters fixed
        probe.weights[1][2, 0] = x
        assert y == pytest.approx(probe.loss(X, T_now), rel=1e-12)
    # The explorer works on a copy: the reader's network is untouched.
    for W, W0 in zip(net.weights, before):
        np.testing.assert_array_equal(W, W0)


def test_animate_sweeps_and_restores():
    w = sigmoid_explorer(a=1.0)
    html = animate(w, "a", [-2.0, 0.0, 2.0])
    assert html.count("data:image/png;base64") == 3
    assert w.controls["a"].value == 1.0


def test_forward_explorer_shows_the_forward_pass():
    from backprop_core.widgets import forward_explorer

    net = bc.MLP([2, 3, 2], seed=0)
    w = forward_explorer(net, x=[0.5, -0.5])
    w.controls["x1"].value = 1.5
    w.controls["x2"].value = -1.0
    y = net.forward(np.array([[1.5, -1.0]]))[0]
    assert f"y1 = {y[0]:.4f}" in w.readout.value and f"y2 = {y[1]:.4f}" in w.readout.value
    shown = {t.get_text() for t in w.fig.axes[0].texts}
    h = bc.sigmoid(np.array([[1.5, -1.0]]) @ net.weights[0] + net.biases[0])[0]
    assert {f"{v:.3f}" for v in h} <= shown and "1.500" in shown and "-1.000" in shown
    with pytest.raises(ValueError, match="at most 4 inputs"):
        forward_explorer(bc.MLP([5, 1]))


def test_animate_draws_each_frame_once_and_restores_the_image():
    w = sigmoid_explorer(a=1.0)
    before = w.readout.value
    changes = []
    w.image.observe(lambda change: changes.append(change), names="value")
    animate(w, "a", [-2.0, 0.0, 2.0])
    # Frames are drawn by the animation alone; the widget image changes once, back to a = 1.
    assert len(changes) == 1
    assert w.readout.value == before and w.controls["a"].value == 1.0
