"""backprop_core.symbolic.losses: cross-entropy networks in SymPy, against the mpmath oracle's
loss (tests/oracles.py) and mpmath's numerical derivatives of it."""

import mpmath
import numpy as np
import pytest
import sympy as sp

import backprop_core as bc
from backprop_core.symbolic import (
    binary_cross_entropy,
    cross_entropy,
    softmax,
    symbolic_classifier,
    vanishes,
)

import oracles

CASES = [([2, 3, 2], "sigmoid", "sigmoid"), ([2, 2, 3], "tanh", "softmax")]


def sample(rng, sizes, output):
    x = rng.normal(size=(1, sizes[0]))
    t = rng.uniform(size=(1, sizes[-1]))
    return x, (t / t.sum() if output == "softmax" else t)


@pytest.mark.parametrize(("sizes", "hidden", "output"), CASES)
def test_loss_and_gradient_are_the_oracles(sizes, hidden, output):
    rng = np.random.default_rng(len(sizes))
    sym = symbolic_classifier(sizes, hidden, output)
    net = bc.MLP(sizes, [hidden] * (len(sizes) - 2) + [output], loss="cross_entropy", seed=4)
    net.biases = [rng.normal(size=b.shape) for b in net.biases]
    x, t = sample(rng, sizes, output)
    ref = oracles.Net.of(net)
    args = sym.mp_arguments(net, x, t)
    assert float(sym.loss_mp(args)) == pytest.approx(float(oracles.loss(ref, x, t)),
                                                     rel=1e-15, abs=0)
    dW, db = oracles.numeric_gradients(ref, x, t)  # the definition of the derivative
    want = bc.flatten(dW, db)
    np.testing.assert_allclose(sym.gradient(net, x, t), want, rtol=1e-14, atol=1e-300)
    # delta_out is dL/da^(L), and for one sample dL/db^(L) = delta^(L)
    symbols = sym.x + sym.t + sym.params
    delta = sp.lambdify(symbols, [sym.delta_out(k) for k in range(sizes[-1])], "mpmath")
    with mpmath.workdps(30):
        deltas = [float(d) for d in delta(*args)]
    np.testing.assert_allclose(deltas, db[-1], rtol=1e-14, atol=0)


def test_the_cancellations_are_provable_and_need_sum_t_1_after_a_softmax():
    sym = symbolic_classifier([2, 2, 2], output="sigmoid")
    assert all(vanishes(sym.delta_out(k) - (sym.y[k] - sym.t[k])) for k in range(2))
    soft = symbolic_classifier([2, 2, 3], output="softmax")
    one = {soft.t[2]: 1 - soft.t[0] - soft.t[1]}
    for k in range(3):
        gap = soft.delta_out(k) - (soft.y[k] - soft.t[k])
        assert vanishes(gap.subs(one))
        assert not vanishes(gap)  # without sum t = 1 it is y_k (sum t - 1), not 0
        assert vanishes(gap - soft.y[k] * (sum(soft.t) - 1))


def test_the_building_blocks():
    a = sp.symbols("a_1:4", real=True)
    y = softmax(a)
    assert vanishes(sum(y) - 1)
    assert sp.simplify(y[0] - 1 / (1 + sp.exp(a[1] - a[0]) + sp.exp(a[2] - a[0]))) == 0
    t = sp.symbols("t_1:4", real=True)
    with mpmath.workdps(30):
        point = {a[0]: 0.5, a[1]: -1, a[2]: 2, t[0]: 0.2, t[1]: 0.3, t[2]: 0.5}
        want = -sum(tk * mpmath.log(mpmath.exp(ak) / sum(mpmath.exp(v) for v in (0.5, -1, 2)))
                    for tk, ak in zip((0.2, 0.3, 0.5), (0.5, -1, 2)))
        assert float(cross_entropy(y, t).evalf(30, subs=point)) == pytest.approx(
            float(want), rel=1e-15, abs=0)
    bce = binary_cross_entropy([sp.Rational(1, 4)], [sp.Rational(1, 3)])
    assert vanishes(bce + sp.log(sp.Rational(1, 4)) / 3 + 2 * sp.log(sp.Rational(3, 4)) / 3)


def test_symbolic_classifier_bad_input():
    with pytest.raises(ValueError, match=r"^a cross-entropy output is 'sigmoid' or 'softmax', "
                                         r"got 'tanh'$"):
        symbolic_classifier([2, 2], output="tanh")
    with pytest.raises(ValueError, match=r"^2 hidden layer\(s\) need 2 activation\(s\), got "
                                         r"\['tanh'\]$"):
        symbolic_classifier([2, 2, 2, 2], ["tanh"])
    with pytest.raises(ValueError, match=r"^y has 2 entries but t has 1: they must match$"):
        cross_entropy([sp.S(1), sp.S(2)], [sp.S(1)])
    net = symbolic_classifier([2, 2], output="sigmoid")  # no hidden layer at all
    assert net.activations == ["sigmoid"] and len(net.h) == 2


def test_one_activation_per_hidden_layer():
    net = symbolic_classifier([1, 1, 1, 2], ["tanh", "relu"], "softmax")
    assert net.activations == ["tanh", "relu", "softmax"] and net.output == "softmax"
    (a1,), (a2,) = net.a[0], net.a[1]
    assert net.h[1] == [sp.tanh(a1)] and net.h[2][0].has(sp.Piecewise)
    assert a2.has(sp.tanh(a1))
    assert net.loss == cross_entropy(softmax(net.a[2]), net.t)
