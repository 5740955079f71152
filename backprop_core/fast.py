"""The speed path: the numbers of `backprop`, computed with reused buffers and in place.

Nothing here is new mathematics. `backprop.py` defines every number; this module computes the
same ones with four tricks, and tests/test_fast.py checks that the results differ only by
rounding on random architectures, losses, dtypes and batch sizes:

1. Buffers: a training step writes its activations, deltas and weight gradients into arrays
   kept between steps of the same batch size (fresh arrays of many megabytes cost page faults).
2. In place: each activation overwrites its pre-activation (sigma(a + b) in four passes, no
   temporaries), and each slope multiplies the delta in place; h^(l) becomes scratch memory
   once dL/dW^(l+1) = h^(l)^T delta^(l+1) has been formed, which is why that product comes
   first.
3. The learning rate (and 1/batch for reduction="mean") multiplies dL/dy once, so every delta
   and gradient comes out already scaled and the update is W^(l) -= (scaled dL/dW^(l)).
4. Bias gradients as ones @ delta, which BLAS runs on every core.

Lists here are numbered like the book's layers: index l holds layer l, index 0 is the input
h^(0) = X where a list has one, and unused (None) where there is no layer 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import backprop
from .activations import ACTIVATIONS, _softmax_backward
from .loss import Loss
from .validation import check_loss

if TYPE_CHECKING:
    from .mlp import MLP

Array = np.ndarray
FAST_ACTIVATIONS = ("sigmoid", "identity", "relu", "tanh", "softmax")


class Buffers:
    """Arrays one training step writes into, for one batch size; never handed to the user."""

    def __init__(self, sizes: list[int], batch: int, dtype: np.dtype) -> None:
        self.h = [None] + [np.empty((batch, n), dtype) for n in sizes[1:]]
        self.g = [None] + [np.empty((batch, n), dtype) for n in sizes[1:]]
        self.dW = [None] + [np.empty((i, o), dtype) for i, o in zip(sizes[:-1], sizes[1:])]
        self.ones = np.ones(batch, dtype)


def buffers_for(net: MLP, batch: int) -> Buffers:
    """The network's buffers for this batch size, kept for at most two sizes: full batches and
    one ragged last batch."""
    buf = net._buffers.get(batch)
    if buf is None:
        if len(net._buffers) >= 2:
            net._buffers.clear()
        buf = net._buffers[batch] = Buffers(net.sizes, batch, net.dtype)
    return buf


class Plan:
    """What the fast path needs to know of a network, worked out once when it is built: its
    activations' names numbered by layer (index 0 unused), and its loss's shortcuts."""

    def __init__(self, activations: list, loss: Loss) -> None:
        # A custom `Activation`, even one named 'sigmoid', goes through `backprop`.
        self.supported = all(
            f.name in FAST_ACTIVATIONS and ACTIVATIONS[f.name] is f for f in activations
        )
        self.f = [None, *(f.name for f in activations)]
        self.output = activations[-1]
        self.cross_entropy = loss.name == "cross_entropy"
        self.cancels = loss.cancels(activations[-1])


def supports(net: MLP) -> bool:
    """True if every activation of `net` is a built-in one with an in-place version here."""
    return net._plan.supported


def _activate(name: str, a: Array, b: Array | None) -> Array:
    """f(a + b) (f(a) if b is None), overwriting a. For the sigmoid, -(a + b) = (-b) - a in
    one pass; for a + b < -709.78 e^(-a-b) overflows to inf, harmlessly (1 / (1 + inf) = 0):
    the caller silences that warning once per pass (:eq:`eq-sigmoid-stable`)."""
    if name == "sigmoid":
        if b is None:
            np.negative(a, out=a)
        else:
            np.subtract(-b, a, out=a)
        np.exp(a, out=a)
        a += 1.0
        return np.reciprocal(a, out=a)
    if b is not None:
        a += b
    if name == "relu":
        return np.maximum(a, 0.0, out=a)
    if name == "tanh":
        return np.tanh(a, out=a)
    if name == "softmax":
        a -= a.max(axis=1, keepdims=True)
        np.exp(a, out=a)
        a /= a.sum(axis=1, keepdims=True)
    return a


def _times_slope(name: str, g: Array, h: Array, scratch: Array | None) -> Array:
    """g * f'(a) from h = f(a), in place in g; `scratch` (possibly h itself) takes the slope."""
    if name == "sigmoid":
        g *= h
        g *= np.subtract(1.0, h, out=scratch)
    elif name == "tanh":
        slope = np.multiply(h, h, out=scratch)
        g *= np.subtract(1.0, slope, out=slope)
    elif name == "relu":
        np.multiply(g, h > 0, out=g)
    return g


def forward(net: MLP, X: Array, buf: Buffers | None = None) -> tuple[list[Array], Array]:
    """h^(0..L) as a list numbered by layer, and a^(L) (kept apart only for cross-entropy,
    whose value is computed from the output layer's pre-activations)."""
    plan = net._plan
    W, b, f = [None, *net.weights], [None, *net.biases], plan.f
    L = len(f) - 1
    h = [X]
    a_L = None
    with np.errstate(over="ignore", under="ignore"):
        for l in range(1, L + 1):
            a = np.matmul(h[l - 1], W[l], out=None if buf is None else buf.h[l])
            if l == L and plan.cross_entropy:
                a += b[l]
                a_L = a
                h.append(_activate(f[l], a.copy(), None))
            else:
                h.append(_activate(f[l], a, b[l]))
    return h, a_L


def scaled_gradients(
    net: MLP, X: Array, T: Array, reduction: str, scale: float, buf: Buffers | None
) -> tuple[float, list[Array], list[Array]]:
    """(loss, dW, db), dW and db numbered by layer (index 0 unused) and multiplied by `scale`."""
    plan = net._plan
    W, f = [None, *net.weights], plan.f
    L = len(f) - 1
    h, a_L = forward(net, X, buf)
    y = h[L]
    batch = X.shape[0]
    g = np.subtract(y, T, out=None if buf is None else buf.g[L])
    if plan.cross_entropy:
        loss = net.loss_fn.value(plan.output, a_L, y, T)
    else:
        loss = 0.5 * float(np.vdot(g, g))
    check_loss(loss, T)  # NaN or inf targets: say so, before they spread through the deltas
    if reduction == "mean":
        loss /= batch
        scale /= batch
    if scale != 1.0:
        g *= scale
    # delta^(L): y - t when the slope cancels; otherwise dL/dy * f'(a^(L)) (L2 loss).
    if not plan.cancels:
        if f[L] == "softmax":
            g = _softmax_backward(g, y)
        else:
            g = _times_slope(f[L], g, y, scratch=y)
    dW: list[Array | None] = [None] * (L + 1)
    db: list[Array | None] = [None] * (L + 1)
    ones = np.ones(batch, X.dtype) if buf is None else buf.ones
    for l in range(L, 0, -1):
        dW[l] = np.matmul(h[l - 1].T, g, out=None if buf is None else buf.dW[l])
        db[l] = ones @ g
        if l > 1:  # delta^(l-1); h^(l-1) is dead once dW[l] exists: it becomes the scratch
            g = np.matmul(g, W[l].T, out=None if buf is None else buf.g[l - 1])
            g = _times_slope(f[l - 1], g, h[l - 1], scratch=h[l - 1])
    return loss, dW, db


def output(net: MLP, X: Array) -> tuple[Array | None, Array]:
    """(a^(L), y) for checked inputs X (a^(L) only where cross-entropy needs it, else None)."""
    if not supports(net):
        trace = backprop.forward(net, X)
        return trace.a[net.L], trace.y
    h, a_L = forward(net, X)
    return a_L, h[-1]


def gradients(
    net: MLP, X: Array, T: Array, reduction: str
) -> tuple[float, list[Array], list[Array]]:
    """(loss, dW, db) as lists, first layer first, for checked X and T."""
    if not supports(net):
        r = backprop.gradients(net, X, T, reduction)
        return r.loss, r.dW.to_list(), r.db.to_list()
    loss, dW, db = scaled_gradients(net, X, T, reduction, 1.0, None)
    return loss, dW[1:], db[1:]


def step(net: MLP, X: Array, T: Array, lr: float, reduction: str) -> float:
    """W^(l) <- W^(l) - lr dL/dW^(l) (:eq:`eq-update-rule`), with lr folded into dL/dy (trick 3).
    A non-finite loss stops the step before any parameter changes."""
    if not supports(net):
        return backprop.step(net, X, T, lr, reduction)
    loss, lr_dW, lr_db = scaled_gradients(net, X, T, reduction, lr, buffers_for(net, X.shape[0]))
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        W -= lr_dW[l]
        b -= lr_db[l]
    return loss
