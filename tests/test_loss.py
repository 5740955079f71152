"""Losses against their definitions: loops over the batch and the outputs, in mpmath at 50
digits; gradients against mpmath's numerical derivative of those definitions."""

import warnings

import mpmath
import numpy as np
import pytest

import backprop_core as bc
from backprop_core.loss import Loss, get_loss

EPS64 = np.finfo(np.float64).eps
rng = np.random.default_rng(5)
B, K = 3, 2  # batch != outputs, so a mean over the wrong axis shows
Y = rng.uniform(0.05, 0.95, size=(B, K))
T = rng.uniform(0, 1, size=(B, K))
A = rng.normal(size=(B, K)) * 4
T_ROWS = T / T.sum(axis=1, keepdims=True)  # probability vectors, for the softmax


def mp(v):
    return mpmath.mpf(float(v))


def l2_exact(y, t):
    with mpmath.workdps(50):
        return float(sum((mp(a) - mp(b)) ** 2 for a, b in zip(np.ravel(y), np.ravel(t))) / 2)


def binary_ce_exact(a, t):
    """-sum [t log sigma(a) + (1 - t) log(1 - sigma(a))], from the definition, with
    1 - sigma(a) written sigma(-a) (50 digits cannot tell 1 - sigma(700) from 0)."""
    with mpmath.workdps(50):
        total = mpmath.mpf(0)
        for ak, tk in zip(np.ravel(a), np.ravel(t)):
            def sigma(v):
                return 1 / (1 + mpmath.exp(-v))
            total -= mp(tk) * mpmath.log(sigma(mp(ak))) + (1 - mp(tk)) * mpmath.log(sigma(-mp(ak)))
        return float(total)


def softmax_ce_exact(a, t):
    """-sum_n sum_k t_nk log y_nk, y_n = softmax(a_n), from the definition."""
    with mpmath.workdps(50):
        total = mpmath.mpf(0)
        for a_row, t_row in zip(np.asarray(a).tolist(), np.asarray(t).tolist()):
            e = [mpmath.exp(mp(v)) for v in a_row]
            total -= sum(mp(tk) * mpmath.log(ek / sum(e)) for tk, ek in zip(t_row, e))
        return float(total)


# ---- L2 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_l2_loss_is_half_the_squared_error_summed_over_batch_and_outputs(dtype):
    y, t = Y.astype(dtype), T.astype(dtype)
    want = l2_exact(y, t)  # of the data as given (rounded to dtype)
    eps = float(np.finfo(dtype).eps)
    # A sum of B K non-negative terms: within (B K + 2) eps of the total, relative.
    got = bc.l2_loss(y, t)
    assert isinstance(got, float)
    assert got == pytest.approx(want, rel=(B * K + 2) * eps, abs=0)
    assert bc.l2_loss(y, t, reduction="mean") == pytest.approx(want / B, rel=(B * K + 3) * eps,
                                                               abs=0)
    assert bc.l2_loss(y, t, "sum") == got


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_l2_loss_grad_is_y_minus_t_over_the_batch_for_the_mean(dtype):
    y, t = Y.astype(dtype), T.astype(dtype)
    g = bc.l2_loss_grad(y, t)
    assert g.dtype == dtype
    for n in range(B):
        for k in range(K):
            assert g[n, k] == y[n, k] - t[n, k]
    np.testing.assert_array_equal(bc.l2_loss_grad(y, t, "mean"), (y - t) / dtype(B))
    # ... and that is the derivative of the loss: mpmath's derivative of the definition
    with mpmath.workdps(50):
        for n, k in [(0, 0), (2, 1)]:
            def f(v, n=n, k=k):
                return sum(
                    ((v if (i, j) == (n, k) else mp(y[i, j])) - mp(t[i, j])) ** 2
                    for i in range(B) for j in range(K)
                ) / 2
            assert float(mpmath.diff(f, mp(y[n, k]))) == pytest.approx(
                float(g[n, k]), rel=4 * float(np.finfo(dtype).eps), abs=0
            )


def test_targets_are_taken_in_the_dtype_of_the_outputs():
    y32, t64 = Y.astype(np.float32), T
    assert bc.l2_loss_grad(y32, t64).dtype == np.float32
    assert bc.l2_loss_grad(Y, T.astype(np.float32)).dtype == np.float64
    assert bc.cross_entropy_grad(y32, t64, "sigmoid").dtype == np.float32
    # the float32 loss of float32 data equals the loss with targets rounded to float32
    assert bc.l2_loss(y32, t64) == bc.l2_loss(y32, t64.astype(np.float32))
    a32 = A.astype(np.float32)
    assert bc.cross_entropy_loss(a32, t64, "sigmoid") == bc.cross_entropy_loss(
        a32, t64.astype(np.float32), "sigmoid"
    )


def test_l2_loss_accepts_int_targets():
    assert bc.l2_loss(Y, (T > 0.5).astype(int)) == bc.l2_loss(Y, (T > 0.5).astype(float))


# ---- cross-entropy ----------------------------------------------------------------------------
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_binary_cross_entropy_is_the_definition_at_50_digits(reduction):
    a = np.concatenate([A, [[-30.0, 30.0], [-0.001, 700.0]]])
    t = np.concatenate([T, [[0.0, 1.0], [0.5, 0.25]]])
    want = binary_ce_exact(a, t) / (a.shape[0] if reduction == "mean" else 1)
    got = bc.cross_entropy_loss(a, t, "sigmoid", reduction)
    # Non-negative terms (softplus and its weights): a few eps per term, relative to the total.
    assert got == pytest.approx(want, rel=8 * a.size * EPS64, abs=0)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_softmax_cross_entropy_is_the_definition_at_50_digits(reduction):
    a = np.concatenate([A, [[-30.0, 30.0], [500.0, -500.0]]])
    t = np.concatenate([T_ROWS, [[0.5, 0.5], [0.0, 1.0]]])
    want = softmax_ce_exact(a, t) / (a.shape[0] if reduction == "mean" else 1)
    got = bc.cross_entropy_loss(a, t, "softmax", reduction)
    assert got == pytest.approx(want, rel=8 * a.size * EPS64, abs=0)
    assert bc.cross_entropy_loss(a, t, reduction=reduction) == got  # softmax is the default


def test_cross_entropy_of_a_perfect_prediction_is_the_entropy_of_the_target():
    # t one-hot and a huge in its class: the loss is e^(-1000)-small, and exactly 0 here.
    a = np.array([[1000.0, 0.0, 0.0]])
    assert bc.cross_entropy_loss(a, np.array([[1.0, 0, 0]]), "softmax") == 0.0
    assert bc.cross_entropy_loss(a, np.array([[1.0, 0, 0]]), "sigmoid") == pytest.approx(
        2 * np.log(2), rel=4 * EPS64, abs=0
    )


EXTREME_A = np.array([[1e300, -1e300, 0.0], [-1e300, 1e300, 1e300], [-1e300, -1e300, 5.0]])
EXTREME_T = np.array([[0.0, 1.0, 0.0], [0.25, 0.25, 0.5], [0.5, 0.0, 0.5]])


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_cross_entropy_is_finite_silent_and_exact_up_to_1e300(output):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        got = bc.cross_entropy_loss(EXTREME_A, EXTREME_T, output)
        got_mean = bc.cross_entropy_loss(EXTREME_A, EXTREME_T, output, "mean")
    want = (binary_ce_exact if output == "sigmoid" else softmax_ce_exact)(EXTREME_A, EXTREME_T)
    assert np.isfinite(got) and got == pytest.approx(want, rel=16 * EPS64, abs=0)
    assert got_mean == pytest.approx(want / 3, rel=16 * EPS64, abs=0)


def test_cross_entropy_float32_keeps_its_precision():
    a, t = A.astype(np.float32), T.astype(np.float32)
    want = binary_ce_exact(a, t)
    got = bc.cross_entropy_loss(a, t, "sigmoid")
    assert got == pytest.approx(want, rel=8 * a.size * float(np.finfo(np.float32).eps), abs=0)


def binary_ce_of_y(y, t):
    return -(t * mpmath.log(y) + (1 - t) * mpmath.log(1 - y))


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_cross_entropy_grad_is_mpmaths_derivative_with_respect_to_y(reduction):
    per = B if reduction == "mean" else 1
    g_sig = bc.cross_entropy_grad(Y, T, "sigmoid", reduction)
    g_soft = bc.cross_entropy_grad(Y, T_ROWS, "softmax", reduction)
    assert g_sig.shape == g_soft.shape == Y.shape
    with mpmath.workdps(50):
        for n in range(B):
            for k in range(K):
                y, t, t_row = mp(Y[n, k]), mp(T[n, k]), mp(T_ROWS[n, k])
                d_sig = mpmath.diff(lambda v, t=t: binary_ce_of_y(v, t), y)
                d_soft = mpmath.diff(lambda v, t=t_row: -t * mpmath.log(v), y)
                assert g_sig[n, k] == pytest.approx(float(d_sig) / per, rel=8 * EPS64, abs=0)
                assert g_soft[n, k] == pytest.approx(float(d_soft) / per, rel=8 * EPS64, abs=0)
    assert bc.cross_entropy_grad(Y, T_ROWS, reduction=reduction).tolist() == g_soft.tolist()


def test_cross_entropy_times_the_sigmoid_slope_is_y_minus_t():
    # The cancellation behind delta^(L) = y - t (eq-ce-delta): dL/dy * sigma'(a) = y - t.
    g = bc.cross_entropy_grad(Y, T, "sigmoid")
    np.testing.assert_allclose(g * Y * (1 - Y), Y - T, rtol=8 * EPS64, atol=8 * EPS64)


# ---- the Loss record --------------------------------------------------------------------------
def test_loss_records_cancel_only_cross_entropy_after_sigmoid_or_softmax():
    ce, l2 = get_loss("cross_entropy"), get_loss("l2")
    assert get_loss(ce) is ce and l2 == Loss("l2")
    for name in ("sigmoid", "softmax"):
        act = bc.get_activation(name)
        assert ce.cancels(act) and not l2.cancels(act)
        ce.check_output(act)
        l2.check_output(act)
    for name in ("tanh", "relu", "identity"):
        act = bc.get_activation(name)
        assert not ce.cancels(act)
        l2.check_output(act)
        with pytest.raises(
            ValueError,
            match=rf"^loss='cross_entropy' needs a 'sigmoid' or 'softmax' output layer, got "
            rf"'{name}'$",
        ):
            ce.check_output(act)


def test_loss_records_compute_the_values_and_gradients():
    sig, soft = bc.get_activation("sigmoid"), bc.get_activation("softmax")
    ce, l2 = Loss("cross_entropy"), Loss("l2")
    assert l2.value(sig, None, Y, T) == bc.l2_loss(Y, T)
    assert ce.value(sig, A, None, T) == bc.cross_entropy_loss(A, T, "sigmoid")
    assert ce.value(soft, A, None, T_ROWS) == bc.cross_entropy_loss(A, T_ROWS, "softmax")
    np.testing.assert_array_equal(l2.grad(sig, Y, T), Y - T)
    np.testing.assert_array_equal(ce.grad(sig, Y, T), bc.cross_entropy_grad(Y, T, "sigmoid"))
    np.testing.assert_array_equal(ce.grad(soft, Y, T), -T / Y)
    l2.check_targets(sig, np.array([[5.0, -3.0]]))  # L2 targets are any real numbers
    with pytest.raises(ValueError, match="targets must be probabilities"):
        ce.check_targets(sig, np.array([[5.0, -3.0]]))


def test_get_loss_refuses_unknown_names():
    with pytest.raises(ValueError, match=r"^unknown loss 'hinge'; choose 'l2' or 'cross_entropy'$"):
        get_loss("hinge")


# ---- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("y", "t", "error", "message"),
    [
        (
            np.zeros((3, 1)),
            np.zeros(3),
            ValueError,
            r"^t must be a 2-D batch of shape \(batch, n\), got shape \(3,\) \(one sample",
        ),
        (
            np.zeros((3, 1)),
            np.zeros((3, 2)),
            ValueError,
            r"^Y has shape \(3, 1\) but t has shape \(3, 2\): they must match exactly "
            r"\(no broadcasting\)$",
        ),
        (np.zeros((0, 2)), np.zeros((0, 2)), ValueError, r"^Y is an empty batch"),
        (
            np.zeros((2, 1)),
            np.array([[np.nan], [0]]),
            ValueError,
            r"^t contains non-finite values \(1 NaN, 0 inf; first at index \(0, 0\)\)$",
        ),
        (
            np.array([[0.5], [np.inf]]),
            np.zeros((2, 1)),
            ValueError,
            r"^Y contains non-finite values \(0 NaN, 1 inf; first at index \(1, 0\)\)$",
        ),
        (np.array([["a"]]), np.zeros((1, 1)), TypeError, r"^Y must hold real numbers"),
    ],
)
def test_loss_bad_input(y, t, error, message):
    for fn, name in [
        (bc.l2_loss, "y"), (bc.l2_loss_grad, "y"), (bc.cross_entropy_grad, "y"),
        (bc.cross_entropy_loss, "a"),
    ]:
        with pytest.raises(error, match=message.replace("Y", name)):
            fn(y, t)


@pytest.mark.parametrize(
    "fn", [bc.l2_loss, bc.l2_loss_grad, bc.cross_entropy_grad, bc.cross_entropy_loss]
)
def test_loss_rejects_unknown_reduction(fn):
    with pytest.raises(ValueError, match=r"^reduction must be 'sum' or 'mean', got 'max'$"):
        fn(Y, T_ROWS, reduction="max")


# ---- review fixes: the quotient at y = 0 or 1, and impostor output layers -------------------
def test_cross_entropy_grad_at_y_0_or_1_drops_the_zero_weight_term_silently():
    # Oracle: at y = t = 1 the loss is -ln y, whose derivative -1/y is -1; at y = t = 0 it is
    # -ln(1 - y), derivative 1/(1 - y) = 1; after a softmax, a term with t = 0 is absent (0).
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = bc.cross_entropy_grad([[1.0, 0.0]], [[1.0, 0.0]], "sigmoid")
        assert g.tolist() == [[-1.0, 1.0]]
        assert bc.cross_entropy_grad([[0.0, 1.0]], [[0.0, 1.0]], "softmax").tolist() == [
            [0.0, -1.0]
        ]


@pytest.mark.parametrize(
    "y, t, output, where",
    [
        ([[1.0, 0.0, 1.0]], [[1.0, 0.0, 0.0]], "sigmoid", r"y\[0, 2\] = 1 with target 0 "),
        ([[0.5, 0.0]], [[0.5, 0.25]], "sigmoid", r"y\[0, 1\] = 0 with target 0.25 "),
        ([[0.0, 1.0]], [[0.5, 0.5]], "softmax", r"y\[0, 0\] = 0 with target 0.5 "),
        ([[1e-320, 1.0]], [[1.0, 0.0]], "softmax", r"y\[0, 0\] = 9.99989e-321 with target 1 "),
    ],
)
def test_cross_entropy_grad_refuses_an_infinite_derivative(y, t, output, where):
    # The true derivative is infinite (or beyond float64) there: never inf or NaN returned.
    with pytest.raises(ValueError, match=rf"^cross-entropy's dL/dy is not finite at {where}"):
        bc.cross_entropy_grad(y, t, output)


def test_cross_entropy_needs_the_packages_own_sigmoid_or_softmax():
    # An Activation merely named 'sigmoid' (here tanh) must not get delta = y - t: its slope
    # 1 - tanh^2 does not cancel the quotient of eq-ce-binary-grad.
    fake = bc.Activation("sigmoid", bc.tanh, bc.tanh_prime)
    ce = get_loss("cross_entropy")
    assert not ce.cancels(fake)
    with pytest.raises(ValueError, match=r"^loss='cross_entropy' needs the package's own "
                       r"'sigmoid' output layer"):
        bc.MLP([1, 1], fake, loss="cross_entropy")
    with pytest.raises(ValueError, match="custom Activation"):
        bc.output_delta(np.full((1, 1), 0.5), np.zeros((1, 1)), fake, loss="cross_entropy")
    # A record built from the package's own functions is the same activation.
    from backprop_core import activations as act

    same = bc.Activation("sigmoid", act.sigmoid, act.sigmoid_prime, act.sigmoid_prime_from_output)
    assert ce.cancels(same)
    bc.MLP([1, 1], same, loss="cross_entropy")
