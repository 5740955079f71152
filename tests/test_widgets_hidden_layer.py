"""Chapter 'Backpropagation for a hidden layer': the backward-flow explorer follows its
targets, checked against the sources' delta formulas written out (tests/oracles.py)."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import examples
from backprop_core.widgets import animate, backward_flow_explorer

from float_oracles import STAND_IN_LIMIT, sigmoid_deltas


def test_backward_flow_explorer_follows_the_targets():
    net = examples.network_232()
    before = [W.copy() for W in net.weights]
    w = backward_flow_explorer(net, [1.0, 0.5], [0.9, 0.1])
    assert repr(w) == "BackwardFlowExplorer(t1=0.9, t2=0.1)"
    w.controls["t1"].value = 0.2
    w.controls["t2"].value = 0.6
    d_hidden, d_out = sigmoid_deltas(net.weights, net.biases, [1.0, 0.5], [0.2, 0.6])
    shares = net.weights[1] * np.array(d_out)[None, :]
    assert f"δ<sup>(2)</sup> (outputs) = ({d_out[0]:+.4f}, {d_out[1]:+.4f})" in w.readout.value
    hidden = ", ".join(f"{v:+.4f}" for v in d_hidden)
    assert f"δ<sup>(1)</sup> (hidden) = ({hidden})" in w.readout.value
    ax_b = w.fig.axes[1]
    heights = np.array([p.get_height() for p in ax_b.patches]).reshape(4, 3)
    np.testing.assert_allclose(heights[0], shares[:, 0], rtol=1e-12, atol=0)
    np.testing.assert_allclose(heights[1], shares[:, 1], rtol=1e-12, atol=0)
    np.testing.assert_allclose(heights[2], shares.sum(axis=1), rtol=1e-12, atol=0)
    np.testing.assert_allclose(heights[3], d_hidden, rtol=1e-12, atol=0)
    lo, hi = ax_b.get_ylim()
    assert lo == -hi and np.abs(heights).max() < hi  # one fixed scale that fits every bar
    for W, W0 in zip(net.weights, before):  # the explorer works on a copy
        np.testing.assert_array_equal(W, W0)


def test_backward_flow_explorer_needs_a_232_shape():
    with pytest.raises(ValueError, match="one hidden layer and two outputs"):
        backward_flow_explorer(bc.MLP([2, 3, 1]), [1.0, 0.5], [0.5])


def test_stand_in_with_the_chapters_arguments_is_light():
    x, t = examples.sample_232()
    w = backward_flow_explorer(examples.network_232(), x[0], t[0])
    html = animate(w, "t1", np.linspace(0, 1, 6), interval=700)
    assert html.count("data:image/png;base64") == 6 and len(html) <= STAND_IN_LIMIT
    assert w.controls["t1"].value == 0.9
