"""backprop_core.flow: what the backward pass carries, against the sources' delta formulas
written out index by index (tests/oracles.py) and a brute-force search for the bound."""

import numpy as np
import pytest

from backprop_core import examples, flow

from float_oracles import sigmoid_deltas


def test_backward_shares_are_weight_times_delta_of_the_destination():
    net = examples.network_232()
    x, t = examples.sample_232()
    shares = flow.backward_shares(net, x[0], t[0])
    assert [s.shape for s in shares] == [(2, 3), (3, 2)]
    deltas = sigmoid_deltas(net.weights, net.biases, x[0], t[0])
    for l, (W, d) in enumerate(zip(net.weights, deltas)):
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                assert shares[l][i, j] == pytest.approx(W[i, j] * d[j], rel=1e-12)
    # the chapter's hand-computed shares delta_k u_jk, and their sums dL/dh_j
    np.testing.assert_allclose(
        shares[1], [[-0.004123, 0.012484], [-0.004712, 0.024967], [-0.005301, 0.037451]],
        rtol=0, atol=5e-7,
    )
    np.testing.assert_allclose(shares[1].sum(axis=1), [0.008360, 0.020255, 0.032149],
                               rtol=0, atol=5e-7)


def test_delta_sizes_are_mean_absolute_deltas():
    net = examples.network_232()
    X = np.array([[1.0, 0.5], [-0.3, 0.8]])
    T = np.array([[0.9, 0.1], [0.2, 0.4]])
    by_sample = [sigmoid_deltas(net.weights, net.biases, x, t) for x, t in zip(X, T)]
    expected = [np.mean([np.abs(d[l]) for d in by_sample]) for l in range(2)]
    np.testing.assert_allclose(flow.delta_sizes(net, X, T), expected, rtol=1e-12, atol=0)


def test_sigmoid_deltas_shrink_towards_the_input_and_gain_can_reverse_it():
    X, T = examples.deep_batch()
    sig = flow.delta_sizes(examples.deep_network(8, "sigmoid"), X, T)
    assert len(sig) == 8 and all(b > a for a, b in zip(sig, sig[1:]))
    big = flow.delta_sizes(examples.deep_network(8, "identity", gain=3.0), X, T)
    assert big[0] > big[-1]


def test_the_hidden_gradient_bound_holds_and_is_nearly_reached():
    net = examples.network_232()
    U = net.weights[1]
    bound = flow.hidden_gradient_bound(U)
    assert bound == pytest.approx(4 / 27 * np.abs(U).sum(axis=1).max(), rel=1e-15)
    y = np.linspace(1e-4, 1 - 1e-4, 20001)
    assert np.max(np.abs((y - 0) * y * (1 - y))) == pytest.approx(4 / 27, rel=1e-6)
    rng = np.random.default_rng(0)
    worst = 0.0
    for _ in range(200):
        x, t = rng.normal(scale=3, size=2), rng.uniform(size=2)
        worst = max(worst, np.abs(flow.backward_shares(net, x, t)[1].sum(axis=1)).max())
    assert worst <= bound
