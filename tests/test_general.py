"""Chapter 'The general algorithm': cost counts and timings, the two-pass figure, the symbolic
slope, and the depth explorer."""

import matplotlib.pyplot as plt
import numpy as np
import oracles
import pytest
import sympy as sp

import backprop_core as bc
from backprop_core import cost, plots
from backprop_core.symbolic import slope, symbolic_mlp
from backprop_core.widgets import DEPTH_ACTIVATIONS, animate, depth_deltas, depth_explorer


def test_n_params_matches_the_network():
    for sizes in ([2, 3, 2], [2, 2, 2, 1], [5, 1], [3, 5, 4, 4, 2]):
        assert cost.n_params(sizes) == bc.MLP(sizes).n_params


def test_multiply_adds_count_the_matrix_products():
    c = cost.multiply_adds([2, 3, 2], batch=5)
    assert c["forward"] == 5 * (2 * 3 + 3 * 2)
    assert c["backward"] == 5 * (2 * 3 + 3 * 2) + 5 * (3 * 2)  # no delta^(0)
    assert c["backprop"] == c["forward"] + c["backward"]
    assert c["finite differences"] == 2 * 17 * c["forward"]
    # one layer: the backward pass is only the weight gradient
    one = cost.multiply_adds([4, 3])
    assert one["backward"] == one["forward"] == 12
    rng = np.random.default_rng(0)
    for _ in range(20):
        sizes = list(rng.integers(1, 50, size=int(rng.integers(2, 7))))
        c = cost.multiply_adds(sizes, batch=int(rng.integers(1, 9)))
        assert c["forward"] <= c["backward"] < 2 * c["forward"] or len(sizes) == 2
        assert c["backprop"] < 3 * c["forward"]


@pytest.mark.slow
def test_best_time_is_the_minimum_per_call():
    calls = []
    t = cost.best_time(lambda: calls.append(1), repeats=3, budget=1e-4)
    assert t > 0 and len(calls) > 3


@pytest.mark.slow
def test_measure_cost_shapes_and_loose_growth():
    m = cost.measure_cost([[2, 2, 1], [16, 16, 1], [48, 48, 1]], batch=4, repeats=2)
    assert list(m.n_params) == [cost.n_params(s) for s in m.sizes]
    for name in ("forward", "backprop", "finite_differences"):
        assert getattr(m, name).shape == (3,) and np.all(getattr(m, name) > 0)
    # Only robust facts: finite differences run 2P forward passes, so they are far slower
    # than backprop on the largest network, and they grow with P.
    assert m.finite_differences[-1] > 20 * m.backprop[-1]
    assert m.finite_differences[-1] > m.finite_differences[0]
    assert set(m.slopes()) == {"forward", "backprop", "finite_differences"}


@pytest.mark.slow
def test_draw_two_passes_labels_both_directions():
    fig, ax = plots.draw_two_passes([2, 3, 3, 2], title="two passes")
    texts = [t.get_text() for t in ax.texts]
    assert any("forward pass" in s for s in texts) and any("backward pass" in s for s in texts)
    for l in (1, 2, 3):
        assert f"$\\delta^{{({l})}}$" in texts
    assert "$h^{(0)} = x$" in texts and "$h^{(3)} = y$" in texts
    assert len(ax.patches) == 10  # one circle per unit
    plt.close(fig)


@pytest.mark.slow
def test_plot_cost_draws_three_methods():
    m = cost.CostMeasurement(
        [[2, 1], [4, 1]],
        np.array([3, 5]),
        np.array([1e-5, 1e-5]),
        np.array([2e-5, 2e-5]),
        np.array([1e-4, 2e-4]),
    )
    fig, ax = plots.plot_cost(m)
    labels = [line.get_label() for line in ax.lines]
    assert labels[:3] == ["finite differences", "backpropagation", "one forward pass"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1e-4, 2e-4], rtol=1e-15, atol=0)
    plt.close(fig)


@pytest.mark.slow
@pytest.mark.parametrize("act", ["sigmoid", "tanh", "identity"])
def test_slope_is_the_derivative(act):
    s = sp.Symbol("s", real=True)
    a = sp.Symbol("x", real=True) + 2
    from backprop_core.symbolic import apply_activation

    expected = sp.diff(apply_activation(act, s), s).subs(s, a)
    assert sp.simplify(slope(act, a) - expected) == 0


@pytest.mark.slow
def test_slope_of_a_generic_function_is_what_the_chain_rule_makes():
    f = sp.Function("f")
    x = sp.Symbol("x", real=True)
    assert slope(f, 3 * x) * 3 == sp.diff(f(3 * x), x)


@pytest.mark.slow
def test_slope_of_relu_is_a_step():
    a = sp.Symbol("a", real=True)
    d = slope("relu", a)
    assert d.subs(a, 2) == 1 and d.subs(a, -2) == 0 and d.subs(a, 0) == 0


@pytest.mark.slow
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


@pytest.mark.slow
def test_depth_deltas_shrink_for_sigmoid_and_grow_with_gain():
    sig = depth_deltas(8, "sigmoid", 1.0)
    assert len(sig) == 8 and all(b > a for a, b in zip(sig, sig[1:]))
    big = depth_deltas(8, "identity", 3.0)
    assert big[0] > big[-1]


@pytest.mark.slow
def test_depth_explorer_follows_its_controls():
    w = depth_explorer(depth=6, activation="sigmoid")
    assert repr(w) == "DepthExplorer(depth=6, activation='sigmoid', gain=1)"
    sizes = depth_deltas(6, "sigmoid", 1.0)
    line = w.fig.axes[0].lines[0]
    np.testing.assert_allclose(
        line.get_xydata(), np.column_stack([np.arange(1, 7), sizes]), rtol=1e-15, atol=0
    )
    assert f"{sizes[0]:.2e}" in w.readout.value and f"{sizes[0] / sizes[-1]:.2e}" in w.readout.value
    first_png = w.image.value
    w.controls["activation"].value = "tanh"
    w.controls["depth"].value = 10
    w.controls["gain"].value = 2.0
    sizes = depth_deltas(10, "tanh", 2.0)
    np.testing.assert_allclose(w.fig.axes[0].lines[0].get_ydata(), sizes, rtol=1e-15, atol=0)
    assert "layer 10 (output)" in w.readout.value
    assert "10 layers, tanh" in w.fig.axes[0].get_title()
    assert w.image.value != first_png
    html = animate(w, "activation", list(DEPTH_ACTIVATIONS))
    assert html.count("data:image/png;base64") == 4
    assert w.controls["activation"].value == "tanh"
