"""Formula exercises in the kernel: reading (formula_syntax) and the exact check (answers).

The oracles are hand-written (tests/answer_cases.py): right answers in many spellings, wrong
answers each with the slip a teacher would name, malformed inputs each with their message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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

from backprop_core.answers import FormulaSpec, Hint, Verdict, exactly_equal, ratio_text, tex
from backprop_core.formula_syntax import FormulaError, parse_answer, to_mathjs

TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize("text", SLOPE_RIGHT)
def test_right_answers_in_many_spellings(text: str) -> None:
    verdict = sigmoid_slope().check(text)
    assert (verdict.status, verdict.message) == ("correct", "Correct."), text


@pytest.mark.parametrize(("text", "kind", "message"), SLOPE_WRONG)
def test_wrong_answers_name_the_slip(text: str, kind: str, message: str | None) -> None:
    verdict = sigmoid_slope().check(text)
    assert (verdict.status, verdict.kind) == ("wrong", kind), (text, verdict)
    if message is not None:
        assert verdict.message == "Not quite. " + message


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_answers_get_a_sentence(text: str, message: str) -> None:
    assert sigmoid_slope().check(text) == Verdict("malformed", message)


@pytest.mark.parametrize(("text", "status", "kind"), UNIT_CASES)
def test_sigmoid_unit(text: str, status: str, kind: str) -> None:
    verdict = sigmoid_unit().check(text)
    assert (verdict.status, verdict.kind) == (status, kind), (text, verdict)


def test_named_messages_of_the_sigmoid_unit() -> None:
    spec = sigmoid_unit()
    assert spec.check("(y-t) y x").message == "Not quite. A factor $1 - y$ is missing."
    assert spec.check("(y-t)x").message == "Not quite. The sigmoid's slope $y(1-y)$ is missing."
    extra = spec.check("(y-t)y(1-y)x^2").message
    assert extra == "Not quite. There is a factor $x$ too many."
    assert "`w` is not a symbol of this exercise; use y, t, x." == spec.check("w").message


def test_transposed_index_and_wrong_sum() -> None:
    spec = hidden_delta()
    assert spec.check("h_1(1-h_1)(u_11 delta_1 + u_12 delta_2)").status == "correct"
    transposed = spec.check("h_1 (1 - h_1) (u_11 delta_1 + u_21 delta_2)")
    assert transposed.kind == "transposed"
    assert transposed.message == (
        "Not quite. The indices are swapped: $u_{21}$ where $u_{12}$ belongs."
    )
    assert spec.check("h_1(1-h_1)(u_11 delta_1 + u_21 delta_1)").kind == "wrong_sum"
    assert spec.check("(u_11 delta_1 + u_12 delta_2)").kind == "missing"


def test_every_diagnosis_differs_from_the_answer_and_from_the_others() -> None:
    for spec in (sigmoid_slope(), sigmoid_unit(), hidden_delta()):
        exprs = [d.expr for d in spec.diagnoses]
        assert not any(exactly_equal(e, spec.expected) for e in exprs)
        for i, a in enumerate(exprs):
            assert not any(exactly_equal(a, b) for b in exprs[i + 1 :]), a


def test_exact_equality_beyond_polynomials() -> None:
    a = sp.Symbol("a")
    sig = 1 / (1 + sp.exp(-a))
    assert exactly_equal(sig * (1 - sig), sp.exp(-a) / (1 + sp.exp(-a)) ** 2)
    assert exactly_equal(sp.tanh(a), 2 * sig.subs(a, 2 * a) - 1)
    assert not exactly_equal(sig * (1 - sig), sig**2)
    spec = FormulaSpec("ex-s", "=", "sigma(a)(1 - sigma(a))", {"a": (-3, 3)})
    assert spec.check("exp(-a)/(1+exp(-a))^2").status == "correct"
    assert spec.check("exp(a)/(1+exp(a))^2").status == "correct"
    assert spec.check("sigma(a)^2").status == "wrong"


def test_reading_rules() -> None:
    s, x, y = sp.symbols("s x y")
    names = {"s": s, "x": x, "y": y}
    assert parse_answer("2x^2y", names) == 2 * x**2 * y  # ^ binds tighter than 2x
    assert parse_answer("x/(2y)", names) == x / (2 * y)
    assert parse_answer("x/2*y", names) == x * y / 2
    assert parse_answer("2x/y", names) == 2 * x / y
    assert parse_answer("0.25x", names) == x / 4  # decimals become exact rationals
    assert parse_answer("pi s", names) == sp.pi * s
    assert parse_answer("sigma(0)", names) == sp.Rational(1, 2)
    with pytest.raises(FormulaError, match="ambiguous"):
        parse_answer("x/y^2 x", names)


def test_spec_errors_are_named() -> None:
    ok = {"s": (0, 1)}
    cases = [
        (dict(label="bad label", prompt="", expected="s", symbols=ok), "label"),
        (dict(label="a", prompt="", expected="s", symbols={"sigma": (0, 1)}), "not allowed"),
        (dict(label="a", prompt="", expected="s", symbols={"lambda": (0, 1)}), "not allowed"),
        (dict(label="a", prompt="", expected="s", symbols={"s": (1, 0)}), "lo < hi"),
        (dict(label="a", prompt="", expected="z", symbols=ok), "not a symbol"),
        (dict(label="a", prompt="", expected=sp.Symbol("z"), symbols=ok), "not symbols"),
        (dict(label="a", prompt="", expected="0", symbols=ok), "expected is 0"),
        (
            dict(label="a", prompt="", expected="s", symbols=ok, hints=[Hint("s*1", "m")]),
            "right answer",
        ),
        (dict(label="a", prompt="", expected="s", symbols=ok, swaps=[("t", "s")]), "not a symbol"),
    ]
    for kwargs, match in cases:
        with pytest.raises(ValueError, match=match):
            FormulaSpec(**kwargs)


def test_sympy_symbols_with_assumptions_match_by_name() -> None:
    s = sp.Symbol("s", positive=True)
    spec = FormulaSpec("ex-a", "=", s * (1 - s), {"s": (0, 1)})
    assert spec.check("s - s^2").status == "correct"


def test_texts() -> None:
    y, t = sp.symbols("y t")
    assert tex(y - t) == "y - t"  # SymPy alone prints - t + y
    assert ratio_text(sp.Rational(3, 2)) == "3/2"
    assert ratio_text(sp.pi) == "3.142"
    assert to_mathjs(sp.sympify("x**2/2 - exp(-x)")) == "x^2/2 - exp(-x)"
    with pytest.raises(ValueError, match="no mathjs"):
        to_mathjs(sp.sin(y))


def test_spec_json_is_the_same_in_every_process() -> None:
    """nbval compares the stored HTML: the spec must not depend on Python's hash seed."""
    code = (
        "import json, answer_cases as t;"
        "print(json.dumps([s().to_json() for s in "
        "(t.sigmoid_slope, t.sigmoid_unit, t.hidden_delta)], sort_keys=True))"
    )
    outs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=TESTS,
        )
        outs.add(run.stdout)
    assert len(outs) == 1
    assert json.loads(outs.pop())[0]["expected"] == "s*(1 - s)"


def test_fractional_powers_in_the_expected_answer() -> None:
    # The optimal step (r/(2c))^(1/3): factor_list gives the multiplicity 1/3, not an integer.
    spec = FormulaSpec("ex-frac", "", "(r/(2c))^(1/3)", {"r": (0.1, 1), "c": (0.1, 1)})
    assert spec.check("(r/(2 c))^(1/3)").status == "correct"
    assert spec.check("(r/(2 c))^(1/2)").status == "wrong"
    ranges = {"x": (1, 2), "r": (0.1, 1), "c": (0.1, 1)}
    two = FormulaSpec("ex-frac2", "", "x (r/(2c))^(1/3)", ranges)
    missing = two.check("(r/(2 c))^(1/3)")
    assert missing.kind == "missing" and "$x$" in missing.message, missing.message
