"""Affine maps in the worked example (chapter 'A worked example'): the affine function closest
to a network's outputs, and the single affine map that a network of identity layers is.

    closest_affine(X, y)   least squares: y ≈ c_1 x_1 + ... + c_n x_n + c_0
    collapse(net)          a^(L) = x V + c, V = W^(1) ... W^(L), when f_1 .. f_(L-1) are identity
"""

from __future__ import annotations

import numpy as np

from .mlp import MLP

Array = np.ndarray


def closest_affine(X: Array, y: Array) -> tuple[Array, float]:
    """The least-squares coefficients (c_1, ..., c_n, c_0) of y ≈ c_1 x_1 + ... + c_n x_n + c_0
    over the rows of X (shape (m, n)), and the largest residual abs(y - (X c + c_0)).

    y has shape (m,) or (m, 1). The coefficients minimise the sum of squared residuals, so for
    outputs that are themselves affine in x they are that function, up to rounding.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape not in ((X.shape[0],), (X.shape[0], 1)):
        raise ValueError(f"need X of shape (m, n) and y of shape (m,) or (m, 1), got "
                         f"{X.shape} and {y.shape}")
    y = y.reshape(-1)
    A = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return coef, float(np.max(np.abs(A @ coef - y)))


def collapse(net: MLP) -> tuple[Array, Array]:
    """(V, c) with a^(L) = x V + c for every input x, for a network whose layers 1..L-1 have
    the identity activation: V = W^(1) W^(2) ... W^(L) and c = (...(b^(1) W^(2) + b^(2)) ...)
    W^(L) + b^(L). With an identity output too, the network is the affine map x V + c
    (:eq:`eq-worked-collapse`)."""
    hidden = [f.name for f in list(net.f)[:-1]]
    if any(name != "identity" for name in hidden):
        raise ValueError(f"collapse needs identity hidden layers, the network has {hidden}")
    V, c = net.W[1].copy(), net.b[1].copy()
    for l in range(2, net.L + 1):
        V, c = V @ net.W[l], c @ net.W[l] + net.b[l]
    return V, c
