"""Checking the four source documents formula by formula (book appendix 'The sources, checked').

Three tools, used by the appendix `ch-errata`:

* `probe(net)` writes a `SymbolicMLP` out again with an additive probe symbol on every
  pre-activation and every unit output. A partial derivative such as dL/dh_j, the loss as a
  function of h_j with everything upstream held fixed, is then the derivative of the *fully
  composed* loss with respect to h_j's probe, at probe = 0. So every step of a document's chain
  rule can be checked on the composed network, not only its end result.
* `identical(lhs, rhs)` proves lhs = rhs for composed network expressions, fast: it replaces every
  function application (f(...), f'(...), exp(...)) by an independent symbol, innermost first, and
  checks that the difference is zero as a rational function of those symbols. That is a
  sufficient condition (a zero rational function stays zero whatever is substituted back), and it
  avoids `sp.simplify` on nested sigmoids, which takes minutes. `difference` shows a nonzero
  difference simplified, with each unit's value written under the document's own name.
* `Ledger` records one verdict per formula (correct, wrong, wrong (inherited), slip, lost) and
  per claim in prose, and renders the summary tables of the appendix as Markdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from .gradcheck import GradTable, flatten, numerical_gradients
from .mlp import MLP
from .symbolic import SymbolicMLP, apply_activation

Node = tuple[
    str, int, int
]  # ("a" or "h", layer l (1-based; h may be 0 for inputs), unit j (1-based))

VERDICTS = ("correct", "wrong", "wrong (inherited)", "slip", "lost")
CLAIM_VERDICTS = ("holds", "holds with a condition", "fails")


# ---- probed networks ---------------------------------------------------------------------------
@dataclass
class ProbedMLP:
    """A SymbolicMLP with a probe symbol added to every a_j^(l) and h_j^(l) (see module docstring).

    Indices are 1-based, as in the documents: a(l, j), h(l, j) with h(0, i) = x_i, and the weight
    w(l, i, j) from unit i of layer l-1 to unit j of layer l (the book's layout of W[l-1]).
    """

    net: SymbolicMLP
    _a: list[list[sp.Expr]]
    _h: list[list[sp.Expr]]
    _loss: sp.Expr
    _pa: list[list[sp.Dummy]]
    _ph: list[list[sp.Dummy]]
    _zero: dict = field(default_factory=dict)

    # values of the network (no probes): the fully composed expressions of the SymbolicMLP
    def a(self, l: int, j: int) -> sp.Expr:
        return self.net.a[l - 1][j - 1]

    def h(self, l: int, j: int) -> sp.Expr:
        return self.net.h[l][j - 1]

    def w(self, l: int, i: int, j: int) -> sp.Symbol:
        return self.net.W[l - 1][i - 1, j - 1]

    def b(self, l: int, j: int) -> sp.Expr:
        row = self.net.b[l - 1]
        return row[j - 1] if len(row) else sp.S.Zero

    def x(self, i: int) -> sp.Symbol:
        return self.net.x[i - 1]

    def t(self, k: int) -> sp.Symbol:
        return self.net.t[k - 1]

    @property
    def loss(self) -> sp.Expr:
        return self.net.loss

    def probed(self, node: Node | str) -> sp.Expr:
        """The probed expression of a node ("a" | "h", l, j), or of the loss "L"."""
        if node == "L":
            return self._loss
        kind, l, j = node
        return (self._a if kind == "a" else self._h)[l - 1][j - 1]

    def _probe(self, node: Node) -> sp.Dummy:
        kind, l, j = node
        if kind not in ("a", "h") or l < 1:
            raise ValueError(f"can only differentiate with respect to a unit, got {node!r}")
        return (self._pa if kind == "a" else self._ph)[l - 1][j - 1]

    def d(self, of: Node | str | sp.Expr, wrt: Node | sp.Symbol) -> sp.Expr:
        """The partial derivative d(of)/d(wrt) of the composed network, all else held fixed:
        the derivative with respect to wrt's probe, at probe = 0 (:eq:`eq-errata-probe`).

        `of` is "L" (the loss), a node ("a" | "h", l, j), or an expression built from
        `probed` nodes; `wrt` is a node or a parameter symbol.
        """
        expr = of if isinstance(of, sp.Expr) else self.probed(of)
        var = wrt if isinstance(wrt, sp.Symbol) else self._probe(wrt)
        return sp.diff(expr, var).xreplace(self._zero).doit()

    def slope(self, l: int, j: int) -> sp.Expr:
        """f'(a_j^(l)) = dh_j^(l)/da_j^(l), the activation's slope at unit j of layer l."""
        return self.d(("h", l, j), ("a", l, j))


def probe(net: SymbolicMLP) -> ProbedMLP:
    """`net` written out again with a probe on every pre-activation and unit output.

    `ProbedMLP.d` then takes partial derivatives as in :eq:`eq-errata-probe`.
    """
    pa, ph, A, H = [], [], [], [list(net.x)]
    for l, (W, b, act) in enumerate(zip(net.W, net.b, net.activations), start=1):
        n_in, n_out = W.shape
        pa.append([sp.Dummy(f"pa{l}_{j}") for j in range(1, n_out + 1)])
        ph.append([sp.Dummy(f"ph{l}_{j}") for j in range(1, n_out + 1)])
        bias = list(b) if len(b) else [sp.S.Zero] * n_out
        a = [
            sum(H[-1][i] * W[i, j] for i in range(n_in)) + bias[j] + pa[-1][j] for j in range(n_out)
        ]
        A.append(a)
        H.append([apply_activation(act, a_j) + p for a_j, p in zip(a, ph[-1])])
    loss = sp.Rational(1, 2) * sum((y - t) ** 2 for y, t in zip(H[-1], net.t))
    zero = {p: sp.S.Zero for row in pa + ph for p in row}
    return ProbedMLP(net, A, H[1:], loss, pa, ph, zero)


# ---- proofs on composed expressions --------------------------------------------------------------
class _Atoms:
    """Replace each function application by a symbol, innermost first, consistently."""

    def __init__(self) -> None:
        self.table: dict = {}
        self.cache: dict = {}

    def __call__(self, expr: sp.Expr) -> sp.Expr:
        expr = sp.sympify(expr)
        if expr in self.cache:
            return self.cache[expr]
        if expr.is_Atom:
            out = expr
        elif isinstance(expr, sp.Subs) and isinstance(expr.expr, sp.Derivative):
            # f'(point) as SymPy writes it: Subs(Derivative(f(xi), xi), xi, point)
            der = expr.expr
            key = ("d", der.expr.func, der.derivative_count, tuple(self(p) for p in expr.point))
            out = self.table.setdefault(key, sp.Dummy(f"atom{len(self.table)}"))
        elif isinstance(expr, (sp.Function, AppliedUndef, sp.Derivative, sp.Subs)):
            key = ("f", expr.func, tuple(self(arg) for arg in expr.args))
            out = self.table.setdefault(key, sp.Dummy(f"atom{len(self.table)}"))
        else:
            out = expr.func(*[self(arg) for arg in expr.args])
        self.cache[expr] = out
        return out


def identical(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """True if lhs - rhs is zero as a rational function of the network's function values.

    A proof that lhs = rhs everywhere both are defined; False means 'not shown', not 'unequal'
    (use a numeric evaluation for that). Unlike `symbolic.vanishes`, which handles exponentials,
    it also treats a generic activation f and its derivative f' as atoms.
    """
    atoms = _Atoms()
    d = atoms(lhs) - atoms(rhs)
    return sp.expand(sp.numer(sp.together(d))) == 0


def difference(
    stated: sp.Expr,
    correct: sp.Expr,
    names: Mapping[sp.Expr, sp.Expr],
    collect: Sequence[sp.Symbol] = (),
) -> sp.Expr:
    """sp.simplify(stated - correct), factored, with each unit's value shown under its name.

    `names` maps composed expressions (a unit's output h_j, its slope f'(a_j), a target t_k, ...)
    to display symbols. A sigmoid unit h = 1/(1 + e^(-a)) is named by solving for its
    exponential. Every function application left in the difference must be named. Sums among
    the factors are collected in the symbols `collect` (weights, say), each coefficient factored.
    """
    atoms = _Atoms()
    d = atoms(stated) - atoms(correct)
    rename: dict = {}
    for expr, name in names.items():
        atom = atoms(expr)
        if isinstance(atom, sp.Symbol):
            rename[atom] = name
            continue
        unknown = [s for s in atom.free_symbols if isinstance(s, sp.Dummy) and s not in rename]
        if len(unknown) == 1:
            solutions = sp.solve(sp.Eq(atom, name), unknown[0])
            if len(solutions) == 1:
                rename[unknown[0]] = solutions[0]
    d = sp.factor(sp.simplify(d.xreplace(rename)))
    if collect:
        d = sp.Mul(
            *[
                sp.collect(sp.expand(f), list(collect), sp.factor) if f.is_Add else f
                for f in sp.Mul.make_args(d)
            ]
        )
    if any(isinstance(s, sp.Dummy) for s in d.free_symbols):
        raise ValueError("a unit value in the difference has no name; add it to `names`")
    return d


def _value(expr: sp.Expr, rng: np.random.Generator) -> float | None:
    """expr at a random point of its free symbols (values 0.3..1.5 with random sign), or None
    if it contains an undefined function and so has no value."""
    if expr.atoms(AppliedUndef):
        return None
    symbols = sorted(expr.free_symbols, key=str)
    values = rng.uniform(0.3, 1.5, len(symbols)) * rng.choice([-1.0, 1.0], len(symbols))
    return float(sp.N(expr.xreplace(dict(zip(symbols, values.tolist()))), 30))


# ---- the ledger ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One checked formula or claim: where it stands, what it says, the verdict, the fix.

    id is "<document>.<number>" for a formula ("F25.29") and "<document>.C<number>" for a claim.
    """

    id: str
    where: str
    text: str
    verdict: str
    correction: str = ""
    kind: str = "formula"  # "formula", "definition" (a formula that defines), or "claim"

    @property
    def doc(self) -> str:
        return self.id.split(".")[0]


@dataclass
class MarkdownTable:
    """A Markdown table; Jupyter and the book render it (math included)."""

    header: list[str]
    rows: list[list[str]]

    def __str__(self) -> str:
        def line(cells: Iterable[str]) -> str:
            return "| " + " | ".join(c.replace("|", r"\|") for c in cells) + " |"

        out = [line(self.header), line(["---"] * len(self.header))]
        return "\n".join(out + [line(r) for r in self.rows])

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return str(self)


class Ledger:
    """Verdicts on the formulas and claims of the source documents, in the order checked."""

    def __init__(self, seed: int = 0) -> None:
        self.entries: list[Entry] = []
        self._rng = np.random.default_rng(seed)

    def _add(self, entry: Entry) -> str:
        """Record `entry`; ids must run 1, 2, 3, ... per document (C1, C2, ... for claims)."""
        same = [
            e
            for e in self.entries
            if e.doc == entry.doc and (e.kind == "claim") == (entry.kind == "claim")
        ]
        expected = f"{entry.doc}.{'C' if entry.kind == 'claim' else ''}{len(same) + 1}"
        if entry.id != expected:
            raise ValueError(f"expected the id {expected!r} next, got {entry.id!r}")
        self.entries.append(entry)
        return entry.verdict

    def check(
        self,
        id: str,
        where: str,
        formula: str,
        pairs: Sequence[tuple[sp.Expr, sp.Expr]],
        correction: str = "",
        fixed: Sequence[tuple[sp.Expr, sp.Expr]] = (),
        inherited: bool = False,
    ) -> str:
        """Verdict on a derived formula; `pairs` are (as stated, by direct differentiation).

        'correct' if every pair is proved identical. Otherwise the formula is 'wrong' (or 'wrong
        (inherited)' when its only fault is a wrong quantity defined earlier): that needs a
        `correction`, `fixed` pairs (corrected, true) that are all proved identical, and at least
        one stated pair shown unequal by evaluating it at a random point.
        """
        if all(identical(s, c) for s, c in pairs):
            if correction or fixed:
                raise ValueError(f"{formula}: proved correct, so it needs no correction")
            return self._add(Entry(id, where, formula, "correct"))
        if not correction or not fixed:
            raise ValueError(f"{formula}: not proved; a wrong formula needs a checked correction")
        if not all(identical(s, c) for s, c in fixed):
            raise ValueError(f"{formula}: the correction is not proved either")
        gaps = [_value(s - c, self._rng) for s, c in pairs]
        if not any(g is not None and abs(g) > 1e-9 for g in gaps):
            raise ValueError(f"{formula}: no pair was shown to differ at a random point")
        verdict = "wrong (inherited)" if inherited else "wrong"
        return self._add(Entry(id, where, formula, verdict, correction))

    def definition(
        self, id: str, where: str, formula: str, pairs: Sequence[tuple[sp.Expr, sp.Expr]] = ()
    ) -> str:
        """A formula that defines something; `pairs` check it is the network built here."""
        for s, c in pairs:
            if not identical(s, c):
                raise ValueError(f"{formula}: not the network of the document")
        return self._add(Entry(id, where, formula, "correct", kind="definition"))

    def slip(
        self,
        id: str,
        where: str,
        formula: str,
        fix: str,
        pairs: Sequence[tuple[sp.Expr, sp.Expr]] = (),
    ) -> str:
        """A notation or typographic slip: the formula as printed is not meaningful or names the
        wrong symbol, and `fix` (checked by `pairs`: fixed formula, true value) is what it meant."""
        for s, c in pairs:
            if not identical(s, c):
                raise ValueError(f"{formula}: the fix {fix} is not proved")
        return self._add(Entry(id, where, formula, "slip", fix))

    def lost(self, id: str, where: str, slot: str, meaning: str) -> str:
        """A formula the document lost (an image that did not survive); `meaning` from its prose."""
        return self._add(Entry(id, where, slot, "lost", meaning))

    def claim(self, id: str, where: str, claim: str, verdict: str, when: str) -> str:
        """A claim in prose, tested in the chapter: holds, holds with a condition, or fails."""
        if verdict not in CLAIM_VERDICTS:
            raise ValueError(f"a claim's verdict is one of {CLAIM_VERDICTS}, got {verdict!r}")
        return self._add(Entry(id, where, claim, verdict, when, kind="claim"))

    def formulas(self, doc: str | None = None) -> list[Entry]:
        return [e for e in self.entries if e.kind != "claim" and (doc is None or e.doc == doc)]

    def claims(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "claim"]

    def _span(self, first: str, last: str | None) -> list[Entry]:
        ids = [e.id for e in self.entries]
        start = ids.index(first)
        return self.entries[start : ids.index(last or first) + 1]

    def verdicts(self, first: str, last: str | None = None) -> list[str]:
        """The verdicts of the entries from id `first` to id `last` (inclusive), in order."""
        return [e.verdict for e in self._span(first, last)]

    def report(self, first: str, last: str | None = None) -> str:
        """One line per run of equal verdicts, e.g. 'V23.10 to V23.15: correct'."""
        lines, run = [], []
        for e in [*self._span(first, last), None]:
            if run and (e is None or e.verdict != run[0].verdict):
                ids = run[0].id if len(run) == 1 else f"{run[0].id} to {run[-1].id}"
                lines.append(f"{ids}: {run[0].verdict}")
                run = []
            if e is not None:
                run.append(e)
        return "\n".join(lines)

    def counts(self) -> dict[str, Counter]:
        """{doc: Counter(verdict)} over the formulas (not the claims), plus 'all'."""
        out: dict[str, Counter] = {}
        for e in self.formulas():
            out.setdefault(e.doc, Counter())[e.verdict] += 1
        out["all"] = sum(out.values(), Counter())
        return out

    def table(
        self, claims: bool = False, doc: str | None = None, verdict: str | None = None
    ) -> MarkdownTable:
        """The summary: one row per formula (or, with claims=True, per claim in prose),
        optionally only those of one document or with one verdict."""
        entries = [
            e
            for e in (self.claims() if claims else self.formulas())
            if (doc is None or e.doc == doc) and (verdict is None or e.verdict == verdict)
        ]
        last = ("claim", "holds when") if claims else ("formula", "correction")
        rows = [
            [
                f"[{e.doc}] {e.id.split('.')[1]}",
                e.where,
                _math(e.text) + (" (definition)" if e.kind == "definition" else ""),
                _verdict(e),
                _math(e.correction),
            ]
            for e in entries
        ]
        return MarkdownTable(["document", "location", last[0], "verdict", last[1]], rows)


def _math(text: str) -> str:
    """Markdown text (math in $...$) as a table cell; empty becomes a dash."""
    return text or "—"


def _verdict(e: Entry) -> str:
    """The verdict as a table cell: errors in bold (a definition is marked in its formula cell)."""
    if e.verdict.startswith("wrong"):
        return e.verdict.replace("wrong", "**wrong**")
    return "**fails**" if e.verdict == "fails" else e.verdict


# ---- numbers ------------------------------------------------------------------------------------
def counterexample(
    sym_net: SymbolicMLP,
    net: MLP,
    x: Sequence[float],
    t: Sequence[float],
    rows: Mapping[str, tuple[sp.Symbol, sp.Expr, sp.Expr]],
    digits: int = 8,
) -> GradTable:
    """Stated vs corrected vs finite difference at `net`'s float64 parameters and one sample.

    rows: {label: (parameter θ, stated dL/dθ, corrected dL/dθ)}, expressions of `sym_net`'s
    symbols. The finite difference is `numerical_gradients` on `net`, the SymPy column the exact
    derivative of the composed loss.
    """
    values = sym_net.substitutions(net, x, t)
    x2, t2 = np.asarray(x, float).reshape(1, -1), np.asarray(t, float).reshape(1, -1)
    # weights come first, so a bias-free symbolic net simply leaves the bias entries out
    numeric = dict(zip(sym_net.params, flatten(*numerical_gradients(net, x2, t2))))
    exact = dict(zip(sym_net.params, sym_net.gradient(net, x, t)))

    def value(expr: sp.Expr) -> float:
        return float(sp.N(sp.sympify(expr).xreplace(values), 30))

    columns: dict[str, list[float]] = {
        "as stated": [],
        "corrected": [],
        "SymPy": [],
        "finite diff.": [],
    }
    for theta, stated, corrected in rows.values():
        columns["as stated"].append(value(stated))
        columns["corrected"].append(value(corrected))
        columns["SymPy"].append(exact[theta])
        columns["finite diff."].append(numeric[theta])
    return GradTable(list(rows), {k: np.array(v) for k, v in columns.items()}, digits)


def named(
    P: ProbedMLP,
    unit: Callable[[int, int], str],
    slope: Callable[[int, int], str] | None = None,
) -> dict[sp.Expr, sp.Symbol]:
    """Display names for `difference`: every unit's output h_j^(l), given as unit(l, j), and,
    for a generic activation, its slope f'(a_j^(l)) as slope(l, j). A sigmoid's slope needs no
    name: `difference` writes it through the unit's output, h(1 - h)."""
    names = {}
    for l, layer in enumerate(P.net.h[1:], start=1):
        for j in range(1, len(layer) + 1):
            names[P.h(l, j)] = sp.Symbol(unit(l, j))
            if slope is not None:
                names[P.slope(l, j)] = sp.Symbol(slope(l, j))
    return names
