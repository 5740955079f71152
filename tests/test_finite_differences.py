"""Finite differences (numerical_gradients, difference_gradients, error_vs_eps) in closed form."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core.gradcheck import difference_gradients, error_vs_eps, with_dtype

X = np.array([[0.3, -0.8], [0.9, 0.1]])
T = np.array([[0.2, 0.8], [0.6, 0.4]])


# ---- a loss that is exactly quadratic in every parameter: finite differences in closed form ----
# One identity layer with the L2 loss: L = 1/2 sum_nk (sum_i x_ni w_ik + b_k - t_nk)^2. Along
# any one parameter L is a parabola, so the centred difference is its derivative exactly (up to
# rounding) and the forward difference is the derivative plus eps/2 times the curvature:
# d2L/dw_ik^2 = sum_n x_ni^2 and d2L/db_k^2 = B (each divided by B for reduction="mean").
QX = np.array([[0.3, -0.8, 1.5], [0.9, 0.1, -0.4], [-1.2, 0.7, 0.2], [0.5, 0.5, -1.0]])
QT = np.array([[0.2, -0.8], [0.6, 0.4], [-1.0, 0.3], [0.1, 0.9]])


def quadratic_net():
    net = bc.MLP([3, 2], "identity", seed=3)
    net.b[1] = [0.25, -0.5]
    return net


def quadratic_exact(net, reduction="sum"):
    """(gradient, curvature) of every parameter, flattened in parameter_labels order."""
    B = QX.shape[0]
    per = 1 / B if reduction == "mean" else 1
    W, b = net.W[1], net.b[1]
    g_W, g_b = np.zeros((3, 2)), np.zeros(2)
    c_W, c_b = np.zeros((3, 2)), np.zeros(2)
    for n in range(B):
        for k in range(2):
            err = sum(QX[n, i] * W[i, k] for i in range(3)) + b[k] - QT[n, k]
            g_b[k] += err * per
            c_b[k] += per
            for i in range(3):
                g_W[i, k] += QX[n, i] * err * per
                c_W[i, k] += QX[n, i] ** 2 * per
    return np.concatenate([g_W.ravel(), g_b]), np.concatenate([c_W.ravel(), c_b])


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_centred_and_forward_differences_in_closed_form(reduction):
    net = quadratic_net()
    g, curv = quadratic_exact(net, reduction)
    loss = net.loss(QX, QT, reduction)
    eps = 1e-3
    # rounding of a difference quotient: a few eps_mach |L| / eps
    rounding = 8 * np.finfo(float).eps * loss / eps
    nW, nb = bc.numerical_gradients(net, QX, QT, eps=eps, reduction=reduction)
    assert [a.shape for a in nW + nb] == [(3, 2), (2,)] and nW[0].dtype == np.float64
    np.testing.assert_allclose(bc.flatten(nW, nb), g, rtol=0, atol=rounding)
    forward = bc.flatten(*bc.numerical_gradients(net, QX, QT, eps, reduction, method="forward"))
    np.testing.assert_allclose(forward, g + eps / 2 * curv, rtol=0, atol=rounding)
    np.testing.assert_array_equal(
        difference_gradients(net, QX, QT, eps, "forward", reduction), forward
    )
    np.testing.assert_array_equal(
        difference_gradients(net, QX, QT, eps, reduction=reduction),
        bc.flatten(nW, nb),
    )


def test_the_default_step_is_1e_minus_5_and_the_default_method_centred():
    net = bc.MLP([2, 3, 2], ["tanh", "sigmoid"], seed=0)
    want = difference_gradients(net, X, T, 1e-5, "centred", "sum")
    np.testing.assert_array_equal(difference_gradients(net, X, T), want)
    np.testing.assert_array_equal(bc.flatten(*bc.numerical_gradients(net, X, T)), want)
    np.testing.assert_array_equal(bc.gradcheck(net, X, T).numeric, want)


def test_error_vs_eps_is_the_forward_differences_eps_over_2_curvature():
    net = quadratic_net()
    g, curv = quadratic_exact(net)
    steps = [1e-2, 1e-3]
    errors = error_vs_eps(net, QX, QT, steps, method="forward")
    assert errors.shape == (2, net.n_params)
    for row, eps in zip(errors, steps):
        want = np.abs(eps / 2 * curv) / np.maximum(np.abs(g), np.abs(g + eps / 2 * curv))
        np.testing.assert_allclose(row, want, rtol=1e-6, atol=0)
    centred = error_vs_eps(net, QX, QT, steps)
    assert centred.max() < 1e-10  # exact for a parabola, up to rounding
    floored = error_vs_eps(net, QX, QT, steps, "forward", floor=1e6)
    np.testing.assert_allclose(floored, np.abs(steps[0] / 2 * curv)[None, :] / 1e6 * [[1], [0.1]],
                               rtol=1e-6, atol=0)


def test_gradcheck_passes_eps_and_floor_through():
    net = quadratic_net()
    g, _ = quadratic_exact(net)
    gc = bc.gradcheck(net, QX, QT, eps=0.5)
    np.testing.assert_allclose(gc.numeric, g, rtol=0, atol=1e-12)  # a parabola: any eps is exact
    gc = bc.gradcheck(net, QX, QT, floor=1e3)
    np.testing.assert_array_equal(gc.rel_error, np.abs(gc.analytic - gc.numeric) / 1e3)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numerical_gradients_restore_parameters_exactly(dtype):
    net = bc.MLP([2, 3, 2], seed=0, dtype=dtype)
    net.b[1] = [0.1, 1e-8, -3.3]  # values that p + eps - eps would not give back
    before = [p.copy() for p in net.weights + net.biases]
    ids = [id(p) for p in net.weights + net.biases]
    for method in ("centred", "forward"):
        bc.numerical_gradients(net, X, T, eps=1e-3, method=method)
    assert [id(p) for p in net.weights + net.biases] == ids
    for p0, p in zip(before, net.weights + net.biases):
        np.testing.assert_array_equal(p0, p)


def test_numerical_gradients_work_on_transposed_assignments():
    # A parameter assigned as a transposed view is stored C-ordered, so perturbing it through
    # reshape(-1) edits the parameter itself, not a copy.
    net = quadratic_net()
    net.W[1] = np.ascontiguousarray(net.W[1].T).T
    g, _ = quadratic_exact(net)
    np.testing.assert_allclose(bc.flatten(*bc.numerical_gradients(net, QX, QT)), g, rtol=0,
                               atol=1e-9)


def test_float32_differences_are_taken_in_float32():
    # In a float32 network the perturbed parameter and the losses are float32, so the centred
    # difference at eps = 1e-4 carries float32 round-off, about eps_mach |L| / eps = 1e-3 |L|.
    net64 = quadratic_net()
    net32 = with_dtype(net64, np.float32)
    g, _ = quadratic_exact(net64)
    err64 = np.abs(difference_gradients(net64, QX, QT, 1e-4) - g).max()
    err32 = np.abs(difference_gradients(net32, QX, QT, 1e-4) - g).max()
    assert err64 < 1e-9 and 1e-5 < err32 < 1e-1


@pytest.mark.parametrize("eps", [0, -1e-5, float("nan"), float("inf"), "1e-5", None])
def test_numerical_gradients_reject_bad_steps(eps):
    with pytest.raises(ValueError, match=rf"^the step eps must be a positive finite number, "
                                         rf"got {re_escape(repr(eps))}$"):
        bc.numerical_gradients(bc.MLP([2, 1]), X, T[:, :1], eps=eps)


def re_escape(s):
    import re

    return re.escape(s)


def test_numerical_gradients_reject_unknown_methods():
    with pytest.raises(ValueError, match=r"^method must be 'centred' or 'forward', got 'central'$"):
        bc.numerical_gradients(bc.MLP([2, 1]), X, T[:, :1], method="central")
    net = bc.MLP([2, 1])
    assert bc.numerical_gradients(net, X, T[:, :1], eps=np.float32(1e-3))[0][0].shape == (2, 1)
    assert bc.numerical_gradients(net, X, T[:, :1], eps=1)[1][0].shape == (1,)
