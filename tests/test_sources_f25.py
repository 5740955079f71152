"""The appendix's verdicts on [F25] as data (backprop_core.sources.f25): the table must be the
verdicts that the appendix notebook's ledger prints (its stored outputs, "F25.24 to F25.25:
wrong"), entry for entry, so that the chapter 'A worked example', which compares its own
checks with the table, agrees with the appendix."""

import json
import re
from pathlib import Path

import pytest

from backprop_core import sources
from backprop_core.sources import F25_ANCHORS, F25_VERDICTS, f25_verdict

APPENDIX = Path(__file__).resolve().parents[1] / "book" / "appendix_errata.ipynb"
LINE = re.compile(r"^F25\.(C?)(\d+)(?: to F25\.C?(\d+))?: (.+)$", re.M)


def appendix_verdicts() -> dict[str, str]:
    """Every F25 verdict the appendix's ledger printed, one per entry id."""
    cells = json.loads(APPENDIX.read_text())["cells"]
    text = "".join(
        "".join(out.get("text", ""))
        for cell in cells if cell["cell_type"] == "code"
        for out in cell.get("outputs", [])
    )
    found: dict[str, str] = {}
    for claim, first, last, verdict in LINE.findall(text):
        for n in range(int(first), int(last or first) + 1):
            found[f"F25.{claim}{n}"] = verdict.strip()
    return found


def test_the_table_is_the_appendix_ledger():
    printed = appendix_verdicts()
    backward = {k: v for k, v in printed.items() if "C" in k or int(k[4:]) >= 17}
    assert len(backward) == 25  # F25.17 .. F25.36 and F25.C1 .. F25.C5
    assert F25_VERDICTS == backward


def test_verdict_words_and_anchors():
    words = set(sources.VERDICTS) | set(sources.CLAIM_VERDICTS)
    assert set(F25_VERDICTS.values()) <= words
    assert set(F25_ANCHORS) == set(F25_VERDICTS)
    labels = set(re.findall(r"\((errata-f25-[a-z0-9-]+)\)=", APPENDIX.read_text()))
    assert set(F25_ANCHORS.values()) <= labels


def test_f25_verdict():
    assert f25_verdict("F25.30") == "wrong" and f25_verdict("F25.C5") == "holds with a condition"
    with pytest.raises(ValueError, match=r"no verdict for 'F25\.99'"):
        f25_verdict("F25.99")
