"""Input checks shared by the package: every bad input gets an error that names the problem.

They are written to be cheap (a few attribute reads per call, one reduction for the finiteness
test) because they run on every forward and backward pass, including the tiny ones of the book.
"""

from __future__ import annotations

import math

import numpy as np

_NUMERIC_KINDS = "fiu"


def as_array(name: str, value: object, dtype: np.dtype | type | None = None) -> np.ndarray:
    """Return `value` as a float ndarray, or raise TypeError if it is not real-numeric."""
    array = value if isinstance(value, np.ndarray) else np.asarray(value)
    kind = array.dtype.kind
    if kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must hold real numbers (float or int), got dtype {array.dtype}")
    if dtype is not None:
        if array.dtype != dtype:
            array = array.astype(dtype)
    elif kind != "f":
        array = array.astype(np.float64)
    return array


def check_finite(name: str, array: np.ndarray) -> None:
    """Raise ValueError if `array` holds NaN or inf.

    Small arrays are tested element by element (np.isfinite: no arithmetic, so nothing can
    overflow or warn). Large ones take one sum, which is cheaper: NaN and inf always propagate
    through it, and a batch is summed by a matrix-vector product, which BLAS runs on every core.
    Only when that sum is not finite (which an overflow of huge finite values can also cause)
    do we look element by element.
    """
    if array.size <= 4096:
        if np.isfinite(array).all():
            return
    else:
        # Huge finite entries may overflow the sum to inf (or inf - inf = NaN): that sends us to
        # the element check below, and must not warn, since the input may well be valid.
        with np.errstate(over="ignore", invalid="ignore"):
            if array.ndim == 2:
                total = np.add.reduce(array @ np.ones(array.shape[1], dtype=array.dtype))
            else:
                total = np.add.reduce(array, axis=None)
        if math.isfinite(float(total)):
            return
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        n_nan = int(np.isnan(array).sum())
        n_inf = int(bad.sum()) - n_nan
        raise ValueError(
            f"{name} contains non-finite values ({n_nan} NaN, {n_inf} inf; first at index {where})"
        )


def as_batch(
    name: str,
    value: object,
    n_cols: int | None = None,
    dtype: np.dtype | type | None = None,
    finite: bool = True,
) -> np.ndarray:
    """Check and return a batch of row vectors of shape (batch, n_cols)."""
    array = as_array(name, value, dtype)
    if array.ndim != 2:
        cols = "n" if n_cols is None else n_cols
        hint = " (one sample is a row: use x.reshape(1, -1))" if array.ndim == 1 else ""
        raise ValueError(
            f"{name} must be a 2-D batch of shape (batch, {cols}), got shape {array.shape}{hint}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch (shape {array.shape}): need at least one row")
    if n_cols is not None and array.shape[1] != n_cols:
        raise ValueError(
            f"{name} must have {n_cols} columns (shape (batch, {n_cols})), got shape {array.shape}"
        )
    if finite:
        check_finite(name, array)
    return array


def same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Raise ValueError unless `a` and `b` have exactly the same shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}: they must match "
            "exactly (no broadcasting)"
        )


def check_reduction(reduction: str) -> None:
    """Raise ValueError unless `reduction` is 'sum' or 'mean'."""
    if reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be 'sum' or 'mean', got {reduction!r}")
