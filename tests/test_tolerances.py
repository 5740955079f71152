"""Every tolerance says what it means: each `isclose`, `allclose` and `assert_allclose` in the
chapters, the tests and the package sets `atol` explicitly (0 where the claim is relative).

NumPy's default atol of 1e-8 silently accepts an error of 5e-9 in a comparison written as
`rtol=1e-15`; numpy.testing's default of 0 is right for a relative claim but hides the choice.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPARISONS = {"isclose", "allclose", "assert_allclose"}


def without_atol(source: str) -> list[int]:
    """Line numbers of the comparisons in `source` that leave atol to its default."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    found = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name in COMPARISONS and not any(k.arg == "atol" for k in node.keywords):
                found.append(node.lineno)
    return found


def sources() -> list[tuple[str, str]]:
    out = []
    for folder in ("backprop_core", "tests", "bench", "scripts"):
        out += [(str(p.relative_to(ROOT)), p.read_text()) for p in (ROOT / folder).rglob("*.py")]
    for nb in sorted((ROOT / "book").glob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        out += [(f"{nb.name} cell {k}", "".join(c["source"]))
                for k, c in enumerate(cells) if c["cell_type"] == "code"]  # fmt: skip
    return out


def test_the_check_finds_a_default_atol() -> None:
    assert without_atol("np.isclose(a, b, rtol=1e-15)") == [1]
    assert without_atol("np.testing.assert_allclose(\n a, b)") == [1]
    assert without_atol("np.allclose(a, b, rtol=0, atol=1e-12)") == []


def test_every_comparison_sets_atol() -> None:
    offenders = [f"{where}: line {n}" for where, source in sources() for n in without_atol(source)]
    assert not offenders, "atol left at its default:\n" + "\n".join(offenders)
