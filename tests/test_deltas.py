"""Each formula function against the index form the book derives it from (loops over units)."""

import numpy as np
import pytest

import backprop_core as bc

rng = np.random.default_rng(7)
B, n_in, n_hid, n_out = 4, 2, 3, 2
X = rng.normal(size=(B, n_in))
W = rng.normal(size=(n_in, n_hid))
U = rng.normal(size=(n_hid, n_out))
H = bc.sigmoid(X @ W)
Y = bc.sigmoid(H @ U)
T = rng.uniform(size=(B, n_out))


def test_output_delta_is_error_times_slope():
    delta = bc.output_delta(Y, T)
    for n in range(B):
        for j in range(n_out):
            y, t = Y[n, j], T[n, j]
            assert delta[n, j] == pytest.approx((y - t) * y * (1 - y), rel=1e-14)


def test_output_delta_other_activations_and_mean():
    np.testing.assert_array_equal(bc.output_delta(Y, T, "identity"), Y - T)
    np.testing.assert_allclose(bc.output_delta(Y, T, "tanh"), (Y - T) * (1 - Y**2))
    np.testing.assert_allclose(bc.output_delta(Y, T, reduction="mean"), bc.output_delta(Y, T) / B)


def test_hidden_delta_sums_over_the_next_layer():
    delta_y = bc.output_delta(Y, T)
    delta_h = bc.hidden_delta(delta_y, U, H)
    for n in range(B):
        for j in range(n_hid):
            back = sum(delta_y[n, k] * U[j, k] for k in range(n_out))
            assert delta_h[n, j] == pytest.approx(back * H[n, j] * (1 - H[n, j]), rel=1e-13)


def test_weight_and_bias_gradients_sum_over_the_batch():
    delta = bc.output_delta(Y, T)
    dU = bc.weight_gradient(H, delta)
    assert dU.shape == U.shape
    for i in range(n_hid):
        for j in range(n_out):
            assert dU[i, j] == pytest.approx(
                sum(H[n, i] * delta[n, j] for n in range(B)), rel=1e-13
            )
    np.testing.assert_allclose(bc.bias_gradient(delta), delta.sum(axis=0))
    assert bc.bias_gradient(delta).shape == (n_out,)


def test_formulas_do_not_modify_their_inputs():
    Y0, T0, H0, U0 = Y.copy(), T.copy(), H.copy(), U.copy()
    d = bc.output_delta(Y, T)
    d0 = d.copy()
    bc.hidden_delta(d, U, H)
    for a, b in [(Y, Y0), (T, T0), (H, H0), (U, U0), (d, d0)]:
        np.testing.assert_array_equal(a, b)


def test_formula_bad_input():
    with pytest.raises(ValueError, match=r"y has shape \(4, 2\) but t has shape \(4, 1\)"):
        bc.output_delta(Y, T[:, :1])
    with pytest.raises(ValueError, match=r"t must be a 2-D batch"):
        bc.output_delta(Y[:, :1], T[:, 0])
    with pytest.raises(ValueError, match=r"W_next must have shape \(n, n_next\) = \(3, 2\)"):
        bc.hidden_delta(bc.output_delta(Y, T), U.T, H)
    with pytest.raises(ValueError, match="same batch size"):
        bc.hidden_delta(bc.output_delta(Y, T), U, H[:2])
    with pytest.raises(ValueError, match="same batch size"):
        bc.weight_gradient(H[:3], Y)
    with pytest.raises(ValueError, match="delta is an empty batch"):
        bc.bias_gradient(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        bc.output_delta(Y, T, "swish")
    with pytest.raises(ValueError, match="h_prev contains non-finite"):
        bc.weight_gradient(np.full((4, 3), np.nan), Y)
