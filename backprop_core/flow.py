"""What the backward pass carries along each edge and into each layer (chapters
'Backpropagation for a hidden layer' and 'The general algorithm').

=================  ====================  ====================================================
`backward_shares`  w^(l)_ij delta^(l)_j  unit j's part of dL/dh^(l-1)_i (:eq:`eq-hidden-dL-dh`)
summed over j      dL/dh^(l-1)_i         the bracket of :eq:`eq-hidden-delta`
`delta_sizes`      mean abs(delta^(l))   how much error reaches each layer l = 1..L
=================  ====================  ====================================================
"""

from __future__ import annotations

import numpy as np

from .mlp import MLP

Array = np.ndarray

MAX_SIGMOID_L2_DELTA = 4 / 27
"""The largest abs(delta) = abs((y - t) y (1 - y)) of a sigmoid output under the L2 loss, for y
in (0, 1) and t in [0, 1]: 4/27, reached as y -> 2/3 with t = 0 (:eq:`eq-output-delta-max`)."""


def backward_shares(net: MLP, x: Array, t: Array) -> list[Array]:
    """What each edge carries backward for one sample: shares[l-1][i, j] = w^(l)_ij delta^(l)_j.

    For the edge from unit i of layer l-1 to unit j of layer l, delta_j w_ij is unit j's
    contribution to dL/dh_i; summed over j it is dL/dh_i (:eq:`eq-hidden-dL-dh`), the bracket of
    :eq:`eq-hidden-delta`.
    (x, t) is one sample; the arrays are shaped like `net.weights` (first layer first).
    """
    x = np.asarray(x, dtype=float).reshape(1, -1)
    t = np.asarray(t, dtype=float).reshape(1, -1)
    delta = net.backprop(x, t).delta
    return [net.W[l] * delta[l][0][np.newaxis, :] for l in range(1, net.L + 1)]


def delta_sizes(net: MLP, X: Array, T: Array) -> list[float]:
    """Mean abs(delta^(l)) over the batch and the units of layer l, for l = 1..L (first layer
    first): how much of the output's error reaches each layer (:eq:`eq-general-hidden-delta`)."""
    delta = net.backprop(X, T).delta
    return [float(np.abs(delta[l]).mean()) for l in range(1, net.L + 1)]


def hidden_gradient_bound(U: Array) -> float:
    """A bound on abs(dL/dh_j) = abs(sum_k delta_k u_jk) over every hidden unit j, every input
    and every target in [0, 1], for a sigmoid output layer with weights U under the L2 loss:
    (4/27) max_j sum_k abs(u_jk) (`MAX_SIGMOID_L2_DELTA`)."""
    U = np.asarray(U, dtype=float)
    return MAX_SIGMOID_L2_DELTA * float(np.abs(U).sum(axis=1).max())
