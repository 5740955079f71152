"""Checking the four source documents formula by formula (book appendix 'The sources, checked').

`probe` writes a symbolic network out again so that each step of a document's chain rule can
be differentiated on the composed network; `ledger` records a verdict per formula and claim,
each proved with `symbolic.identical` or refuted by a number (`refute.counterexample`), and
renders the appendix's tables; `f25` holds the appendix's verdicts on [F25] as data.
"""

from .entries import CLAIM_VERDICTS, VERDICTS, Entry
from .f25 import F25_ANCHORS, F25_VERDICTS, f25_verdict
from .ledger import Ledger
from .probe import Node, ProbedMLP, difference, named, probe
from .refute import counterexample
from .tables import MarkdownTable

__all__ = [
    "CLAIM_VERDICTS",
    "F25_ANCHORS",
    "F25_VERDICTS",
    "VERDICTS",
    "Entry",
    "Ledger",
    "MarkdownTable",
    "Node",
    "ProbedMLP",
    "counterexample",
    "difference",
    "f25_verdict",
    "named",
    "probe",
]
