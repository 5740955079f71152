"""Numbers for a chapter's prose: printed to a fixed number of decimals, and only where that
print is the same on every CPU.

A value computed in floating point may differ in its last bits from one processor to another
(other SIMD paths for exp, another summation order). Printed to six decimals that is invisible,
unless the value lies so close to a rounding boundary (a 5 in the seventh decimal followed by
zeros) that a change of 1e-15 could flip the sixth. `fixed` refuses such a value with a clear
error, so that a chapter never prints a digit that a CPU decides.
"""

from __future__ import annotations

import math

MARGIN = 1e-5
"""How far, in units of the last printed decimal, a value must stay from a rounding boundary."""


def fixed(v: float, decimals: int = 6) -> str:
    """v to `decimals` decimals with a typographic minus sign (U+2212), e.g. "−0.064145".

    ValueError if v is not finite, if it has more than 10 significant digits before the
    rounding point, or if it lies within `MARGIN` units of the last decimal of a rounding
    boundary (then round-off could decide the last printed digit).
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 15:
        raise ValueError(f"decimals must be an integer 0..15, got {decimals!r}")
    v = float(v)
    if not math.isfinite(v):
        raise ValueError(f"cannot print {v} as a number for the prose")
    scaled = abs(v) * 10.0**decimals
    if scaled >= 1e10:
        raise ValueError(f"{v} has too many digits for {decimals} robust decimals")
    if abs(scaled % 1 - 0.5) <= MARGIN:
        raise ValueError(
            f"{v!r} lies on a rounding boundary of its decimal {decimals}: the printed digit "
            "would depend on round-off"
        )
    return f"{v:.{decimals}f}".replace("-", "\N{MINUS SIGN}")
