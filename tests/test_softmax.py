"""The softmax, its row sums and its Jacobian-vector product, against mpmath at 50 digits."""

import warnings

import mpmath
import numpy as np
import pytest

import backprop_core as bc

EPS = {np.float64: np.finfo(np.float64).eps, np.float32: np.finfo(np.float32).eps}


def silently(fn, *args):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        return fn(*args)


def exact_softmax(a):
    with mpmath.workdps(50):
        out = []
        for row in np.asarray(a, dtype=np.float64).tolist():
            e = [mpmath.exp(mpmath.mpf(v) - max(row)) for v in row]
            out.append([float(v / sum(e)) for v in e])
    return np.array(out)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_is_the_definition_and_rows_sum_to_one(dtype):
    rng = np.random.default_rng(0)
    # Rows far apart in scale: each row's own maximum must be taken out, not the batch's.
    a = (rng.normal(size=(5, 3)) * [[1], [5], [30], [1], [1]] + [[0], [1000], [-1000], [0], [7]])
    a = a.astype(dtype)
    y = bc.softmax(a)
    assert y.dtype == dtype and y.shape == (5, 3)
    want = exact_softmax(a)
    # Each y_k: exp (a few ulp), one division, a sum of 3 terms: within 8 eps of y_k or of
    # the row's largest entry (the sum's rounding is relative to the sum, 1).
    assert np.all(np.abs(y - want) <= 8 * EPS[dtype] * (want + want.max(axis=1, keepdims=True)))
    assert np.all(np.abs(y.sum(axis=1) - 1) <= 4 * EPS[dtype])


def test_softmax_is_silent_and_finite_up_to_1e300():
    a = np.array([[1e300, -1e300, 0.0], [-1e300, -1e300, -1e300], [0.0, 1e300, 1e300]])
    y = silently(bc.softmax, a)
    np.testing.assert_array_equal(y, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0, 0.5, 0.5]])


def test_softmax_is_shift_invariant_and_leaves_its_input_alone():
    a = np.array([[0.3, -1.2, 2.0, 0.0], [5.0, 5.0, 5.0, 5.1]])
    a0 = a.copy()
    y = bc.softmax(a)
    np.testing.assert_array_equal(a, a0)
    np.testing.assert_allclose(bc.softmax(a + 123.0), y, rtol=1e-12, atol=0)


def exact_softmax_vjp(g, a):
    """(J^T g)_m = sum_k g_k dy_k/da_m, with dy_k/da_m by mpmath's numerical derivative."""
    out = np.zeros_like(g)
    with mpmath.workdps(50):
        for n in range(a.shape[0]):
            row = [mpmath.mpf(v) for v in a[n]]
            for m in range(a.shape[1]):

                def f(v, m=m, n=n, row=row):
                    r = [*row[:m], v, *row[m + 1 :]]
                    e = [mpmath.exp(x) for x in r]
                    return sum(gk * ek for gk, ek in zip(g[n].tolist(), e)) / sum(e)

                out[n, m] = float(mpmath.diff(f, row[m]))
    return out


def test_softmax_backward_is_the_jacobian_transpose_times_g():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(4, 3)) * 2  # B = 4 != n = 3: a transposed reduction shows
    g = rng.normal(size=(4, 3))
    y = bc.softmax(a)
    want = exact_softmax_vjp(g, a)
    # Terms y_k g_k and y_m (g_m - sum): within a few eps of y (|g| + sum |g| y)
    mag = y * (np.abs(g) + (np.abs(g) * y).sum(axis=1, keepdims=True))
    np.testing.assert_array_less(np.abs(bc.softmax_backward(g, y) - want), 16e-16 * mag + 1e-300)
    softmax = bc.get_activation("softmax")
    np.testing.assert_array_equal(softmax.backward(g, a, y), bc.softmax_backward(g, y))
    assert not softmax.elementwise
    with pytest.raises(
        ValueError, match=r"^softmax is not elementwise: it has a Jacobian, not a slope$"
    ):
        softmax.slope(a, y)


def test_softmax_backward_keeps_float32_and_rejects_bad_shapes():
    g = np.ones((2, 3), dtype=np.float32)
    y = bc.softmax(np.zeros((2, 3), dtype=np.float32))
    assert bc.softmax_backward(g, y).dtype == np.float32
    # y is taken in g's dtype, whatever its own
    assert bc.softmax_backward(g, y.astype(np.float64)).dtype == np.float32
    assert bc.softmax_backward(g.astype(np.float64), y).dtype == np.float64
    with pytest.raises(
        ValueError, match=r"^g has shape \(2, 3\) but y has shape \(3, 2\): they must match$"
    ):
        bc.softmax_backward(g, y.T)
    with pytest.raises(ValueError, match=r"^g must be a 2-D batch of shape \(batch, n\)"):
        bc.softmax_backward(g[0], y)
    with pytest.raises(ValueError, match=r"^y contains non-finite values \(1 NaN, 0 inf"):
        bc.softmax_backward(g, np.array([[np.nan, 0.5, 0.5], [0.2, 0.3, 0.5]]))


@pytest.mark.parametrize(
    ("a", "message"),
    [
        (
            np.zeros(3),
            r"^a must be a 2-D batch of shape \(batch, n\), got shape \(3,\) "
            r"\(one sample is a row: use x.reshape\(1, -1\)\)$",
        ),
        (
            np.zeros((2, 2, 2)),
            r"^a must be a 2-D batch of shape \(batch, n\), got shape \(2, 2, 2\)$",
        ),
        (np.zeros((0, 3)), r"^a is an empty batch \(shape \(0, 3\)\): need at least one row$"),
        (
            np.array([[0.0, np.inf], [np.nan, np.nan]]),
            r"^a contains non-finite values \(2 NaN, 1 inf; first at index \(0, 1\)\)$",
        ),
    ],
)
def test_softmax_bad_input(a, message):
    with pytest.raises(ValueError, match=message):
        bc.softmax(a)
