"""The appendix's summary tables, as Markdown: every formula or claim with its verdict, and the
counts per document."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .entries import CLAIM_VERDICTS, VERDICTS, Entry

if TYPE_CHECKING:
    from .ledger import Ledger


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


def summary_table(
    ledger: Ledger,
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
        for e in (ledger.claims() if claims else ledger.formulas())
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


def count_table(ledger: Ledger) -> MarkdownTable:
    """Formulas per document and verdict (and how many of the correct ones only define
    something), with a last row for all four documents."""
    counts = ledger.counts()
    header = ["document", "formulas", "correct", "of them definitions", *VERDICTS[1:]]
    rows = []
    for doc, c in counts.items():
        defs = sum(e.kind == "definition" for e in ledger.formulas(None if doc == "all" else doc))
        name = "all" if doc == "all" else f"[{doc}]"
        rows.append([name, str(c.total()), *(str(n) for n in (c["correct"], defs)),
                     *(str(c[v]) for v in VERDICTS[1:])])  # fmt: skip
    return MarkdownTable(header, rows)


def verdict_report(entries: Sequence[Entry]) -> str:
    """One line per run of equal verdicts, e.g. 'V23.10 to V23.15: correct'."""
    lines, run = [], []
    for e in [*entries, None]:
        if run and (e is None or e.verdict != run[0].verdict):
            ids = run[0].id if len(run) == 1 else f"{run[0].id} to {run[-1].id}"
            lines.append(f"{ids}: {run[0].verdict}")
            run = []
        if e is not None:
            run.append(e)
    return "\n".join(lines)


def _math(text: str) -> str:
    """Markdown text (math in $...$) as a table cell; empty becomes a dash."""
    return text or "—"


def _verdict(e: Entry) -> str:
    """The verdict as a table cell: errors in bold (a definition is marked in its formula cell)."""
    if e.verdict.startswith("wrong"):
        return e.verdict.replace("wrong", "**wrong**")
    return "**fails**" if e.verdict == "fails" else e.verdict
