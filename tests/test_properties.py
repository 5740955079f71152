"""Property tests: backpropagation agrees with centred finite differences on random networks."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import backprop_core as bc

ACTIVATIONS = sorted(name for name, f in bc.ACTIVATIONS.items() if f.elementwise)


@st.composite
def problems(draw, outputs=(*ACTIVATIONS, "softmax")):
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 6), min_size=depth + 1, max_size=depth + 1))
    acts = draw(st.lists(st.sampled_from(ACTIVATIONS), min_size=depth - 1, max_size=depth - 1))
    acts.append(draw(st.sampled_from(outputs)))
    batch = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    return sizes, acts, batch, seed


@settings(max_examples=150, deadline=None)
@given(problems(), st.booleans(), st.sampled_from(["sum", "mean"]))
def test_gradients_match_centred_differences(problem, cross_entropy, reduction):
    sizes, acts, batch, seed = problem
    cross_entropy = cross_entropy and acts[-1] in ("sigmoid", "softmax")
    rng = np.random.default_rng(seed)
    net = bc.MLP(sizes, acts, seed=seed, loss="cross_entropy" if cross_entropy else "l2")
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]
    X = rng.uniform(-1, 1, size=(batch, sizes[0]))
    if cross_entropy:
        T = rng.uniform(0, 1, size=(batch, sizes[-1]))
        T = T / T.sum(axis=1, keepdims=True) if acts[-1] == "softmax" else T
    else:
        T = rng.uniform(-1, 1, size=(batch, sizes[-1]))
    # ReLU has a kink at 0 where the derivative is undefined: keep every ReLU pre-activation at
    # least 1e-3 from it, far beyond how far a step of h = 1e-5 can move it.
    trace = net.trace(X)
    assume(all(np.abs(a).min() > 1e-3 for a, name in zip(trace.a, acts) if name == "relu"))
    loss = net.loss(X, T, reduction)
    # Centred differences cannot resolve gradients below their own round-off, about
    # eps * |L| / h = 2e-11 |L|: below 1e-4 max(1, |L|) the comparison is in absolute terms.
    gc = bc.gradcheck(net, X, T, eps=1e-5, reduction=reduction, floor=1e-4 * max(1.0, loss))
    assert gc.max_rel_error < 1e-6, str(gc.table())


@settings(max_examples=40, deadline=None)
@given(problems())
def test_float32_gradients_match_float64(problem):
    sizes, acts, batch, seed = problem
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(batch, sizes[0]))
    T = rng.uniform(-1, 1, size=(batch, sizes[-1]))
    net64 = bc.MLP(sizes, acts, seed=seed)
    net32 = bc.MLP(sizes, acts, seed=seed, dtype=np.float32)
    trace = net64.trace(X)
    assume(all(np.abs(a).min() > 1e-2 for a, name in zip(trace.a, acts) if name == "relu"))
    _, dW64, db64 = net64.gradients(X, T)
    _, dW32, db32 = net32.gradients(X, T)
    scale = max(1e-3, np.abs(bc.flatten(dW64, db64)).max())
    np.testing.assert_allclose(bc.flatten(dW32, db32), bc.flatten(dW64, db64), rtol=0,
                               atol=1e-4 * scale)
