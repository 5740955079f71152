"""The loss along one weight, every other parameter held fixed (chapter 'The squared-error loss').

    loss_along(net, X, T, l, i, j, values)   L(w) for w = W^(l)[i, j] set to each value
    slope_along(net, X, T, l, i, j)          dL/dw by backprop and by a centred difference

l is the book's layer number (1..L); (i, j) is the entry of the matrix W^(l) = net.W[l], so
the weight from unit i + 1 of layer l-1 to unit j + 1 of layer l. The caller's network is
never changed: the functions work on a copy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .mlp import MLP

Array = np.ndarray


def _check_entry(net: MLP, l: int, i: int, j: int) -> None:
    shape = net.W[l].shape  # net.W refuses a layer number that does not exist
    if not (0 <= i < shape[0] and 0 <= j < shape[1]):
        raise ValueError(f"W^({l}) has shape {shape}: there is no entry ({i}, {j})")


def loss_along(
    net: MLP, X: Array, T: Array, l: int, i: int, j: int, values: Sequence[float]
) -> Array:
    """The loss on (X, T) with the weight W^(l)[i, j] set to each of `values` in turn."""
    _check_entry(net, l, i, j)
    probe = net.copy()
    W = probe.W[l]
    out = []
    for value in values:
        W[i, j] = value
        out.append(probe.loss(X, T))
    return np.array(out)


def slope_along(
    net: MLP, X: Array, T: Array, l: int, i: int, j: int, eps: float = 1e-5
) -> tuple[float, float]:
    """(backprop, centred): dL/dw for w = W^(l)[i, j] at its current value, from
    `net.backprop` and from the centred difference (L(w + eps) - L(w - eps)) / (2 eps)
    (:eq:`eq-centred-difference`)."""
    _check_entry(net, l, i, j)
    dW = net.backprop(X, T).dW
    w = float(net.W[l][i, j])
    up, down = loss_along(net, X, T, l, i, j, [w + eps, w - eps])
    return float(dW[l][i, j]), float((up - down) / (2 * eps))
