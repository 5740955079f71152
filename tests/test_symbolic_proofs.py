"""`vanishes` proves identities of composed sigmoid networks; `symbolic_sample` builds batches."""

import numpy as np
import pytest
import sympy as sp

import backprop_core as bc
from backprop_core.symbolic import sigmoid, symbolic_mlp, symbolic_sample, vanishes


def test_vanishes_on_simple_identities():
    a = sp.Symbol("a", real=True)
    s = sigmoid(a)
    assert vanishes(sp.diff(s, a) - s * (1 - s))
    assert vanishes(sigmoid(-a) - (1 - s))
    assert not vanishes(sp.diff(s, a) - s)  # wrong, so not proved
    assert not vanishes(sp.diff(s, a) - s * (1 - s) + sp.Rational(1, 10**9))
    assert vanishes(sp.Integer(0)) and not vanishes(a)


def test_vanishes_proves_the_hidden_delta_of_the_232_net():
    net = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    U, h, x = net.W[1], net.h[1], net.x
    j = 1
    delta = sum(net.delta_out(k) * U[j, k] for k in range(2)) * h[j] * (1 - h[j])
    assert vanishes(sp.diff(net.loss, net.W[0][0, j]) - delta * x[0])
    assert not vanishes(sp.diff(net.loss, net.W[0][0, j]) - delta * x[0] ** 2)


def test_symbolic_sample_shares_parameters_and_renames_data():
    net = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    s2 = symbolic_sample(net, 2)
    assert [str(v) for v in s2.x] == ["x_{2,1}", "x_{2,2}"]
    assert [str(v) for v in s2.t] == ["t_{2,1}", "t_{2,2}"]
    assert s2.params == net.params
    assert not (s2.loss.free_symbols & set(net.x + net.t))
    back = dict(zip(s2.x, net.x)) | dict(zip(s2.t, net.t))
    assert s2.loss.xreplace(back) == net.loss
    assert s2.delta_out(1).xreplace(back) == net.delta_out(1)
    # a batch of two: the summed loss of the package equals the sum of the samples' losses
    model = bc.MLP([2, 3, 2], seed=1)
    X, T = np.array([[0.3, -0.2], [1.0, 0.5]]), np.array([[0.1, 0.9], [0.7, 0.2]])
    values = net.substitutions(model, X[0], T[0])
    s1 = symbolic_sample(net, 1)
    values = {s: v for s, v in values.items() if s in net.params}
    for n, sample in enumerate((s1, s2)):
        values |= dict(zip(sample.x, X[n])) | dict(zip(sample.t, T[n]))
    total = float((s1.loss + s2.loss).evalf(30, subs=values))
    assert total == pytest.approx(model.loss(X, T), rel=1e-14, abs=0)
    with pytest.raises(ValueError, match="positive integer"):
        symbolic_sample(net, 0)
