"""One checked formula or claim of the four source documents, and the verdicts it can get
(the appendix 'The sources, checked')."""

from __future__ import annotations

from dataclasses import dataclass

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
