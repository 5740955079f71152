"""The scalar autodiff: every operation's backward rule against SymPy's derivative and against
centred differences of its own forward rule; the scalar graph of an MLP against `net.gradients`
and against SymPy's derivatives of the composed loss; the planted-bug check; clear errors."""

import math
import sys

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import backprop_core as bc
from backprop_core import autodiff as ad
from backprop_core.symbolic import symbolic_mlp

Value = ad.Value
x_, y_ = sp.symbols("x y", real=True)


def _positive(rng):
    return rng.uniform(0.2, 3.0)


def _away_from_zero(rng):
    return rng.choice([-1.0, 1.0]) * rng.uniform(0.2, 3.0)


def _any(rng):
    return rng.uniform(-3.0, 3.0)


# (name, the operation on Values, the same function in SymPy, where to sample each input)
UNARY = [
    ("exp", lambda x: x.exp(), sp.exp(x_), _any),
    ("log", lambda x: x.log(), sp.log(x_), _positive),
    ("tanh", lambda x: x.tanh(), sp.tanh(x_), _any),
    ("sigmoid", lambda x: x.sigmoid(), 1 / (1 + sp.exp(-x_)), _any),
    ("relu", lambda x: x.relu(), sp.Piecewise((0, x_ <= 0), (x_, True)), _away_from_zero),
    ("neg", lambda x: -x, -x_, _any),
    ("square", lambda x: x**2, x_**2, _any),
    ("cube", lambda x: x**3, x_**3, _any),
    ("reciprocal", lambda x: x**-1, 1 / x_, _away_from_zero),
    ("sqrt", lambda x: x**0.5, sp.sqrt(x_), _positive),
    ("power -1.5", lambda x: x**-1.5, x_ ** sp.Rational(-3, 2), _positive),
    ("add constant", lambda x: x + 1.5, x_ + sp.Rational(3, 2), _any),
    ("constant add", lambda x: 1.5 + x, x_ + sp.Rational(3, 2), _any),
    ("constant sub", lambda x: 2.5 - x, sp.Rational(5, 2) - x_, _any),
    ("constant mul", lambda x: 2.5 * x, sp.Rational(5, 2) * x_, _any),
    ("numpy constant mul", lambda x: np.float64(2.5) * x, sp.Rational(5, 2) * x_, _any),
    ("constant div", lambda x: 3 / x, 3 / x_, _away_from_zero),
]
BINARY = [
    ("add", lambda x, y: x + y, x_ + y_, _any, _any),
    ("sub", lambda x, y: x - y, x_ - y_, _any, _any),
    ("mul", lambda x, y: x * y, x_ * y_, _any, _any),
    ("div", lambda x, y: x / y, x_ / y_, _any, _away_from_zero),
]
CASES = [(name, op, expr, [sample]) for name, op, expr, sample in UNARY]
CASES += [(name, op, expr, [sx, sy]) for name, op, expr, sx, sy in BINARY]
N_POINTS = 5


@pytest.mark.parametrize(("name", "op", "expr", "samplers"), CASES, ids=[c[0] for c in CASES])
def test_each_operation_matches_sympy_and_centred_differences(name, op, expr, samplers):
    rng = np.random.default_rng(len(name))
    symbols = [x_, y_][: len(samplers)]
    derivatives = [sp.diff(expr, s) for s in symbols]
    h = 1e-6
    for _ in range(N_POINTS):
        point = [sample(rng) for sample in samplers]
        xs = [Value(v) for v in point]
        out = op(*xs)
        out.backward()
        subs = dict(zip(symbols, point))
        # Forward and backward rules against exact SymPy values (30 digits, then rounded):
        # float64 arithmetic of a few operations is good to far better than 1e-13 relative.
        exact = float(expr.evalf(30, subs=subs))
        np.testing.assert_allclose(out.data, exact, rtol=1e-13, atol=0)
        for x, d in zip(xs, derivatives):
            np.testing.assert_allclose(x.grad, float(d.evalf(30, subs=subs)), rtol=1e-13, atol=0)
        # Centred differences of the operation's own forward rule: error O(h^2) ~ 1e-12 plus
        # round-off ~ 1e-16 |f| / h ~ 1e-9 on these inputs; 1e-7 relative leaves margin.
        for k, x in enumerate(xs):
            up = [v + h * (i == k) for i, v in enumerate(point)]
            down = [v - h * (i == k) for i, v in enumerate(point)]
            numeric = (op(*map(Value, up)).data - op(*map(Value, down)).data) / (2 * h)
            np.testing.assert_allclose(x.grad, numeric, rtol=1e-7, atol=0)


def test_a_value_used_twice_accumulates_both_uses():
    x = Value(3.0)
    out = x * x + x  # d/dx (x^2 + x) = 2x + 1
    out.backward()
    assert x.grad == 7.0
    out.backward()  # gradients start from zero on every call: still 7, not 14
    assert x.grad == 7.0


def test_backward_runs_every_node_after_all_its_uses():
    # Diamond: x feeds a and b, both feed out. If x's rule ran before b had added to it,
    # x.grad would miss a term.
    x = Value(0.7)
    a, b = x.tanh(), x.exp()
    out = a * b
    out.backward()
    exact = (1 - math.tanh(0.7) ** 2) * math.exp(0.7) + math.tanh(0.7) * math.exp(0.7)
    assert x.grad == pytest.approx(exact, rel=1e-14, abs=0)


def test_a_graph_deeper_than_the_recursion_limit():
    x = Value(1.0)
    out = x
    for _ in range(sys.getrecursionlimit() + 100):
        out = out + x
    out.backward()
    assert x.grad == sys.getrecursionlimit() + 101


# ---- the scalar graph of an MLP ---------------------------------------------------------------
@st.composite
def problems(draw):
    depth = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, 4), min_size=depth + 1, max_size=depth + 1))
    acts = draw(st.lists(st.sampled_from(sorted(ad.ACTIVATIONS)), min_size=depth, max_size=depth))
    batch = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    return sizes, acts, batch, seed


def _random_problem(sizes, acts, batch, seed):
    rng = np.random.default_rng(seed)
    net = bc.MLP(sizes, acts, seed=seed)
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]
    X = rng.uniform(-1, 1, size=(batch, sizes[0]))
    T = rng.uniform(-1, 1, size=(batch, sizes[-1]))
    return net, X, T


def _away_from_relu_kinks(net, X):
    # The two implementations add in different orders, so a pre-activation within rounding of
    # 0 could fall on different sides of the kink; 1e-6 is far beyond that rounding.
    pre = net.trace(X).a
    return all(np.abs(a).min() > 1e-6 for a, name in zip(pre, net.activations) if name == "relu")


@settings(max_examples=60, deadline=None)
@given(problems())
def test_autodiff_graph_equals_net_gradients(problem):
    net, X, T = _random_problem(*problem)
    assume(_away_from_relu_kinks(net, X))
    loss, dW, db = ad.mlp_gradients(net, X, T)
    loss_core, dW_core, db_core = net.gradients(X, T)
    assert [g.shape for g in dW] == [W.shape for W in net.weights]
    assert [g.shape for g in db] == [b.shape for b in net.biases]
    np.testing.assert_allclose(loss, loss_core, rtol=1e-13, atol=0)
    # Same mathematics, different order of float64 operations: every entry agrees to within
    # 1e-12 of the largest gradient entry (a relative tolerance, normwise).
    g, g_core = bc.flatten(dW, db), bc.flatten(dW_core, db_core)
    np.testing.assert_allclose(g, g_core, rtol=0, atol=1e-12 * np.abs(g_core).max())


@pytest.fixture(scope="module")
def sympy_2_3_2():
    """The 2-3-2 sigmoid network in SymPy and dL/dθ for every parameter, in flatten's order."""
    sym = symbolic_mlp([2, 3, 2], "sigmoid")
    return sym, [sp.diff(sym.loss, p) for p in sym.params]


@pytest.mark.parametrize("seed", [0, 1])
def test_autodiff_and_net_gradients_equal_sympy_on_the_2_3_2_network(seed, sympy_2_3_2):
    sym, derivatives = sympy_2_3_2
    net, X, T = _random_problem([2, 3, 2], ["sigmoid", "sigmoid"], 1, seed)
    subs = sym.substitutions(net, X[0], T[0])
    exact = np.array([float(d.evalf(30, subs=subs)) for d in derivatives])
    _, dW, db = ad.mlp_gradients(net, X, T)
    _, dW_core, db_core = net.gradients(X, T)
    # At these points no gradient is small by cancellation: each entry to 1e-12 relative.
    np.testing.assert_allclose(bc.flatten(dW, db), exact, rtol=1e-12, atol=0)
    np.testing.assert_allclose(bc.flatten(dW_core, db_core), exact, rtol=1e-12, atol=0)


def test_the_loss_is_pluggable():
    net, X, T = _random_problem([3, 4, 2], ["tanh", "sigmoid"], 5, 7)

    def mean_l2(Y, T):
        return ad.l2_loss(Y, T) / len(Y)

    loss, dW, db = ad.mlp_gradients(net, X, T, loss=mean_l2)
    loss_core, dW_core, db_core = net.gradients(X, T, reduction="mean")
    np.testing.assert_allclose(loss, loss_core, rtol=1e-13, atol=0)
    g, g_core = bc.flatten(dW, db), bc.flatten(dW_core, db_core)
    np.testing.assert_allclose(g, g_core, rtol=0, atol=1e-12 * np.abs(g_core).max())


def test_mlp_graph_leaves_are_the_parameters():
    net, X, T = _random_problem([2, 3, 1], ["relu", "identity"], 2, 3)
    loss, W, b = ad.mlp_graph(net, X, T)
    assert [[[w.data for w in row] for row in Wl] for Wl in W] == [
        Wn.tolist() for Wn in net.weights
    ]
    assert [[v.data for v in bl] for bl in b] == [bn.tolist() for bn in net.biases]
    assert loss.data == pytest.approx(net.gradients(X, T)[0], rel=1e-13, abs=0)


# ---- finding a planted bug with a gradient check ------------------------------------------------
def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def test_gradcheck_values_catches_a_wrong_local_rule_and_passes_a_right_one():
    right = ad.unary_op("sigmoid", _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x)))
    wrong = ad.unary_op("sigmoid", _sigmoid, _sigmoid)  # the planted bug: s instead of s(1 - s)

    def f(op):
        return lambda x, y: op(x * y) * y + x.exp()

    good = ad.gradcheck_values(f(right), [0.3, -0.7])
    bad = ad.gradcheck_values(f(wrong), [0.3, -0.7])
    assert good.max_rel_error < 1e-7
    assert bad.max_rel_error > 1e-2
    assert good.labels == ["x_1", "x_2"]
    assert "relative error" in str(bad.table())


def test_gradcheck_values_passes_every_built_in_operation():
    def f(x, y, z):
        return ((x * y).tanh() + (y / z).sigmoid() - z.log() + (x - z).relu()) ** 2 + (-y).exp()

    gc = ad.gradcheck_values(f, [0.4, -1.1, 0.8])
    assert gc.max_rel_error < 1e-7


# ---- clear errors -----------------------------------------------------------------------------
def test_bad_values_and_operations_get_clear_errors():
    with pytest.raises(TypeError, match="one real number"):
        Value("1.0")
    with pytest.raises(TypeError, match="one real number"):
        Value(np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="exponent must be a plain number"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(ValueError, match="negative base needs an integer exponent"):
        Value(-8.0) ** 0.5
    with pytest.raises(ValueError, match="log needs a positive argument"):
        Value(0.0).log()
    with pytest.raises(ZeroDivisionError, match="equal to 0"):
        Value(1.0) / 0


def test_bad_networks_and_batches_get_clear_errors():
    net = bc.MLP([2, 3, 1], "sigmoid", seed=0)
    X, T = np.zeros((4, 2)), np.zeros((4, 1))
    with pytest.raises(TypeError, match=r"backprop_core\.MLP"):
        ad.mlp_gradients("net", X, T)
    softplus = bc.Activation(
        "softplus", lambda a: np.logaddexp(0, a), bc.sigmoid, lambda y: 1 - np.exp(-y)
    )
    with pytest.raises(ValueError, match="no activation 'softplus'"):
        ad.mlp_gradients(bc.MLP([2, 1], [softplus]), X, T)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        ad.mlp_gradients(net, np.zeros((4, 3)), T)
    with pytest.raises(ValueError, match="2-D batch"):
        ad.mlp_gradients(net, np.zeros(2), T)
    with pytest.raises(ValueError, match="T must have 1 columns"):
        ad.mlp_gradients(net, X, np.zeros((4, 2)))
    with pytest.raises(ValueError, match="X has 4 samples but T has 3"):
        ad.mlp_gradients(net, X, np.zeros((3, 1)))
    with pytest.raises(TypeError, match="the loss must return one Value"):
        ad.mlp_gradients(net, X, T, loss=lambda Y, T: 0.0)


def test_bad_gradcheck_values_input_gets_clear_errors():
    with pytest.raises(ValueError, match="positive finite number"):
        ad.gradcheck_values(lambda x: x, [1.0], h=0.0)
    with pytest.raises(TypeError, match="f must return one Value"):
        ad.gradcheck_values(lambda x: 1.0, [1.0])
