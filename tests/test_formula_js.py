"""The HTML book's checker (book/_assets/formula_check.js, under node) against the kernel's.

1. The SymPy -> mathjs translation: each expression, evaluated by mathjs at the checker's
   points, equals mpmath's value of the SymPy expression there (50 digits).
2. The same verdict: for every answer of tests/test_answers.py (right, wrong, malformed) the
   numeric checker gives the status, the diagnosis and the message that the exact one gives.

Needs node and `npm ci` (node_modules/mathjs); skipped without them, except under CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from answer_cases import (
    MALFORMED,
    SLOPE_RIGHT,
    SLOPE_WRONG,
    UNIT_CASES,
    hidden_delta,
    sigmoid_slope,
    sigmoid_unit,
)

from backprop_core.answers import FormulaSpec
from backprop_core.formula_syntax import to_mathjs

ROOT = Path(__file__).resolve().parent.parent
MATHJS = ROOT / "node_modules" / "mathjs"
DRIVER = ROOT / "tests" / "js" / "formula_driver.js"
NODE = shutil.which("node")


def run_js(spec: FormulaSpec, inputs: list[str], exprs: list[str] = ()) -> dict:
    if NODE is None or not MATHJS.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node and node_modules/mathjs are required under CI=true")
        pytest.skip("needs node and `npm ci` (node_modules/mathjs)")
    job = {"mathjs": str(MATHJS), "spec": spec.to_json(), "inputs": inputs, "exprs": list(exprs)}
    run = subprocess.run(
        [NODE, str(DRIVER)], input=json.dumps(job), capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


TRANSLATED = [
    "s*(1 - s)",
    "-s**2 + s",
    "s**(-2) - 1/(3*s)",
    "exp(-s)/(1 + exp(-s))**2",
    "log(1 + s**2) - sqrt(s)/2",
    "tanh(2*s - 1) + pi",
    "-(s - 1)**3",
    "2**(-s) * E",
    "s**(1/3)",
]


def test_sympy_to_mathjs_translation() -> None:
    spec = sigmoid_slope()
    s = spec.symbols["s"]
    exprs = [sp.sympify(e, locals={"s": s}) for e in TRANSLATED]
    out = run_js(spec, [], [to_mathjs(e) for e in exprs])
    assert len(out["points"]) == 12
    mpmath.mp.dps = 50
    for expr, values in zip(exprs, out["values"]):
        f = sp.lambdify(s, expr, "mpmath")
        for point, got in zip(out["points"], values):
            assert 0.05 <= point["s"] <= 0.95  # sampled in the spec's interval
            want = f(mpmath.mpf(point["s"]))
            assert abs(got - want) <= 1e-13 * abs(want) + 1e-15, (expr, point, got, want)


def _same_verdicts(spec: FormulaSpec, inputs: list[str]) -> None:
    out = run_js(spec, inputs)
    for text, js in zip(inputs, out["verdicts"]):
        py = spec.check(text)
        assert (js["status"], js["kind"], js["message"]) == (py.status, py.kind, py.message), text


def test_same_verdicts_on_the_slope() -> None:
    # 1e-20 apart: only the exact check can tell, and the browser's tolerance says so
    wrong = [a for a, _, _ in SLOPE_WRONG if "0.000000000" not in a]
    _same_verdicts(sigmoid_slope(), SLOPE_RIGHT + wrong + [a for a, _ in MALFORMED])


def test_same_verdicts_on_the_unit_and_the_hidden_delta() -> None:
    _same_verdicts(sigmoid_unit(), [a for a, _, _ in UNIT_CASES])
    _same_verdicts(
        hidden_delta(),
        [
            "h_1(1-h_1)(u_11 delta_1 + u_12 delta_2)",
            "h_1 (1 - h_1) (u_11 delta_1 + u_21 delta_2)",
            "h_1(1-h_1)(u_11 delta_1 + u_21 delta_1)",
            "(u_11 delta_1 + u_12 delta_2)",
            "h_1^2 (u_11 delta_1 + u_12 delta_2)",
        ],
    )


def test_same_verdicts_with_functions() -> None:
    spec = FormulaSpec("ex-s", "=", "sigma(a)(1 - sigma(a))", {"a": (-3, 3)})
    _same_verdicts(
        spec,
        [
            "exp(-a)/(1+exp(-a))^2",
            "sigma(a)^2",
            "-sigma(a)(1-sigma(a))",
            "2sigma(a)(1-sigma(a))",
            "sigma a",
            "sigma(a",
            "tanh(a/2)/4 + 1/4",
        ],
    )


def test_tex_preview() -> None:
    spec = hidden_delta()
    out = run_js(spec, ["h_1(1-h_1)(u_11 delta_1 + u_12 delta_2)"])
    tex = out["verdicts"][0]["tex"]
    # the book's names typeset as the book writes them; the call h_1(...) is a product
    assert r"h_{1}\,\left(1- h_{1}\right)" in tex and r"\delta_{1}" in tex and "u_{12}" in tex
