"""Numeric counterexamples for the appendix 'The sources, checked': a wrong formula, its
correction, the exact derivative and a finite difference, side by side at float64 values, all
evaluated without float64 arithmetic so that the table is the same on every CPU.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from ..gradcheck import GradTable, symbolic_differences
from ..mlp import MLP
from ..symbolic import MP_DIGITS, SymbolicMLP


def counterexample(
    sym_net: SymbolicMLP,
    net: MLP,
    x: Sequence[float],
    t: Sequence[float],
    rows: Mapping[str, tuple[sp.Symbol, sp.Expr, sp.Expr]],
    digits: int = 8,
) -> GradTable:
    """Stated vs corrected vs finite difference at `net`'s float64 parameters and one sample.

    rows: {label: (parameter θ, stated dL/dθ, corrected dL/dθ)}, expressions of `sym_net`'s
    symbols. Every value is computed from the exact float64 inputs: "as stated", "corrected"
    and "SymPy" (the derivative of the composed loss) are evaluated to MP_DIGITS significant
    digits from the inputs as exact rationals and rounded once; "finite diff." is
    `symbolic_differences` (centred, of the composed loss, in mpmath). No float64 arithmetic
    touches them, so they are the same on every CPU.
    """
    # Exact rationals: SymPy's evalf of an expression holding 53-bit Floats is only as accurate
    # as those Floats (about 16 digits), even when asked for 30.
    values = {s: sp.Rational(v) for s, v in sym_net.substitutions(net, x, t).items()}
    numeric = dict(zip(sym_net.params, symbolic_differences(sym_net, net, x, t)))

    def value(expr: sp.Expr) -> float:
        return float(sp.N(sp.sympify(expr).xreplace(values), MP_DIGITS))

    columns: dict[str, list[float]] = {
        "as stated": [],
        "corrected": [],
        "SymPy": [],
        "finite diff.": [],
    }
    for theta, stated, corrected in rows.values():
        columns["as stated"].append(value(stated))
        columns["corrected"].append(value(corrected))
        columns["SymPy"].append(value(sp.diff(sym_net.loss, theta)))
        columns["finite diff."].append(float(numeric[theta]))
    return GradTable(list(rows), {k: np.array(v) for k, v in columns.items()}, digits)
