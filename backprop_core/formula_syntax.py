"""How a typed formula is read: the rules the kernel (SymPy) and the HTML book (mathjs) share.

A reader's answer such as ``s(1-s)``, ``2x^2`` or ``(y_k - t_k) y_k`` is read in two places: by
SymPy in the kernel (`parse_answer`) and by mathjs in the browser (book/_assets/formula_check.js).
The two parsers differ in corners, so both first run the same lexical checks (`lex_problem`,
mirrored line by line in the JavaScript), which turn away everything the two would read
differently, and every message comes from the one table `MESSAGES`, embedded in the HTML
spec, so the two say the same words:

- only numbers, names, ``+ - * / ^ **`` and parentheses; no ``1e3`` (read as ``1*e3``);
- every name is a symbol of the exercise, ``pi``, or a function of `FUNCTIONS` called with
  parentheses; a symbol followed by ``(`` multiplies (``s(1-s)`` is ``s*(1-s)``);
- an implicit product (``2x``, ``x y``, ``s(1-s)``, ``(a)(b)``) may not stand in a term after
  ``/``: mathjs reads ``x/2y`` as ``x/(2y)`` and SymPy as ``(x/2)y``, so it is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import sympy as sp
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication,
    parse_expr,
    rationalize,
    standard_transformations,
)

# The functions a formula may call, as SymPy builds them; the JavaScript has the same names.
FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sigma": lambda a: 1 / (1 + sp.exp(-a)),
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "tanh": sp.tanh,
}
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi}

MESSAGES: dict[str, str] = {
    "empty": "Type a formula first.",
    "long": "That is longer than {item} characters: type a shorter formula.",
    "char": "Could not read `{text}`: `{item}` is not allowed (use numbers, symbols, "
    "+ - * / ^ and parentheses).",
    "unbalanced": "Could not read `{text}`: unbalanced parenthesis.",
    "empty_parens": "Could not read `{text}`: empty parentheses `()`.",
    "unknown": "`{item}` is not a symbol of this exercise; use {symbols}.",
    "call": "`{item}` is a function: write {item}(...).",
    "numbers": "Could not read `{text}`: two numbers side by side (`{item}`); write `*` "
    "between them.",
    "dangling": "Could not read `{text}`: nothing follows the operator `{item}`.",
    "starts": "Could not read `{text}`: it starts with the operator `{item}`.",
    "operators": "Could not read `{text}`: two operators in a row (`{item}`).",
    "ambiguous": "`{text}` is ambiguous: after `/`, put a product in parentheses, e.g. "
    "x/(2*y), or write x/2*y.",
    "unreadable": "Could not read `{text}`.",
}

_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/^()])|(\S))")
Token = tuple[str, str]  # (kind, text): kind is "num", "name" or "op"
MAX_LENGTH = 300  # characters; a pasted page should not keep the kernel busy
TRANSFORMATIONS = (*standard_transformations, implicit_multiplication, convert_xor, rationalize)


class FormulaError(ValueError):
    """A typed formula that cannot be read; `str()` is the message for the reader."""


def message(key: str, text: str = "", item: str = "", symbols: Sequence[str] = ()) -> str:
    """The reader's message `MESSAGES[key]` filled in (the JavaScript fills it the same way)."""
    return MESSAGES[key].format(text=text, item=item, symbols=", ".join(symbols))


def tokenize(text: str) -> list[Token]:
    """Numbers, names and operators of `text`; raises FormulaError on any other character."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        num, name, op, other = match.groups()
        if other is not None:
            raise FormulaError(message("char", text.strip(), other))
        if num or name or op:
            tokens.append(("num", num) if num else ("name", name) if name else ("op", op))
    return tokens


def _operand_end(tok: Token, names: Mapping[str, str]) -> bool:
    return tok[0] == "num" or tok == ("op", ")") or (tok[0] == "name" and names[tok[1]] != "f")


def _operand_start(tok: Token) -> bool:
    return tok[0] in ("num", "name") or tok == ("op", "(")


def _unary(tokens: Sequence[Token], i: int) -> bool:
    """Whether the sign at position i is unary (at the start, or after an operator or `(`)."""
    return i == 0 or (tokens[i - 1][0] == "op" and tokens[i - 1][1] != ")")


def _term_has_division(tokens: Sequence[Token], i: int) -> bool:
    """Whether the term that ends at position i (inclusive) contains a `/` at its own depth."""
    depth = 0
    for j in range(i, -1, -1):
        kind, txt = tokens[j]
        if txt == ")":
            depth += 1
        elif txt == "(":
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0 and txt in "+-" and kind == "op" and not _unary(tokens, j):
            return False
        elif depth == 0 and txt == "/":
            return True
    return False


def lex_problem(text: str, symbols: Sequence[str]) -> tuple[str, str] | None:
    """The first reason `text` cannot be read, as (message key, item), or None if it can.

    Raises FormulaError only for a character outside the alphabet (key "char").
    """
    if len(text) > MAX_LENGTH:
        return ("long", str(MAX_LENGTH))
    tokens = tokenize(text)
    if not tokens:
        return ("empty", "")
    names = {n: "s" for n in (*symbols, *CONSTANTS)} | {f: "f" for f in FUNCTIONS}
    depth = 0
    for tok in tokens:
        depth += {"(": 1, ")": -1}.get(tok[1], 0) if tok[0] == "op" else 0
        if depth < 0:
            return ("unbalanced", "")
    if depth:
        return ("unbalanced", "")
    for i, (kind, txt) in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if kind == "name" and txt not in names:
            return ("unknown", txt)
        if kind == "name" and names[txt] == "f" and nxt != ("op", "("):
            return ("call", txt)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        binary = tok[0] == "op" and tok[1] not in "()"
        if binary and (nxt is None or nxt == ("op", ")")):
            return ("dangling", tok[1])
        if binary and tok[1] not in "+-" and _unary(tokens, i):
            return ("starts", tok[1]) if i == 0 else ("operators", tokens[i - 1][1] + tok[1])
        if tok == ("op", "(") and nxt == ("op", ")"):
            return ("empty_parens", "")
        if nxt is not None and tok[0] == nxt[0] == "num":
            return ("numbers", f"{tok[1]} {nxt[1]}")
        if nxt is not None and _operand_end(tok, names) and _operand_start(nxt):
            if _term_has_division(tokens, i):
                return ("ambiguous", "")
    return None


def parse_answer(text: str, symbols: Mapping[str, sp.Symbol]) -> sp.Expr:
    """The SymPy expression of a reader's formula over the exercise's `symbols` (by name).

    `^` is a power, products may be implicit (``2x``, ``s(1-s)``), decimals become exact
    rationals. Raises FormulaError with the reader's message when `text` cannot be read.
    """
    problem = lex_problem(text, list(symbols))
    if problem is not None:
        raise FormulaError(message(problem[0], text.strip(), problem[1], list(symbols)))
    local = {**symbols, **CONSTANTS, **FUNCTIONS}
    builders = {k: getattr(sp, k) for k in ("Integer", "Float", "Rational", "Symbol")}
    try:
        expr = parse_expr(
            text.strip(), local_dict=local, global_dict=builders, transformations=TRANSFORMATIONS
        )
    except (SyntaxError, TypeError, ValueError, ZeroDivisionError) as err:
        # The lexical checks leave little that fails here; the reader still gets a sentence.
        raise FormulaError(message("unreadable", text.strip())) from err
    if not isinstance(expr, sp.Expr):
        raise FormulaError(message("unreadable", text.strip()))
    return expr


def to_mathjs(expr: sp.Expr) -> str:
    """`expr` in mathjs syntax (SymPy's string form with `^` for powers).

    Python and mathjs agree on the precedence of + - * / ^ and unary minus, and every
    function of `FUNCTIONS` except sigma (which `parse_answer` expands) has the same name.
    """
    unknown = {type(f).__name__ for f in expr.atoms(sp.Function)} - {"exp", "log", "tanh"}
    if unknown:
        raise ValueError(f"no mathjs translation for the function(s) {sorted(unknown)}")
    return sp.sstr(expr).replace("**", "^")
