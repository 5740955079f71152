"""Exact proofs that an expression of a composed network is identically zero, fast.

`sp.simplify` on the loss of a composed sigmoid network takes seconds to minutes. The proofs
of the book need something faster that is still a proof:

1. `Atoms` replaces every function application by a symbol, innermost first and consistently
   (equal applications, equal symbols):

   * an exponential exp(c r), c an integer, becomes E_r^c with a fresh *positive* symbol E_r
     for each exponent r taken up to sign and integer multiples, so exp(a) and exp(-a) become
     E and 1/E, and sigma(-a) = 1 - sigma(a) can still be proved;
   * any other application, a generic activation f(a), its derivative f'(a) (as SymPy writes
     it, Derivative(f(a), a) or Subs(Derivative(f(s), s), s, a)), tanh(a), a Piecewise, ...
     becomes a fresh symbol.

2. What is left is a rational function of those symbols and the network's own symbols; it is
   the zero function exactly when the numerator of its single-fraction form expands to 0.

If it is zero, the expression is zero for every value of its symbols, because it is that zero
function evaluated at E_r = exp(r), f_a = f(a), ... So `vanishes(expr) == True` is a proof.
False means only "not proved this way": the identity may still hold through a relation the
atoms forget (sin^2 + cos^2 = 1, exp(a) exp(b) = exp(a + b)); evaluate at a point to show that
a formula is wrong (`value_at`).
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef


class Atoms:
    """Replace each function application in an expression by a symbol, innermost first.

    One `Atoms` object is one consistent replacement: call it on several expressions and equal
    applications in any of them get the same symbol (kept in `table`). The symbols are
    `sp.Dummy` symbols, so a result that still holds one was built from a function application.
    """

    def __init__(self) -> None:
        self.table: dict[tuple, sp.Expr] = {}
        self._cache: dict[sp.Basic, sp.Basic] = {}

    def _fresh(self, key: tuple, positive: bool = False) -> sp.Expr:
        if key not in self.table:
            name = f"E{len(self.table)}" if positive else f"atom{len(self.table)}"
            self.table[key] = sp.Dummy(name, positive=True) if positive else sp.Dummy(name)
        return self.table[key]

    def __call__(self, expr: sp.Basic) -> sp.Basic:
        expr = sp.sympify(expr)
        done = self._cache.get(expr)
        if done is not None:
            return done
        if expr.is_Atom:
            out = expr
        elif isinstance(expr, sp.exp):
            out = self._exponential(self(expr.args[0]))
        elif isinstance(expr, (sp.Derivative, sp.Subs)) and _slope_key(expr) is not None:
            func, count, point = _slope_key(expr)
            out = self._fresh(("d", func, count, self(point)))
        elif isinstance(expr, (sp.Function, AppliedUndef, sp.Derivative, sp.Subs)):
            # Conditions of a Piecewise (Relationals) stay as they are: rewritten in positive
            # symbols they could evaluate, and a key only needs to be the same for equal input.
            args = tuple(self(a) if isinstance(a, sp.Expr) else a for a in expr.args)
            out = self._fresh(("f", expr.func, args))
        else:
            out = expr.func(*[self(arg) for arg in expr.args])
        self._cache[expr] = out
        return out

    def _exponential(self, exponent: sp.Expr) -> sp.Expr:
        c, r = sp.factor_terms(exponent).as_coeff_Mul()
        if not c.is_Integer:
            c, r = sp.Integer(1), exponent
        return self._fresh(("exp", r), positive=True) ** c


def _slope_key(expr: sp.Basic) -> tuple | None:
    """(f, order, point) if expr is the derivative of a one-argument function f at a point,
    in either of the two forms SymPy gives it; None otherwise."""
    if isinstance(expr, sp.Subs) and isinstance(expr.expr, sp.Derivative):
        if len(expr.variables) != 1:
            return None
        der, var, point = expr.expr, expr.variables[0], expr.point[0]
    elif isinstance(expr, sp.Derivative):
        der, var, point = expr, None, None
    else:
        return None
    inner = der.expr
    if not (isinstance(inner, AppliedUndef) and len(inner.args) == 1):
        return None
    (arg,) = inner.args
    if len(der.variables) == 0 or any(v != arg for v in der.variables):
        return None
    if var is None:  # Derivative(f(a), a): the slope at a itself
        return inner.func, der.derivative_count, arg
    return (inner.func, der.derivative_count, point) if var == arg else None


def is_zero_rational(expr: sp.Expr) -> bool:
    """True if expr, a rational function of its symbols, is the zero function: the numerator
    of its form as one fraction expands to 0 (a nonzero polynomial is a nonzero function)."""
    return sp.expand(sp.numer(sp.together(expr))) == 0


def vanishes(expr: sp.Expr) -> bool:
    """True if `expr` is proved identically zero (see the module docstring): every function
    application replaced by a symbol (`Atoms`), the remaining rational function is zero.

    Proves identities of composed sigmoid networks (exponentials) and of networks with generic
    activations f, f' alike; used by the chapters on the output layer, the hidden layer and
    the general algorithm, and by the appendix's ledger (`sources.Ledger`).
    """
    return is_zero_rational(Atoms()(expr))


def identical(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """True if lhs = rhs is proved, wherever both are defined: `vanishes(lhs - rhs)`."""
    return vanishes(sp.sympify(lhs) - sp.sympify(rhs))


def value_at(expr: sp.Expr, rng: np.random.Generator) -> float | None:
    """expr at a random point of its free symbols (values 0.3..1.5 with random sign), to 30
    digits; None if it contains an undefined function and so has no value. A nonzero value
    refutes expr = 0 (where `vanishes` can only fail to prove it)."""
    if expr.atoms(AppliedUndef):
        return None
    symbols = sorted(expr.free_symbols, key=str)
    values = rng.uniform(0.3, 1.5, len(symbols)) * rng.choice([-1.0, 1.0], len(symbols))
    return float(sp.N(expr.xreplace(dict(zip(symbols, values.tolist()))), 30))
