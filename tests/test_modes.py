"""Forward mode against reverse mode: the forward-mode gradient equals the index formulas looped
in mpmath (tests/oracles.py) for every loss and output, and backpropagation's on random
networks; a JVP equals the gradient dotted with its direction and a centred difference along
it; the multiply-add counts equal their closed forms worked out by hand. No timings are
asserted."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import backprop_core as bc
from backprop_core import modes

import oracles as ref
from netcases import CASE_IDS, CASES, EPS, make, random_problem


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("case", range(len(CASES)), ids=CASE_IDS)
def test_forward_mode_is_the_index_formulas_for_every_loss(case, reduction):
    net, X, T = make(case)
    want = ref.backprop(ref.Net.of(net), X, T, reduction)
    dW, db = modes.gradient_forward_mode(net, X, T, chunk=7, reduction=reduction)
    assert list(dW.numbers()) == list(db.numbers()) == list(range(1, net.L + 1))
    # A tangent is a sum of as many terms as a delta; 16 eps of the magnitude, as for backprop.
    rtol = 16 * EPS[np.float64]
    for l in range(1, net.L + 1):
        ref.assert_near(dW[l], want.dW[l - 1], want.dW_mag[l - 1], rtol, f"dW[{l}]")
        ref.assert_near(db[l], want.db[l - 1], want.db_mag[l - 1], rtol, f"db[{l}]")


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 6), min_size=depth + 1, max_size=depth + 1))
    names = sorted(n for n, f in bc.ACTIVATIONS.items() if f.elementwise)
    acts = draw(st.lists(st.sampled_from(names), min_size=depth, max_size=depth))
    batch = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    return sizes, acts, batch, seed


def _away_from_relu_kinks(net, X, margin):
    pre = net.trace(X).a
    return all(np.abs(a).min() > margin for a, name in zip(pre, net.activations) if name == "relu")


@settings(max_examples=60, deadline=None)
@given(problems(), st.integers(1, 40))
def test_forward_mode_gradient_equals_reverse_mode(problem, chunk):
    net, X, T, _ = random_problem(*problem)
    # Both modes take f'(a) from the same a here, but computed by different products, so keep
    # every ReLU pre-activation 1e-6 (far beyond rounding) from the kink.
    assume(_away_from_relu_kinks(net, X, 1e-6))
    dW, db = modes.gradient_forward_mode(net, X, T, chunk=chunk)
    _, dW_rev, db_rev = net.gradients(X, T)
    assert [g.shape for g in dW] == [W.shape for W in net.weights]
    assert [g.shape for g in db] == [b.shape for b in net.biases]
    g, g_rev = bc.flatten(list(dW), list(db)), bc.flatten(dW_rev, db_rev)
    # Every entry within 1e-12 of the largest gradient entry (a normwise relative tolerance).
    np.testing.assert_allclose(g, g_rev, rtol=0, atol=1e-12 * np.abs(g_rev).max())


@settings(max_examples=40, deadline=None)
@given(problems())
def test_jvp_is_the_gradient_dotted_with_the_direction(problem):
    net, X, T, rng = random_problem(*problem)
    # A step of eps = 1e-5 along v moves each pre-activation by far less than 1e-2.
    assume(_away_from_relu_kinks(net, X, 1e-2))
    dW = [rng.normal(size=W.shape) for W in net.weights]
    db = [rng.normal(size=b.shape) for b in net.biases]
    v = bc.flatten(dW, db)
    _, gW, gb = net.gradients(X, T)
    g = bc.flatten(gW, gb)
    value = modes.jvp(net, X, T, dW, db)
    # Against the dot product: the rounding of a sum of P terms is below P eps sum |g_k v_k|.
    scale = np.abs(g * v).sum()
    np.testing.assert_allclose(value, g @ v, rtol=0, atol=1e-12 * max(scale, 1e-300))
    # Against a centred difference of the loss along v, which needs only forward passes:
    # error O(eps^2) plus round-off about 1e-16 |L| / eps; 1e-6 of |g| |v| bounds both here.
    eps = 1e-5

    def loss_at(s):
        moved = bc.MLP(net.sizes, net.activations, seed=0)
        moved.weights = [W + s * D for W, D in zip(net.weights, dW)]
        moved.biases = [b + s * D for b, D in zip(net.biases, db)]
        return 0.5 * np.sum((moved.forward(X) - T) ** 2)

    numeric = (loss_at(eps) - loss_at(-eps)) / (2 * eps)
    bound = 1e-6 * max(np.linalg.norm(g) * np.linalg.norm(v), 1.0)
    np.testing.assert_allclose(value, numeric, rtol=0, atol=bound)


def test_a_jvp_follows_the_network_s_loss():
    # Cross-entropy after a softmax: the JVP along v is the backprop gradient dotted with v.
    net, X, T = make(3)
    rng = np.random.default_rng(5)
    dW = [rng.normal(size=W.shape) for W in net.weights]
    db = [rng.normal(size=b.shape) for b in net.biases]
    bp = net.backprop(X, T, "mean")
    g, v = bc.flatten(list(bp.dW), list(bp.db)), bc.flatten(dW, db)
    value = modes.jvp(net, X, T, bc.Layers(dW), db, reduction="mean")
    np.testing.assert_allclose(value, g @ v, rtol=0, atol=1e-12 * np.abs(g * v).sum())


# ---- the multiply-add counts, worked out by hand ----------------------------------------------
def test_multiply_adds_of_the_2_3_2_network_for_one_sample():
    # Products 2*3 = 6 and 3*2 = 6, so F = 12. A tangent: X dW^(1) (6), then h^(1) dW^(2) and
    # h_dot^(1) W^(2) (6 + 6): 18. P = 6 + 3 + 6 + 2 = 17 parameters.
    assert modes.multiply_adds([2, 3, 2], batch=1) == {
        "forward pass": 12,
        "jvp": 12 + 18,
        "forward mode": 12 + 17 * 18,  # 318
        "reverse mode": 12 + 18,  # forward 12, backward: h^T delta 6 + 6, delta W^T 6
    }


def test_multiply_adds_of_a_3_4_5_2_network_for_four_samples():
    # Products 12, 20, 10: F = 4 * 42 = 168. A tangent: 4 * (12 + 2 * 20 + 2 * 10) = 288.
    # P = 12 + 4 + 20 + 5 + 10 + 2 = 53.
    assert modes.multiply_adds([3, 4, 5, 2], batch=4) == {
        "forward pass": 168,
        "jvp": 168 + 288,
        "forward mode": 168 + 53 * 288,  # 15432
        "reverse mode": 168 + 288,  # backward: 4 * (42 + 20 + 10)
    }


def test_measure_modes_reports_every_architecture():
    archs = [[2, 3, 2], [3, 4, 5, 2]]
    m = modes.measure_modes(archs, batch=4, repeats=0, forward_repeats=0)
    assert m.sizes == archs
    assert m.n_params.tolist() == [17, 53]
    assert m.forward_mode_madds.tolist() == [
        modes.multiply_adds(s, 4)["forward mode"] for s in archs
    ]
    assert m.reverse_mode_madds.tolist() == [
        modes.multiply_adds(s, 4)["reverse mode"] for s in archs
    ]
    assert m.forward_mode.shape == m.reverse_mode.shape == (2,)
    assert set(m.slopes()) == {"forward_mode", "reverse_mode"}


# ---- clear errors -----------------------------------------------------------------------------
def test_bad_input_gets_clear_errors():
    net = bc.MLP([2, 3, 1], "sigmoid", seed=0)
    X, T = np.zeros((4, 2)), np.zeros((4, 1))
    dW = [np.zeros_like(W) for W in net.weights]
    db = [np.zeros_like(b) for b in net.biases]
    with pytest.raises(TypeError, match=r"backprop_core\.MLP"):
        modes.gradient_forward_mode(None, X, T)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        modes.jvp(net, np.zeros((4, 3)), T, dW, db)
    with pytest.raises(ValueError, match=r"T must have shape \(batch, n_out\) = \(4, 1\)"):
        modes.gradient_forward_mode(net, X, np.zeros((2, 1)))
    with pytest.raises(ValueError, match="dW needs 2 arrays"):
        modes.jvp(net, X, T, dW[:1], db)
    with pytest.raises(ValueError, match=r"db for layer 2 must have shape \(1,\)"):
        modes.jvp(net, X, T, dW, [db[0], np.zeros(2)])
    with pytest.raises(TypeError, match="real numbers"):
        modes.jvp(net, X, T, [np.full(W.shape, "a") for W in net.weights], db)
    with pytest.raises(ValueError, match="chunk must be a positive integer"):
        modes.gradient_forward_mode(net, X, T, chunk=0)
    with pytest.raises(ValueError, match="reduction"):
        modes.jvp(net, X, T, dW, db, reduction="none")


def test_the_unit_stacks_are_made_once_and_only_their_ones_are_set_and_reset():
    # Forward mode's unit vectors without a (K, P) matrix per chunk: rows start..stop-1 of
    # the identity in flatten order, split into the layers' stacks, and zero again after.
    sizes, K = [3, 4, 2], 5
    P = bc.cost.n_params(sizes)
    (W, b), views = modes._unit_stacks(sizes, K)
    assert [W[l].shape for l in (1, 2)] == [(K, 3, 4), (K, 4, 2)]
    assert [b[l].shape for l in (1, 2)] == [(K, 4), (K, 2)]
    for start in range(0, P, K):
        stop = min(start + K, P)
        modes._set_units(views, start, stop, 1.0)
        rows = np.array([bc.flatten([W[1][r], W[2][r]], [b[1][r], b[2][r]]) for r in range(K)])
        np.testing.assert_array_equal(rows[: stop - start], np.eye(P)[start:stop])
        assert not rows[stop - start :].any()
        modes._set_units(views, start, stop, 0.0)
        assert not any(s.any() for s in (*W.values(), *b.values()))
