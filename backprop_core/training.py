"""Training by gradient descent: epochs of (mini-batch) steps W <- W - lr dL/dW
(:eq:`eq-update-rule`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .mlp import MLP

Array = np.ndarray


def check_lr(lr: float) -> float:
    """The learning rate as a float, or a clear error: it must be a positive finite number."""
    if type(lr) is float and 0.0 < lr < math.inf:
        return lr  # the common case, decided in one test
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating, np.integer)):
        raise TypeError(f"the learning rate must be a number, got {type(lr).__name__}")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"the learning rate must be a positive finite number, got {lr}")
    return float(lr)


def _count(name: str, value: object, minimum: int, alternative: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        kind = "positive" if minimum > 0 else "non-negative"
        raise ValueError(f"{name} must be a {kind} integer{alternative}, got {value!r}")
    return int(value)


def fit(
    net: MLP,
    X: Array,
    T: Array,
    lr: float,
    epochs: int,
    batch_size: int | None,
    reduction: str,
    seed: int | None,
) -> Array:
    """Train `net` in place; return the loss of each epoch (see `MLP.fit`).

    An epoch's loss is the sum of the losses of its batches, each taken before its step; for
    reduction="mean" each batch's mean loss is weighted by its share of the rows, so the epoch's
    loss is the mean over all rows even when the last batch is smaller.
    """
    lr = check_lr(lr)
    epochs = _count("epochs", epochs, 0)
    n = X.shape[0]
    batch_size = n if batch_size is None else _count("batch_size", batch_size, 1, " or None")
    rng = np.random.default_rng(seed)
    history = np.empty(epochs)
    # A diverging run overflows on its way to inf; the check below turns that into one clear
    # error instead of a stream of NumPy warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            if batch_size >= n:
                total = net.step(X, T, lr, reduction)
            else:
                order = rng.permutation(n)
                total = 0.0
                for start in range(0, n, batch_size):
                    rows = order[start : start + batch_size]
                    weight = len(rows) / n if reduction == "mean" else 1.0
                    total += weight * net.step(X[rows], T[rows], lr, reduction)
            if not math.isfinite(total):
                raise FloatingPointError(
                    f"training diverged at epoch {epoch} (loss = {total}); lower the learning "
                    f"rate (lr = {lr})"
                )
            history[epoch] = total
    net.loss_history.extend(history.tolist())
    return history
