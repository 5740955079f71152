"""Backpropagation as the book writes it, one equation per line (chapter 'The general algorithm').

For a network with layers l = 1..L, a batch X = h^(0) of row vectors and targets T:

============  ===================================================  ==============================
forward       a^(l) = h^(l-1) W^(l) + b^(l),  h^(l) = f_l(a^(l))    :eq:`eq-forward-matrix`
output delta  delta^(L) = dL/dy * f_L'(a^(L))                        :eq:`eq-general-output-delta`
recurrence    delta^(l) = (delta^(l+1) W^(l+1)^T) * f_l'(a^(l))      :eq:`eq-general-hidden-delta`
weights       dL/dW^(l) = h^(l-1)^T delta^(l)                        :eq:`eq-general-weight-grad`
biases        dL/db^(l) = sum over the batch of delta^(l)            :eq:`eq-general-bias-grad`
update        W^(l) <- W^(l) - eta dL/dW^(l), likewise b^(l)         :eq:`eq-update-rule`
============  ===================================================  ==============================

For the L2 loss dL/dy = y - t; for cross-entropy after a sigmoid or a softmax the output's slope
cancels and delta^(L) = y - t (:eq:`eq-ce-delta`, :eq:`eq-softmax-delta`).

This module is the reference: every number the package computes is defined here. `fast`
computes the same numbers with reused buffers and in-place arithmetic, and a property test
(tests/test_fast.py) checks on random networks that the two differ by no more than rounding
(a bound from the rounding error of the sums they form). The functions take a network whose
inputs have been checked (call them through `MLP`, which checks X and T).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .layers import Layers
from .validation import check_loss

if TYPE_CHECKING:
    from .mlp import MLP

Array = np.ndarray


class Trace(NamedTuple):
    """Everything a forward pass computes: a[l] = a^(l) for l = 1..L, h[l] = h^(l) for l = 0..L."""

    a: Layers[np.ndarray]  #: a[l] = a^(l), the pre-activations, l = 1..L
    h: Layers[np.ndarray]  #: h[l] = h^(l), the activations, l = 0..L (h[0] = X)

    @property
    def y(self) -> Array:
        """The output y = h^(L)."""
        return self.h[self.h.last]


class Backprop(NamedTuple):
    """Everything a backward pass computes, numbered by layer l = 1..L: the loss, the
    gradients dW[l] = dL/dW^(l) and db[l] = dL/db^(l), and the deltas delta[l] = delta^(l)."""

    loss: float  #: the loss of the batch
    dW: Layers[np.ndarray]  #: dW[l] = dL/dW^(l), l = 1..L
    db: Layers[np.ndarray]  #: db[l] = dL/db^(l), l = 1..L
    delta: Layers[np.ndarray]  #: delta[l] = delta^(l) = dL/da^(l), l = 1..L


def forward(net: MLP, X: Array) -> Trace:
    """The forward pass :eq:`eq-forward-matrix`, for any layers and activations, keeping
    every a^(l) and h^(l)."""
    W, b, f = net.W, net.b, net.f
    h = {0: X}
    a = {}
    for l in range(1, net.L + 1):
        a[l] = h[l - 1] @ W[l] + b[l]
        h[l] = f[l](a[l])
    return Trace(_layers(a, "a"), _layers(h, "h"))


def backward(net: MLP, trace: Trace, T: Array, reduction: str = "sum") -> Backprop:
    """The backward pass: the output delta :eq:`eq-general-output-delta`, the recurrence
    :eq:`eq-general-hidden-delta`, and the gradients :eq:`eq-general-weight-grad` and
    :eq:`eq-general-bias-grad` of every layer. After cross-entropy with a sigmoid or softmax
    output the output delta is y - t (:eq:`eq-ce-delta`, :eq:`eq-softmax-delta`)."""
    L, W, f, loss_fn = net.L, net.W, net.f, net.loss_fn
    a, h, y = trace.a, trace.h, trace.y
    per = 1.0 / T.shape[0] if reduction == "mean" else 1.0  # reduction="mean": L / batch
    loss = check_loss(loss_fn.value(f[L], a[L], y, T) * per, T)  # NaN/inf targets stop here
    delta = {}
    if loss_fn.cancels(f[L]):
        delta[L] = (y - T) * per  # eq-ce-delta, eq-softmax-delta: the slope cancels
    elif f[L].elementwise:
        dL_dy = loss_fn.grad(f[L], y, T) * per
        delta[L] = dL_dy * f[L].slope(a[L], y)  # eq-general-output-delta
    else:
        dL_dy = loss_fn.grad(f[L], y, T) * per
        delta[L] = f[L].backward(dL_dy, a[L], y)  # softmax: J^T dL/dy, eq-softmax-vjp
    for l in range(L - 1, 0, -1):
        delta[l] = (delta[l + 1] @ W[l + 1].T) * f[l].slope(a[l], h[l])  # eq-general-hidden-delta
    dW = {l: h[l - 1].T @ delta[l] for l in range(1, L + 1)}  # eq-general-weight-grad
    db = {l: delta[l].sum(axis=0) for l in range(1, L + 1)}  # eq-general-bias-grad
    return Backprop(loss, _layers(dW, "dW"), _layers(db, "db"), _layers(delta, "delta"))


def gradients(net: MLP, X: Array, T: Array, reduction: str = "sum") -> Backprop:
    """Forward, then backward: the loss, its gradients and every delta for the batch (X, T)."""
    return backward(net, forward(net, X), T, reduction)


def step(
    net: MLP, X: Array, T: Array, lr: float, reduction: str = "sum",
    layers: Sequence[int] | None = None,
) -> float:
    """One gradient-descent step :eq:`eq-update-rule` for every parameter (for one output
    weight, :eq:`eq-output-update`); returns the loss before the step. `layers` (numbers
    1..L) restricts the step to those layers, e.g. layers=[net.L] for the output layer only."""
    chosen = range(1, net.L + 1) if layers is None else list(layers)
    if any(isinstance(l, bool) or l not in range(1, net.L + 1) for l in chosen):
        raise ValueError(f"layers must be layer numbers 1..{net.L}, got {layers!r}")
    grads = gradients(net, X, T, reduction)
    for l in chosen:
        net.W[l] -= lr * grads.dW[l]
        net.b[l] -= lr * grads.db[l]
    return grads.loss


def _layers(values: dict[int, Array], name: str) -> Layers[Array]:
    first = min(values)
    return Layers([values[l] for l in range(first, first + len(values))], first, name)
