"""The ledger of the appendix 'The sources, checked': one verdict per formula of the four
source documents (correct, wrong, wrong (inherited), slip, lost) and per claim in their prose,
each verdict earned by a proof (`symbolic.identical`) or a numeric counterexample; its summary
tables are drawn by `tables`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

import numpy as np
import sympy as sp

from ..symbolic import identical, value_at
from .entries import CLAIM_VERDICTS, Entry
from .tables import MarkdownTable, count_table, summary_table, verdict_report


class Ledger:
    """Verdicts on the formulas and claims of the source documents, in the order checked."""

    def __init__(self, seed: int = 0) -> None:
        self.entries: list[Entry] = []
        self._rng = np.random.default_rng(seed)
        self._proved: dict[tuple[sp.Expr, sp.Expr], bool] = {}  # identities tried, this run

    def _identical(self, stated: sp.Expr, true: sp.Expr) -> bool:
        """`symbolic.identical`, each pair decided once (documents repeat their formulas)."""
        key = (sp.sympify(stated), sp.sympify(true))
        if key not in self._proved:
            self._proved[key] = identical(*key)
        return self._proved[key]

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
        if not pairs:
            raise ValueError(f"{formula}: nothing to check; a derived formula needs pairs")
        if all(self._identical(s, c) for s, c in pairs):
            if correction or fixed:
                raise ValueError(f"{formula}: proved correct, so it needs no correction")
            return self._add(Entry(id, where, formula, "correct", proofs=len(pairs)))
        if not correction or not fixed:
            raise ValueError(f"{formula}: not proved; a wrong formula needs a checked correction")
        if not all(self._identical(s, c) for s, c in fixed):
            raise ValueError(f"{formula}: the correction is not proved either")
        gaps = (value_at(s - c, self._rng) for s, c in pairs)  # stops at the first that differs
        if not any(g is not None and abs(g) > 1e-9 for g in gaps):
            raise ValueError(f"{formula}: no pair was shown to differ at a random point")
        verdict = "wrong (inherited)" if inherited else "wrong"
        return self._add(Entry(id, where, formula, verdict, correction, proofs=len(fixed)))

    def definition(
        self, id: str, where: str, formula: str, pairs: Sequence[tuple[sp.Expr, sp.Expr]] = ()
    ) -> str:
        """A formula that defines something; `pairs` check it is the network built here."""
        for s, c in pairs:
            if not self._identical(s, c):
                raise ValueError(f"{formula}: not the network of the document")
        return self._add(Entry(id, where, formula, "correct", kind="definition", proofs=len(pairs)))

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
            if not self._identical(s, c):
                raise ValueError(f"{formula}: the fix {fix} is not proved")
        return self._add(Entry(id, where, formula, "slip", fix, proofs=len(pairs)))

    def lost(self, id: str, where: str, slot: str, meaning: str) -> str:
        """A formula the document lost (an image that did not survive); `meaning` from its prose."""
        return self._add(Entry(id, where, slot, "lost", meaning))

    def claim(self, id: str, where: str, claim: str, verdict: str, when: str) -> str:
        """A claim in prose, tested in the chapter: holds, holds with a condition, or fails."""
        if verdict not in CLAIM_VERDICTS:
            raise ValueError(f"a claim's verdict is one of {CLAIM_VERDICTS}, got {verdict!r}")
        return self._add(Entry(id, where, claim, verdict, when, kind="claim"))

    def paragraphs(self, doc: str, starts: Iterable[int]) -> None:
        """Formulas quoted together link to one label (JupyterLab keeps one per paragraph):
        formula `doc`.n links to `doc`.s, s the largest of `starts` <= n."""
        numbers = {int(e.id.split(".")[1]): e for e in self.formulas(doc)}
        starts = sorted(set(starts))
        if not starts or starts[0] != min(numbers, default=0) or not set(starts) <= set(numbers):
            raise ValueError(f"{doc}: paragraphs must start at formulas, the first at the first")
        for i, e in enumerate(self.entries):
            if e.kind != "claim" and e.doc == doc:
                first = max(s for s in starts if s <= int(e.id.split(".")[1]))
                self.entries[i] = replace(e, quoted_with=numbers[first].id)

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
        return verdict_report(self._span(first, last))

    def counts(self) -> dict[str, Counter]:
        """{doc: Counter(verdict)} over the formulas (not the claims), plus 'all'."""
        out: dict[str, Counter] = {}
        for e in self.formulas():
            out.setdefault(e.doc, Counter())[e.verdict] += 1
        out["all"] = sum(out.values(), Counter())
        return out

    def table(
        self,
        claims: bool = False,
        doc: str | None = None,
        verdict: str | Collection[str] | None = None,
        links: bool = True,
    ) -> MarkdownTable:
        """The summary table (`tables.summary_table`): one row per formula or claim."""
        return summary_table(self, claims, doc, verdict, links)

    def count_table(self) -> MarkdownTable:
        """Formulas per document and verdict (`tables.count_table`)."""
        return count_table(self)
