"""The scalar engine: every operation's value and local derivatives against SymPy's exact ones
and against centred differences of its own forward rule; accumulation over several uses; the
topological order; clear errors. (A network's graph: tests/test_autodiff_nets.py.)"""

import math
import sys

import mpmath
import numpy as np
import pytest
import sympy as sp

from backprop_core import autodiff as ad

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
    ("softplus", lambda x: x.softplus(), sp.log(1 + sp.exp(x_)), _any),
    ("softplus far out", lambda x: (x * 12.0).softplus(), sp.log(1 + sp.exp(12 * x_)), _any),
    ("sub constant", lambda x: x - 0.25, x_ - sp.Rational(1, 4), _any),
]
BINARY = [
    ("add", lambda x, y: x + y, x_ + y_, _any, _any),
    ("sub", lambda x, y: x - y, x_ - y_, _any, _any),
    ("mul", lambda x, y: x * y, x_ * y_, _any, _any),
    ("div", lambda x, y: x / y, x_ / y_, _any, _away_from_zero),
    ("weighted sum", lambda x, y: ad.weighted_sum([x, y], [y, 0.5], x),
     x_ * y_ + y_ / 2 + x_, _any, _any),
    ("total", lambda x, y: ad.total([x, y, x * y]), x_ + y_ + x_ * y_, _any, _any),
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


# ---- the n-ary nodes and the order of the sweep ------------------------------------------------
def test_weighted_sum_is_one_node_with_the_book_s_local_derivatives():
    xs, ws, b = [Value(0.3), Value(-1.2)], [Value(0.7), Value(2.0)], Value(0.1)
    a = ad.weighted_sum(xs, ws, b)
    assert a.data == pytest.approx(0.3 * 0.7 - 1.2 * 2.0 + 0.1, rel=1e-15, abs=0)
    assert a.parents == (*xs, *ws, b)
    assert a.local == (0.7, 2.0, 0.3, -1.2, 1.0)  # d/dx_i = w_i, d/dw_i = x_i, d/db = 1
    out = a.tanh()
    out.backward()
    slope = 1 - math.tanh(a.data) ** 2
    assert [x.grad for x in xs] == [slope * 0.7, slope * 2.0]
    assert [w.grad for w in ws] == [slope * 0.3, slope * -1.2]
    assert b.grad == slope


def test_total_is_one_node_and_a_repeated_input_counts_twice():
    x, y = Value(1.5), Value(-2.0)
    s = ad.total([x, y, x])
    assert s.data == 1.0 and s.local == (1.0, 1.0, 1.0)
    (s * s).backward()  # d(s^2)/dx = 2 s * 2, d(s^2)/dy = 2 s
    assert (x.grad, y.grad) == (4.0, 2.0)


def test_topological_order_puts_parents_first_and_goes_down_one_distance_at_a_time():
    x, w = Value(0.5, label="x"), Value(-0.3, label="w")
    a = ad.weighted_sum([x], [w], 0.2)
    h = a.sigmoid()
    loss = (h - 1.0) ** 2 + h * x  # x is used near the root and far from it
    order = ad.topological_order(loss)
    position = {id(v): k for k, v in enumerate(order)}
    assert order[-1] is loss and len(order) == len({id(v) for v in order})
    for v in order:
        assert all(position[id(p)] < position[id(v)] for p in v.parents)
    # Longest distance from the loss, by hand: loss 0, the sum's two terms 1, h - 1 and h 2 or
    # 3, so h is 3 (it feeds h - 1 too), a 4, and x 5 (through a), not 2 (through h * x).
    far = {id(loss): 0}
    for v in reversed(order):
        for p in v.parents:
            far[id(p)] = max(far.get(id(p), 0), far[id(v)] + 1)
    assert (far[id(h)], far[id(a)], far[id(x)], far[id(w)]) == (3, 4, 5, 5)
    distances = [far[id(v)] for v in reversed(order)]
    assert distances == sorted(distances)


# ---- clear errors -----------------------------------------------------------------------------
def test_bad_values_and_operations_get_clear_errors():
    with pytest.raises(TypeError, match="one real number"):
        Value("1.0")
    with pytest.raises(TypeError, match="one real number"):
        Value(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="1 parent"):
        Value(1.0, (Value(2.0),), ())
    with pytest.raises(TypeError, match="exponent must be a plain number"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(ValueError, match="negative base needs an integer exponent"):
        Value(-8.0) ** 0.5
    with pytest.raises(ValueError, match="infinite at x = 0"):
        Value(0.0) ** 0.5
    with pytest.raises(ValueError, match="log needs a positive argument"):
        Value(0.0).log()
    with pytest.raises(ZeroDivisionError, match="equal to 0"):
        Value(1.0) / 0
    with pytest.raises(ValueError, match="2 inputs need 2 weights, got 1"):
        ad.weighted_sum([Value(1.0), Value(2.0)], [Value(3.0)])


def test_repr_shows_the_label_data_and_gradient():
    v = Value(0.25, label="h_1")
    assert repr(v) == "Value(h_1: data=0.25, grad=0)"
    assert repr(Value(2.0) * 3) == "Value(data=6, grad=0)"


@pytest.mark.parametrize("x", [-40.0, -20.0, -8.33, -0.3, 0.0, 0.7, 8.33, 20.0, 40.0, 300.0])
def test_tanh_and_sigmoid_slopes_keep_relative_precision_where_the_output_saturates(x):
    # Taken from x, not as 1 - t^2 or s(1 - s) of the rounded output: those are off by 1e-9
    # relative at tanh(8.33), by 4e-8 at sigma(20), and 0 instead of 4.2e-18 at sigma(40).
    with mpmath.workdps(40):
        a = mpmath.mpf(x)
        want = {"tanh": mpmath.sech(a) ** 2, "sigmoid": mpmath.exp(-a) / (1 + mpmath.exp(-a)) ** 2}
        for name in ("tanh", "sigmoid"):
            got = getattr(Value(x), name)().local[0]
            assert got > 0 and abs(mpmath.mpf(got) / want[name] - 1) <= 8 * 2.0**-52, (name, got)
