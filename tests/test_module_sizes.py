"""The package stays small and flat: no module over 300 lines, no class over 150 (the limits
of CONTRIBUTING.md), so that each module is one idea a reader can hold."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "backprop_core"
MODULE_LINES, CLASS_LINES = 300, 150


def test_modules_and_classes_within_limits() -> None:
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text()
        name = path.relative_to(PACKAGE.parent)
        if len(source.splitlines()) > MODULE_LINES:
            too_long.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > CLASS_LINES:
                too_long.append(f"{name}: class {node.name}, {node.end_lineno - node.lineno + 1}")
    assert not too_long, "over the limits:\n" + "\n".join(too_long)
