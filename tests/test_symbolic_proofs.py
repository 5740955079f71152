"""`vanishes` and `identical` prove identities of composed networks (sigmoid exponentials and
generic activations alike), refuse to prove false ones (a false one is then refuted by
`value_at`); `symbolic_sample` builds batches."""

import numpy as np
import pytest
import sympy as sp

import backprop_core as bc
from backprop_core.symbolic import (
    Atoms,
    identical,
    sigmoid,
    slope,
    symbolic_mlp,
    symbolic_sample,
    value_at,
    vanishes,
)


def test_vanishes_on_simple_identities():
    a = sp.Symbol("a", real=True)
    s = sigmoid(a)
    assert vanishes(sp.diff(s, a) - s * (1 - s))
    assert vanishes(sigmoid(-a) - (1 - s))
    assert not vanishes(sp.diff(s, a) - s)  # wrong, so not proved
    assert not vanishes(sp.diff(s, a) - s * (1 - s) + sp.Rational(1, 10**9))
    assert vanishes(sp.Integer(0)) and not vanishes(a)


def test_vanishes_proves_the_hidden_delta_of_the_232_net():
    net = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    U, h, x = net.W[1], net.h[1], net.x
    j = 1
    delta = sum(net.delta_out(k) * U[j, k] for k in range(2)) * h[j] * (1 - h[j])
    assert vanishes(sp.diff(net.loss, net.W[0][0, j]) - delta * x[0])
    assert not vanishes(sp.diff(net.loss, net.W[0][0, j]) - delta * x[0] ** 2)


def test_symbolic_sample_shares_parameters_and_renames_data():
    net = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    s2 = symbolic_sample(net, 2)
    assert [str(v) for v in s2.x] == ["x_{2,1}", "x_{2,2}"]
    assert [str(v) for v in s2.t] == ["t_{2,1}", "t_{2,2}"]
    assert s2.params == net.params
    assert not (s2.loss.free_symbols & set(net.x + net.t))
    back = dict(zip(s2.x, net.x)) | dict(zip(s2.t, net.t))
    assert s2.loss.xreplace(back) == net.loss
    assert s2.delta_out(1).xreplace(back) == net.delta_out(1)
    # a batch of two: the summed loss of the package equals the sum of the samples' losses
    model = bc.MLP([2, 3, 2], seed=1)
    X, T = np.array([[0.3, -0.2], [1.0, 0.5]]), np.array([[0.1, 0.9], [0.7, 0.2]])
    values = net.substitutions(model, X[0], T[0])
    s1 = symbolic_sample(net, 1)
    values = {s: v for s, v in values.items() if s in net.params}
    for n, sample in enumerate((s1, s2)):
        values |= dict(zip(sample.x, X[n])) | dict(zip(sample.t, T[n]))
    total = float((s1.loss + s2.loss).evalf(30, subs=values))
    assert total == pytest.approx(model.loss(X, T), rel=1e-14, abs=0)
    with pytest.raises(ValueError, match="positive integer"):
        symbolic_sample(net, 0)


# ---- the two kinds of proof of `vanishes` / `identical` ------------------------------------
def test_exponentials_become_powers_of_one_positive_symbol():
    a, b = sp.symbols("a b", real=True)
    s = sigmoid(a)
    # exp(a) and exp(-a) are E and 1/E: needed for sigma(-a) = 1 - sigma(a)
    assert identical(sigmoid(-a), 1 - s)
    assert identical(sp.exp(2 * a) * sp.exp(-a), sp.exp(a))
    assert not identical(sigmoid(2 * a), s)  # false, so not proved
    # a true identity the atoms forget (exp(a + b) = exp(a) exp(b)) is not proved: no false proof
    assert not identical(sp.exp(a + b), sp.exp(a) * sp.exp(b))


def test_generic_activations_and_their_slopes_are_atoms():
    f = sp.Function("f")
    a, s = sp.symbols("a s", real=True)
    x = sp.Symbol("x", real=True)
    # the chain rule through f, with f' in SymPy's two spellings (Subs and Derivative)
    assert identical(sp.diff(f(3 * x), x), 3 * slope(f, 3 * x))
    assert identical(sp.diff(f(a), a), sp.Subs(sp.Derivative(f(s), s), s, a))
    assert not identical(sp.diff(f(3 * x), x), slope(f, 3 * x))
    # the output delta of a network with any activation f (eq-general-output-delta)
    net = symbolic_mlp([2, 2, 1], f)
    u = net.W[1][1, 0]
    assert vanishes(sp.diff(net.loss, u) - net.delta_out(0) * net.h[1][1])
    assert not vanishes(sp.diff(net.loss, u) - net.delta_out(0) * net.h[1][0])


def test_a_known_false_formula_is_refuted_numerically():
    # [V23]'s weight gradient (delta_j x_i) x_i: not proved, and shown false at a point
    net = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    U, h, x = net.W[1], net.h[1], net.x
    delta = sum(net.delta_out(k) * U[0, k] for k in range(2)) * h[0] * (1 - h[0])
    gap = delta * x[1] * x[1] - sp.diff(net.loss, net.W[0][1, 0])
    assert not vanishes(gap)
    assert abs(value_at(gap, np.random.default_rng(0))) > 1e-6
    assert value_at(sp.Function("f")(x[0]), np.random.default_rng(0)) is None
    # the true formula: zero up to the round-off of the float64 point substituted
    assert value_at(sp.diff(net.loss, net.W[0][1, 0]) - delta * x[1],
                    np.random.default_rng(0)) == pytest.approx(0, abs=1e-12)


def test_atoms_are_consistent_across_expressions():
    a = sp.Symbol("a", real=True)
    atoms = Atoms()
    one, two = atoms(sp.tanh(a) + sp.exp(-a)), atoms(sp.tanh(a) * sp.exp(a))
    (E,) = [s for s in two.free_symbols if s.is_positive]
    assert one.has(E) and one.xreplace({E: 2}).has(sp.Rational(1, 2))
    assert len(atoms.table) == 2  # tanh(a) and the exponential
