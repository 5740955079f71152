"""Formula exercises shared by tests/test_answers.py and tests/test_formula_js.py: three specs
and hand-written answers (right ones in many spellings, wrong ones with the slip a teacher
would name, malformed ones with the message a reader should see).
"""

from __future__ import annotations

from functools import cache

from backprop_core.answers import FormulaSpec, Hint


@cache  # a spec does not change: build each once
def sigmoid_slope() -> FormulaSpec:
    return FormulaSpec("ex-slope", r"\sigma'(a) =", "s(1-s)", {"s": (0.05, 0.95)})


@cache
def sigmoid_unit() -> FormulaSpec:
    return FormulaSpec(
        "ex-unit",
        r"\partial L / \partial w =",
        "(y - t) y (1 - y) x",
        {"y": (0.05, 0.95), "t": (0, 1), "x": (-2, 2)},
        hints=[
            Hint("(y - t) x", "The sigmoid's slope $y(1-y)$ is missing."),
            Hint("2 (y - t) y (1 - y) x", "The $\\frac12$ cancels the 2."),
        ],
        distractors=["x"],
    )


@cache
def hidden_delta() -> FormulaSpec:
    # delta_1 of a hidden unit with two outputs: h_1 (1 - h_1) (u_11 delta_1 + u_12 delta_2)
    names = ["h_1", "u_11", "u_12", "u_21", "delta_1", "delta_2"]
    return FormulaSpec(
        "ex-hidden",
        r"\delta_1 =",
        "h_1 (1 - h_1) (u_12 delta_2 + u_11 delta_1)",
        {n: (0.1, 0.9) for n in names},
        swaps=[("u_12", "u_21")],
        wrong_sums=["h_1 (1 - h_1) (u_11 delta_1 + u_21 delta_1)"],
    )


SLOPE_RIGHT = [
    "s - s^2",
    "s(1-s)",
    "s*(1-s)",
    "-s**2+s",
    "s (1 - s)",
    "(1-s)s",
    "(1 - s) * s",
    "s - s*s",
    "s^1 - s^2",
    "-(s^2 - s)",
    "(s - s^2)",
    "0.5*2*s*(1-s)",
    "s/1 - s**2",
    "((s))((1)-(s))",
    "  s(1-s)  ",
    "s(1-s)^1",
    "2s(1-s)/2",
    "s(1-s)(1+s)/(1+s)",
]
SLOPE_WRONG = [  # (answer, kind, message after "Not quite. ")
    ("s^2 - s", "sign", "The sign is wrong."),
    ("-s(1-s)", "sign", "The sign is wrong."),
    ("s", "missing", "A factor $1 - s$ is missing."),
    ("-s", "missing", "A factor $s - 1$ is missing."),
    ("1 - s", "missing", "A factor $s$ is missing."),
    ("s - 1", "missing", "A factor $s$ is missing, and the sign is wrong."),
    ("2s(1-s)", "constant", "Your answer is 2 times the right one: a constant factor is off."),
    ("s(1-s)/2", "constant", "Your answer is 1/2 times the right one: a constant factor is off."),
    (
        "s(1-s) + 1",
        "",
        "Not right, and not one of the usual slips: go through your derivation "
        "again, factor by factor.",
    ),
    ("0", "", None),
    ("1/0", "", None),
    ("(-1)^(1/2)", "", None),
    # exact: a difference of 1e-20 is a wrong answer in the kernel
    ("s(1-s) + 0.00000000000000000001", "", None),
]
MALFORMED = [  # (answer, message) for the slope exercise
    ("s+" * 151, "That is longer than 300 characters: type a shorter formula."),
    ("s(1-", "Could not read `s(1-`: unbalanced parenthesis."),
    ("s(1-s))", "Could not read `s(1-s))`: unbalanced parenthesis."),
    (")s(", "Could not read `)s(`: unbalanced parenthesis."),
    ("z", "`z` is not a symbol of this exercise; use s."),
    ("z(1-s)", "`z` is not a symbol of this exercise; use s."),
    ("1e3", "`e3` is not a symbol of this exercise; use s."),
    ("lambda", "`lambda` is not a symbol of this exercise; use s."),
    ("s mod 2", "`mod` is not a symbol of this exercise; use s."),
    ("", "Type a formula first."),
    ("   ", "Type a formula first."),
    ("s*", "Could not read `s*`: nothing follows the operator `*`."),
    ("s(1-)", "Could not read `s(1-)`: nothing follows the operator `-`."),
    ("*s", "Could not read `*s`: it starts with the operator `*`."),
    ("s*/2", "Could not read `s*/2`: two operators in a row (`*/`)."),
    ("s(*2)", "Could not read `s(*2)`: two operators in a row (`(*`)."),
    ("()", "Could not read `()`: empty parentheses `()`."),
    ("2 3 s", "Could not read `2 3 s`: two numbers side by side (`2 3`); write `*` between them."),
    ("sigma", "`sigma` is a function: write sigma(...)."),
    ("sigma s", "`sigma` is a function: write sigma(...)."),
    (
        "s#2",
        "Could not read `s#2`: `#` is not allowed (use numbers, symbols, + - * / ^ and "
        "parentheses).",
    ),
    (
        "s.real",
        "Could not read `s.real`: `.` is not allowed (use numbers, symbols, + - * / ^ "
        "and parentheses).",
    ),
    (
        "s,s",
        "Could not read `s,s`: `,` is not allowed (use numbers, symbols, + - * / ^ and "
        "parentheses).",
    ),
    (
        "σ",
        "Could not read `σ`: `σ` is not allowed (use numbers, symbols, + - * / ^ and parentheses).",
    ),
    (
        "s/2s",
        "`s/2s` is ambiguous: after `/`, put a product in parentheses, e.g. x/(2*y), or "
        "write x/2*y.",
    ),
    (
        "1/2 s",
        "`1/2 s` is ambiguous: after `/`, put a product in parentheses, e.g. x/(2*y), or "
        "write x/2*y.",
    ),
    (
        "s/s(1-s)",
        "`s/s(1-s)` is ambiguous: after `/`, put a product in parentheses, e.g. "
        "x/(2*y), or write x/2*y.",
    ),
]


UNIT_CASES = [
    ("(y-t)y(1-y)x", "correct", ""),
    ("x y (1 - y) (y - t)", "correct", ""),
    ("(y^2-y^3)x - t y(1-y)x", "correct", ""),
    ("(y - t) x", "wrong", "hint"),  # the spec's hint comes before "missing y(1-y)"
    ("2(y-t)y(1-y)x", "wrong", "hint"),  # ... and before "constant factor 2"
    ("(t-y)y(1-y)x", "wrong", "sign"),
    ("(y-t) y x", "wrong", "missing"),
    ("(y-t)y(1-y)", "wrong", "missing"),
    ("(y-t)y(1-y)x^2", "wrong", "extra"),
    ("3(y-t)y(1-y)x", "wrong", "constant"),
    ("(y-t)y(1-y)x + t", "wrong", ""),
    ("(y-t)y(1-y)w", "malformed", ""),
]
