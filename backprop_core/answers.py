"""Exercises whose answer is a formula: the spec, its diagnoses of common slips, the exact check.

One `FormulaSpec` drives both ways of reading the book. In the kernel, `check(text)` reads the
answer with SymPy (`formula_syntax.parse_answer`) and decides EXACTLY whether it equals the
expected expression; if not, it tests the answer, again exactly, against a list of wrong
expressions derived from the spec (`diagnoses`), and names the first that matches. The HTML
book gets the same list as mathjs expressions (`to_json`) and compares numbers at random
points (book/_assets/formula_check.js). The widget and the static page are in `answer_view`.

Diagnoses, in the order they are tried (the first match wins):

1. the spec's own hints (`Hint(answer, message)`);
2. a sign error: ``-expected``;
3. a missing factor: ``expected / X`` (and ``-expected / X``) for X a product of some of the
   factors of ``sp.factor_list(expected)``, smallest products first;
4. an extra factor: ``expected * D`` for D in the spec's `distractors`;
5. a transposed index: ``expected`` with the two symbols of a pair in `swaps` exchanged
   (``("u_jk", "u_kj")``; a second name that is not a symbol yet becomes one, with the range of
   the first);
6. a sum over the wrong index: each expression of the spec's `wrong_sums`;
7. a constant factor off: ``answer / expected`` a constant other than 1 and -1.
"""

from __future__ import annotations

import keyword
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .formula_syntax import CONSTANTS, FUNCTIONS, MESSAGES, FormulaError, parse_answer, to_mathjs

Formula = str | sp.Expr

VERDICTS: dict[str, str] = {
    "correct": "Correct.",
    "wrong": "Not quite. {item}",
    "nothing": "Not right, and not one of the usual slips: go through your derivation "
    "again, factor by factor.",
    "constant": "Your answer is {item} times the right one: a constant factor is off.",
    "sign": "The sign is wrong.",
    "missing": "A factor ${item}$ is missing.",
    "missing_sign": "A factor ${item}$ is missing, and the sign is wrong.",
    "extra": "There is a factor ${item}$ too many.",
    "transposed": "The indices are swapped: {item}.",
    "wrong_sum": "That sums over the wrong index.",
}
# Names mathjs reads as operators or values: an exercise symbol may not take them.
_RESERVED = {"mod", "to", "in", "and", "or", "not", "xor", "true", "false", "null", "end"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
MAX_FACTORS = 6  # beyond this many factors, only single missing factors are tried


@dataclass(frozen=True)
class Hint:
    """A targeted hint: when the reader's answer equals `answer`, say `message` (`$...$` is TeX)."""

    answer: Formula
    message: str


@dataclass(frozen=True)
class Diagnosis:
    """A wrong expression the reader may type, and what to tell them then."""

    kind: str
    expr: sp.Expr
    message: str


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: status "correct", "wrong" or "malformed", and the message."""

    status: str
    message: str
    kind: str = ""
    answer: sp.Expr | None = None


def exactly_equal(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether a == b as functions, decided symbolically (never by sampling).

    For rational functions `cancel` is a decision procedure; otherwise SymPy's `simplify`,
    which may miss an identity (then the answer is called wrong, never wrongly right).
    """
    diff = sp.expand(a - b)
    if diff == 0:
        return True
    if diff.is_rational_function():
        return sp.cancel(diff) == 0
    return sp.simplify(diff.rewrite(sp.exp)) == 0


class _Tex(LatexPrinter):
    def _as_ordered_terms(self, expr, order=None):
        # y - t, not SymPy's - t + y: terms with a minus sign go last (a stable sort).
        terms = super()._as_ordered_terms(expr, order)
        return sorted(terms, key=lambda term: term.could_extract_minus_sign())


def tex(expr: sp.Expr) -> str:
    """LaTeX of `expr` as a reader writes it: sums start with a positive term."""
    return _Tex().doprint(expr)


def ratio_text(r: sp.Expr) -> str:
    """A constant ratio as the reader sees it: ``2``, ``1/2`` or 4 significant digits."""
    if r.is_Rational and r.q <= 1000:
        return str(r)
    return f"{float(r):.4g}"


class FormulaSpec:
    """What the reader must type, where to test it, and the hints: see the module docstring.

    `symbols` maps each symbol name (as the reader types it, e.g. ``"y_k"``) to the interval
    the browser samples it from; `expected` is a SymPy expression or a formula string in those
    names; `hints`, `distractors`, `swaps` (pairs of symbol names) and `wrong_sums` feed the
    diagnoses.
    """

    def __init__(
        self,
        label: str,
        prompt: str,
        expected: Formula,
        symbols: Mapping[str, tuple[float, float]],
        hints: Sequence[Hint] = (),
        distractors: Sequence[Formula] = (),
        swaps: Sequence[tuple[str, str]] = (),
        wrong_sums: Sequence[Formula] = (),
    ) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", label):
            raise ValueError(f"label {label!r}: use letters, digits, '-' and '_' only")
        self.label, self.prompt = label, prompt
        self.ranges: dict[str, tuple[float, float]] = {}
        for name, (lo, hi) in symbols.items():
            self._add_symbol(name, float(lo), float(hi))
        for a, b in swaps:
            if a not in self.ranges:
                raise ValueError(f"swap ({a!r}, {b!r}): {a!r} is not a symbol of the exercise")
            self._add_symbol(b, *self.ranges[a])
        self.symbols = {name: sp.Symbol(name) for name in self.ranges}
        self.expected = self.formula(expected, "expected")
        if self.expected == 0:
            raise ValueError("expected is 0: a constant factor or sign cannot be diagnosed")
        found: list[Diagnosis] = []
        for hint in hints:
            found.append(Diagnosis("hint", self.formula(hint.answer, "a hint"), hint.message))
        found.append(Diagnosis("sign", -self.expected, VERDICTS["sign"]))
        found += missing_factors(self.expected)
        for d in distractors:
            x = self.formula(d, "a distractor")
            found.append(Diagnosis("extra", self.expected * x, _fill("extra", tex(x))))
        for a, b in swaps:
            sa, sb = self.symbols[a], self.symbols[b]
            swapped = self.expected.xreplace({sa: sb, sb: sa})
            item = f"${tex(sb)}$ where ${tex(sa)}$ belongs"
            found.append(Diagnosis("transposed", swapped, _fill("transposed", item)))
        for w in wrong_sums:
            wrong = self.formula(w, "a wrong sum")
            found.append(Diagnosis("wrong_sum", wrong, VERDICTS["wrong_sum"]))
        self.diagnoses = self._distinct(found, hints=len(hints))

    def _add_symbol(self, name: str, lo: float, hi: float) -> None:
        bad = name in FUNCTIONS or name in CONSTANTS or name in _RESERVED
        if not _NAME.match(name) or bad or keyword.iskeyword(name):
            raise ValueError(f"symbol name {name!r} is not allowed")
        if not lo < hi or not all(abs(v) < float("inf") for v in (lo, hi)):
            raise ValueError(f"symbol {name!r}: the range ({lo}, {hi}) must have lo < hi")
        self.ranges.setdefault(name, (lo, hi))

    def formula(self, value: Formula, what: str = "formula") -> sp.Expr:
        """`value` as a SymPy expression over this exercise's symbols (matched by name)."""
        try:
            expr = parse_answer(value, self.symbols) if isinstance(value, str) else value
        except FormulaError as err:
            raise ValueError(f"{what} {value!r}: {err}") from err
        expr = sp.sympify(expr)
        unknown = sorted(s.name for s in expr.free_symbols if s.name not in self.symbols)
        if unknown:
            raise ValueError(f"{what} {value!r} uses {unknown}, not symbols of the exercise")
        return expr.xreplace({s: self.symbols[s.name] for s in expr.free_symbols})

    def _distinct(self, found: list[Diagnosis], hints: int) -> list[Diagnosis]:
        """Drop generic diagnoses equal to the expected answer or to an earlier diagnosis."""
        kept: list[Diagnosis] = []
        seen: set[sp.Expr] = set()
        for i, d in enumerate(found):
            if exactly_equal(d.expr, self.expected):
                if i < hints:
                    raise ValueError(f"the hint {d.message!r} describes a right answer")
                continue
            # A canonical form finds most duplicates cheaply; one missed only costs a test.
            key = sp.cancel(d.expr) if d.expr.is_rational_function() else d.expr
            if key not in seen:
                seen.add(key)
                kept.append(d)
        return kept

    def check(self, text: str) -> Verdict:
        """Read `text` and decide, exactly, whether it is right; if not, name the slip."""
        try:
            answer = parse_answer(text, self.symbols)
        except FormulaError as err:
            return Verdict("malformed", str(err))
        if exactly_equal(answer, self.expected):
            return Verdict("correct", VERDICTS["correct"], answer=answer)
        for d in self.diagnoses:
            if exactly_equal(answer, d.expr):
                return Verdict("wrong", _fill("wrong", d.message), d.kind, answer)
        ratio = sp.cancel(answer / self.expected)
        if not ratio.is_rational_function():
            ratio = sp.simplify(ratio.rewrite(sp.exp))
        if ratio.is_number and ratio.is_finite and ratio != 0:
            msg = _fill("wrong", _fill("constant", ratio_text(ratio)))
            return Verdict("wrong", msg, "constant", answer)
        return Verdict("wrong", _fill("wrong", VERDICTS["nothing"]), "", answer)

    def to_json(self) -> dict:
        """Everything the browser needs, deterministic (no random ids): see formula_check.js."""
        return {
            "label": self.label,
            "seed": zlib.crc32(self.label.encode()),
            "symbols": [
                [name, lo, hi, sp.latex(self.symbols[name])]
                for name, (lo, hi) in self.ranges.items()
            ],
            "expected": to_mathjs(self.expected),
            "diagnoses": [[d.kind, to_mathjs(d.expr), d.message] for d in self.diagnoses],
            "messages": {**MESSAGES, **VERDICTS},
        }


def missing_factors(expected: sp.Expr) -> list[Diagnosis]:
    """``expected / X`` and ``-expected / X`` for X a product of some factors of `expected`.

    For a quotient, the factors of its numerator.
    """
    try:
        _, factors = sp.factor_list(sp.together(expected).as_numer_denom()[0])
    except sp.PolynomialError:  # SymPy cannot factor it: no missing-factor diagnoses
        return []
    # A fractional power (r**(1/3)) is one factor as a whole; an integer power counts at most twice.
    parts = []
    for f, m in factors:
        if f.free_symbols:
            parts += [f] * min(int(m), 2) if sp.sympify(m).is_Integer else [f**m]
    sizes = range(1, len(parts)) if len(parts) <= MAX_FACTORS else [1]
    found, seen = [], set()
    for size in sizes:
        for combo in combinations(range(len(parts)), size):
            chosen = [parts[i] for i in combo]
            key = tuple(sorted(map(sp.srepr, chosen)))
            if key in seen:
                continue
            seen.add(key)
            x = sp.Mul(*chosen)
            # -expected / x: the factor -x is missing, written with one sum negated
            # (1 - y, not y - 1), or the factor x and the sign, if x has no sum.
            k = next((i for i, f in enumerate(chosen) if f.is_Add), None)
            if k is None:
                flipped = _fill("missing_sign", tex(x))
            else:
                negated = [-f if i == k else f for i, f in enumerate(chosen)]
                flipped = _fill("missing", tex(sp.Mul(*negated)))
            found.append(Diagnosis("missing", sp.factor(expected / x), _fill("missing", tex(x))))
            found.append(Diagnosis("missing", sp.factor(-expected / x), flipped))
    return found


def _fill(key: str, item: str) -> str:
    return VERDICTS[key].format(item=item)
