"""The four formulas of backpropagation, one checked function each, vectorized over the batch.

Shapes for a batch of B row vectors: h_prev (B, n_in), W (n_in, n_out), delta (B, n_out).

=======================  =======================================  =============================
:func:`output_delta`     delta = dL/dy * f'(a)                    :eq:`eq-general-output-delta`
:func:`hidden_delta`     delta = (delta_next @ W_next.T) * f'(a)  :eq:`eq-general-hidden-delta`
:func:`weight_gradient`  dL/dW = h_prev.T @ delta                 :eq:`eq-general-weight-grad`
:func:`bias_gradient`    dL/db = delta summed over the batch      :eq:`eq-general-bias-grad`
=======================  =======================================  =============================

For the L2 loss dL/dy = y - t, so after a sigmoid the output delta is (y - t) y (1 - y)
(:eq:`eq-output-delta`); for cross-entropy after a sigmoid or softmax it is y - t.

These are the formulas a chapter applies one at a time, with every argument checked; the
network (`backprop`) writes the same equations inline, and tests/test_deltas.py checks both
against index-by-index loops.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, get_activation
from .checks import as_array, as_batch, check_reduction, same_shape
from .loss import Loss, get_loss

Array = np.ndarray


def output_delta(
    y: Array,
    t: Array,
    activation: str | Activation = "sigmoid",
    reduction: str = "sum",
    loss: str | Loss = "l2",
    a: Array | None = None,
) -> Array:
    """Output-layer delta delta^(L) = dL/dy * f'(a^(L)), :eq:`eq-general-output-delta`.

    L2 loss: delta_k = (y_k - t_k) f'(a_k); for the sigmoid f'(a_k) = y_k (1 - y_k), so
    delta_k = (y_k - t_k) y_k (1 - y_k) (:eq:`eq-output-delta`), for a whole batch
    (Y - T) * Y * (1 - Y) (:eq:`eq-output-delta-matrix`). Cross-entropy after a sigmoid or
    softmax: delta = y - t, the slope having cancelled (:eq:`eq-ce-delta`, :eq:`eq-softmax-delta`).
    A softmax after the L2 loss: J^T (y - t), with J the softmax's Jacobian (`softmax_backward`,
    :eq:`eq-softmax-vjp`). f' is taken from the output y = f(a);
    `a` is needed only for a custom activation without `df_from_output`. `y`, `t`: shape
    (batch, n_out). With reduction="mean" the loss is averaged over the batch, so delta is
    divided by the batch size. In [F25]'s 2-2-2-1 network: :eq:`eq-worked-delta-out`.
    """
    check_reduction(reduction)
    act, loss_fn = get_activation(activation), get_loss(loss)
    loss_fn.check_output(act)
    y = as_batch("y", y)
    t = as_batch("t", t, dtype=y.dtype)
    same_shape("y", y, "t", t)
    loss_fn.check_targets(act, t)
    a = _pre_activation(act, a, "y", y)
    per = 1.0 / y.shape[0] if reduction == "mean" else 1.0
    if loss_fn.cancels(act):
        return (y - t) * per
    dL_dy = loss_fn.grad(act, y, t) * per
    return dL_dy * act.slope(a, y) if act.elementwise else act.backward(dL_dy, a, y)


def hidden_delta(
    delta_next: Array,
    W_next: Array,
    h: Array,
    activation: str | Activation = "sigmoid",
    a: Array | None = None,
) -> Array:
    """Hidden-layer delta delta^(l) = (delta^(l+1) W^(l+1)^T) * f'(a^(l)),
    :eq:`eq-general-hidden-delta`, for any elementwise activation f.

    Entry (n, j) is (sum_k delta_nk w_jk) f'(a_nj): the bracket, delta_next @ W_next.T, is
    dL/dh (:eq:`eq-hidden-dL-dh`). With the default sigmoid, f'(a) = h (1 - h), this is the
    hidden delta of the 2-3-2 network, :eq:`eq-hidden-delta` for one sample and
    :eq:`eq-hidden-matrix` for a batch; in [F25]'s 2-2-2-1 network, :eq:`eq-worked-delta-2` and
    :eq:`eq-worked-delta-1`. Shapes: delta_next (batch, n_next), W_next
    (n, n_next), h (batch, n), the layer's own output h = f(a); `a` is needed only for a custom
    activation without `df_from_output`.
    """
    act = get_activation(activation)
    if not act.elementwise:
        raise ValueError(f"{act.name} is allowed only in the output layer, not a hidden one")
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
    a = _pre_activation(act, a, "h", h)
    return (delta_next @ W_next.T) * act.slope(a, h)


def _pre_activation(act: Activation, a: object, name_out: str, out: Array) -> Array:
    """The pre-activation, checked against the output; only needed when f' cannot come from it."""
    if a is None:
        if act.df_from_output is None and act.elementwise:
            raise ValueError(f"{act.name} computes f' from the pre-activation: pass a=")
        return out  # unused: f' is taken from the output
    a = as_batch("a", a, dtype=out.dtype)
    same_shape("a", a, name_out, out)
    return a


def weight_gradient(h_prev: Array, delta: Array) -> Array:
    """dL/dW^(l) = h^(l-1)^T delta^(l), shape (n_in, n_out), :eq:`eq-general-weight-grad`.

    Entry (i, j) is the sum over the batch of h_i delta_j, the products summed over the samples
    by the matrix product itself. In the 2-3-2 network: the output layer's gradient, delta_k h_j
    for one sample (:eq:`eq-output-weight-grad`) and H^T Delta^(2) for a batch
    (:eq:`eq-output-matrix`); the hidden layer's, delta_j x_i (:eq:`eq-hidden-grads`) and
    X^T Delta^(1) (:eq:`eq-hidden-weight-matrix`); in [F25]'s 2-2-2-1 network, with its
    destination-first indices, :eq:`eq-worked-grad`.
    """
    h_prev = as_batch("h_prev", h_prev)
    delta = as_batch("delta", delta, dtype=h_prev.dtype)
    if h_prev.shape[0] != delta.shape[0]:
        raise ValueError(
            f"h_prev and delta must have the same batch size, got shapes {h_prev.shape} and "
            f"{delta.shape}"
        )
    return h_prev.T @ delta


def bias_gradient(delta: Array) -> Array:
    """dL/db^(l) = delta^(l) summed over the batch, shape (n_out,), :eq:`eq-general-bias-grad`.

    In the 2-3-2 network: delta_k for one output unit (:eq:`eq-output-bias-grad`), 1^T Delta^(2)
    for a batch (:eq:`eq-output-bias-matrix`); delta_j for a hidden one (:eq:`eq-hidden-grads`),
    1^T Delta^(1) for a batch (:eq:`eq-hidden-weight-matrix`); in [F25]'s 2-2-2-1 network,
    :eq:`eq-worked-grad`.
    """
    return as_batch("delta", delta).sum(axis=0)
