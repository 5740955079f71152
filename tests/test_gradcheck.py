import re

import numpy as np
import pytest
import sympy as sp

import backprop_core as bc
from backprop_core.gradcheck import reference_gradient, with_dtype

X = np.array([[0.3, -0.8], [0.9, 0.1]])
T = np.array([[0.2, 0.8], [0.6, 0.4]])


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


def _table_net():
    net = bc.MLP([2, 3, 2], seed=1)
    net.biases = [np.array([0.1, -0.2, 0.3]), np.array([0.05, -0.05])]
    return net


def test_three_way_table_agrees_and_names_its_columns():
    from backprop_core.symbolic import symbolic_mlp

    net = _table_net()
    table = bc.three_way_table(net, X[0], T[0], symbolic_mlp([2, 3, 2]))
    assert list(table.columns) == [
        "SymPy",
        "finite difference",
        "backprop_core",
        "rel. error core",
        "rel. error FD",
    ]
    assert table.columns["rel. error core"].max() < 1e-14
    assert 1e-13 < table.columns["rel. error FD"].max() < 1e-9  # truncation, eps = 1e-5
    assert len(table.labels) == net.n_params
    for row in table.rows():  # no round-off is printed as a number
        assert row[4] == "< 1e-14"
        assert re.fullmatch(r"\de-\d\d|< 1e-20", row[5]), row
        assert " ".join(row[4:]) in " ".join(str(table).split())
    zero_bias = bc.MLP([2, 3, 2], seed=1)  # biases all zero: the no-bias SymPy net accepts it
    with pytest.raises(ValueError, match="build it with biases=True"):
        bc.three_way_table(zero_bias, X[0], T[0], symbolic_mlp([2, 3, 2], biases=False))


def test_three_way_table_columns_against_independent_oracles(monkeypatch):
    from backprop_core.symbolic import symbolic_mlp

    net, sym, eps = _table_net(), symbolic_mlp([2, 3, 2]), 1e-5
    values = sym.substitutions(net, X[0], T[0])
    # Oracles by SymPy's own evalf at 50 digits: no lambdify, no mpmath code of the package.
    exact = [float(sp.diff(sym.loss, p).evalf(50, subs=values)) for p in sym.params]
    fd = []
    for p in sym.params:
        up, down = dict(values), dict(values)
        up[p] = sp.Float(values[p], 50) + sp.Float(eps, 50)
        down[p] = sp.Float(values[p], 50) - sp.Float(eps, 50)
        diff = sym.loss.evalf(50, subs=up) - sym.loss.evalf(50, subs=down)
        fd.append(float(diff / (2 * sp.Float(eps, 50))))

    def no_float64_loss(*args, **kwargs):
        raise AssertionError("the finite differences must not call net.loss")

    monkeypatch.setattr(net, "loss", no_float64_loss)
    table = bc.three_way_table(net, X[0], T[0], sym, eps=eps)
    assert table.columns["SymPy"].tolist() == exact  # exact, rounded once
    np.testing.assert_allclose(table.columns["finite difference"], fd, rtol=1e-15, atol=0)
    fd_error = np.abs(np.subtract(fd, exact)) / np.abs(exact)
    np.testing.assert_allclose(table.columns["rel. error FD"], fd_error, rtol=1e-3, atol=0)


def test_three_way_table_prints_only_digits_the_cpu_cannot_change():
    from backprop_core.symbolic import symbolic_mlp

    net, sym = _table_net(), symbolic_mlp([2, 3, 2])
    table = bc.three_way_table(net, X[0], T[0], sym, digits=17)  # 17 digits: round-off
    assert table.digits <= 13
    for v in table.columns["SymPy"]:  # 2e-14 away on either side, v rounds the same
        assert f"{v * (1 - 2e-14):.{table.digits}g}" == f"{v * (1 + 2e-14):.{table.digits}g}"
    rows = table.rows()
    assert [r[3] for r in rows] == [r[1] for r in rows]  # core prints what SymPy prints
    assert bc.three_way_table(net, X[0], T[0], sym, digits=8).digits == 8


def test_symbolic_differences_have_only_the_truncation_error():
    from backprop_core.gradcheck import symbolic_differences
    from backprop_core.symbolic import symbolic_mlp

    # y = w x + b with the identity: L is quadratic in w and b, the centred difference exact.
    lin = bc.MLP([1, 1], "identity", seed=0)
    fd = symbolic_differences(symbolic_mlp([1, 1], "identity"), lin, [0.7], [0.2], eps=0.1)
    _, dW, db = lin.gradients(np.array([[0.7]]), np.array([[0.2]]))
    np.testing.assert_allclose([float(v) for v in fd], bc.flatten(dW, db), rtol=1e-15, atol=0)
    # A sigmoid unit: the error is eps^2 L'''/6 (eq-gradcheck-centred-error), L''' by SymPy.
    sym, unit = symbolic_mlp([1, 1]), bc.MLP([1, 1], "sigmoid", seed=0)
    w = sym.params[0]
    values = sym.substitutions(unit, [0.7], [0.2])
    L1, L3 = (float(sp.diff(sym.loss, w, k).evalf(30, subs=values)) for k in (1, 3))
    for eps in (1e-2, 1e-3):
        error = float(symbolic_differences(sym, unit, [0.7], [0.2], eps)[0]) - L1
        assert error == pytest.approx(eps**2 * L3 / 6, rel=1e-3)
    with pytest.raises(ValueError, match="the step eps must be a positive finite number"):
        symbolic_differences(sym, unit, [0.7], [0.2], eps=-1.0)


def test_grad_table_bounds_and_error_digits():
    table = bc.GradTable(
        ["a", "b"],
        {"value": np.array([1.5, -2.25]), "err": np.array([3e-17, 4.2e-3])},
        digits=3,
        error_columns=("err",),
        bounds={"err": 1e-14},
        error_digits={"err": 1},
    )
    assert table.rows() == [["a", "1.5", "< 1e-14"], ["b", "-2.25", "4e-03"]]
    plain = bc.GradTable(["a"], {"relative error": np.array([3e-17])})
    assert plain.rows() == [["a", "3.0e-17"]]  # no bound unless asked for


def test_three_way_table_accepts_the_chapter_names():
    from backprop_core.symbolic import symbolic_mlp

    net = bc.MLP([2, 1], seed=0)
    names = ["w_11", "w_21", "b_1"]
    table = bc.three_way_table(net, X[0], T[0, :1], symbolic_mlp([2, 1]), labels=names)
    assert table.labels == names
    with pytest.raises(ValueError, match="labels has 2 names for 3 parameters"):
        bc.three_way_table(net, X[0], T[0, :1], symbolic_mlp([2, 1]), labels=names[:2])


def test_three_way_table_refuses_a_symbolic_net_of_another_loss():
    from backprop_core.symbolic import symbolic_mlp, symbolic_network

    # The L2 symbolic loss against a cross-entropy network compares two different functions
    # (every row would print a relative error near 0.75): refused, with the remedy named.
    net = bc.MLP([2, 2, 1], loss="cross_entropy", seed=1)
    x, t = [0.3, -0.2], [1.0]
    with pytest.raises(ValueError, match="loss is 'cross_entropy' but the symbolic net's is 'l2'"):
        bc.three_way_table(net, x, t, symbolic_mlp([2, 2, 1]))
    table = bc.three_way_table(net, x, t, symbolic_network(net))  # its cross-entropy twin
    assert table.columns["rel. error core"].max() < 1e-14
    soft = bc.MLP([2, 2, 2], ["sigmoid", "softmax"], loss="cross_entropy", seed=1)
    table = bc.three_way_table(soft, x, [0.0, 1.0], symbolic_network(soft))
    assert table.columns["rel. error core"].max() < 1e-14
    l2 = _table_net()
    assert type(symbolic_network(l2)).__name__ == "SymbolicMLP"
    with pytest.raises(ValueError, match="loss is 'l2' but the symbolic net's is 'cross_entropy'"):
        bc.three_way_table(l2, X[0], T[0], symbolic_network(
            bc.MLP([2, 3, 2], loss="cross_entropy")))
    with pytest.raises(ValueError, match="activations"):
        bc.three_way_table(l2, X[0], T[0], symbolic_mlp([2, 3, 2], "tanh"))
    with pytest.raises(ValueError, match="sizes"):
        bc.three_way_table(l2, X[0], T[0], symbolic_mlp([2, 2, 2]))


def test_relative_error_floor_makes_tiny_errors_absolute():
    # both below the floor 1e-12: divided by the floor, not by the larger gradient
    assert bc.relative_error([1e-14], [3e-14])[0] == pytest.approx(0.02, rel=1e-12, abs=0)
    assert bc.relative_error([1e-20], [0.0])[0] == pytest.approx(1e-8, rel=1e-12, abs=0)
    assert bc.relative_error([0.0], [0.0])[0] == 0.0
    assert bc.relative_error([1.0], [3.0])[0] == pytest.approx(2 / 3, rel=1e-15, abs=0)
