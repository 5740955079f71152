"""The four equations of backpropagation written out in SymPy for a symbolic network and a
batch (chapter 'The general algorithm'), so that a proof can compare them with the derivatives
of the composed loss::

    net = symbolic_mlp([2, 2, 2, 2], activations=[f1, f2, f3])
    batch = [symbolic_sample(net, n) for n in (1, 2)]
    eqs = symbolic_backprop(batch)
    loss = sum(s.loss for s in batch)
    assert all(vanishes(sp.diff(loss, p) - eqs.gradient[p]) for p in net.params)

Rows are samples, as in the package: delta[l] is a B x n_l matrix. Layers are numbered as in
the book, l = 1..L (a `SymbolicMLP` keeps plain lists, so its W[l - 1] is W^(l)). The slopes
are `slope(f_l, a)`: for an undefined f that is SymPy's own f'(a), the object `sp.diff` makes,
so a proof covers every activation at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import sympy as sp

from ..layers import Layers
from .network import SymbolicMLP, slope


class SymbolicBackprop(NamedTuple):
    """The four equations for a batch, layer by layer (l = 1..L), and every parameter's
    gradient: gradient[p] for each symbol p of `SymbolicMLP.params`."""

    delta: Layers[sp.Matrix]  #: delta[l] = delta^(l), one row per sample
    dW: Layers[sp.Matrix]  #: dW[l] = dL/dW^(l) = h^(l-1)^T delta^(l)
    db: Layers[sp.Matrix]  #: db[l] = dL/db^(l), the column sums of delta^(l)
    gradient: dict[sp.Symbol, sp.Expr]  #: every weight and bias -> its gradient


def rows(
    batch: Sequence[SymbolicMLP], per_sample: Callable[[SymbolicMLP], Sequence[sp.Expr]]
) -> sp.Matrix:
    """The matrix with one row per sample, row n = per_sample(batch[n])."""
    return sp.Matrix([list(per_sample(s)) for s in batch])


def slopes(batch: Sequence[SymbolicMLP], l: int) -> sp.Matrix:
    """f_l'(a^(l)), one row per sample: the slopes of layer l at its pre-activations."""
    return rows(batch, lambda s: [slope(s.activations[l - 1], a) for a in s.a[l - 1]])


def recurrence(delta_next: sp.Matrix, W_next: sp.Matrix, slope_l: sp.Matrix) -> sp.Matrix:
    """delta^(l) = (delta^(l+1) W^(l+1)^T) * f_l'(a^(l)), the product entry by entry
    (:eq:`eq-general-hidden-delta`)."""
    if delta_next.shape[1] != W_next.shape[1] or slope_l.shape[1] != W_next.shape[0]:
        raise ValueError(
            f"delta^(l+1) {delta_next.shape}, W^(l+1) {W_next.shape} and f'(a^(l)) "
            f"{slope_l.shape} do not fit: W^(l+1) must be n_l x n_(l+1)"
        )
    return (delta_next * W_next.T).multiply_elementwise(slope_l)


def symbolic_backprop(batch: SymbolicMLP | Sequence[SymbolicMLP]) -> SymbolicBackprop:
    """The output delta :eq:`eq-general-output-delta`, the recurrence
    :eq:`eq-general-hidden-delta` and the gradients :eq:`eq-general-weight-grad` and
    :eq:`eq-general-bias-grad` of the L2 loss summed over `batch`, a list of samples of one
    network (`symbolic_sample`) or one `SymbolicMLP` (a batch of one)."""
    batch = [batch] if isinstance(batch, SymbolicMLP) else list(batch)
    if not batch or not all(isinstance(s, SymbolicMLP) for s in batch):
        raise ValueError("batch must be a SymbolicMLP or a non-empty list of them")
    first = batch[0]
    if any(s.W != first.W or s.b != first.b or s.activations != first.activations for s in batch):
        raise ValueError("the samples of a batch must share one network's parameters")
    W, L = first.W, len(first.W)
    y, t = rows(batch, lambda s: s.y), rows(batch, lambda s: s.t)
    delta = {L: (y - t).multiply_elementwise(slopes(batch, L))}  # eq-general-output-delta
    for l in range(L - 1, 0, -1):
        delta[l] = recurrence(delta[l + 1], W[l], slopes(batch, l))  # W[l] is W^(l+1)
    dW = {l: rows(batch, lambda s, l=l: s.h[l - 1]).T * delta[l] for l in delta}
    db = {l: sp.ones(1, len(batch)) * delta[l] for l in delta}
    gradient = {}
    for l in range(1, L + 1):
        gradient |= dict(zip(W[l - 1], dW[l]))  # both row-major: w_ij in order
        gradient |= dict(zip(first.b[l - 1], db[l]))

    def layers(d: dict[int, sp.Matrix], name: str) -> Layers[sp.Matrix]:
        return Layers([d[l] for l in range(1, L + 1)], 1, name)

    return SymbolicBackprop(layers(delta, "delta"), layers(dW, "dW"), layers(db, "db"), gradient)
