"""The network against the oracle (tests/oracles.py: the book's index formulas, looped in mpmath),
and the properties every correct gradient has.

Tolerance: 16 eps times the oracle's magnitude of each value (the same sum over |terms|).
Measured, the package stays within 1 eps of it on every case here; a formula error (a missing
factor, a wrong index, a wrong batch weight) moves a value by a sizeable part of its magnitude.
"""

import warnings

import numpy as np
import pytest

import backprop_core as bc

import oracles as ref
from netcases import CASE_IDS, CASES, EPS, make

TOL = 16


@pytest.fixture(params=range(len(CASES)), ids=CASE_IDS)
def case(request):
    return request.param


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_backprop_is_the_index_formulas(case, reduction, dtype):
    net, X, T = make(case, dtype)
    want = ref.backprop(ref.Net.of(net), X, T, reduction)
    rtol = TOL * EPS[dtype]
    bp = net.backprop(X, T, reduction)
    assert isinstance(bp, bc.Backprop) and isinstance(bp.loss, float)
    ref.assert_near(bp.loss, want.loss, want.loss_mag, rtol, "loss")
    assert list(bp.dW.numbers()) == list(bp.db.numbers()) == list(range(1, net.L + 1))
    for l in range(1, net.L + 1):
        for name, got, expected, mag in [
            ("dW", bp.dW[l], want.dW[l - 1], want.dW_mag[l - 1]),
            ("db", bp.db[l], want.db[l - 1], want.db_mag[l - 1]),
            ("delta", bp.delta[l], want.delta[l - 1], want.delta_mag[l - 1]),
        ]:
            assert got.dtype == dtype, name
            ref.assert_near(got, expected, mag, rtol, f"{name}[{l}]")


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gradients_and_loss_are_the_index_formulas(case, reduction, dtype):
    net, X, T = make(case, dtype)
    want = ref.backprop(ref.Net.of(net), X, T, reduction)
    rtol = TOL * EPS[dtype]
    loss, dW, db = net.gradients(X, T, reduction)
    assert isinstance(loss, float) and isinstance(dW, list) and isinstance(db, list)
    assert len(dW) == len(db) == net.L
    ref.assert_near(loss, want.loss, want.loss_mag, rtol, "loss")
    for l in range(net.L):
        assert dW[l].dtype == db[l].dtype == dtype
        ref.assert_near(dW[l], want.dW[l], want.dW_mag[l], rtol, f"dW[{l}]")
        ref.assert_near(db[l], want.db[l], want.db_mag[l], rtol, f"db[{l}]")
    value = net.loss(X, T, reduction)
    assert isinstance(value, float)
    ref.assert_near(value, want.loss, want.loss_mag, rtol, "net.loss")
    if reduction == "sum":
        assert net.loss(X, T) == value  # "sum" is the default


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_forward_and_trace_are_the_index_formulas(case, dtype):
    net, X, T = make(case, dtype)
    want = ref.backprop(ref.Net.of(net), X, T)
    rtol = TOL * EPS[dtype]
    y = net.forward(X)
    assert y.dtype == dtype and y.shape == (X.shape[0], net.sizes[-1])
    ref.assert_near(y, want.h[-1], want.h_mag[-1], rtol, "forward")
    np.testing.assert_array_equal(net(X), y)
    trace = net.trace(X)
    assert isinstance(trace, bc.Trace)
    assert list(trace.a.numbers()) == list(range(1, net.L + 1))
    assert list(trace.h.numbers()) == list(range(0, net.L + 1))
    np.testing.assert_array_equal(trace.h[0], X)
    for l in range(1, net.L + 1):
        ref.assert_near(trace.a[l], want.a[l - 1], want.a_mag[l - 1], rtol, f"a[{l}]")
        ref.assert_near(trace.h[l], want.h[l], want.h_mag[l], rtol, f"h[{l}]")
    assert trace.y is trace.h[net.L]


@pytest.mark.slow
def test_the_oracles_own_reference_is_the_derivative_of_the_loss():
    # The loop formulas (oracles.backprop) against mpmath's numerical derivative of the loss,
    # which knows no delta and no chain rule: one case of each loss and output.
    for case in (0, 2, 3, 4):
        net, X, T = make(case, batch=2)
        onet = ref.Net.of(net)
        want = ref.backprop(onet, X, T, "mean")
        nW, nb = ref.numeric_gradients(onet, X, T, "mean")
        for l in range(net.L):
            ref.assert_near(nW[l], want.dW[l], want.dW_mag[l], 1e-15, f"case {case} dW")
            ref.assert_near(nb[l], want.db[l], want.db_mag[l], 1e-15, f"case {case} db")


# ---- properties of the gradient -----------------------------------------------------------------
def flat(grads):
    return np.concatenate([np.ravel(g) for g in grads])


def abs_terms(net, X, T):
    """Magnitude of every gradient entry's terms, from the oracle (sum reduction)."""
    want = ref.backprop(ref.Net.of(net), X, T)
    return flat(want.dW_mag + want.db_mag), want.loss_mag


@pytest.mark.parametrize("method", ["gradients", "backprop"])
def test_the_batch_gradient_is_the_sum_of_per_sample_gradients(case, method):
    net, X, T = make(case, batch=4)
    mag, loss_mag = abs_terms(net, X, T)

    def grads(x, t):
        if method == "gradients":
            loss, dW, db = net.gradients(x, t)
            return loss, flat(dW + db)
        bp = net.backprop(x, t)
        return bp.loss, flat(bp.dW.to_list() + bp.db.to_list())

    loss, g = grads(X, T)
    parts = [grads(X[n : n + 1], T[n : n + 1]) for n in range(4)]
    ref.assert_near(g, sum(p[1] for p in parts), mag, TOL * EPS[np.float64], "sum of samples")
    ref.assert_near(loss, sum(p[0] for p in parts), loss_mag, TOL * EPS[np.float64], "loss")


def test_mean_reduction_is_the_sum_over_the_batch_size(case):
    net, X, T = make(case, batch=3)
    mag, loss_mag = abs_terms(net, X, T)
    s_loss, s_dW, s_db = net.gradients(X, T, "sum")
    m_loss, m_dW, m_db = net.gradients(X, T, "mean")
    ref.assert_near(3 * m_loss, s_loss, loss_mag, TOL * EPS[np.float64], "loss")
    ref.assert_near(3 * flat(m_dW + m_db), flat(s_dW + s_db), mag, TOL * EPS[np.float64], "grads")
    bp, bp_sum = net.backprop(X, T, "mean"), net.backprop(X, T)
    ref.assert_near(3 * bp.loss, s_loss, loss_mag, TOL * EPS[np.float64], "backprop loss")
    delta_mag = ref.backprop(ref.Net.of(net), X, T).delta_mag
    for l in range(1, net.L + 1):
        ref.assert_near(3 * bp.delta[l], bp_sum.delta[l], delta_mag[l - 1], TOL * EPS[np.float64],
                      "delta")


def test_full_batch_gradients_do_not_depend_on_the_order_of_the_rows(case):
    net, X, T = make(case, batch=6)
    mag, loss_mag = abs_terms(net, X, T)
    order = np.random.default_rng(1).permutation(6)
    for reduction in ("sum", "mean"):
        loss, dW, db = net.gradients(X, T, reduction)
        p_loss, p_dW, p_db = net.gradients(X[order], T[order], reduction)
        ref.assert_near(p_loss, loss, loss_mag, TOL * EPS[np.float64], "loss")
        ref.assert_near(flat(p_dW + p_db), flat(dW + db), mag, TOL * EPS[np.float64], "grads")
    bp, p_bp = net.backprop(X, T), net.backprop(X[order], T[order])
    for l in range(1, net.L + 1):
        np.testing.assert_allclose(p_bp.delta[l], bp.delta[l][order], rtol=0,
                                   atol=TOL * EPS[np.float64] * np.abs(bp.delta[l]).max())


def test_gradients_change_neither_parameters_nor_inputs(case):
    net, X, T = make(case)
    params = [p.copy() for p in net.weights + net.biases]
    X0, T0 = X.copy(), T.copy()
    for reduction in ("sum", "mean"):
        net.gradients(X, T, reduction)
        net.backprop(X, T, reduction)
        net.loss(X, T, reduction)
        net.forward(X)
        net.trace(X)
    for p, p0 in zip(net.weights + net.biases, params):
        np.testing.assert_array_equal(p, p0)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(T, T0)


def test_a_custom_activation_goes_through_the_reference_path():
    # An Activation the fast path does not know (even one named like a built-in) is computed by
    # the book's equations, with its own derivative.
    sig = bc.get_activation("sigmoid")
    twice = bc.Activation("sigmoid", lambda a: 2 * sig.f(a), lambda a: 2 * sig.df(a))
    net = bc.MLP([2, 3, 1], [twice, "identity"], seed=0)
    assert net.activations == ["sigmoid", "identity"]
    X, T = np.array([[0.2, -0.4], [1.0, 0.3]]), np.array([[0.5], [-0.5]])
    W1, W2 = (W.copy() for W in net.weights)
    want_y = (2 * sig.f(X @ W1)) @ W2
    np.testing.assert_allclose(net.forward(X), want_y, rtol=4 * EPS[np.float64], atol=0)
    delta2 = want_y - T
    delta1 = (delta2 @ W2.T) * 2 * sig.df(X @ W1)
    _, dW, db = net.gradients(X, T)
    np.testing.assert_allclose(dW[0], X.T @ delta1, rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(db[1], delta2.sum(axis=0), rtol=1e-14, atol=1e-16)
    assert net.loss(X, T) == pytest.approx(0.5 * np.sum(delta2**2), rel=4 * EPS[np.float64],
                                           abs=0)
    net.step(X, T, lr=0.1)
    np.testing.assert_allclose(net.weights[0], W1 - 0.1 * dW[0], rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_cross_entropy_networks_are_finite_silent_and_exact_up_to_1e300(output):
    # W = 0 makes a^(1) = b exactly, so the pre-activations are +-1e300 as set.
    net = bc.MLP([2, 3], output, loss="cross_entropy")
    net.W[1] = np.zeros((2, 3))
    net.b[1] = [1e300, -1e300, 0.0]
    X = np.array([[0.5, -0.5], [1.0, 2.0]])
    T = np.array([[0.0, 1.0, 0.0], [0.25, 0.25, 0.5]])
    want = ref.backprop(ref.Net.of(net), X, T)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        bp = net.backprop(X, T)
        loss, dW, db = net.gradients(X, T)
        value = net.loss(X, T)
        y = net.forward(X)
        net.copy().step(X, T, lr=0.1)
        net.copy().fit(X, T, lr=0.1, epochs=2, batch_size=1)
    for got in (bp.loss, loss, value):
        assert np.isfinite(got) and got == pytest.approx(want.loss, rel=4 * EPS[np.float64],
                                                         abs=0)
    assert want.loss > 1e300  # the loss itself is huge, and still exact
    ref.assert_near(y, want.h[-1], want.h_mag[-1], TOL * EPS[np.float64], "y")
    ref.assert_near(dW[0], want.dW[0], want.dW_mag[0], TOL * EPS[np.float64], "dW")
    ref.assert_near(db[0], want.db[0], want.db_mag[0], TOL * EPS[np.float64], "db")
    ref.assert_near(bp.delta[1], want.delta[0], want.delta_mag[0], TOL * EPS[np.float64], "delta")


def test_the_reference_functions_default_to_the_sum():
    net, X, T = make(0)
    trace = bc.backprop.forward(net, X)
    want = bc.backprop.backward(net, trace, T, "sum")
    for got in (bc.backprop.backward(net, trace, T), bc.backprop.gradients(net, X, T)):
        assert got.loss == want.loss
        for l in range(1, net.L + 1):
            np.testing.assert_array_equal(got.dW[l], want.dW[l])
    a, b = net.copy(), net.copy()
    assert bc.backprop.step(a, X, T, 0.1) == bc.backprop.step(b, X, T, 0.1, "sum")
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)


def test_a_step_restricted_to_some_layers_leaves_the_others():
    net, X, T = make(0)
    grads = bc.backprop.gradients(net, X, T)
    stepped = net.copy()
    loss = bc.backprop.step(stepped, X, T, 0.5, layers=[net.L])
    assert loss == grads.loss
    for l in range(1, net.L + 1):
        moved = l == net.L
        want_W = net.W[l] - 0.5 * grads.dW[l] if moved else net.W[l]
        want_b = net.b[l] - 0.5 * grads.db[l] if moved else net.b[l]
        np.testing.assert_array_equal(stepped.W[l], want_W)
        np.testing.assert_array_equal(stepped.b[l], want_b)
    assert not np.array_equal(stepped.W[net.L], net.W[net.L])
    for bad in ([0], [net.L + 1], [True], ["1"]):
        with pytest.raises(ValueError, match="layers must be layer numbers"):
            bc.backprop.step(net.copy(), X, T, 0.5, layers=bad)


def test_the_default_seed_is_0():
    for a, b in zip(bc.MLP([3, 4, 2]).weights, bc.MLP([3, 4, 2], seed=0).weights):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_a_custom_activation_network_honours_the_reduction(reduction):
    sig = bc.get_activation("sigmoid")
    mine = bc.Activation("mine", sig.f, sig.df)  # the sigmoid, unknown to the fast path
    net = bc.MLP([3, 4, 2], [mine, "identity"], seed=1)
    twin = bc.MLP([3, 4, 2], ["sigmoid", "identity"], seed=1)
    X = np.random.default_rng(0).uniform(-1, 1, size=(5, 3))
    T = np.random.default_rng(1).uniform(-1, 1, size=(5, 2))
    want = ref.backprop(ref.Net.of(twin), X, T, reduction)
    loss, dW, db = net.gradients(X, T, reduction)
    ref.assert_near(loss, want.loss, want.loss_mag, TOL * EPS[np.float64], "loss")
    for l in range(2):
        ref.assert_near(dW[l], want.dW[l], want.dW_mag[l], TOL * EPS[np.float64], "dW")
        ref.assert_near(db[l], want.db[l], want.db_mag[l], TOL * EPS[np.float64], "db")
    W1 = net.W[1].copy()
    net.step(X, T, 0.5, reduction)
    ref.assert_near(net.W[1], W1 - 0.5 * want.dW[0], 0.5 * want.dW_mag[0] + np.abs(W1),
                    TOL * EPS[np.float64], "step")


def test_float64_targets_of_a_float32_network_are_rounded_to_float32():
    net, X, T = make(0, np.float32)
    T64 = T.astype(np.float64) + 1e-9  # not float32 numbers
    loss, dW, db = net.gradients(X, T64)
    assert all(g.dtype == np.float32 for g in dW + db)
    want = net.gradients(X, T64.astype(np.float32))
    assert loss == want[0]
    for g, w in zip(dW + db, want[1] + want[2]):
        np.testing.assert_array_equal(g, w)
    assert net.loss(X, T64) == net.loss(X, T64.astype(np.float32))
    bp = net.backprop(X, T64)
    assert bp.dW[1].dtype == np.float32
