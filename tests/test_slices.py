"""backprop_core.slices: the loss along one weight against an index-by-index forward pass, and
its slope against the exact derivative's limit."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import slices

from float_oracles import l2_loss


def test_loss_along_a_weight_holds_everything_else_fixed():
    net = bc.MLP([2, 3, 2], seed=0)
    X, T = np.array([[0.5, -1.0]]), np.array([[0.9, 0.1]])
    before = [W.copy() for W in net.weights]
    values = [-2.0, 0.0, 1.5]
    losses = slices.loss_along(net, X, T, 2, 2, 0, values)
    for value, loss in zip(values, losses):
        probe = net.copy()
        probe.weights[1][2, 0] = value
        assert loss == pytest.approx(l2_loss(probe, X, T), rel=1e-13)
    for W, W0 in zip(net.weights, before):
        np.testing.assert_array_equal(W, W0)


def test_slope_along_a_weight():
    net = bc.MLP([2, 3, 2], seed=1)
    X, T = np.array([[0.3, 0.7], [1.0, -0.5]]), np.array([[0.2, 0.8], [0.6, 0.1]])
    backprop, centred = slices.slope_along(net, X, T, 1, 1, 2)
    # the limit of difference quotients of the oracle's loss
    w = net.weights[0][1, 2]
    q = []
    for h in (1e-3, 5e-4):
        up, down = net.copy(), net.copy()
        up.weights[0][1, 2], down.weights[0][1, 2] = w + h, w - h
        q.append((l2_loss(up, X, T) - l2_loss(down, X, T)) / (2 * h))
    richardson = (4 * q[1] - q[0]) / 3  # eliminates the h^2 term
    assert backprop == pytest.approx(richardson, rel=1e-8)
    assert centred == pytest.approx(backprop, rel=1e-8)
    with pytest.raises(ValueError, match=r"W\^\(1\) has shape \(2, 3\): there is no entry"):
        slices.slope_along(net, X, T, 1, 2, 0)
