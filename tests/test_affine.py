"""backprop_core.affine: least squares against the normal equations, and the collapsed map
against the network's own forward pass."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import affine


def test_closest_affine_recovers_an_affine_function():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(50, 2))
    coef, gap = affine.closest_affine(X, 2 * X[:, 0] + 3 * X[:, 1] + 10)
    np.testing.assert_allclose(coef, [2, 3, 10], rtol=0, atol=1e-12)
    assert gap < 1e-12


def test_closest_affine_solves_the_normal_equations():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    y = np.sin(X[:, 0]) + X[:, 1] ** 2
    A = np.column_stack([X, np.ones(30)])
    expected = np.linalg.solve(A.T @ A, A.T @ y)
    coef, gap = affine.closest_affine(X, y[:, None])
    np.testing.assert_allclose(coef, expected, rtol=1e-10, atol=1e-12)
    assert gap == pytest.approx(np.max(np.abs(A @ expected - y)), rel=1e-9)
    with pytest.raises(ValueError, match="need X of shape"):
        affine.closest_affine(X, y[:5])


def test_collapse_is_the_network_of_identity_layers():
    net = bc.MLP([2, 3, 2, 1], "identity", seed=4)
    net.biases = [np.full(3, 0.2), np.array([0.1, -0.3]), np.array([0.5])]
    V, c = affine.collapse(net)
    X = np.random.default_rng(2).normal(size=(6, 2))
    np.testing.assert_allclose(X @ V + c, net.forward(X), rtol=1e-13, atol=1e-14)
    sig_out = bc.MLP([2, 2, 1], ["identity", "sigmoid"], seed=1)
    V, c = affine.collapse(sig_out)
    np.testing.assert_allclose(bc.sigmoid(X @ V + c), sig_out.forward(X), rtol=1e-13, atol=0)
    with pytest.raises(ValueError, match="identity hidden layers"):
        affine.collapse(bc.MLP([2, 2, 1], "relu"))
