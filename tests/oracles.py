"""Independent oracles for the unit tests: the book's index formulas as Python loops in mpmath.

Nothing here calls backprop_core or NumPy arithmetic. Every number is built from scalars, one
index at a time, in mpmath at 40 significant digits (so an oracle's own rounding is far below
float64's), exactly as the book writes the formulas:

    a_j = sum_i h_i w_ij + b_j,   h_j = f(a_j)                        forward
    delta_k = (y_k - t_k) f'(a_k)                                      output delta, L2
    delta_m = sum_k (y_k - t_k) y_k (d_km - y_m)                       softmax output, L2
    delta_k = y_k - t_k                                                cross-entropy output
    delta_j = (sum_k delta_k w_jk) f'(a_j)                             hidden delta
    dL/dw_ij = sum_n h_ni delta_nj,   dL/db_j = sum_n delta_nj         gradients

with every delta divided by the batch size B for reduction="mean". The derivatives f' are the
textbook closed forms; tests/test_oracles.py checks them, and the whole oracle, against mpmath's
own numerical differentiation of the loss.

Alongside each value the oracle computes a *magnitude*: the same sum with every term replaced
by its absolute value (|h|^T |delta| for dL/dW, the deltas' recurrence run on |W| and |f'|).
Two float computations of one value can differ by at most a few eps times this magnitude; they
can differ by far more than eps times the value itself, when its terms cancel.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np

M = mpmath.mpf
DPS = 40  # digits of every oracle computation (mpmath.workdps(DPS) around each entry point)


# ---- scalar activations and their derivatives, from the definitions -------------------------
def act(name: str, a):
    if name == "sigmoid":
        return 1 / (1 + mpmath.exp(-a))
    if name == "tanh":
        return mpmath.tanh(a)
    if name == "relu":
        return a if a > 0 else M(0)
    if name == "identity":
        return a
    raise ValueError(name)


def act_prime(name: str, a):
    if name == "sigmoid":
        s = act("sigmoid", a)
        return s * (1 - s)
    if name == "tanh":
        return mpmath.sech(a) ** 2
    if name == "relu":
        return M(1) if a > 0 else M(0)  # the kink gets 0, the package's documented convention
    if name == "identity":
        return M(1)
    raise ValueError(name)


# max |f''| of each activation: how far a rounding error da in a moves f'(a) (ReLU: 0 away from
# its kink, which the tests keep their pre-activations away from)
CURVATURE = {"sigmoid": 0.1, "tanh": 0.77, "relu": 0.0, "identity": 0.0}


def slope_mag(name: str, a, a_mag):
    """|f'(a)| plus what a rounding of a (of a_mag times eps) can add to it, per eps."""
    return abs(act_prime(name, a)) + CURVATURE[name] * a_mag


def softmax_row(a: list) -> list:
    m = max(a)
    e = [mpmath.exp(v - m) for v in a]
    s = sum(e)
    return [v / s for v in e]


def log_softmax_row(a: list) -> list:
    m = max(a)
    lse = m + mpmath.log(sum(mpmath.exp(v - m) for v in a))
    return [v - lse for v in a]


def softplus(z):
    """log(1 + e^z), exactly (mpmath has the range for e^(1e300))."""
    return mpmath.log1p(mpmath.exp(z)) if z < 0 else z + mpmath.log1p(mpmath.exp(-z))


# ---- losses of one sample, from the definitions -------------------------------------------
def sample_loss(loss: str, output: str, a: list, y: list, t: list):
    if loss == "l2":
        return sum((yk - tk) ** 2 for yk, tk in zip(y, t)) / 2
    if output == "sigmoid":  # -[t log y + (1 - t) log(1 - y)], log y = -softplus(-a)
        return sum(tk * softplus(-ak) + (1 - tk) * softplus(ak) for ak, tk in zip(a, t))
    return -sum(tk * lk for tk, lk in zip(t, log_softmax_row(a)))


# ---- the network ----------------------------------------------------------------------------
def to_mp(array) -> list:
    """A NumPy array (or nested list) as nested lists of exact mpf values."""
    values = np.asarray(array, dtype=np.float64).tolist()
    if isinstance(values, float):
        return M(values)
    return [to_mp(v) if isinstance(v, list) else M(v) for v in values]


def to_np(values) -> np.ndarray:
    return np.array(values, dtype=object).astype(np.float64)


@dataclass
class Net:
    """Weights W[l][i][j], biases b[l][j] and activation names, l = 0..L-1 (lists)."""

    W: list
    b: list
    acts: list
    loss: str = "l2"

    @classmethod
    def of(cls, net) -> Net:
        return cls(
            [to_mp(W) for W in net.weights], [to_mp(b) for b in net.biases],
            list(net.activations), net.loss_fn.name,
        )


def forward_sample(net: Net, x: list) -> tuple[list, list]:
    """(a, h) of one sample: a[l] = a^(l+1), h[l] = h^(l) (h[0] = x), as lists of mpf."""
    h, a = [list(x)], []
    for W, b, name in zip(net.W, net.b, net.acts):
        prev = h[-1]
        a_l = [sum(prev[i] * W[i][j] for i in range(len(prev))) + b[j] for j in range(len(b))]
        a.append(a_l)
        h.append(softmax_row(a_l) if name == "softmax" else [act(name, v) for v in a_l])
    return a, h


@mpmath.workdps(DPS)
def loss(net: Net, X, T, reduction: str = "sum"):
    return _loss(net, to_mp(X), to_mp(T), reduction)


def _loss(net: Net, X: list, T: list, reduction: str):
    total = M(0)
    for x, t in zip(X, T):
        a, h = forward_sample(net, x)
        total += sample_loss(net.loss, net.acts[-1], a[-1], h[-1], t)
    return total / len(X) if reduction == "mean" else total


@dataclass
class Result:
    """Per-layer lists (l = 0..L-1), each an np.float64 array, and their magnitudes."""

    loss: float
    a: list
    h: list  # h[0] = X
    delta: list
    dW: list
    db: list
    a_mag: list
    h_mag: list  # h_mag[0] = |X|
    loss_mag: float
    delta_mag: list
    dW_mag: list
    db_mag: list


@mpmath.workdps(DPS)
def backprop(net: Net, X, T, reduction: str = "sum") -> Result:
    """Loss, activations, deltas and gradients by the index formulas, sample by sample."""
    X, T = to_mp(X), to_mp(T)
    B, L = len(X), len(net.W)
    per = M(1) / B if reduction == "mean" else M(1)
    out = net.acts[-1]
    sizes = [len(X[0])] + [len(b) for b in net.b]
    A = [[None] * B for _ in range(L)]
    H = [[None] * B for _ in range(L + 1)]
    A_mag = [[None] * B for _ in range(L)]
    H_mag = [[None] * B for _ in range(L + 1)]
    D = [[None] * B for _ in range(L)]
    D_mag = [[None] * B for _ in range(L)]
    total = total_mag = M(0)
    for n in range(B):
        a, h = forward_sample(net, X[n])
        H[0][n], H_mag[0][n] = h[0], [abs(v) for v in h[0]]
        for l in range(L):
            A[l][n], H[l + 1][n] = a[l], h[l + 1]
            W, b, name = net.W[l], net.b[l], net.acts[l]
            # a's rounding: the terms' sum, plus the error h^(l) brought along through |W|
            A_mag[l][n] = am = [
                sum(H_mag[l][n][i] * abs(W[i][j]) for i in range(sizes[l])) + abs(b[j])
                for j in range(sizes[l + 1])
            ]
            if name == "softmax":  # dy_k = y_k (da_k - sum_m y_m da_m): at most 2 y_k max|da|
                H_mag[l + 1][n] = [yk * (1 + 2 * max(am)) for yk in h[l + 1]]
            else:  # dh = f'(a) da, plus h's own rounding
                H_mag[l + 1][n] = [
                    abs(act_prime(name, v)) * m + abs(hv) for v, m, hv in zip(a[l], am, h[l + 1])
                ]
        y, t = h[L], T[n]
        total += sample_loss(net.loss, out, a[L - 1], y, t)
        # d loss / d y_k or d a_k is at most |y_k| + |t_k| (+ 1 for the cross-entropy's softplus)
        ym, am = H_mag[L][n], A_mag[L - 1][n]
        total_mag += sum(
            (ym[k] + abs(t[k]) + 1) * (ym[k] + am[k] + abs(t[k])) for k in range(len(t))
        )
        K = sizes[L]
        gm = [(ym[k] + abs(t[k])) * per for k in range(K)]  # magnitude of y - t
        if net.loss == "cross_entropy":  # the activation's slope cancels: delta = y - t
            d, dm = [(y[k] - t[k]) * per for k in range(K)], gm
        elif out == "softmax":  # delta_m = sum_k (y_k - t_k) y_k (d_km - y_m)
            g = [(y[k] - t[k]) * per for k in range(K)]
            d = [sum(g[k] * y[k] * (int(k == m) - y[m]) for k in range(K)) for m in range(K)]
            dm = [ym[m] * (gm[m] + sum(gm[k] * ym[k] for k in range(K))) for m in range(K)]
        else:  # delta_k = (y_k - t_k) f'(a_k)
            fp = [act_prime(out, v) for v in a[L - 1]]
            d = [(y[k] - t[k]) * per * fp[k] for k in range(K)]
            dm = [gm[k] * slope_mag(out, a[L - 1][k], am[k]) for k in range(K)]
        D[L - 1][n], D_mag[L - 1][n] = d, dm
        for l in range(L - 2, -1, -1):  # delta_j = (sum_k delta_k w_jk) f'(a_j)
            W_next, nxt, nxt_m = net.W[l + 1], D[l + 1][n], D_mag[l + 1][n]
            fp = [act_prime(net.acts[l], v) for v in a[l]]
            D[l][n] = [
                sum(nxt[k] * W_next[j][k] for k in range(sizes[l + 2])) * fp[j]
                for j in range(sizes[l + 1])
            ]
            D_mag[l][n] = [
                sum(nxt_m[k] * abs(W_next[j][k]) for k in range(sizes[l + 2]))
                * slope_mag(net.acts[l], a[l][j], A_mag[l][n][j])
                for j in range(sizes[l + 1])
            ]
    dW, db, dW_mag, db_mag = [], [], [], []
    for l in range(L):  # dL/dw_ij = sum_n h_ni delta_nj, dL/db_j = sum_n delta_nj
        n_in, n_out = sizes[l], sizes[l + 1]
        dW.append([[sum(H[l][n][i] * D[l][n][j] for n in range(B)) for j in range(n_out)]
                   for i in range(n_in)])
        dW_mag.append([[sum(abs(H[l][n][i]) * D_mag[l][n][j] for n in range(B))
                        for j in range(n_out)] for i in range(n_in)])
        db.append([sum(D[l][n][j] for n in range(B)) for j in range(n_out)])
        db_mag.append([sum(D_mag[l][n][j] for n in range(B)) for j in range(n_out)])
    return Result(
        float(total * per),
        [to_np(v) for v in A], [to_np(v) for v in H], [to_np(v) for v in D],
        [to_np(v) for v in dW], [to_np(v) for v in db],
        [to_np(v) for v in A_mag], [to_np(v) for v in H_mag], float(total_mag * per),
        [to_np(v) for v in D_mag],
        [to_np(v) for v in dW_mag], [to_np(v) for v in db_mag],
    )


@mpmath.workdps(DPS)
def numeric_gradients(net: Net, X, T, reduction: str = "sum") -> tuple[list, list]:
    """(dW, db) by mpmath's numerical differentiation of the loss at 40 digits: no delta, no
    chain rule, only the definition of the derivative. Slow: for the oracle's own test."""
    dW, db = [], []
    Xm, Tm = to_mp(X), to_mp(T)
    for group, out in ((net.W, dW), (net.b, db)):
        for P in group:
            G = []
            rows = P if isinstance(P[0], list) else [P]
            for row in rows:
                g_row = []
                for k in range(len(row)):
                    saved = row[k]

                    def f(v, row=row, k=k):
                        row[k] = v
                        return _loss(net, Xm, Tm, reduction)  # at diff's working precision

                    g_row.append(mpmath.diff(f, saved))
                    row[k] = saved
                G.append(g_row)
            out.append(to_np(G if isinstance(P[0], list) else G[0]))
    return dW, db


def assert_near(got, want, mag, rtol: float, what: str = "") -> None:
    """|got - want| <= rtol * mag elementwise (mag: the magnitude of the summed terms)."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    mag = np.broadcast_to(np.asarray(mag, dtype=np.float64), want.shape)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    err = np.abs(got - want)
    bound = rtol * mag
    bad = ~(err <= bound)
    assert not bad.any(), (
        f"{what}: |got - want| exceeds {rtol:g} x magnitude at {np.argwhere(bad)[0].tolist()}: "
        f"got {got[bad][0]!r}, want {want[bad][0]!r}, magnitude {mag[bad][0]!r}"
    )
