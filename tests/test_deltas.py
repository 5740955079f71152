"""Each formula function against the index form the book derives it from: loops over units and
samples, with f'(a) from mpmath (tests/oracles.py), never from the package."""

import mpmath
import numpy as np
import pytest

import backprop_core as bc

from oracles import act, act_prime

ELEMENTWISE = ["sigmoid", "tanh", "relu", "identity"]
EPS = {np.float64: float(np.finfo(np.float64).eps), np.float32: float(np.finfo(np.float32).eps)}
rng = np.random.default_rng(7)
B, n_in, n_hid, n_out = 4, 2, 3, 5  # all different: a transposed index cannot go unnoticed
A_OUT = rng.normal(size=(B, n_out)) * 1.5
A_HID = rng.normal(size=(B, n_hid)) * 1.5 + 0.05  # no ReLU kink at 0
T = rng.uniform(size=(B, n_out))
T_ROWS = T / T.sum(axis=1, keepdims=True)
U = rng.normal(size=(n_hid, n_out))
D_NEXT = rng.normal(size=(B, n_out))


def f_of(name, a):
    """h = f(a) and f'(a) from mpmath, rounded to float64."""
    with mpmath.workdps(40):
        h = [[float(act(name, mpmath.mpf(v))) for v in row] for row in a.tolist()]
        fp = [[float(act_prime(name, mpmath.mpf(v))) for v in row] for row in a.tolist()]
    return np.array(h), np.array(fp)


def softmax_of(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def near(got, want, mag, rtol, what=""):
    bad = np.abs(np.asarray(got, dtype=np.float64) - want) > rtol * mag
    assert not bad.any(), f"{what}: {got[bad]} vs {want[bad]}"


# ---- output delta ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_output_delta_is_error_times_slope_for_every_activation(name, reduction, dtype):
    y, fp = f_of(name, A_OUT)
    y, t = y.astype(dtype), T.astype(dtype)
    per = 1 / B if reduction == "mean" else 1
    delta = bc.output_delta(y, t, name, reduction)
    assert delta.dtype == dtype and delta.shape == (B, n_out)
    for n in range(B):
        for k in range(n_out):  # delta_k = (y_k - t_k) f'(a_k), divided by B for the mean
            want = (float(y[n, k]) - float(t[n, k])) * fp[n, k] * per
            # f' comes from the rounded y: a few eps of (|y| + |t|)(|f'| + 1)
            mag = (abs(float(y[n, k])) + abs(float(t[n, k]))) * (abs(fp[n, k]) + 1) * per
            assert abs(float(delta[n, k]) - want) <= 8 * EPS[dtype] * mag, (n, k)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_output_delta_of_a_softmax_with_l2_is_the_jacobian_transpose(reduction):
    y = softmax_of(A_OUT)
    per = 1 / B if reduction == "mean" else 1
    delta = bc.output_delta(y, T, "softmax", reduction)
    for n in range(B):
        for m in range(n_out):  # delta_m = sum_k (y_k - t_k) y_k (d_km - y_m)
            terms = [(y[n, k] - T[n, k]) * y[n, k] * ((k == m) - y[n, m]) * per
                     for k in range(n_out)]
            mag = sum(abs(v) for v in terms) + y[n, m] * per
            assert abs(delta[n, m] - sum(terms)) <= 16 * EPS[np.float64] * mag, (n, m)


@pytest.mark.parametrize("name", ["sigmoid", "softmax"])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_cross_entropy_output_delta_is_y_minus_t(name, reduction):
    t = T_ROWS if name == "softmax" else T
    y = softmax_of(A_OUT) if name == "softmax" else f_of(name, A_OUT)[0]
    per = 1 / B if reduction == "mean" else 1
    delta = bc.output_delta(y, t, name, reduction, loss="cross_entropy")
    for n in range(B):
        for k in range(n_out):
            assert delta[n, k] == pytest.approx((y[n, k] - t[n, k]) * per, rel=2 * EPS[np.float64],
                                                abs=0)
    # a is not needed, and does not matter when given
    np.testing.assert_array_equal(
        bc.output_delta(y, t, name, reduction, "cross_entropy", a=np.zeros_like(y)), delta
    )


def test_output_delta_uses_a_for_an_activation_that_needs_it():
    softplus = bc.Activation("softplus", lambda a: np.logaddexp(0, a), bc.sigmoid)
    y = np.logaddexp(0, A_OUT)
    delta = bc.output_delta(y, T, softplus, a=A_OUT)
    sig = f_of("sigmoid", A_OUT)[0]
    near(delta, (y - T) * sig, np.abs(y - T), 4 * EPS[np.float64], "softplus")
    with pytest.raises(
        ValueError, match=r"^softplus computes f' from the pre-activation: pass a=$"
    ):
        bc.output_delta(y, T, softplus)
    with pytest.raises(
        ValueError,
        match=r"^a has shape \(4, 4\) but y has shape \(4, 5\): they must match exactly",
    ):
        bc.output_delta(y, T, softplus, a=A_OUT[:, :4])
    with pytest.raises(ValueError, match=r"^a contains non-finite values"):
        bc.output_delta(y, T, softplus, a=np.full_like(A_OUT, np.nan))


def test_output_delta_checks_loss_activation_and_targets():
    y = f_of("sigmoid", A_OUT)[0]
    with pytest.raises(
        ValueError, match=r"^loss='cross_entropy' needs a 'sigmoid' or 'softmax' output layer, "
        r"got 'tanh'$"
    ):
        bc.output_delta(y, T, "tanh", loss="cross_entropy")
    with pytest.raises(ValueError, match=r"^cross-entropy targets must be probabilities"):
        bc.output_delta(y, T + 1, "sigmoid", loss="cross_entropy")
    with pytest.raises(ValueError, match=r"each target row must be a probability vector"):
        bc.output_delta(softmax_of(A_OUT), T, "softmax", loss="cross_entropy")
    bc.output_delta(y, T + 1, "sigmoid")  # L2 targets may be any real numbers
    with pytest.raises(ValueError, match=r"^unknown loss 'hinge'"):
        bc.output_delta(y, T, loss="hinge")
    with pytest.raises(ValueError, match=r"^reduction must be 'sum' or 'mean', got 'avg'$"):
        bc.output_delta(y, T, reduction="avg")


# ---- hidden delta --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_hidden_delta_sums_over_the_next_layer_for_every_activation(name, dtype):
    h, fp = f_of(name, A_HID)
    h, d_next, W_next = h.astype(dtype), D_NEXT.astype(dtype), U.astype(dtype)
    delta = bc.hidden_delta(d_next, W_next, h, name)
    assert delta.dtype == dtype and delta.shape == (B, n_hid)
    for n in range(B):
        for j in range(n_hid):  # delta_j = (sum_k delta_k w_jk) f'(a_j)
            terms = [float(d_next[n, k]) * float(W_next[j, k]) for k in range(n_out)]
            want = sum(terms) * fp[n, j]
            mag = sum(abs(v) for v in terms) * (abs(fp[n, j]) + 1)
            assert abs(float(delta[n, j]) - want) <= (n_out + 8) * EPS[dtype] * mag, (n, j)


def test_hidden_delta_default_activation_is_the_sigmoid():
    h = f_of("sigmoid", A_HID)[0]
    np.testing.assert_array_equal(bc.hidden_delta(D_NEXT, U, h), bc.hidden_delta(D_NEXT, U, h,
                                                                                  "sigmoid"))
    y = f_of("sigmoid", A_OUT)[0]
    np.testing.assert_array_equal(bc.output_delta(y, T), bc.output_delta(y, T, "sigmoid", "sum",
                                                                         "l2"))


def test_hidden_delta_uses_a_for_an_activation_that_needs_it():
    softplus = bc.Activation("softplus", lambda a: np.logaddexp(0, a), bc.sigmoid)
    h = np.logaddexp(0, A_HID)
    want = (D_NEXT @ U.T) * f_of("sigmoid", A_HID)[0]
    near(bc.hidden_delta(D_NEXT, U, h, softplus, a=A_HID), want,
         (np.abs(D_NEXT) @ np.abs(U.T)), 16 * EPS[np.float64], "softplus")
    with pytest.raises(ValueError, match=r"^softplus computes f' from the pre-activation"):
        bc.hidden_delta(D_NEXT, U, h, softplus)
    with pytest.raises(ValueError, match=r"^a has shape \(4, 2\) but h has shape \(4, 3\)"):
        bc.hidden_delta(D_NEXT, U, h, softplus, a=A_HID[:, :2])


def test_hidden_delta_refuses_the_softmax_and_bad_shapes():
    h = f_of("sigmoid", A_HID)[0]
    with pytest.raises(
        ValueError, match=r"^softmax is allowed only in the output layer, not a hidden one$"
    ):
        bc.hidden_delta(D_NEXT, U, h, "softmax")
    with pytest.raises(
        ValueError,
        match=r"^W_next must have shape \(n, n_next\) = \(3, 5\) to match h \(4, 3\) and "
        r"delta_next \(4, 5\), got \(5, 3\)$",
    ):
        bc.hidden_delta(D_NEXT, U.T, h)
    with pytest.raises(
        ValueError, match=r"^h and delta_next must have the same batch size, got 2 and 4$"
    ):
        bc.hidden_delta(D_NEXT, U, h[:2])
    with pytest.raises(ValueError, match=r"^delta_next must be a 2-D batch"):
        bc.hidden_delta(D_NEXT[0], U, h)
    with pytest.raises(ValueError, match=r"^h contains non-finite values"):
        bc.hidden_delta(D_NEXT, U, np.full_like(h, np.inf))
    with pytest.raises(TypeError, match=r"^W_next must hold real numbers"):
        bc.hidden_delta(D_NEXT, U.astype(str), h)
    with pytest.raises(ValueError, match=r"^unknown activation 'swish'"):
        bc.hidden_delta(D_NEXT, U, h, "swish")


# ---- gradients -----------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_weight_gradient_sums_h_i_delta_j_over_the_batch(dtype):
    h_prev = rng.normal(size=(B, n_hid)).astype(dtype)
    delta = D_NEXT.astype(dtype)
    dW = bc.weight_gradient(h_prev, delta)
    assert dW.shape == (n_hid, n_out) and dW.dtype == dtype
    for i in range(n_hid):
        for j in range(n_out):  # dL/dw_ij = sum_n h_ni delta_nj
            terms = [float(h_prev[n, i]) * float(delta[n, j]) for n in range(B)]
            assert abs(float(dW[i, j]) - sum(terms)) <= (B + 2) * EPS[dtype] * sum(map(abs, terms))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bias_gradient_sums_delta_over_the_batch(dtype):
    delta = D_NEXT.astype(dtype)
    db = bc.bias_gradient(delta)
    assert db.shape == (n_out,) and db.dtype == dtype
    for j in range(n_out):
        terms = [float(delta[n, j]) for n in range(B)]
        assert abs(float(db[j]) - sum(terms)) <= (B + 2) * EPS[dtype] * sum(map(abs, terms))


def test_gradient_functions_bad_input():
    with pytest.raises(
        ValueError,
        match=r"^h_prev and delta must have the same batch size, got shapes \(3, 3\) and "
        r"\(4, 5\)$",
    ):
        bc.weight_gradient(np.zeros((3, 3)), D_NEXT)
    with pytest.raises(ValueError, match=r"^h_prev contains non-finite"):
        bc.weight_gradient(np.full((4, 3), np.nan), D_NEXT)
    with pytest.raises(ValueError, match=r"^delta must be a 2-D batch"):
        bc.weight_gradient(np.zeros((4, 3)), D_NEXT[0])
    with pytest.raises(ValueError, match=r"^delta is an empty batch"):
        bc.bias_gradient(np.zeros((0, 3)))
    with pytest.raises(ValueError, match=r"^delta must be a 2-D batch"):
        bc.bias_gradient(np.zeros(3))


def test_formula_bad_input():
    y = f_of("sigmoid", A_OUT)[0]
    with pytest.raises(
        ValueError, match=r"^y has shape \(4, 5\) but t has shape \(4, 1\): they must match"
    ):
        bc.output_delta(y, T[:, :1])
    with pytest.raises(ValueError, match=r"^t must be a 2-D batch"):
        bc.output_delta(y[:, :1], T[:, 0])
    with pytest.raises(ValueError, match=r"^y contains non-finite"):
        bc.output_delta(np.full_like(y, np.nan), T)
    with pytest.raises(ValueError, match=r"^unknown activation 'swish'"):
        bc.output_delta(y, T, "swish")


def test_every_argument_is_taken_in_the_dtype_of_the_first():
    f32, f64 = np.float32, np.float64
    y = f_of("sigmoid", A_OUT)[0]
    h = f_of("tanh", A_HID)[0]
    assert bc.output_delta(y.astype(f32), T).dtype == f32
    assert bc.output_delta(y, T.astype(f32)).dtype == f64
    assert bc.output_delta(y.astype(f32), T, "tanh", a=A_OUT).dtype == f32
    softplus = bc.Activation("softplus", lambda a: np.logaddexp(0, a), bc.sigmoid)
    assert bc.output_delta(y.astype(f32), T, softplus, a=A_OUT).dtype == f32
    assert bc.hidden_delta(D_NEXT.astype(f32), U, h, softplus, a=A_HID).dtype == f32
    assert bc.hidden_delta(D_NEXT.astype(f32), U, h).dtype == f32
    assert bc.hidden_delta(D_NEXT.astype(f32), U.astype(f32), h).dtype == f32
    assert bc.hidden_delta(D_NEXT.astype(f32), U, h.astype(f32)).dtype == f32
    assert bc.hidden_delta(D_NEXT, U.astype(f32), h.astype(f32)).dtype == f64
    assert bc.weight_gradient(h.astype(f32), D_NEXT).dtype == f32
    assert bc.weight_gradient(h, D_NEXT.astype(f32)).dtype == f64
    assert bc.bias_gradient(D_NEXT.astype(f32)).dtype == f32
    assert bc.bias_gradient(np.array([[1, 2]])).dtype == f64  # integers become float64


def test_formulas_do_not_modify_their_inputs():
    y = f_of("sigmoid", A_OUT)[0]
    h = f_of("tanh", A_HID)[0]
    arrays = [y, T, h, U, D_NEXT, A_OUT]
    before = [v.copy() for v in arrays]
    bc.output_delta(y, T, "sigmoid", "mean", a=A_OUT)
    bc.output_delta(softmax_of(A_OUT), T_ROWS, "softmax", "mean", "cross_entropy")
    bc.hidden_delta(D_NEXT, U, h, "tanh")
    bc.weight_gradient(h, D_NEXT)
    bc.bias_gradient(D_NEXT)
    for v, v0 in zip(arrays, before):
        np.testing.assert_array_equal(v, v0)
