"""Run chapter notebooks top to bottom in a fresh kernel and store their outputs in place.

    python scripts/execute_notebooks.py                 # every notebook under book/
    python scripts/execute_notebooks.py book/ch02_sigmoid.ipynb

The stored outputs are what nbval compares against and what a reader sees when opening a
notebook in JupyterLab. Widget state is stored too, so the built HTML can render the controls.
Every cell has a timeout: a stalled cell fails loudly instead of hanging.

Numbers in prose are written as MyST inline expressions, {eval}`f"{x:.3g}"`. Each markdown
cell's expressions are evaluated by the kernel at that cell's place in the run (after the code
above it), exactly as jupyterlab-myst does when the cell is run, and stored the way it stores
them (cell metadata `user_expressions`), so a freshly opened notebook shows the values. An
expression that fails stops the run, as it fails the book build.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.util import ensure_async

ROOT = Path(__file__).resolve().parent.parent
CELL_TIMEOUT = 300  # seconds
# A MyST inline expression: {eval}`expression` (the expression holds no backtick).
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")


class InlineExpressionError(RuntimeError):
    """An {eval} expression raised in the kernel."""


class _Client(NotebookClient):
    """Runs code cells as nbclient does, and evaluates markdown cells' {eval} expressions."""

    async def async_execute_cell(self, cell, cell_index, execution_count=None,
                                 store_history=True):
        if cell.cell_type == "markdown":
            await self._evaluate_expressions(cell, cell_index)
            return cell
        return await super().async_execute_cell(cell, cell_index, execution_count,
                                                store_history)

    async def _evaluate_expressions(self, cell, cell_index: int) -> None:
        expressions = EVAL_ROLE.findall(cell.source)
        if not expressions:
            cell.metadata.pop("user_expressions", None)
            return
        # jupyterlab-myst's request: empty code, the expressions keyed by their position.
        msg_id = await ensure_async(self.kc.execute(
            "", silent=True, store_history=False,
            user_expressions={str(i): e for i, e in enumerate(expressions)},
        ))
        reply = await self.async_wait_for_reply(msg_id)
        results = reply["content"]["user_expressions"]
        stored = []
        for i, expression in enumerate(expressions):
            result = results[str(i)]
            if result["status"] != "ok":
                raise InlineExpressionError(
                    f"markdown cell {cell_index}: {{eval}}`{expression}` raised "
                    f"{result.get('ename')}: {result.get('evalue')}"
                )
            stored.append({"expression": expression, "result": result})
        cell.metadata["user_expressions"] = stored


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = _Client(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        seconds = execute(path)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
