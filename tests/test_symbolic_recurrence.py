"""`symbolic_backprop`: the four equations in SymPy, checked against independent oracles.

The oracles never use the recurrence: every gradient is SymPy's derivative of the composed loss,
and every delta is the derivative of its own sample's loss with respect to a bias (a bias b_j^(l)
enters only a^(l)_nj of each sample n, with coefficient 1, so dL_n/db_j^(l) = delta^(l)_nj).
Planted errors (a transposed weight matrix, a missing slope) must not be proved.
"""

import numpy as np
import pytest
import sympy as sp

import backprop_core as bc
from backprop_core.symbolic import (
    SymbolicBackprop,
    symbolic_backprop,
    symbolic_mlp,
    symbolic_sample,
    vanishes,
)
from backprop_core.symbolic.recurrence import recurrence, slopes


def generic(sizes):
    return symbolic_mlp(sizes, [sp.Function(f"f_{l}") for l in range(1, len(sizes))])


@pytest.mark.parametrize("sizes", [[2, 2, 2, 1], [1, 3, 2]])
def test_gradients_are_the_derivatives_of_the_composed_batch_loss(sizes):
    net = generic(sizes)
    batch = [symbolic_sample(net, n) for n in (1, 2)]
    eqs = symbolic_backprop(batch)
    assert isinstance(eqs, SymbolicBackprop)
    loss = sum(s.loss for s in batch)
    assert set(eqs.gradient) == set(net.params)
    for p in net.params:
        assert vanishes(sp.diff(loss, p) - eqs.gradient[p]), p


def test_every_delta_is_the_bias_derivative_of_its_own_sample():
    net = generic([2, 2, 2, 2])
    batch = [symbolic_sample(net, n) for n in (1, 2)]
    eqs = symbolic_backprop(batch)
    L = len(net.W)
    assert eqs.delta.first == 1 and eqs.delta.last == L
    for l in range(1, L + 1):
        assert eqs.delta[l].shape == (2, net.sizes[l])
        for n, sample in enumerate(batch):
            for j, b in enumerate(net.b[l - 1]):
                assert vanishes(sp.diff(sample.loss, b) - eqs.delta[l][n, j])


def test_one_sample_of_a_named_activation_and_no_biases():
    net = symbolic_mlp([2, 2, 1], "tanh", biases=False)
    eqs = symbolic_backprop(net)  # one SymbolicMLP: a batch of one
    assert set(eqs.gradient) == set(net.params)
    for p in net.params:
        assert vanishes(sp.diff(net.loss, p) - eqs.gradient[p])
    assert eqs.db[1].shape == (1, 2)


def test_planted_errors_are_not_proved():
    net = generic([2, 2, 2])
    eqs = symbolic_backprop(net)
    W2 = net.W[1]
    right = recurrence(eqs.delta[2], W2, slopes([net], 1))
    assert right == eqs.delta[1]
    transposed = recurrence(eqs.delta[2], W2.T, slopes([net], 1))  # W instead of W^T
    no_slope = eqs.delta[2] * W2.T
    for wrong in (transposed, no_slope):
        assert not vanishes(sp.diff(net.loss, net.b[0][0]) - wrong[0, 0])


def test_numbers_match_the_package_network():
    sym = symbolic_mlp([2, 3, 2], ["tanh", "sigmoid"])
    net = bc.MLP([2, 3, 2], ["tanh", "sigmoid"], seed=4)
    x, t = np.array([0.3, -0.8]), np.array([0.2, 0.9])
    values = {s: sp.Float(v, 30) for s, v in sym.substitutions(net, x, t).items()}
    eqs = symbolic_backprop(sym)
    bp = net.backprop(x[None, :], t[None, :])
    for l in (1, 2):
        exact = np.array(eqs.delta[l].xreplace(values).evalf(30), dtype=float)
        np.testing.assert_allclose(bp.delta[l], exact, rtol=1e-13, atol=1e-17)


def test_bad_input_is_refused_with_a_sentence():
    net = generic([2, 2, 1])
    with pytest.raises(ValueError, match="non-empty list"):
        symbolic_backprop([])
    with pytest.raises(ValueError, match="non-empty list"):
        symbolic_backprop([net, "a sample"])
    other = generic([2, 2, 1])
    other.W = [W * 2 for W in other.W]
    with pytest.raises(ValueError, match="share one network"):
        symbolic_backprop([net, other])
    with pytest.raises(ValueError, match="do not fit"):
        recurrence(sp.ones(1, 2), sp.ones(2, 3), sp.ones(1, 2))
