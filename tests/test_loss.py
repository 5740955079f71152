import numpy as np
import pytest

import backprop_core as bc

Y = np.array([[0.2, 0.9], [0.5, 0.1], [1.0, 0.0]])
T = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def test_l2_loss_is_half_the_squared_norm_summed_over_batch_and_outputs():
    want = 0.5 * (0.2**2 + 0.1**2 + 0.5**2 + 0.1**2 + 0 + 1.0)
    assert bc.l2_loss(Y, T) == pytest.approx(want, rel=1e-15)
    assert bc.l2_loss(Y, T) == pytest.approx(0.5 * np.linalg.norm(Y - T) ** 2)
    assert bc.l2_loss(Y, T, reduction="mean") == pytest.approx(want / 3)


def test_l2_loss_grad_is_y_minus_t():
    np.testing.assert_array_equal(bc.l2_loss_grad(Y, T), Y - T)
    np.testing.assert_allclose(bc.l2_loss_grad(Y, T, reduction="mean"), (Y - T) / 3)


def test_l2_loss_grad_matches_finite_differences():
    h = 1e-6
    num = np.zeros_like(Y)
    for idx in np.ndindex(Y.shape):
        up, down = Y.copy(), Y.copy()
        up[idx] += h
        down[idx] -= h
        num[idx] = (bc.l2_loss(up, T) - bc.l2_loss(down, T)) / (2 * h)
    np.testing.assert_allclose(bc.l2_loss_grad(Y, T), num, atol=1e-9)


def test_loss_accepts_int_targets_and_float32():
    assert bc.l2_loss(Y.astype(np.float32), T.astype(int)) == pytest.approx(
        bc.l2_loss(Y, T), rel=1e-6
    )


@pytest.mark.parametrize(
    ("y", "t", "error", "message"),
    [
        (np.zeros((3, 1)), np.zeros(3), ValueError, r"t must be a 2-D batch .* got shape \(3,\)"),
        (
            np.zeros((3, 1)),
            np.zeros((3, 2)),
            ValueError,
            r"y has shape \(3, 1\) but t has shape \(3, 2\)",
        ),
        (np.zeros((2, 1)), np.zeros((3, 1)), ValueError, "must match exactly"),
        (np.zeros((0, 2)), np.zeros((0, 2)), ValueError, "y is an empty batch"),
        (
            np.zeros((2, 1)),
            np.array([[np.nan], [0]]),
            ValueError,
            "t contains non-finite values .1 NaN",
        ),
        (
            np.array([[np.inf]]),
            np.zeros((1, 1)),
            ValueError,
            "y contains non-finite values .0 NaN, 1 inf",
        ),
        (np.array([["a"]]), np.zeros((1, 1)), TypeError, "y must hold real numbers"),
    ],
)
def test_loss_bad_input(y, t, error, message):
    with pytest.raises(error, match=message):
        bc.l2_loss(y, t)
    with pytest.raises(error, match=message):
        bc.l2_loss_grad(y, t)


def test_loss_rejects_unknown_reduction():
    with pytest.raises(ValueError, match="reduction must be 'sum' or 'mean', got 'max'"):
        bc.l2_loss(Y, T, reduction="max")
