"""backprop_core.examples: the book's networks and data, checked against the numbers the
chapters print (worked out by hand in 'Backpropagation for the output layer' and 'A worked
example') and against an index-by-index forward pass (tests/oracles.py)."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import examples

from float_oracles import forward


def test_the_232_network_and_its_sample():
    net = examples.network_232()
    x, t = examples.sample_232()
    assert net.sizes == [2, 3, 2] and net.activations == ["sigmoid", "sigmoid"]
    h = forward(net.weights, net.biases, net.activations, x[0])
    # the chapter's hand-computed table: h and y to six decimals
    np.testing.assert_allclose(h[1], [0.574443, 0.645656, 0.710950], rtol=0, atol=5e-7)
    np.testing.assert_allclose(h[2], [0.853020, 0.645624], rtol=0, atol=5e-7)
    np.testing.assert_allclose(net.forward(x)[0], h[2], rtol=1e-15, atol=0)
    assert t.tolist() == [[0.9, 0.1]]
    # every call is a fresh copy
    net.weights[0][0, 0] = 99.0
    assert examples.network_232().weights[0][0, 0] == 0.1


def test_the_f25_network_is_its_destination_first_matrices_transposed():
    net = examples.network_f25()
    x, t = examples.sample_f25()
    for W, M in zip(net.weights, examples.f25_weights_destination_first()):
        np.testing.assert_array_equal(W, M.T)
    # the deprecated name gives the same matrices, as fresh copies
    old = examples.f25_weights_as_published()
    for M, N in zip(old, examples.f25_weights_destination_first()):
        np.testing.assert_array_equal(M, N)
    old[0][0, 0] = 99.0
    assert examples.f25_weights_destination_first()[0][0, 0] == 0.1
    assert t.tolist() == [[11.75]]  # 2 * 0.5 + 3 * 0.25 + 10
    y = forward(net.weights, net.biases, net.activations, x[0])[-1][0]
    assert y == pytest.approx(2.313248, abs=5e-7)  # the chapter's y_pred
    # the destination-first matrices are assigned transposed (Fortran-ordered views): the
    # network must hold C-ordered copies, or finite differences would perturb a copy and
    # disagree with backprop.
    assert all(W.flags.c_contiguous for W in net.weights)
    assert bc.gradcheck(net, x, t).max_rel_error < 1e-7


def test_the_worked_data_follow_the_target_function():
    X, T = examples.worked_data()
    assert X.shape == (200, 2) and T.shape == (200, 1)
    assert np.all(np.abs(X) <= 1)
    for (x1, x2), (t,) in zip(X[:5], T[:5]):
        assert t == 2 * x1 + 3 * x2 + 10
    again, _ = examples.worked_data()
    np.testing.assert_array_equal(X, again)  # seeded


def test_worked_networks_and_their_choices():
    for choice, acts in examples.WORKED_ARCHITECTURES.items():
        assert examples.worked_network(choice).activations == list(acts)
    a, b = examples.worked_network("relu", seed=2), bc.MLP([2, 2, 2, 1], "relu", seed=2)
    np.testing.assert_array_equal(a.weights[0], b.weights[0])
    with pytest.raises(ValueError, match="choice must be one of"):
        examples.worked_network("softmax")


def test_deep_networks_and_batches():
    net = examples.deep_network(5, "tanh", width=4, gain=2.0)
    plain = bc.MLP([4] * 5 + [1], ["tanh"] * 4 + ["identity"], seed=0)
    assert net.activations == plain.activations
    for W, W0 in zip(net.weights, plain.weights):
        np.testing.assert_array_equal(W, 2.0 * W0)
    X, T = examples.deep_batch(4, batch=3)
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(X, rng.normal(size=(3, 4)))
    np.testing.assert_array_equal(T, rng.normal(size=(3, 1)))
    _, U = examples.deep_batch(4, batch=3, targets="uniform")
    assert np.all((U >= 0) & (U <= 1))
    with pytest.raises(ValueError, match="depth must be a positive integer"):
        examples.deep_network(0)
    with pytest.raises(ValueError, match="targets must be"):
        examples.deep_batch(targets="binary")
