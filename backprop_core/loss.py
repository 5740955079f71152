"""The L2 loss of the sources and its gradient (book chapter 'The L2-norm loss').

For a batch Y, T of shape (batch, n_out):

    L = 1/2 * sum over samples n and outputs k of (y_nk - t_nk)^2        (eq-l2-loss)

is *half the squared* Euclidean norm of Y - T, not the norm itself. With reduction="mean"
the sum over samples becomes a mean (divided by the batch size); outputs are always summed.
"""

from __future__ import annotations

import numpy as np

from .checks import as_batch, check_reduction, same_shape


def _checked(y: object, t: object) -> tuple[np.ndarray, np.ndarray]:
    y = as_batch("y", y)
    t = as_batch("t", t)
    same_shape("y", y, "t", t)
    return y, t


def l2_loss(y: np.ndarray, t: np.ndarray, reduction: str = "sum") -> float:
    """L = 1/2 sum (y - t)^2, book eq. `eq-l2-loss`.

    Summed over the outputs and over the batch by default; reduction="mean" divides by the
    batch size (book eq. `eq-l2-mean`). `y` and `t` must both have shape (batch, n_out).
    """
    check_reduction(reduction)
    y, t = _checked(y, t)
    return _l2_loss(y, t, reduction)


def _l2_loss(y: np.ndarray, t: np.ndarray, reduction: str = "sum") -> float:
    return _l2_from_error(y - t, reduction)


def _l2_from_error(e: np.ndarray, reduction: str = "sum") -> float:
    """L from the error e = y - t (so the network can reuse e for the gradient)."""
    total = 0.5 * float(np.vdot(e, e))
    return total / e.shape[0] if reduction == "mean" else total


def l2_loss_grad(y: np.ndarray, t: np.ndarray, reduction: str = "sum") -> np.ndarray:
    """dL/dy = y - t, book eq. `eq-l2-grad` (divided by the batch size if reduction="mean")."""
    check_reduction(reduction)
    y, t = _checked(y, t)
    return _l2_loss_grad(y, t, reduction)


def _l2_loss_grad(
    y: np.ndarray, t: np.ndarray, reduction: str = "sum", out: np.ndarray | None = None
) -> np.ndarray:
    g = np.subtract(y, t, out=out)
    if reduction == "mean":
        g /= y.shape[0]
    return g
