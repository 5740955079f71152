import re

import numpy as np
import pytest
import sympy as sp

import backprop_core as bc

X = np.array([[0.3, -0.8], [0.9, 0.1]])
T = np.array([[0.2, 0.8], [0.6, 0.4]])


def test_gradcheck_agrees_for_the_232_network():
    net = bc.MLP([2, 3, 2], seed=0)
    gc = bc.gradcheck(net, X, T)
    assert gc.max_rel_error < 1e-7
    assert len(gc.labels) == net.n_params == gc.analytic.size == gc.numeric.size


def test_gradcheck_catches_a_wrong_derivative(monkeypatch):
    # Plant the classic bug: forget the slope factor in the hidden layer.
    act = bc.get_activation("sigmoid")
    no_slope = bc.Activation("sigmoid", act.f, act.df, lambda h: np.ones_like(h))
    net = bc.MLP([2, 3, 2], [no_slope, "sigmoid"], seed=0)
    gc = bc.gradcheck(net, X, T)
    assert gc.max_rel_error > 0.5
    bad = {label for label, e in zip(gc.labels, gc.rel_error) if e > 1e-3}
    assert bad == set(gc.labels[:6] + gc.labels[12:15])  # exactly the first layer's w and b


def test_numerical_gradients_restore_parameters_exactly():
    net = bc.MLP([2, 3, 2], seed=0)
    before = [p.copy() for p in net.weights + net.biases]
    bc.numerical_gradients(net, X, T)
    for p0, p in zip(before, net.weights + net.biases):
        np.testing.assert_array_equal(p0, p)


def test_numerical_gradient_error_is_second_order_in_h():
    net = bc.MLP([2, 3, 2], seed=0)
    _, dW, _ = net.gradients(X, T)
    errors = []
    for h in (1e-2, 1e-3):
        nW, _ = bc.numerical_gradients(net, X, T, h=h)
        errors.append(np.abs(nW[1] - dW[1]).max())
    assert 50 < errors[0] / errors[1] < 200  # h ten times smaller: error ~100 times smaller


def test_relative_error_definition():
    np.testing.assert_allclose(
        bc.relative_error([1.0, -2.0, 0.0], [1.1, -2.0, 0.0]), [0.1 / 1.1, 0, 0]
    )
    assert bc.relative_error([1e-20], [3e-20])[0] == pytest.approx(2e-20 / 1e-12)
    with pytest.raises(ValueError, match=r"analytic has shape \(2,\) but numeric has shape \(3,\)"):
        bc.relative_error([1, 2], [1, 2, 3])


def test_numerical_gradients_reject_bad_step():
    with pytest.raises(ValueError, match="the step h must be a positive finite number"):
        bc.numerical_gradients(bc.MLP([2, 1]), X, T[:, :1], h=0)


def test_labels_and_flatten_follow_the_book_order():
    net = bc.MLP([2, 3, 2], seed=0)
    labels = bc.parameter_labels(net)
    assert labels[:3] == ["w^(1)_11", "w^(1)_12", "w^(1)_13"]
    assert labels[6] == "w^(2)_11" and labels[-1] == "b^(2)_2"
    assert bc.parameter_labels(bc.MLP([12, 1]))[11] == "w^(1)_12,1"
    flat = bc.flatten(net.weights, net.biases)
    assert flat[1] == net.weights[0][0, 1] and flat[12] == net.biases[0][0]


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
    assert 1e-13 < table.columns["rel. error FD"].max() < 1e-9  # truncation, h = 1e-5
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

    net, sym, h = _table_net(), symbolic_mlp([2, 3, 2]), 1e-5
    values = sym.substitutions(net, X[0], T[0])
    # Oracles by SymPy's own evalf at 50 digits: no lambdify, no mpmath code of the package.
    exact = [float(sp.diff(sym.loss, p).evalf(50, subs=values)) for p in sym.params]
    fd = []
    for p in sym.params:
        up, down = dict(values), dict(values)
        up[p] = sp.Float(values[p], 50) + sp.Float(h, 50)
        down[p] = sp.Float(values[p], 50) - sp.Float(h, 50)
        diff = sym.loss.evalf(50, subs=up) - sym.loss.evalf(50, subs=down)
        fd.append(float(diff / (2 * sp.Float(h, 50))))

    def no_float64_loss(*args, **kwargs):
        raise AssertionError("the finite differences must not call net.loss")

    monkeypatch.setattr(net, "loss", no_float64_loss)
    table = bc.three_way_table(net, X[0], T[0], sym, h=h)
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
    fd = symbolic_differences(symbolic_mlp([1, 1], "identity"), lin, [0.7], [0.2], h=0.1)
    _, dW, db = lin.gradients(np.array([[0.7]]), np.array([[0.2]]))
    np.testing.assert_allclose([float(v) for v in fd], bc.flatten(dW, db), rtol=1e-15, atol=0)
    # A sigmoid unit: the error is h^2 L'''/6 (eq-gradcheck-centred-error), L''' by SymPy.
    sym, unit = symbolic_mlp([1, 1]), bc.MLP([1, 1], "sigmoid", seed=0)
    w = sym.params[0]
    values = sym.substitutions(unit, [0.7], [0.2])
    L1, L3 = (float(sp.diff(sym.loss, w, k).evalf(30, subs=values)) for k in (1, 3))
    for h in (1e-2, 1e-3):
        error = float(symbolic_differences(sym, unit, [0.7], [0.2], h)[0]) - L1
        assert error == pytest.approx(h**2 * L3 / 6, rel=1e-3)
    with pytest.raises(ValueError, match="the step h must be a positive finite number"):
        symbolic_differences(sym, unit, [0.7], [0.2], h=-1.0)


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
