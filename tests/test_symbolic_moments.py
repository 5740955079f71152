"""backprop_core.symbolic.moments: normal moments, expectations over Gaussian weights and
Gaussian integrals, against sympy.stats (an independent derivation of the same expectations),
closed forms and mpmath quadrature."""

import math

import mpmath
import pytest
import sympy as sp
from sympy.stats import E, Normal

from backprop_core.symbolic import relu, symbolic_mlp
from backprop_core.symbolic.moments import (
    gaussian_expectation,
    gaussian_integral,
    normal_moment,
    numbered,
)

v = sp.Symbol("v", positive=True)
q = sp.Symbol("q", positive=True)
a = sp.Symbol("a", real=True)


def test_normal_moments_are_the_double_factorials():
    want = [1, 0, v, 0, 3 * v**2, 0, 15 * v**3, 0, 105 * v**4]
    assert [normal_moment(k, v) for k in range(9)] == want
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match=r"^a moment's order is a non-negative integer"):
            normal_moment(bad, v)


def test_gaussian_expectation_agrees_with_sympy_stats():
    w1, w2, x, c = sp.symbols("w1 w2 x c", real=True)
    expr = (w1 * x + w2 * c) ** 2 + w1**3 * w2 + 2 * w1**2 * w2**2 - x
    s = sp.Symbol("s", positive=True)
    got = gaussian_expectation(expr, [w1, w2], s**2)
    N1, N2 = Normal("N1", 0, s), Normal("N2", 0, s)
    want = E(expr.subs({w1: N1, w2: N2}))
    assert sp.simplify(got - want) == 0
    assert sp.expand(got - (s**2 * (x**2 + c**2) + 2 * s**4 - x)) == 0
    # a generic function of the other symbols is held fixed
    f = sp.Function("f")
    assert sp.expand(gaussian_expectation((w1 * f(x)) ** 2, [w1], v) - v * f(x) ** 2) == 0


def test_gaussian_expectation_refuses_what_is_not_a_polynomial():
    w = sp.Symbol("w")
    for expr in (sp.exp(w), 1 / w, sp.sqrt(w), sp.Abs(w)):
        with pytest.raises(ValueError, match=r"^expr is not a polynomial in \[w\]$"):
            gaussian_expectation(expr, [w], v)
    with pytest.raises(ValueError, match=r"^gaussian_expectation needs at least one variable$"):
        gaussian_expectation(w, [], v)


def test_gaussian_integrals_of_smooth_and_piecewise_functions():
    alpha = sp.Symbol("alpha", positive=True)
    assert gaussian_integral(a**2, a, q) == q
    assert gaussian_integral(a**4, a, q) == 3 * q**2
    assert gaussian_integral(relu(a) ** 2, a, q) == q / 2
    assert gaussian_integral(sp.diff(relu(a), a) ** 2, a, q) == sp.Rational(1, 2)
    leaky = sp.Piecewise((alpha * a, a <= 0), (a, True))
    assert sp.simplify(gaussian_integral(leaky**2, a, q) - (1 + alpha**2) * q / 2) == 0
    box = sp.Piecewise((1, (a > -1) & (a < 1)), (0, True))
    got = gaussian_integral(box, a, q)
    assert float(got.subs(q, 0.7)) == pytest.approx(math.erf(1 / math.sqrt(1.4)), rel=1e-14)
    outside = sp.Piecewise((a**2, a**2 > 1), (0, True))  # a union of two intervals
    value = float(gaussian_integral(outside, a, 1))
    want = mpmath.quad(lambda z: z**2 * mpmath.npdf(z), [1, mpmath.inf]) * 2
    assert value == pytest.approx(float(want), rel=1e-12)
    assert gaussian_integral(sp.Piecewise((5, sp.Eq(a, 0)), (a**2, True)), a, q) == q


def test_gaussian_integral_names_conditions_it_cannot_split():
    with pytest.raises(ValueError, match=r"^cannot integrate over Integers"):
        gaussian_integral(sp.Piecewise((1, sp.Contains(a, sp.Integers)), (0, True)), a, q)
    with pytest.raises(ValueError, match=r"^cannot find where sin\(a\) > 0 holds"):
        gaussian_integral(sp.Piecewise((1, sp.sin(a) > 0), (0, True)), a, q)


def test_numbered_gives_the_books_layer_numbers():
    net = symbolic_mlp([2, 3, 2], ["tanh", "identity"])
    book = numbered(net)
    assert book.W[1] is net.W[0] and book.W[2] is net.W[1]
    assert book.b[2] is net.b[1] and book.a[1] is net.a[0] and book.a[2] is net.a[1]
    assert book.h[0] == net.x and book.h[2] is net.h[2]
    with pytest.raises(IndexError, match=r"^W\[3\] does not exist: layers are numbered 1..2"):
        book.W[3]
    with pytest.raises(IndexError, match=r"^a\[0\] does not exist"):
        book.a[0]
