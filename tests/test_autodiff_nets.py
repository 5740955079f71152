"""A network's graph of Values: its gradients against the index formulas looped in mpmath
(tests/oracles.py) for every loss and activation, with `net.backprop` on random networks (both
against that oracle), and against SymPy's
derivatives of the composed 2-3-2 network; the recorded sweep obeys the chain rule; a planted
wrong backward rule is caught by `gradcheck_values`; clear errors.

Tolerance: 16 eps times the oracle's magnitude of each value (the same sum over |terms|), as in
tests/test_network.py. A formula error moves a value by a sizeable part of its magnitude.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import backprop_core as bc
from backprop_core import autodiff_nets as an
from backprop_core import examples
from backprop_core.autodiff import Value
from backprop_core.symbolic import symbolic_mlp

import oracles as ref
from netcases import CASE_IDS, CASES, EPS, make, random_problem

RTOL = 16 * EPS[np.float64]


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("case", range(len(CASES)), ids=CASE_IDS)
def test_autodiff_is_the_index_formulas_for_every_loss(case, reduction):
    net, X, T = make(case)
    want = ref.backprop(ref.Net.of(net), X, T, reduction)
    got = an.mlp_gradients(net, X, T, reduction)
    assert isinstance(got, bc.Backprop) and isinstance(got.loss, float)
    ref.assert_near(got.loss, want.loss, want.loss_mag, RTOL, "loss")
    assert list(got.dW.numbers()) == list(got.delta.numbers()) == list(range(1, net.L + 1))
    for l in range(1, net.L + 1):
        ref.assert_near(got.dW[l], want.dW[l - 1], want.dW_mag[l - 1], RTOL, f"dW[{l}]")
        ref.assert_near(got.db[l], want.db[l - 1], want.db_mag[l - 1], RTOL, f"db[{l}]")
        ref.assert_near(got.delta[l], want.delta[l - 1], want.delta_mag[l - 1], RTOL, f"d[{l}]")


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, 4), min_size=depth + 1, max_size=depth + 1))
    acts = draw(st.lists(st.sampled_from(sorted(an.ACTIVATIONS)), min_size=depth, max_size=depth))
    return sizes, acts, draw(st.integers(1, 4)), draw(st.integers(0, 2**32 - 1))


@settings(max_examples=60, deadline=None)
@given(problems())
@example(([1, 1, 1], ["relu", "tanh"], 1, 3))  # tanh(-8.33): 1 - t^2 is off by 1e-9 relative
def test_autodiff_equals_net_backprop_on_random_networks(problem):
    net, X, T, _ = random_problem(*problem)
    # The two add in different orders: keep every ReLU pre-activation far beyond rounding
    # from its kink, where the two could take different sides.
    assume(all(np.abs(a).min() > 1e-6 for a, f in zip(net.trace(X).a, net.f) if f.name == "relu"))
    got, bp = an.mlp_gradients(net, X, T), net.backprop(X, T)
    # Both against the mpmath oracle, to 16 eps times the magnitude of each value's terms:
    # that magnitude counts how far a rounding of a^(l) can move f'(a^(l)), which bounds the
    # error of net.backprop's slope 1 - h^2 from the rounded h near saturation (there a
    # fixed relative tolerance between the two fails: one ulp of tanh is 1e-9 of 1 - h^2).
    want = ref.backprop(ref.Net.of(net), X, T)
    for result, who in ((got, "autodiff"), (bp, "net.backprop")):
        ref.assert_near(result.loss, want.loss, want.loss_mag, RTOL, f"{who} loss")
        for l in range(1, net.L + 1):
            for mine, theirs, mag, name in (
                (result.dW[l], want.dW[l - 1], want.dW_mag[l - 1], "dW"),
                (result.delta[l], want.delta[l - 1], want.delta_mag[l - 1], "delta"),
            ):
                ref.assert_near(mine, theirs, mag, RTOL, f"{who} {name}[{l}]")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_autodiff_equals_sympy_on_the_composed_2_3_2_network(seed):
    sym = symbolic_mlp([2, 3, 2], "sigmoid")
    net, X, T, _ = random_problem([2, 3, 2], ["sigmoid", "sigmoid"], 1, seed)
    exact = sym.gradient(net, X[0], T[0])  # SymPy differentiates, mpmath evaluates
    got = an.mlp_gradients(net, X, T)
    # At these points no gradient is small by cancellation: each entry to 1e-13 relative.
    np.testing.assert_allclose(bc.flatten(got.dW, got.db), exact, rtol=1e-13, atol=0)


def test_the_graph_s_leaves_and_labels_are_the_book_s():
    net = examples.network_232()
    x, t = examples.sample_232()
    g = an.mlp_graph(net, x, t, weight_names=["w", "u"])
    assert g.W[1][0, 1].label == "w_12" and g.W[2][2, 0].label == "u_31"
    assert g.b[2][1].label == "b^(2)_2" and g.a[1][0, 2].label == "a^(1)_3"
    assert [v.label for v in g.h[1][0]] == ["h_1", "h_2", "h_3"]
    assert [v.label for v in g.h[2][0]] == ["y_1", "y_2"] and g.h[0][0, 1].label == "x_2"
    assert g.loss.label == "loss" and g.loss.data == net.loss(x, t)
    for l in (1, 2):
        assert [[w.data for w in row] for row in g.W[l]] == net.W[l].tolist()
    deep = bc.MLP([2, 2, 2, 1], ["identity", "tanh", "sigmoid"])
    X = np.zeros((2, 2))
    g = an.mlp_graph(deep, X, np.zeros((2, 1)))
    assert g.W[3][1, 0].label == "w^(3)_21" and g.a[2][1, 0].label == "a^(2)_2,1"
    assert g.h[1][0, 0] is g.a[1][0, 0] and g.a[1][0, 0].label == "a^(1)_1,1"  # identity
    assert g.h[2][0, 1].label == "h^(2)_1,2" and g.h[0][1, 1].label == "x_2,2"


# ---- the sweep ----------------------------------------------------------------------------
def test_every_step_of_the_sweep_is_upstream_times_local_summed_over_uses():
    net = examples.network_232()
    g = an.mlp_graph(net, *examples.sample_232(), weight_names=["w", "u"])
    steps = an.sweep(g.loss)
    assert steps[0].node is g.loss and steps[0].uses == [] and steps[0].gradient == 1.0
    seen = set()
    for step in steps:
        assert step.gradient == pytest.approx(step.node.grad, rel=1e-15, abs=0)
        assert all(id(user) in seen for user, _, _ in step.uses)  # its users came first
        seen.add(id(step.node))
    by_label = {s.node.label: s for s in steps}
    h1 = by_label["h_1"]  # used by a^(2)_1 and a^(2)_2 with local derivatives u_11, u_12
    assert [(u.label, d) for u, _, d in h1.uses] == [("a^(2)_1", 0.7), ("a^(2)_2", 0.1)]
    bp = net.backprop(*examples.sample_232())
    upstream = [g for _, g, _ in h1.uses]
    np.testing.assert_allclose(upstream, bp.delta[2][0], rtol=1e-14, atol=0)


def test_sweep_table_lists_each_node_with_its_terms():
    net = examples.network_232()
    g = an.mlp_graph(net, *examples.sample_232(), weight_names=["w", "u"])
    table = an.sweep_table(an.sweep(g.loss), leaves=False)
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["node", "value"] and lines[1].split()[0] == "loss"
    names = [line.split()[0] for line in lines[1:]]
    assert names[:3] == ["loss", "sum", "e_1^2"] and names[-1] == "a^(1)_3"
    assert "w_11" not in names and len(names) == 16  # leaves left out
    assert "(-0.00589)(0.7) + (0.1248)(0.1)" in lines[names.index("h_1") + 1]
    full = an.sweep_table(an.sweep(g.loss))
    assert "w_11" in full and "x_2" in full


# ---- checking a backward rule -------------------------------------------------------------
def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def test_gradcheck_values_catches_a_wrong_local_rule_and_passes_a_right_one():
    right = an.operation("sigmoid", _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x)))
    wrong = an.operation("sigmoid", _sigmoid, _sigmoid)  # the planted bug: s, not s(1 - s)

    def f(op):
        return lambda x, y: op(x * y) * y + x.exp()

    good = an.gradcheck_values(f(right), [0.3, -0.7])
    bad = an.gradcheck_values(f(wrong), [0.3, -0.7])
    assert good.max_rel_error < 1e-7
    assert bad.max_rel_error > 1e-2
    assert good.labels == ["x_1", "x_2"]
    assert "relative error" in str(bad.table())


def test_an_operation_of_two_inputs():
    power = an.operation("pow", lambda x, y: x**y, lambda x, y: y * x ** (y - 1),
                         lambda x, y: x**y * math.log(x))  # fmt: skip
    z = power(Value(1.5), 2.5)
    assert z.op == "pow" and z.data == 1.5**2.5
    assert z.local == (2.5 * 1.5**1.5, 1.5**2.5 * math.log(1.5))
    check = an.gradcheck_values(lambda x, y: power(x, y) * x, [1.3, 0.7])
    assert check.max_rel_error < 1e-7
    with pytest.raises(TypeError, match="pow takes 2 input"):
        power(Value(1.0))
    with pytest.raises(ValueError, match="one derivative function per input"):
        an.operation("nothing", lambda: 0.0)


def test_gradcheck_values_passes_every_built_in_operation():
    def f(x, y, z):
        return ((x * y).tanh() + (y / z).sigmoid() - z.log() + (x - z).relu()) ** 2 + (-y).exp()

    assert an.gradcheck_values(f, [0.4, -1.1, 0.8]).max_rel_error < 1e-7


# ---- clear errors -------------------------------------------------------------------------
def test_bad_networks_and_batches_get_clear_errors():
    net = bc.MLP([2, 3, 1], "sigmoid", seed=0)
    X, T = np.zeros((4, 2)), np.zeros((4, 1))
    with pytest.raises(TypeError, match=r"backprop_core\.MLP"):
        an.mlp_gradients("net", X, T)
    softplus = bc.Activation(
        "softplus", lambda a: np.logaddexp(0, a), bc.sigmoid, lambda y: 1 - np.exp(-y)
    )
    with pytest.raises(ValueError, match="no activation 'softplus'"):
        an.mlp_gradients(bc.MLP([2, 1], [softplus]), X, T)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        an.mlp_gradients(net, np.zeros((4, 3)), T)
    with pytest.raises(ValueError, match="2-D batch"):
        an.mlp_gradients(net, np.zeros(2), T)
    with pytest.raises(ValueError, match=r"T must have shape \(batch, n_out\) = \(4, 1\)"):
        an.mlp_gradients(net, X, np.zeros((3, 1)))
    with pytest.raises(ValueError, match="reduction"):
        an.mlp_gradients(net, X, T, reduction="max")
    ce = bc.MLP([2, 2], "softmax", loss="cross_entropy")
    with pytest.raises(ValueError, match="probability vector"):
        an.mlp_gradients(ce, X, np.full((4, 2), 0.2))


def test_bad_gradcheck_values_input_gets_clear_errors():
    with pytest.raises(ValueError, match="positive finite number"):
        an.gradcheck_values(lambda x: x, [1.0], eps=0.0)
    with pytest.raises(TypeError, match="f must return one Value"):
        an.gradcheck_values(lambda x: 1.0, [1.0])


def test_a_node_read_twice_is_two_uses_in_the_sweep():
    x = Value(1.5, label="x")
    loss = x * x
    steps = {s.node.label: s for s in an.sweep(loss) if s.node.label}
    assert [(u is loss, d) for u, _, d in steps["x"].uses] == [(True, 1.5), (True, 1.5)]
    assert steps["x"].gradient == x.grad == 3.0  # 2x, the product rule
