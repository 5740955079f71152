"""fast's tricks themselves: buffers kept per batch size and reused, activations and slopes
computed in place, h^(l) reused as scratch, the softmax's row maximum."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import fast

HIDDEN = ["sigmoid", "tanh", "relu", "identity"]


def test_buffers_are_kept_per_batch_size_for_at_most_two_sizes():
    net = bc.MLP([3, 4, 2], ["tanh", "sigmoid"], dtype=np.float32)
    buf = fast.buffers_for(net, 5)
    assert isinstance(buf, fast.Buffers) and fast.buffers_for(net, 5) is buf
    assert buf.h[0] is None and buf.g[0] is None and buf.dW[0] is None
    assert [a.shape for a in buf.h[1:]] == [(5, 4), (5, 2)] == [a.shape for a in buf.g[1:]]
    assert [a.shape for a in buf.dW[1:]] == [(3, 4), (4, 2)] and buf.ones.shape == (5,)
    assert np.all(buf.ones == 1)
    for a in [*buf.h[1:], *buf.g[1:], *buf.dW[1:], buf.ones]:
        assert a.dtype == np.float32
    X, T = np.zeros((5, 3)), np.zeros((5, 2))
    net.step(X, T)
    assert net._buffers[5] is buf  # the step used them
    other = fast.buffers_for(net, 7)
    assert set(net._buffers) == {5, 7} and net._buffers[7] is other
    fast.buffers_for(net, 2)
    assert set(net._buffers) == {2}  # a third size: the old ones go
    net.step(X[:4], T[:4])
    assert set(net._buffers) == {2, 4}


@pytest.mark.parametrize("name", HIDDEN)
def test_each_activation_overwrites_its_pre_activation_in_the_buffer(name):
    net = bc.MLP([3, 4, 2], [name, name], seed=0)
    X = np.random.default_rng(0).uniform(-1, 1, size=(5, 3))
    buf = fast.buffers_for(net, 5)
    h, a_L = fast.forward(net, X, buf)
    assert a_L is None and h[0] is X
    for l in (1, 2):
        assert h[l] is buf.h[l]
    np.testing.assert_array_equal(h[2], net.trace(X).y)


def test_slopes_multiply_the_delta_in_place_and_use_the_scratch():
    h = np.array([[0.2, 0.7], [0.5, 0.9]])
    for name, slope in [("sigmoid", h * (1 - h)), ("tanh", 1 - h * h), ("relu", (h > 0) * 1.0),
                        ("identity", np.ones_like(h))]:
        g = np.array([[1.0, -2.0], [3.0, 0.5]])
        want = g * slope
        scratch = np.empty_like(h)
        out = fast._times_slope(name, g, h, scratch)
        assert out is g
        np.testing.assert_allclose(g, want, rtol=4 * np.finfo(float).eps, atol=0)
        if name == "sigmoid":
            np.testing.assert_array_equal(scratch, 1 - h)  # 1 - h went to the scratch
        if name == "tanh":
            np.testing.assert_array_equal(scratch, 1 - h * h)


def test_the_softmax_takes_out_each_rows_own_maximum():
    # a^(1) rows [0, 1] and [1000, 1001]: the batch's maximum would underflow the first row.
    for loss in ("l2", "cross_entropy"):
        net = bc.MLP([1, 2], "softmax", loss=loss)
        net.W[1] = [[1000.0, 1000.0]]
        net.b[1] = [0.0, 1.0]
        X, T = np.array([[0.0], [1.0]]), np.array([[0.5, 0.5], [1.0, 0.0]])
        e = 1 / (1 + np.exp(1.0))
        want = np.array([[e, 1 - e], [e, 1 - e]])
        np.testing.assert_allclose(net.forward(X), want, rtol=4 * np.finfo(float).eps, atol=0)
        _, dW, db = net.gradients(X, T)
        bp = net.backprop(X, T)
        np.testing.assert_allclose(db[0], bp.db[1], rtol=0, atol=4 * np.finfo(float).eps)
        np.testing.assert_allclose(dW[0], bp.dW[1], rtol=0, atol=8 * np.finfo(float).eps)


def test_a_cross_entropy_forward_keeps_the_output_pre_activations():
    net = bc.MLP([3, 4, 2], ["relu", "softmax"], seed=0, loss="cross_entropy")
    net.b[2] = [0.3, -0.3]
    X = np.random.default_rng(1).uniform(-1, 1, size=(5, 3))
    buf = fast.buffers_for(net, 5)
    h, a_L = fast.forward(net, X, buf)
    trace = net.trace(X)
    assert h[1] is buf.h[1] and a_L is buf.h[2] and h[2] is not a_L
    np.testing.assert_array_equal(a_L, trace.a[2])
    np.testing.assert_array_equal(h[2], trace.y)


def test_a_step_writes_its_scaled_deltas_and_gradients_into_the_buffers():
    # trick 1 and 3: after a step the buffers hold lr * delta^(l) and lr * dL/dW^(l)
    net = bc.MLP([3, 4, 2], ["tanh", "sigmoid"], seed=0)
    X = np.random.default_rng(2).uniform(-1, 1, size=(5, 3))
    T = np.random.default_rng(3).uniform(-1, 1, size=(5, 2))
    lr = 0.5
    ref = net.backprop(X, T, "mean")
    trace = net.trace(X)
    buf = fast.buffers_for(net, 5)
    net.step(X, T, lr, "mean")
    eps = np.finfo(float).eps
    # trick 2: h^(l) was computed in its buffer, then became the scratch of its slope:
    # 1 - tanh^2 in layer 1, 1 - sigma in layer 2
    np.testing.assert_allclose(buf.h[1], 1 - trace.h[1] ** 2, rtol=0, atol=4 * eps)
    np.testing.assert_allclose(buf.h[2], 1 - trace.h[2], rtol=0, atol=4 * eps)
    for l in (1, 2):
        np.testing.assert_allclose(buf.dW[l], lr * ref.dW[l], rtol=0,
                                   atol=64 * eps * np.abs(ref.dW[l]).max())
        np.testing.assert_allclose(buf.g[l], lr * ref.delta[l], rtol=0,
                                   atol=64 * eps * np.abs(ref.delta[l]).max())
