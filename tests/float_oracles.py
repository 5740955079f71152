"""Independent oracles for the tests: the book's formulas written out index by index in plain
Python floats, sharing no code with backprop_core, and the page-weight budget."""

from __future__ import annotations

import math

STAND_IN_LIMIT = 300_000  # bytes of one explorer's HTML stand-in (light pages, issue 12.4)

_F = {
    "sigmoid": lambda a: 1.0 / (1.0 + math.exp(-a)),
    "identity": lambda a: a,
    "tanh": math.tanh,
    "relu": lambda a: max(a, 0.0),
}


def forward(weights, biases, acts, x) -> list[list[float]]:
    """h^(0) = x, h^(l)_j = f_l(sum_i h^(l-1)_i w^(l)_ij + b^(l)_j), for one sample, as lists."""
    h = [[float(v) for v in x]]
    for W, b, act in zip(weights, biases, acts):
        n_in, n_out = len(W), len(W[0])
        a = [sum(h[-1][i] * float(W[i][j]) for i in range(n_in)) + float(b[j])
             for j in range(n_out)]
        h.append([_F[act](v) for v in a])
    return h


def l2_loss(net, X, T) -> float:
    """The summed loss 1/2 sum_n sum_k (y_nk - t_nk)^2 of a backprop_core.MLP, by `forward`."""
    total = 0.0
    for x, t in zip(X, T):
        y = forward(net.weights, net.biases, net.activations, x)[-1]
        total += 0.5 * sum((yk - float(tk)) ** 2 for yk, tk in zip(y, t))
    return total


_DF = {  # f'(a) from a and h = f(a)
    "sigmoid": lambda a, h: h * (1 - h),
    "identity": lambda a, h: 1.0,
    "tanh": lambda a, h: 1 - h * h,
    "relu": lambda a, h: 1.0 if a > 0 else 0.0,
}


def deltas(weights, biases, acts, x, t) -> list[list[float]]:
    """delta^(1), ..., delta^(L) for one sample under the L2 loss, index by index:
    delta^(L)_k = (y_k - t_k) f_L'(a_k),
    delta^(l)_j = (sum_k delta^(l+1)_k w^(l+1)_jk) f_l'(a_j)."""
    h = [[float(v) for v in x]]
    a = [None]
    for W, b, act in zip(weights, biases, acts):
        a.append([sum(h[-1][i] * float(W[i][j]) for i in range(len(W))) + float(b[j])
                  for j in range(len(W[0]))])
        h.append([_F[act](v) for v in a[-1]])
    L = len(weights)
    d = {L: [(y - float(tk)) * _DF[acts[-1]](ak, y) for y, tk, ak in zip(h[L], t, a[L])]}
    for l in range(L - 1, 0, -1):
        W = weights[l]  # W^(l+1), from layer l to layer l+1
        d[l] = [
            sum(d[l + 1][k] * float(W[j][k]) for k in range(len(W[0])))
            * _DF[acts[l - 1]](a[l][j], h[l][j])
            for j in range(len(h[l]))
        ]
    return [d[l] for l in range(1, L + 1)]


def sigmoid_deltas(weights, biases, x, t) -> list[list[float]]:
    """`deltas` of an all-sigmoid network: the sources' delta_k = (y_k - t_k) y_k (1 - y_k) and
    delta_j = (sum_k delta_k u_jk) h_j (1 - h_j)."""
    return deltas(weights, biases, ["sigmoid"] * len(weights), x, t)
