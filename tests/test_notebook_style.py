"""Every chapter's code cells are short and narrow, as CONTRIBUTING.md asks.

At most 25 lines per code cell and 79 characters per line: a longer proof becomes a named,
tested function of the package that the chapter calls, and a wider line scrolls sideways in the
HTML book. The check reads the stored notebooks; it needs no kernel.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
MAX_LINES, MAX_WIDTH = 25, 79
CHAPTERS = sorted(BOOK.glob("*.ipynb"))


def code_cells(path: Path) -> list[tuple[int, list[str]]]:
    cells = json.loads(path.read_text())["cells"]
    return [
        (i, "".join(cell["source"]).splitlines())
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "code"
    ]


def test_there_are_chapters():
    assert len(CHAPTERS) >= 10


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_code_cells_are_short_and_narrow(path: Path):
    long = [(i, len(lines)) for i, lines in code_cells(path) if len(lines) > MAX_LINES]
    wide = [
        (i, n + 1, len(line))
        for i, lines in code_cells(path)
        for n, line in enumerate(lines)
        if len(line) > MAX_WIDTH
    ]
    assert not long, f"code cells over {MAX_LINES} lines (cell, lines): {long}"
    assert not wide, f"lines over {MAX_WIDTH} characters (cell, line, width): {wide}"


def test_the_checker_sees_a_long_cell(tmp_path: Path):
    # The check itself must be able to fail: a planted 26-line cell and an 80-character line.
    nb = {"cells": [{"cell_type": "code", "source": ["x = 1\n"] * 26 + ["y" * 80]}]}
    path = tmp_path / "planted.ipynb"
    path.write_text(json.dumps(nb))
    with pytest.raises(AssertionError, match="over 25 lines"):
        test_code_cells_are_short_and_narrow(path)
    nb["cells"][0]["source"] = ["y" * 80]
    path.write_text(json.dumps(nb))
    with pytest.raises(AssertionError, match=r"over 79 characters .*: \[\(0, 1, 80\)\]"):
        test_code_cells_are_short_and_narrow(path)
