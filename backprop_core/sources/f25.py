"""The appendix's verdicts on [F25]'s backward pass and prose claims, as data.

The appendix 'The sources, checked' earns each verdict with a proof or a counterexample (its
ledger is built in the notebook); the chapter 'A worked example' reaches the same verdicts by
its own checks and compares them with this table, and tests/test_sources_f25.py compares this
table with the verdicts the appendix notebook prints, so the three cannot drift apart.
"""

from __future__ import annotations


def _many(first: int, last: int, verdict: str) -> dict[str, str]:
    return {f"F25.{n}": verdict for n in range(first, last + 1)}


#: Entry id -> the appendix's verdict: F25.17 to F25.36 (the output delta, the second and first
#: hidden layers' deltas and the fifteen updates) and the claims F25.C1 to F25.C5.
F25_VERDICTS: dict[str, str] = {
    **_many(17, 20, "correct"),  # output delta and updates
    **_many(21, 22, "slip"),  # delta^(2): w_j^(3), undefined, for w_1j^(3)
    "F25.23": "correct",
    **_many(24, 25, "wrong"),  # w_12^(2), w_21^(2): crossed delta and input
    **_many(26, 28, "correct"),
    **_many(29, 30, "wrong"),  # delta^(1): one term of two (29), none (30)
    "F25.31": "wrong (inherited)",
    **_many(32, 33, "wrong"),  # w_12^(1), w_21^(1): crossed
    **_many(34, 36, "wrong (inherited)"),
    "F25.C1": "holds",
    **{f"F25.C{n}": "holds with a condition" for n in range(2, 6)},
}

#: Entry id -> the label of the appendix paragraph that quotes it (its link target).
F25_ANCHORS: dict[str, str] = {
    **{f"F25.{n}": "errata-f25-17" for n in range(17, 21)},
    **{f"F25.{n}": "errata-f25-21" for n in range(21, 29)},
    **{f"F25.{n}": "errata-f25-29" for n in range(29, 37)},
    **{f"F25.C{n}": f"errata-f25-c{n}" for n in range(1, 6)},
}


def f25_verdict(entry_id: str) -> str:
    """The appendix's verdict on [F25]'s entry `entry_id` ("F25.29" -> "wrong")."""
    if entry_id not in F25_VERDICTS:
        raise ValueError(
            f"no verdict for {entry_id!r}: the table holds F25.17 to F25.36 and F25.C1 to F25.C5"
        )
    return F25_VERDICTS[entry_id]

