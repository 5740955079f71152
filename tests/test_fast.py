"""`fast` computes the numbers of `backprop` (the book's equations as written), to a few ulp.

On random networks (1 to 4 layers of 1 to 6 units, every built-in activation, a sigmoid or softmax
output with the L2 loss or cross-entropy), batches of 1 to 7, float64 and float32, and both
reductions: the outputs, the loss, every gradient and the parameters after two training steps
(the second reusing the first one's buffers).

"A few ulp" is made precise the usual way for sums of products: each gradient entry may differ by
at most ULPS units of roundoff (np.finfo(dtype).eps) times the same entry computed from the
absolute values of every factor (|h|, |W|, |f'|, |dL/dy|), the size of the terms it sums. `fast`
multiplies and sums in a different order (the slope into the delta in place, the learning rate
into dL/dy first, bias sums as ones @ delta), so the results are not bit for bit the same, but on
thousands of random cases the difference stays below 2 such units; ULPS = 8 leaves a margin.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import backprop_core as bc
from backprop_core import backprop, fast

ULPS = 8
ELEMENTWISE = sorted(name for name, f in bc.ACTIVATIONS.items() if f.elementwise)


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 6), min_size=depth + 1, max_size=depth + 1))
    acts = draw(st.lists(st.sampled_from(ELEMENTWISE), min_size=depth, max_size=depth))
    output = draw(st.sampled_from(["as drawn", "sigmoid", "softmax"]))
    if output != "as drawn":
        acts[-1] = output
    loss = draw(st.sampled_from(["l2", "cross_entropy"])) if output != "as drawn" else "l2"
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    batch = draw(st.integers(1, 7))
    reduction = draw(st.sampled_from(["sum", "mean"]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = bc.MLP(sizes, acts, seed=seed, dtype=dtype, loss=loss)
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]
    X = rng.uniform(-2, 2, size=(batch, sizes[0]))
    if loss == "cross_entropy":
        T = rng.uniform(0, 1, size=(batch, sizes[-1]))
        if output == "softmax":
            T /= T.sum(axis=1, keepdims=True)
    else:
        T = rng.uniform(-1, 1, size=(batch, sizes[-1]))
    return net, X.astype(dtype), T.astype(dtype), reduction


def magnitudes(net: bc.MLP, X: np.ndarray, T: np.ndarray, reduction: str):
    """dL/dW^(l) and dL/db^(l) of `backprop`'s recurrence run on absolute values: the size of
    the terms each gradient entry is a sum of."""
    trace, L, f = backprop.forward(net, X), net.L, net.f
    y, per = trace.y, (1.0 / X.shape[0] if reduction == "mean" else 1.0)
    if net.loss_fn.cancels(f[L]):
        D = np.abs(y - T) * per
    else:
        g = np.abs(net.loss_fn.grad(f[L], y, T)) * per
        if f[L].elementwise:
            D = g * np.abs(f[L].slope(trace.a[L], y))
        else:  # softmax: |J^T g| <= y (|g| + sum_k |g_k| y_k)
            D = y * (g + np.sum(g * y, axis=1, keepdims=True))
    deltas = {L: D}
    for l in range(L - 1, 0, -1):
        slope = np.abs(f[l].slope(trace.a[l], trace.h[l]))
        deltas[l] = (deltas[l + 1] @ np.abs(net.W[l + 1]).T) * slope
    dW = [np.abs(trace.h[l - 1]).T @ deltas[l] for l in net.W.numbers()]
    db = [deltas[l].sum(axis=0) for l in net.W.numbers()]
    return dW, db


def assert_within(name: str, got: np.ndarray, want: np.ndarray, size: np.ndarray, eps: float):
    err = np.abs(got.astype(np.float64) - want.astype(np.float64))
    bound = ULPS * eps * size.astype(np.float64)
    worst = np.unravel_index(np.argmax(err - bound), err.shape)
    assert np.all(err <= bound), (
        f"{name}: fast and backprop differ by {err[worst]:.3g} at {worst}, more than "
        f"{ULPS} ulp of the terms' size {size[worst]:.3g}"
    )


@settings(max_examples=300, deadline=None)
@given(problems())
def test_fast_gradients_are_backprop_gradients(problem) -> None:
    net, X, T, reduction = problem
    assert fast.supports(net)  # built-in activations only: fast does not hand over to backprop
    eps = float(np.finfo(net.dtype).eps)
    want = backprop.gradients(net, X, T, reduction)
    loss, dW, db = fast.gradients(net, X, T, reduction)
    np.testing.assert_allclose(loss, want.loss, rtol=2 * eps, atol=0)
    size_W, size_b = magnitudes(net, X, T, reduction)
    for l in net.W.numbers():
        assert dW[l - 1].dtype == want.dW[l].dtype == net.dtype
        assert_within(f"dW[{l}]", dW[l - 1], want.dW[l], size_W[l - 1], eps)
        assert_within(f"db[{l}]", db[l - 1], want.db[l], size_b[l - 1], eps)
    _, y = fast.output(net, X)
    np.testing.assert_array_equal(y, backprop.forward(net, X).y)  # the same operations


@settings(max_examples=150, deadline=None)
@given(problems(), st.sampled_from([1e-3, 0.1, 1.0]))
def test_fast_steps_are_backprop_steps(problem, lr: float) -> None:
    net, X, T, reduction = problem
    eps = float(np.finfo(net.dtype).eps)
    by_fast = net.copy()
    for step in (1, 2):  # the second step reuses the buffers the first one allocated
        size_W, size_b = magnitudes(net, X, T, reduction)
        before_W, before_b = [W.copy() for W in net.W], [b.copy() for b in net.b]
        by_fast.weights, by_fast.biases = before_W, before_b
        want = backprop.step(net, X, T, lr, reduction)
        got = fast.step(by_fast, X, T, lr, reduction)
        np.testing.assert_allclose(got, want, rtol=2 * eps, atol=0)
        for l in net.W.numbers():
            # W - lr dW: one more rounding, of the size of W itself
            size = np.abs(before_W[l - 1]) + lr * size_W[l - 1]
            assert_within(f"step {step}: W[{l}]", by_fast.W[l], net.W[l], size, eps)
            size = np.abs(before_b[l - 1]) + lr * size_b[l - 1]
            assert_within(f"step {step}: b[{l}]", by_fast.b[l], net.b[l], size, eps)
    assert len(by_fast._buffers) == 1, "both steps used the buffers of one batch size"
