"""The four formulas of backpropagation, one function each, vectorized over the batch.

Shapes for a batch of B row vectors: h_prev (B, n_in), W (n_in, n_out), delta (B, n_out).

    output layer  delta = (y - t) * f'(a)                  eq-output-delta, eq-general-output-delta
    hidden layer  delta = (delta_next @ W_next.T) * f'(a)  eq-hidden-delta, eq-general-hidden-delta
    weights       dL/dW = h_prev.T @ delta                 eq-output-matrix, eq-general-weight-grad
    biases        dL/db = delta summed over the batch      eq-output-bias-grad, eq-general-bias-grad

Each public function checks its arguments and then calls the unchecked core below it; the
network calls the cores directly, having checked its own inputs once.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, get_activation
from .checks import as_array, as_batch, check_reduction, same_shape
from .loss import _l2_loss_grad

Array = np.ndarray


def output_delta(
    y: Array, t: Array, activation: str | Activation = "sigmoid", reduction: str = "sum"
) -> Array:
    """Output-layer delta, delta_j = (y_j - t_j) f'(a_j), book eq. `eq-output-delta`.

    For the sigmoid, f'(a_j) = y_j (1 - y_j), so delta_j = (y_j - t_j) y_j (1 - y_j).
    f' is computed from the output y = f(a). `y`, `t`: shape (batch, n_out). With
    reduction="mean" the loss is averaged over the batch, so delta is divided by the batch size.
    """
    check_reduction(reduction)
    act = get_activation(activation)
    y = as_batch("y", y)
    t = as_batch("t", t, dtype=y.dtype)
    same_shape("y", y, "t", t)
    return _output_delta(_l2_loss_grad(y, t, reduction), y, act)


def _output_delta(dL_dy: Array, y: Array, act: Activation, scratch: Array | None = None) -> Array:
    # delta = dL/dy * f'(a), in place in dL_dy (eq-general-output-delta).
    return act.backward(dL_dy, y, scratch)


def hidden_delta(
    delta_next: Array, W_next: Array, h: Array, activation: str | Activation = "sigmoid"
) -> Array:
    """Hidden-layer delta, delta_j = (sum_k delta_k w_jk) f'(a_j), book eq. `eq-hidden-delta`.

    In matrix form Delta = (Delta_next W_next^T) * f'(A) (eq. `eq-hidden-matrix`); for the
    sigmoid, f'(A) = H * (1 - H). Shapes: delta_next (batch, n_next), W_next (n, n_next),
    h (batch, n), the layer's own output h = f(a).
    """
    act = get_activation(activation)
    delta_next = as_batch("delta_next", delta_next)
    h = as_batch("h", h, dtype=delta_next.dtype)
    W_next = as_array("W_next", W_next, dtype=delta_next.dtype)
    expected = (h.shape[1], delta_next.shape[1])
    if W_next.shape != expected:
        raise ValueError(
            f"W_next must have shape (n, n_next) = {expected} to match h {h.shape} and "
            f"delta_next {delta_next.shape}, got {W_next.shape}"
        )
    if h.shape[0] != delta_next.shape[0]:
        raise ValueError(
            f"h and delta_next must have the same batch size, got {h.shape[0]} and "
            f"{delta_next.shape[0]}"
        )
    return _hidden_delta(delta_next, W_next, h, act)


def _hidden_delta(
    delta_next: Array,
    W_next: Array,
    h: Array,
    act: Activation,
    out: Array | None = None,
    scratch: Array | None = None,
) -> Array:
    return act.backward(np.matmul(delta_next, W_next.T, out=out), h, scratch)


def weight_gradient(h_prev: Array, delta: Array) -> Array:
    """dL/dW = h_prev^T delta, shape (n_in, n_out), book eq. `eq-output-matrix`.

    Entry (i, j) is sum over the batch of h_i delta_j (eq. `eq-output-weight-grad`), the
    products summed over the samples by the matrix product itself.
    """
    h_prev = as_batch("h_prev", h_prev)
    delta = as_batch("delta", delta, dtype=h_prev.dtype)
    if h_prev.shape[0] != delta.shape[0]:
        raise ValueError(
            f"h_prev and delta must have the same batch size, got shapes {h_prev.shape} and "
            f"{delta.shape}"
        )
    return _weight_gradient(h_prev, delta)


def _weight_gradient(h_prev: Array, delta: Array, out: Array | None = None) -> Array:
    return np.matmul(h_prev.T, delta, out=out)


def bias_gradient(delta: Array) -> Array:
    """dL/db = delta summed over the batch, shape (n_out,), book eq. `eq-output-bias-grad`."""
    return _bias_gradient(as_batch("delta", delta))


def _bias_gradient(delta: Array, ones: Array | None = None) -> Array:
    # A vector-matrix product sums the rows on every core (delta.sum(axis=0) uses one).
    if ones is None:
        ones = np.ones(delta.shape[0], dtype=delta.dtype)
    return ones @ delta
