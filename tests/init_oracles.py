"""Independent oracles for the initialisation chapter's package code (backprop_core.depth):
expectations over a normal pre-activation by mpmath's adaptive quadrature, the variance
recursions written out layer by layer, and the measured sizes computed sample by sample and
unit by unit in plain Python floats. Nothing here calls backprop_core's mathematics."""

from __future__ import annotations

import math

import mpmath

F = {
    "sigmoid": lambda a: 1 / (1 + mpmath.exp(-a)),
    "tanh": mpmath.tanh,
    "relu": lambda a: a if a > 0 else mpmath.mpf(0),
    "identity": lambda a: a,
}
DF = {
    "sigmoid": lambda a: mpmath.exp(-a) / (1 + mpmath.exp(-a)) ** 2,
    "tanh": lambda a: 1 / mpmath.cosh(a) ** 2,
    "relu": lambda a: mpmath.mpf(1) if a > 0 else mpmath.mpf(0),
    "identity": lambda a: mpmath.mpf(1),
}


def normal_mean(g, q: float) -> float:
    """E[g(a)] for a ~ N(0, q): mpmath.quad on each side of 0 (where ReLU has its kink)."""
    if q == 0:
        return float(g(mpmath.mpf(0)))
    sd = mpmath.sqrt(q)
    with mpmath.workdps(30):
        integrand = lambda z: g(sd * z) * mpmath.npdf(z)  # noqa: E731
        return float(mpmath.quad(integrand, [-mpmath.inf, -3, 0, 3, mpmath.inf]))


def predict(sizes, acts, variances, input_square=1.0, output_delta_square=1.0):
    """(Var a^(l), Var delta^(l)) for l = 1..L by the recursions of the chapter, written with
    the book's numbering: n[l] units in layer l, s2[l] = Var w^(l), f[l] the activation of
    layer l, q[l] = Var a^(l), r[l] = Var delta^(l)."""
    L = len(sizes) - 1
    n = dict(enumerate(sizes))  # n[0] inputs, ..., n[L] outputs
    s2 = {l: variances[l - 1] for l in range(1, L + 1)}
    f = {l: acts[l - 1] for l in range(1, L + 1)}
    q = {1: n[0] * s2[1] * input_square}  # h^(0) = x
    for l in range(2, L + 1):  # Var a^(l) = n_(l-1) s_l^2 E[f_(l-1)(a^(l-1))^2]
        h_square = normal_mean(lambda a, g=F[f[l - 1]]: g(a) ** 2, q[l - 1])
        q[l] = n[l - 1] * s2[l] * h_square
    r = {L: output_delta_square}
    for l in range(L - 1, 0, -1):  # Var delta^(l) = n_(l+1) s_(l+1)^2 E[f_l'(a^(l))^2] r[l+1]
        slope_square = normal_mean(lambda a, g=DF[f[l]]: g(a) ** 2, q[l])
        r[l] = n[l + 1] * s2[l + 1] * slope_square * r[l + 1]
    return [q[l] for l in range(1, L + 1)], [r[l] for l in range(1, L + 1)]


_FF = {"sigmoid": lambda a: 1 / (1 + math.exp(-a)), "tanh": math.tanh,
       "relu": lambda a: max(a, 0.0), "identity": lambda a: a}  # fmt: skip
_FD = {"sigmoid": lambda h: h * (1 - h), "tanh": lambda h: 1 - h * h,
       "relu": lambda h: 1.0 if h > 0 else 0.0, "identity": lambda h: 1.0}  # fmt: skip


def measure(nets, X, G):
    """(mean a^2, mean over units of the batch variance of a, mean delta^2, mean |delta|) per
    layer, averaged over the networks, with the output delta fixed to G, index by index."""
    total = None
    for net in nets:
        W = [w.tolist() for w in net.weights]
        acts, L = net.activations, len(W)
        rows = [[], [], [], []]
        a_all = []  # a_all[n][l-1][j]
        d_all = []
        for x, g in zip(X.tolist(), G.tolist()):
            h, a = [x], []
            for l in range(L):
                a.append([sum(h[-1][i] * W[l][i][j] for i in range(len(W[l])))
                          for j in range(len(W[l][0]))])  # fmt: skip
                h.append([_FF[acts[l]](v) for v in a[-1]])
            d = {L - 1: list(g)}
            for l in range(L - 2, -1, -1):
                d[l] = [sum(d[l + 1][k] * W[l + 1][j][k] for k in range(len(W[l + 1][0])))
                        * _FD[acts[l]](h[l + 1][j]) for j in range(len(h[l + 1]))]  # fmt: skip
            a_all.append(a)
            d_all.append([d[l] for l in range(L)])
        B = len(a_all)
        for l in range(L):
            n = len(a_all[0][l])
            values = [a_all[s][l][j] for s in range(B) for j in range(n)]
            rows[0].append(sum(v * v for v in values) / len(values))
            spread = 0.0
            for j in range(n):
                column = [a_all[s][l][j] for s in range(B)]
                mean = sum(column) / B
                spread += sum((v - mean) ** 2 for v in column) / B
            rows[1].append(spread / n)
            deltas = [d_all[s][l][j] for s in range(B) for j in range(n)]
            rows[2].append(sum(v * v for v in deltas) / len(deltas))
            rows[3].append(sum(abs(v) for v in deltas) / len(deltas))
        total = rows if total is None else [
            [t + r for t, r in zip(tr, rr)] for tr, rr in zip(total, rows)]  # fmt: skip
    return [[v / len(nets) for v in row] for row in total]
