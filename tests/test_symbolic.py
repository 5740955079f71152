import numpy as np
import pytest
import sympy as sp

import backprop_core as bc
from backprop_core.symbolic import apply_activation, sigmoid, slope, symbolic_mlp

import oracles


def test_232_sigmoid_gradients_equal_sympy_derivatives_at_random_points():
    sym = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    rng = np.random.default_rng(11)
    for _ in range(5):
        net = bc.MLP([2, 3, 2], seed=int(rng.integers(1000)))
        net.biases = [rng.normal(size=3), rng.normal(size=2)]
        x, t = rng.normal(size=2), rng.uniform(size=2)
        _, dW, db = net.gradients(x[None, :], t[None, :])
        np.testing.assert_allclose(
            bc.flatten(dW, db), sym.gradient(net, x, t), rtol=1e-12, atol=1e-15
        )
        assert sym.loss_value(net, x, t) == pytest.approx(
            net.loss(x[None, :], t[None, :]), rel=1e-14, abs=0
        )
        # mpmath at 30 digits: the same exact values as SymPy's own evalf, rounded once
        assert float(sym.loss_mp(sym.mp_arguments(net, x, t))) == sym.loss_value(net, x, t)
        values = sym.substitutions(net, x, t)
        b = sym.params[-1]
        assert sym.gradient(net, x, t)[-1] == float(sp.diff(sym.loss, b).evalf(40, subs=values))


@pytest.mark.parametrize("act", ["tanh", "identity", "relu"])
def test_other_activations_agree_with_sympy(act):
    sym = symbolic_mlp([2, 2, 1], activations=[act, act])
    net = bc.MLP([2, 2, 1], act, seed=5)
    net.biases = [np.array([0.3, -0.2]), np.array([0.1])]
    x, t = np.array([0.7, -0.4]), np.array([0.5])
    _, dW, db = net.gradients(x[None, :], t[None, :])
    np.testing.assert_allclose(bc.flatten(dW, db), sym.gradient(net, x, t), rtol=1e-12, atol=1e-15)


def test_symbols_follow_the_book():
    sym = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    assert [str(s) for s in sym.x] == ["x_1", "x_2"]
    assert str(sym.W[0][0, 1]) == "w_{12}" and str(sym.W[1][2, 0]) == "u_{31}"
    assert str(sym.b[1][0]) == "b_1^{(2)}"
    assert str(symbolic_mlp([2, 2]).W[0][0, 0]) == "w_{11}^{(1)}"
    assert len(sym.params) == 17
    assert sym.sizes == [2, 3, 2]


def test_output_delta_proof_with_a_generic_activation():
    f = sp.Function("f")
    sym = symbolic_mlp([2, 2, 2], activations=f)
    u = sym.W[1][1, 0]  # w_21^(2): from hidden unit 2 to output 1
    lhs = sp.diff(sym.loss, u)
    rhs = sym.delta_out(0) * sym.h[1][1]
    assert sp.simplify(lhs - rhs) == 0


def test_sigmoid_output_delta_is_the_sources_formula():
    sym = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    y1, t1 = sym.y[0], sym.t[0]
    assert sp.simplify(sym.delta_out(0) - (y1 - t1) * y1 * (1 - y1)) == 0


def test_no_bias_network_and_its_checks():
    sym = symbolic_mlp([2, 2, 1], biases=False)
    assert len(sym.params) == 6
    net = bc.MLP([2, 2, 1], seed=0)
    grad = sym.gradient(net, [0.1, 0.2], [0.3])
    _, dW, _ = net.gradients(np.array([[0.1, 0.2]]), np.array([[0.3]]))
    np.testing.assert_allclose(grad, bc.flatten(dW, []), rtol=1e-12, atol=0)
    net.biases = [np.ones(2), np.zeros(1)]
    with pytest.raises(ValueError, match=r"no biases but net.biases\[0\] is nonzero"):
        sym.gradient(net, [0.1, 0.2], [0.3])


def test_symbolic_bad_input():
    with pytest.raises(ValueError, match="unknown activation 'softmax'"):
        apply_activation("softmax", sp.Symbol("a"))
    with pytest.raises(TypeError, match="activation must be a name or a SymPy Function"):
        apply_activation(3, sp.Symbol("a"))
    with pytest.raises(ValueError, match=r"2 layer\(s\) need 2 activation"):
        symbolic_mlp([2, 2, 1], activations=["tanh"])
    with pytest.raises(
        ValueError, match=r"net has sizes \[2, 2, 1\] but the symbolic net has \[2, 3, 2\]"
    ):
        symbolic_mlp([2, 3, 2]).gradient(bc.MLP([2, 2, 1]), [0, 0], [0])
    with pytest.raises(ValueError, match="x needs 2 values and t needs 2"):
        symbolic_mlp([2, 3, 2]).substitutions(bc.MLP([2, 3, 2]), [0], [0, 0])


def test_sigmoid_expression():
    a = sp.Symbol("a", real=True)
    assert sp.simplify(sp.diff(sigmoid(a), a) - sigmoid(a) * (1 - sigmoid(a))) == 0


def test_destination_first_names_only_change_the_symbols():
    sym = symbolic_mlp([2, 2, 1], destination_first=True)
    # The weight from input 1 to hidden unit 2 sits in row 0, column 1, named w_21^(1).
    assert str(sym.W[0][0, 1]) == "w_{21}^{(1)}"
    net = bc.MLP([2, 2, 1], seed=2)
    x, t = np.array([0.3, -0.6]), np.array([0.4])
    _, dW, db = net.gradients(x[None, :], t[None, :])
    np.testing.assert_allclose(sym.gradient(net, x, t), bc.flatten(dW, db), rtol=1e-12, atol=0)


# ---- chapter 'The general algorithm': the slope f'(a) and the recurrence -----------------
@pytest.mark.parametrize("act", ["sigmoid", "tanh", "identity"])
def test_slope_is_the_derivative(act):
    s = sp.Symbol("s", real=True)
    a = sp.Symbol("x", real=True) + 2
    expected = sp.diff(apply_activation(act, s), s).subs(s, a)
    assert sp.simplify(slope(act, a) - expected) == 0


def test_slope_of_a_generic_function_is_what_the_chain_rule_makes():
    f = sp.Function("f")
    x = sp.Symbol("x", real=True)
    assert slope(f, 3 * x) * 3 == sp.diff(f(3 * x), x)


def test_slope_of_relu_is_a_step():
    a = sp.Symbol("a", real=True)
    d = slope("relu", a)
    assert d.subs(a, 2) == 1 and d.subs(a, -2) == 0 and d.subs(a, 0) == 0


def test_symbolic_recurrence_matches_the_package_numerically():
    """The chapter's symbolic proof, short form: delta of layer 1 for a 2-2-2-1 tanh network."""
    sym = symbolic_mlp([2, 2, 2, 1], "tanh")
    net = bc.MLP([2, 2, 2, 1], "tanh", seed=3)
    net.biases = [np.array([0.1, -0.2]), np.array([0.3, 0.0]), np.array([-0.1])]
    x, t = np.array([0.4, -0.7]), np.array([0.2])
    values = sym.substitutions(net, x, t)
    bp = net.backprop(x[None, :], t[None, :])
    # delta^(1) is small by cancellation (terms of both signs): its rounding is relative to
    # the magnitude of its terms (tests/oracles.py), not to its value.
    mag = oracles.backprop(oracles.Net.of(net), x[None, :], t[None, :]).delta_mag[0]
    for j in range(2):
        exact = float(sp.diff(sym.loss, sym.b[0][j]).evalf(30, subs=values))
        assert abs(exact - bp.delta[1][0, j]) <= 16 * np.finfo(float).eps * mag[0, j]


def test_layers_are_numbered_as_in_the_book():
    net = symbolic_mlp([2, 2, 2, 1], destination_first=True)
    book = net.layers
    assert book.W[1] is net.W[0] and book.b[3] is net.b[2] and book.a[3] is net.a[2]
    assert book.h[0] == net.x and book.h[3] is net.y
    assert str(book.W[1][0, 1]) == "w_{21}^{(1)}"  # from x_1 to unit 2, [F25]'s name
    with pytest.raises(IndexError, match=r"W\[0\] does not exist"):
        book.W[0]
    with pytest.raises(IndexError, match=r"h\[4\] does not exist"):
        book.h[4]
