import numpy as np
import pytest

import backprop_core as bc
from backprop_core.gradcheck import difference_gradients, error_vs_h, reference_gradient, with_dtype

X = np.array([[0.3, -0.8], [0.9, 0.1]])
T = np.array([[0.2, 0.8], [0.6, 0.4]])


# ---- a loss that is exactly quadratic in every parameter: finite differences in closed form ----
# One identity layer with the L2 loss: L = 1/2 sum_nk (sum_i x_ni w_ik + b_k - t_nk)^2. Along
# any one parameter L is a parabola, so the centred difference is its derivative exactly (up to
# rounding) and the forward difference is the derivative plus h/2 times the curvature:
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
    h = 1e-3
    # rounding of a difference quotient: a few eps |L| / h
    rounding = 8 * np.finfo(float).eps * loss / h
    nW, nb = bc.numerical_gradients(net, QX, QT, h=h, reduction=reduction)
    assert [a.shape for a in nW + nb] == [(3, 2), (2,)] and nW[0].dtype == np.float64
    np.testing.assert_allclose(bc.flatten(nW, nb), g, rtol=0, atol=rounding)
    forward = bc.flatten(*bc.numerical_gradients(net, QX, QT, h, reduction, method="forward"))
    np.testing.assert_allclose(forward, g + h / 2 * curv, rtol=0, atol=rounding)
    np.testing.assert_array_equal(
        difference_gradients(net, QX, QT, h, "forward", reduction), forward
    )
    np.testing.assert_array_equal(
        difference_gradients(net, QX, QT, h, reduction=reduction),
        bc.flatten(nW, nb),
    )


def test_the_default_step_is_1e_minus_5_and_the_default_method_centred():
    net = bc.MLP([2, 3, 2], ["tanh", "sigmoid"], seed=0)
    want = difference_gradients(net, X, T, 1e-5, "centred", "sum")
    np.testing.assert_array_equal(difference_gradients(net, X, T), want)
    np.testing.assert_array_equal(bc.flatten(*bc.numerical_gradients(net, X, T)), want)
    np.testing.assert_array_equal(bc.gradcheck(net, X, T).numeric, want)


def test_error_vs_h_is_the_forward_differences_h_over_2_curvature():
    net = quadratic_net()
    g, curv = quadratic_exact(net)
    hs = [1e-2, 1e-3]
    errors = error_vs_h(net, QX, QT, hs, method="forward")
    assert errors.shape == (2, net.n_params)
    for row, h in zip(errors, hs):
        want = np.abs(h / 2 * curv) / np.maximum(np.abs(g), np.abs(g + h / 2 * curv))
        np.testing.assert_allclose(row, want, rtol=1e-6, atol=0)
    centred = error_vs_h(net, QX, QT, hs)
    assert centred.max() < 1e-10  # exact for a parabola, up to rounding
    floored = error_vs_h(net, QX, QT, hs, "forward", floor=1e6)
    np.testing.assert_allclose(floored, np.abs(hs[0] / 2 * curv)[None, :] / 1e6 * [[1], [0.1]],
                               rtol=1e-6, atol=0)


# ---- gradcheck ----------------------------------------------------------------------------
def test_gradcheck_agrees_for_the_232_network():
    net = bc.MLP([2, 3, 2], seed=0)
    gc = bc.gradcheck(net, X, T)
    assert isinstance(gc, bc.GradCheck)
    assert gc.max_rel_error < 1e-7 and isinstance(gc.max_rel_error, float)
    assert gc.max_rel_error == gc.rel_error.max()
    assert gc.labels == bc.parameter_labels(net)
    assert len(gc.labels) == net.n_params == gc.analytic.size == gc.numeric.size
    _, dW, db = net.gradients(X, T)
    np.testing.assert_array_equal(gc.analytic, bc.flatten(dW, db))
    np.testing.assert_array_equal(gc.numeric, bc.flatten(*bc.numerical_gradients(net, X, T)))
    np.testing.assert_array_equal(gc.rel_error, bc.relative_error(gc.analytic, gc.numeric))


@pytest.mark.parametrize("case", [0, 3])
def test_gradcheck_with_the_mean_is_one_over_B_of_the_sum(case):
    from netcases import make

    net, Xc, Tc = make(case, batch=4)
    total = bc.gradcheck(net, Xc, Tc, reduction="sum")
    mean = bc.gradcheck(net, Xc, Tc, reduction="mean")
    # Both sides: analytic exactly (up to rounding), numeric within the differences' error.
    np.testing.assert_allclose(mean.analytic * 4, total.analytic, rtol=1e-13,
                               atol=1e-15 * np.abs(total.analytic).max())
    np.testing.assert_allclose(mean.numeric * 4, total.numeric, rtol=1e-6,
                               atol=1e-9 * np.abs(total.numeric).max())
    assert mean.max_rel_error < 1e-6 and total.max_rel_error < 1e-6


def test_gradcheck_passes_h_and_floor_through():
    net = quadratic_net()
    g, _ = quadratic_exact(net)
    gc = bc.gradcheck(net, QX, QT, h=0.5)
    np.testing.assert_allclose(gc.numeric, g, rtol=0, atol=1e-12)  # a parabola: any h is exact
    gc = bc.gradcheck(net, QX, QT, floor=1e3)
    np.testing.assert_array_equal(gc.rel_error, np.abs(gc.analytic - gc.numeric) / 1e3)


def test_gradcheck_table_shows_the_three_columns():
    gc = bc.gradcheck(bc.MLP([2, 1], "identity", seed=0), X, T[:, :1])
    table = gc.table()
    assert isinstance(table, bc.GradTable) and table.digits == 8 and table.labels == gc.labels
    assert list(table.columns) == ["analytic", "numeric", "relative error"]
    for column, values in zip(table.columns.values(), (gc.analytic, gc.numeric, gc.rel_error)):
        assert column is values
    assert gc.table(digits=3).digits == 3


def test_gradcheck_catches_a_wrong_derivative():
    # Plant the classic bug: forget the slope factor in the hidden layer.
    act = bc.get_activation("sigmoid")
    no_slope = bc.Activation("sigmoid", act.f, act.df, lambda h: np.ones_like(h))
    net = bc.MLP([2, 3, 2], [no_slope, "sigmoid"], seed=0)
    gc = bc.gradcheck(net, X, T)
    assert gc.max_rel_error > 0.5
    bad = {label for label, e in zip(gc.labels, gc.rel_error) if e > 1e-3}
    assert bad == set(gc.labels[:6] + gc.labels[12:15])  # exactly the first layer's w and b


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numerical_gradients_restore_parameters_exactly(dtype):
    net = bc.MLP([2, 3, 2], seed=0, dtype=dtype)
    net.b[1] = [0.1, 1e-8, -3.3]  # values that p + h - h would not give back
    before = [p.copy() for p in net.weights + net.biases]
    ids = [id(p) for p in net.weights + net.biases]
    for method in ("centred", "forward"):
        bc.numerical_gradients(net, X, T, h=1e-3, method=method)
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
    # difference at h = 1e-4 carries float32 round-off, about eps32 |L| / h = 1e-3 |L|.
    net64 = quadratic_net()
    net32 = with_dtype(net64, np.float32)
    g, _ = quadratic_exact(net64)
    err64 = np.abs(difference_gradients(net64, QX, QT, 1e-4) - g).max()
    err32 = np.abs(difference_gradients(net32, QX, QT, 1e-4) - g).max()
    assert err64 < 1e-9 and 1e-5 < err32 < 1e-1


def test_with_dtype_converts_exactly_and_independently():
    net = bc.MLP([2, 3, 2], ["relu", "softmax"], seed=1, dtype=np.float32,
                 loss="cross_entropy", init="he")
    net.b[1] = [0.1, 0.2, 0.3]
    other = with_dtype(net)
    assert other.dtype == np.float64 and other.sizes == net.sizes
    assert other.activations == net.activations and other.loss_fn == net.loss_fn
    assert other.init == "he"
    for p, q in zip(net.weights + net.biases, other.weights + other.biases):
        assert q.dtype == np.float64
        np.testing.assert_array_equal(q, p.astype(np.float64))
    other.W[1][0, 0] += 1
    assert net.W[1][0, 0] != other.W[1][0, 0]
    assert with_dtype(other, np.float32).W[1].dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_reference_gradient_is_float64_backprop_at_the_networks_data(dtype):
    import oracles

    net = bc.MLP([2, 3, 2], ["tanh", "sigmoid"], seed=2, dtype=dtype)
    net.b[2] = [0.3, -0.3]
    Xd = np.array([[0.1, 0.2], [0.3, 1 / 3]])  # 1/3 is not a float32: rounded as net sees it
    Td = np.array([[0.7, 0.1], [2 / 3, 0.4]])
    got = reference_gradient(net, Xd, Td)
    assert got.dtype == np.float64
    want = oracles.backprop(oracles.Net.of(net), Xd.astype(dtype), Td.astype(dtype))
    mag = bc.flatten(want.dW_mag, want.db_mag)
    oracles.assert_near(got, bc.flatten(want.dW, want.db), mag, 16 * np.finfo(float).eps,
                        "reference gradient")


# ---- relative error, labels, flatten ----------------------------------------------------------
def test_relative_error_is_the_definition_elementwise():
    a = np.array([1.0, -2.0, 0.0, 1e-20, -3.0, 5.0])
    n = np.array([1.1, -2.0, 0.0, 3e-20, 3.0, 4.0])
    got = bc.relative_error(a, n)
    for k in range(a.size):
        want = abs(a[k] - n[k]) / max(abs(a[k]), abs(n[k]), 1e-12)
        assert got[k] == pytest.approx(want, rel=1e-15, abs=0)
    assert got[2] == 0.0 and got[4] == 2.0
    np.testing.assert_array_equal(bc.relative_error(a, n, floor=10.0),
                                  np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)),
                                                             10.0))
    assert bc.relative_error([[1, 2]], [[1, 4]]).shape == (1, 2)  # lists and ints
    with pytest.raises(
        ValueError, match=r"^analytic has shape \(2,\) but numeric has shape \(3,\)$"
    ):
        bc.relative_error([1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match=r"^numeric must hold real numbers"):
        bc.relative_error([1.0], ["a"])
    with pytest.raises(TypeError, match=r"^analytic must hold real numbers"):
        bc.relative_error(["a"], [1.0])


@pytest.mark.parametrize("h", [0, -1e-5, float("nan"), float("inf"), "1e-5", None])
def test_numerical_gradients_reject_bad_steps(h):
    with pytest.raises(ValueError, match=rf"^the step h must be a positive finite number, "
                                         rf"got {re_escape(repr(h))}$"):
        bc.numerical_gradients(bc.MLP([2, 1]), X, T[:, :1], h=h)


def re_escape(s):
    import re

    return re.escape(s)


def test_numerical_gradients_reject_unknown_methods():
    with pytest.raises(ValueError, match=r"^method must be 'centred' or 'forward', got 'central'$"):
        bc.numerical_gradients(bc.MLP([2, 1]), X, T[:, :1], method="central")
    net = bc.MLP([2, 1])
    assert bc.numerical_gradients(net, X, T[:, :1], h=np.float32(1e-3))[0][0].shape == (2, 1)
    assert bc.numerical_gradients(net, X, T[:, :1], h=1)[1][0].shape == (1,)


def test_labels_follow_the_book_from_i_to_j_then_biases():
    net = bc.MLP([2, 3, 2], seed=0)
    want = [f"w^(1)_{i}{j}" for i in (1, 2) for j in (1, 2, 3)]
    want += [f"w^(2)_{i}{j}" for i in (1, 2, 3) for j in (1, 2)]
    want += ["b^(1)_1", "b^(1)_2", "b^(1)_3", "b^(2)_1", "b^(2)_2"]
    assert bc.parameter_labels(net) == want
    # a comma between indices once one of them can have two digits
    assert bc.parameter_labels(bc.MLP([10, 1]))[9] == "w^(1)_10,1"
    assert bc.parameter_labels(bc.MLP([1, 10]))[9] == "w^(1)_1,10"
    assert bc.parameter_labels(bc.MLP([9, 9]))[-10] == "w^(1)_99"
    assert len(bc.parameter_labels(bc.MLP([3, 4, 2]))) == bc.MLP([3, 4, 2]).n_params


def test_flatten_is_weights_then_biases_in_row_order_as_float64():
    dW = [np.arange(6, dtype=np.float32).reshape(2, 3), np.arange(6, 12).reshape(3, 2)]
    db = [np.array([12.0, 13, 14]), np.array([15, 16], dtype=np.float32)]
    flat = bc.flatten(dW, db)
    assert flat.dtype == np.float64
    np.testing.assert_array_equal(flat, np.arange(17))
    np.testing.assert_array_equal(bc.flatten([np.ones((2, 2))], []), np.ones(4))


def test_table_text_and_html():
    gc = bc.gradcheck(bc.MLP([2, 1], "identity", seed=0), X, T[:, :1])
    text = str(gc.table(digits=6))
    lines = text.splitlines()
    assert lines[0].split() == ["parameter", "analytic", "numeric", "relative", "error"]
    assert len(lines) == 2 + 3
    assert lines[2].split()[0] == "w^(1)_11"
    assert f"{gc.analytic[0]:.6g}" in lines[2]
    html = gc.table()._repr_html_()
    assert html.count("<tr>") == 4 and "<th>relative error</th>" in html
    extra = bc.GradTable(
        gc.labels, {"SymPy": gc.analytic, "relative error": gc.rel_error}, digits=4
    )
    assert "SymPy" in str(extra)


def test_three_way_table_agrees_and_names_its_columns():
    from backprop_core.symbolic import symbolic_mlp

    net = bc.MLP([2, 3, 2], seed=1)
    net.biases = [np.array([0.1, -0.2, 0.3]), np.array([0.05, -0.05])]
    table = bc.three_way_table(net, X[0], T[0], symbolic_mlp([2, 3, 2]))
    assert list(table.columns) == [
        "SymPy",
        "finite difference",
        "backprop_core",
        "rel. error core",
        "rel. error FD",
    ]
    assert table.columns["rel. error core"].max() < 1e-12
    assert table.columns["rel. error FD"].max() < 1e-6
    assert len(table.labels) == net.n_params
    text = str(table)
    assert "e-" in text.splitlines()[2].split()[-1]  # error columns in scientific notation
    zero_bias = bc.MLP([2, 3, 2], seed=1)  # biases all zero: the no-bias SymPy net accepts it
    with pytest.raises(ValueError, match="build it with biases=True"):
        bc.three_way_table(zero_bias, X[0], T[0], symbolic_mlp([2, 3, 2], biases=False))


def test_three_way_table_accepts_the_chapter_names():
    from backprop_core.symbolic import symbolic_mlp

    net = bc.MLP([2, 1], seed=0)
    names = ["w_11", "w_21", "b_1"]
    table = bc.three_way_table(net, X[0], T[0, :1], symbolic_mlp([2, 1]), labels=names)
    assert table.labels == names
    with pytest.raises(ValueError, match="labels has 2 names for 3 parameters"):
        bc.three_way_table(net, X[0], T[0, :1], symbolic_mlp([2, 1]), labels=names[:2])
