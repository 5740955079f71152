"""Expectations over Gaussian weights and pre-activations, exactly, for the book's proofs about
initialisation (chapter 'Initialisation').

    E = gaussian_expectation(a_2 ** 2, weights, s ** 2)    # weights independent N(0, s^2)
    gaussian_integral(relu(a) ** 2, a, q)                  # E[relu(a)^2], a ~ N(0, q): q/2
    book = numbered(symbolic_mlp([2, 3, 2], [f, "identity"]))
    book.W[2], book.a[1], book.h[0]                        # W^(2), a^(1), h^(0) = x

`gaussian_expectation` uses nothing but independence and the normal moments
E[w^k] = (k - 1)!! s^k (k even), 0 (k odd), so for a polynomial in the weights it is exact and
fast; every other symbol or function (an input x_i, a generic f(a_j)) is held fixed, which is
the expectation conditional on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import sympy as sp

from ..layers import Layers
from .network import SymbolicMLP


class BookLayers(NamedTuple):
    """A symbolic network's families numbered as in the book: W[l], b[l], a[l] for
    l = 1..L and h[l] for l = 0..L (h[0] = x), each a `Layers` view of the network's lists."""

    W: Layers[sp.Matrix]  #: W[l]: the weight matrix W^(l), l = 1..L
    b: Layers[sp.Matrix]  #: b[l]: the bias row b^(l), l = 1..L
    a: Layers[list[sp.Expr]]  #: a[l][j-1]: a^(l)_j, l = 1..L
    h: Layers[list[sp.Expr]]  #: h[l][j-1]: h^(l)_j, l = 0..L (h[0] = x)


def numbered(net: SymbolicMLP) -> BookLayers:
    """`net`'s weights, biases, pre-activations and activations indexed by the book's layer
    numbers (`symbolic_mlp` keeps them in plain lists, whose position 0 is layer 1)."""
    return BookLayers(
        Layers(net.W, first=1, name="W"),
        Layers(net.b, first=1, name="b"),
        Layers(net.a, first=1, name="a"),
        Layers(net.h, first=0, name="h"),
    )


def normal_moment(k: int, variance: sp.Expr) -> sp.Expr:
    """E[w^k] for w ~ N(0, variance): 0 for odd k, (k - 1)!! variance^(k/2) for even k."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"a moment's order is a non-negative integer, got {k!r}")
    if k % 2:
        return sp.Integer(0)
    return sp.factorial2(k - 1) * variance ** (k // 2)


def gaussian_expectation(
    expr: sp.Expr, variables: Sequence[sp.Symbol], variance: sp.Expr
) -> sp.Expr:
    """E[expr] over `variables` independent N(0, variance), everything else held fixed.

    `expr` must be a polynomial in `variables` (its coefficients may be any expressions):
    expanded, each monomial c w_1^k_1 ... w_m^k_m becomes c E[w_1^k_1] ... E[w_m^k_m].
    """
    variables = list(variables)
    if not variables:
        raise ValueError("gaussian_expectation needs at least one variable")
    try:
        poly = sp.Poly(sp.expand(expr), *variables)
    except sp.PolynomialError:
        raise ValueError(f"expr is not a polynomial in {variables}") from None
    total = sp.Integer(0)
    for powers, coeff in poly.terms():
        factor = sp.Integer(1)
        for k in powers:
            factor *= normal_moment(int(k), variance)
        total += coeff * factor
    return sp.expand(total)


def gaussian_integral(g: sp.Expr, a: sp.Symbol, q: sp.Expr) -> sp.Expr:
    """E[g(a)] for a ~ N(0, q), q a positive symbol or number: the integral of g against the
    normal density, by SymPy (exact where SymPy finds the integral).

    A Piecewise g (ReLU, its slope, a leaky ReLU) is integrated piece by piece over the
    intervals where each piece holds: much faster than SymPy's integral of the Piecewise.
    """
    density = sp.exp(-(a**2) / (2 * q)) / sp.sqrt(2 * sp.pi * q)
    g = sp.piecewise_fold(sp.sympify(g))
    if not isinstance(g, sp.Piecewise):
        return sp.simplify(sp.integrate(g * density, (a, -sp.oo, sp.oo)))
    rest: sp.Set = sp.Reals
    total = sp.Integer(0)
    for expr, condition in g.args:
        try:
            holds = sp.Reals if condition is sp.true else condition.as_set()
        except NotImplementedError:
            raise ValueError(f"cannot find where {condition} holds (a condition of {g})") from None
        part = holds.intersect(rest)
        rest = rest - part
        for piece in part.args if isinstance(part, sp.Union) else [part]:
            if isinstance(piece, sp.FiniteSet) or piece.is_empty:
                continue  # single points carry no probability
            if not isinstance(piece, sp.Interval):
                raise ValueError(f"cannot integrate over {piece} (a condition of {g})")
            total += sp.integrate(expr * density, (a, piece.start, piece.end))
    return sp.simplify(total)
