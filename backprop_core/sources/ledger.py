"""The ledger of the appendix 'The sources, checked': one verdict per formula of the four
source documents (correct, wrong, wrong (inherited), slip, lost) and per claim in their prose,
each verdict earned by a proof (`symbolic.identical`) or a numeric counterexample, and the
summary tables of the appendix as Markdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..gradcheck import GradTable, symbolic_differences
from ..mlp import MLP
from ..symbolic import SymbolicMLP, identical, value_at

#: The verdicts on a formula.
VERDICTS = ("correct", "wrong", "wrong (inherited)", "slip", "lost")
#: The verdicts on a claim in prose.
CLAIM_VERDICTS = ("holds", "holds with a condition", "fails")


@dataclass(frozen=True)
class Entry:
    """One checked formula or claim: where it stands, what it says, the verdict, the fix.

    id is "<document>.<number>" for a formula ("F25.29") and "<document>.C<number>" for a claim.
    """

    id: str
    where: str
    text: str
    verdict: str
    correction: str = ""
    kind: str = "formula"  # "formula", "definition" (a formula that defines), or "claim"

    @property
    def doc(self) -> str:
        return self.id.split(".")[0]


@dataclass
class MarkdownTable:
    """A Markdown table; Jupyter and the book render it (math included)."""

    header: list[str]
    rows: list[list[str]]

    def __str__(self) -> str:
        def line(cells: Iterable[str]) -> str:
            return "| " + " | ".join(c.replace("|", r"\|") for c in cells) + " |"

        out = [line(self.header), line(["---"] * len(self.header))]
        return "\n".join(out + [line(r) for r in self.rows])

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return str(self)


class Ledger:
    """Verdicts on the formulas and claims of the source documents, in the order checked."""

    def __init__(self, seed: int = 0) -> None:
        self.entries: list[Entry] = []
        self._rng = np.random.default_rng(seed)

    def _add(self, entry: Entry) -> str:
        """Record `entry`; ids must run 1, 2, 3, ... per document (C1, C2, ... for claims)."""
        same = [
            e
            for e in self.entries
            if e.doc == entry.doc and (e.kind == "claim") == (entry.kind == "claim")
        ]
        expected = f"{entry.doc}.{'C' if entry.kind == 'claim' else ''}{len(same) + 1}"
        if entry.id != expected:
            raise ValueError(f"expected the id {expected!r} next, got {entry.id!r}")
        self.entries.append(entry)
        return entry.verdict

    def check(
        self,
        id: str,
        where: str,
        formula: str,
        pairs: Sequence[tuple[sp.Expr, sp.Expr]],
        correction: str = "",
        fixed: Sequence[tuple[sp.Expr, sp.Expr]] = (),
        inherited: bool = False,
    ) -> str:
        """Verdict on a derived formula; `pairs` are (as stated, by direct differentiation).

        'correct' if every pair is proved identical. Otherwise the formula is 'wrong' (or 'wrong
        (inherited)' when its only fault is a wrong quantity defined earlier): that needs a
        `correction`, `fixed` pairs (corrected, true) that are all proved identical, and at least
        one stated pair shown unequal by evaluating it at a random point.
        """
        if all(identical(s, c) for s, c in pairs):
            if correction or fixed:
                raise ValueError(f"{formula}: proved correct, so it needs no correction")
            return self._add(Entry(id, where, formula, "correct"))
        if not correction or not fixed:
            raise ValueError(f"{formula}: not proved; a wrong formula needs a checked correction")
        if not all(identical(s, c) for s, c in fixed):
            raise ValueError(f"{formula}: the correction is not proved either")
        gaps = [value_at(s - c, self._rng) for s, c in pairs]
        if not any(g is not None and abs(g) > 1e-9 for g in gaps):
            raise ValueError(f"{formula}: no pair was shown to differ at a random point")
        verdict = "wrong (inherited)" if inherited else "wrong"
        return self._add(Entry(id, where, formula, verdict, correction))

    def definition(
        self, id: str, where: str, formula: str, pairs: Sequence[tuple[sp.Expr, sp.Expr]] = ()
    ) -> str:
        """A formula that defines something; `pairs` check it is the network built here."""
        for s, c in pairs:
            if not identical(s, c):
                raise ValueError(f"{formula}: not the network of the document")
        return self._add(Entry(id, where, formula, "correct", kind="definition"))

    def slip(
        self,
        id: str,
        where: str,
        formula: str,
        fix: str,
        pairs: Sequence[tuple[sp.Expr, sp.Expr]] = (),
    ) -> str:
        """A notation or typographic slip: the formula as printed is not meaningful or names the
        wrong symbol, and `fix` (checked by `pairs`: fixed formula, true value) is what it meant."""
        for s, c in pairs:
            if not identical(s, c):
                raise ValueError(f"{formula}: the fix {fix} is not proved")
        return self._add(Entry(id, where, formula, "slip", fix))

    def lost(self, id: str, where: str, slot: str, meaning: str) -> str:
        """A formula the document lost (an image that did not survive); `meaning` from its prose."""
        return self._add(Entry(id, where, slot, "lost", meaning))

    def claim(self, id: str, where: str, claim: str, verdict: str, when: str) -> str:
        """A claim in prose, tested in the chapter: holds, holds with a condition, or fails."""
        if verdict not in CLAIM_VERDICTS:
            raise ValueError(f"a claim's verdict is one of {CLAIM_VERDICTS}, got {verdict!r}")
        return self._add(Entry(id, where, claim, verdict, when, kind="claim"))

    def formulas(self, doc: str | None = None) -> list[Entry]:
        return [e for e in self.entries if e.kind != "claim" and (doc is None or e.doc == doc)]

    def claims(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "claim"]

    def _span(self, first: str, last: str | None) -> list[Entry]:
        ids = [e.id for e in self.entries]
        start = ids.index(first)
        return self.entries[start : ids.index(last or first) + 1]

    def verdicts(self, first: str, last: str | None = None) -> list[str]:
        """The verdicts of the entries from id `first` to id `last` (inclusive), in order."""
        return [e.verdict for e in self._span(first, last)]

    def report(self, first: str, last: str | None = None) -> str:
        """One line per run of equal verdicts, e.g. 'V23.10 to V23.15: correct'."""
        lines, run = [], []
        for e in [*self._span(first, last), None]:
            if run and (e is None or e.verdict != run[0].verdict):
                ids = run[0].id if len(run) == 1 else f"{run[0].id} to {run[-1].id}"
                lines.append(f"{ids}: {run[0].verdict}")
                run = []
            if e is not None:
                run.append(e)
        return "\n".join(lines)

    def counts(self) -> dict[str, Counter]:
        """{doc: Counter(verdict)} over the formulas (not the claims), plus 'all'."""
        out: dict[str, Counter] = {}
        for e in self.formulas():
            out.setdefault(e.doc, Counter())[e.verdict] += 1
        out["all"] = sum(out.values(), Counter())
        return out

    def table(
        self, claims: bool = False, doc: str | None = None, verdict: str | None = None
    ) -> MarkdownTable:
        """The summary: one row per formula (or, with claims=True, per claim in prose),
        optionally only those of one document or with one verdict."""
        entries = [
            e
            for e in (self.claims() if claims else self.formulas())
            if (doc is None or e.doc == doc) and (verdict is None or e.verdict == verdict)
        ]
        last = ("claim", "holds when") if claims else ("formula", "correction")
        rows = [
            [
                f"[{e.doc}] {e.id.split('.')[1]}",
                e.where,
                _math(e.text) + (" (definition)" if e.kind == "definition" else ""),
                _verdict(e),
                _math(e.correction),
            ]
            for e in entries
        ]
        return MarkdownTable(["document", "location", last[0], "verdict", last[1]], rows)


def _math(text: str) -> str:
    """Markdown text (math in $...$) as a table cell; empty becomes a dash."""
    return text or "—"


def _verdict(e: Entry) -> str:
    """The verdict as a table cell: errors in bold (a definition is marked in its formula cell)."""
    if e.verdict.startswith("wrong"):
        return e.verdict.replace("wrong", "**wrong**")
    return "**fails**" if e.verdict == "fails" else e.verdict


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
    symbols. The finite difference is `symbolic_differences` (centred, of the composed loss, in
    mpmath: no rounding, so the same on every CPU), the SymPy column the exact derivative of the
    composed loss, evaluated in mpmath and rounded once.
    """
    values = sym_net.substitutions(net, x, t)
    numeric = dict(zip(sym_net.params, symbolic_differences(sym_net, net, x, t)))
    exact = dict(zip(sym_net.params, sym_net.gradient(net, x, t)))

    def value(expr: sp.Expr) -> float:
        return float(sp.N(sp.sympify(expr).xreplace(values), 30))

    columns: dict[str, list[float]] = {
        "as stated": [],
        "corrected": [],
        "SymPy": [],
        "finite diff.": [],
    }
    for theta, stated, corrected in rows.values():
        columns["as stated"].append(value(stated))
        columns["corrected"].append(value(corrected))
        columns["SymPy"].append(exact[theta])
        columns["finite diff."].append(float(numeric[theta]))
    return GradTable(list(rows), {k: np.array(v) for k, v in columns.items()}, digits)
