"""The prober: a network written out again so that every step of a chain rule can be checked.

`probe(net)` writes a `SymbolicMLP` out again with an additive probe symbol on every
pre-activation and every unit output. A partial derivative such as dL/dh_j, the loss as a
function of h_j with everything upstream held fixed, is then the derivative of the *fully
composed* loss with respect to h_j's probe, at probe = 0. So every step of a document's chain
rule can be checked on the composed network, not only its end result (book appendix 'The
sources, checked', :eq:`eq-errata-probe`). Proofs use `symbolic.identical`; `difference` shows a
nonzero difference simplified, with each unit's value written under the document's own name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import sympy as sp

from ..symbolic import Atoms, SymbolicMLP, apply_activation

#: A unit of the network: ("a" or "h", layer l (1-based; h may be 0 for inputs), unit j (1-based)).
Node = tuple[str, int, int]


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
    atoms = Atoms()
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
