"""The ledger of the appendix 'The sources, checked': one verdict per formula of the four
source documents (correct, wrong, wrong (inherited), slip, lost) and per claim in their prose,
each verdict earned by a proof (`symbolic.identical`) or a numeric counterexample, and the
summary tables of the appendix as Markdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import sympy as sp

from ..symbolic import identical, value_at

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
    proofs: int = 0  # identities proved for it (a definition with none defined nothing to check)
    quoted_with: str = ""  # the id that labels the paragraph quoting it, if not its own

    @property
    def doc(self) -> str:
        return self.id.split(".")[0]

    @property
    def anchor(self) -> str:
        """The label of the entry's paragraph in the appendix: "errata-f25-29" for F25.29 (and
        for F25.30, quoted with it), "errata-v23-c2" for V23.C2. The summary tables link to it."""
        return "errata-" + (self.quoted_with or self.id).lower().replace(".", "-")


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
        self,
        claims: bool = False,
        doc: str | None = None,
        verdict: str | Collection[str] | None = None,
        links: bool = True,
    ) -> MarkdownTable:
        """The summary: one row per formula (or, with claims=True, per claim in prose),
        optionally only those of one document or with one verdict (or any of several).

        The first column is the entry's id; with `links` it links to the entry's label
        (`Entry.anchor`, a MyST target the appendix must define, or the book build fails).
        """
        wanted = {verdict} if isinstance(verdict, str) else verdict
        unknown = set(wanted or ()) - set(CLAIM_VERDICTS if claims else VERDICTS)
        if unknown:
            raise ValueError(f"no such verdict {sorted(unknown)}; the verdicts are "
                             f"{CLAIM_VERDICTS if claims else VERDICTS}")  # fmt: skip
        entries = [
            e
            for e in (self.claims() if claims else self.formulas())
            if (doc is None or e.doc == doc) and (wanted is None or e.verdict in wanted)
        ]
        last = ("claim", "holds when") if claims else ("formula", "correction")
        rows = [
            [
                f"[{e.id}](#{e.anchor})" if links else e.id,
                e.where,
                _math(e.text) + (" (definition)" if e.kind == "definition" else ""),
                _verdict(e),
                _math(e.correction),
            ]
            for e in entries
        ]
        return MarkdownTable(["entry", "location", last[0], "verdict", last[1]], rows)

    def count_table(self) -> MarkdownTable:
        """Formulas per document and verdict (and how many of the correct ones only define
        something), with a last row for all four documents."""
        counts = self.counts()
        header = ["document", "formulas", "correct", "of them definitions", *VERDICTS[1:]]
        rows = []
        for doc, c in counts.items():
            defs = sum(e.kind == "definition" for e in self.formulas(None if doc == "all" else doc))
            name = "all" if doc == "all" else f"[{doc}]"
            rows.append([name, str(c.total()), *(str(n) for n in (c["correct"], defs)),
                         *(str(c[v]) for v in VERDICTS[1:])])  # fmt: skip
        return MarkdownTable(header, rows)


def _math(text: str) -> str:
    """Markdown text (math in $...$) as a table cell; empty becomes a dash."""
    return text or "—"


def _verdict(e: Entry) -> str:
    """The verdict as a table cell: errors in bold (a definition is marked in its formula cell)."""
    if e.verdict.startswith("wrong"):
        return e.verdict.replace("wrong", "**wrong**")
    return "**fails**" if e.verdict == "fails" else e.verdict
