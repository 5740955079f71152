"""backprop_core.depth (chapter 'Initialisation'): expectations over a normal pre-activation,
the variance recursions, the measured sizes of real networks, and the robust printing, each
against an independent oracle (tests/init_oracles.py: mpmath quadrature, index-by-index loops)
or a closed form."""

import math

import numpy as np
import pytest
from init_oracles import DF, F, normal_mean
from init_oracles import measure as measure_oracle
from init_oracles import predict as predict_oracle

import backprop_core as bc
from backprop_core import depth, examples

ACTS = ("sigmoid", "tanh", "relu", "identity")


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("q", [1e-4, 0.3, 1.0, 9.0, 400.0, 500.0])
def test_second_and_slope_moments_match_adaptive_quadrature(act, q):
    want_h = normal_mean(lambda a: F[act](a) ** 2, q)
    want_slope = normal_mean(lambda a: DF[act](a) ** 2, q)
    assert depth.second_moment(act, q) == pytest.approx(want_h, rel=1e-12, abs=0)
    assert depth.slope_moment(act, q) == pytest.approx(want_slope, rel=1e-12, abs=0)


def test_closed_forms_and_the_edge_cases_of_gaussian_mean():
    for q in (0.5, 3.0, 1e4):
        assert depth.second_moment("relu", q) == pytest.approx(q / 2, rel=1e-13, abs=0)
        assert depth.second_moment("identity", q) == pytest.approx(q, rel=1e-13, abs=0)
        assert depth.slope_moment("relu", q) == pytest.approx(0.5, rel=1e-13, abs=0)
        assert depth.gaussian_mean(lambda a: a**4, q) == pytest.approx(3 * q**2, rel=1e-12, abs=0)
        assert depth.gaussian_mean(np.ones_like, q) == pytest.approx(1, rel=1e-14, abs=0)
        assert abs(depth.gaussian_mean(lambda a: a**3, q)) < 1e-12 * q**1.5
    assert depth.gaussian_mean(np.cos, 0.0) == pytest.approx(1, rel=1e-14, abs=0)
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"^the variance q must be finite and >= 0, got "):
            depth.gaussian_mean(np.cos, bad)
    with pytest.raises(ValueError, match="unknown activation 'elu'"):
        depth.second_moment("elu", 1.0)


def test_the_stated_accuracy_of_gaussian_mean_and_where_it_ends():
    # homogeneous integrands are exact at any q; tanh's slope at q = 1e4 is not (docstring)
    for q in (1e6, 1e10):
        assert depth.second_moment("relu", q) == pytest.approx(q / 2, rel=1e-13, abs=0)
        assert depth.slope_moment("identity", q) == pytest.approx(1, rel=1e-13, abs=0)
    want = normal_mean(lambda a: DF["tanh"](a) ** 2, 1e4)
    assert abs(depth.slope_moment("tanh", 1e4) / want - 1) > 0.01


def test_tanh_and_sigmoid_moments_obey_tanh_a_equals_2_sigma_2a_minus_1():
    # closed relations between the two: tanh(a) = 2 sigma(2a) - 1, tanh'(a) = 4 sigma'(2a)
    for q in (0.01, 0.7, 5.0, 60.0):
        mean = depth.gaussian_mean(bc.sigmoid, 4 * q)
        want = 4 * depth.second_moment("sigmoid", 4 * q) - 4 * mean + 1
        assert depth.second_moment("tanh", q) == pytest.approx(want, rel=1e-12, abs=0)
        assert depth.slope_moment("tanh", q) == pytest.approx(
            16 * depth.slope_moment("sigmoid", 4 * q), rel=1e-12, abs=0)


def test_predict_in_closed_form_for_tanh_and_sigmoid_at_zero_input():
    # E[x^2] = 0: a^(1) = 0, so tanh passes 0 on with slope 1; the sigmoid passes 1/4 with
    # slope 1/4, and a^(2) has the variance n_1 s_2^2 / 4
    sizes, s2 = [3, 4, 2], [0.3, 0.2]
    tanh = depth.predict(sizes, ["tanh", "identity"], s2, input_square=0.0)
    assert list(tanh.a_square) == [0.0, 0.0]
    assert tanh.delta_square[1] == pytest.approx(2 * 0.2, rel=1e-14, abs=0)
    sig = depth.predict(sizes, ["sigmoid", "identity"], s2, input_square=0.0)
    assert sig.a_square[2] == pytest.approx(4 * 0.2 / 4, rel=1e-14, abs=0)
    assert sig.delta_square[1] == pytest.approx(2 * 0.2 / 16, rel=1e-14, abs=0)


def test_auto_halves_a_relu_network_at_its_ends_as_documented():
    net = depth.network(20, "relu", "auto", 1.0, 64)
    auto = depth.predict(net.sizes, net.activations, depth.scheme_variances(net, 1.0))
    assert auto.a_square[1] == pytest.approx(2, rel=1e-14, abs=0)  # He on the inputs
    np.testing.assert_allclose(list(auto.a_square)[:19], [2.0] * 19, rtol=1e-12, atol=0)
    assert auto.a_square[20] / auto.a_square[1] == pytest.approx(0.5, rel=1e-12, abs=0)
    assert auto.delta_square[1] / auto.delta_square[20] == pytest.approx(0.5, rel=1e-12, abs=0)
    after = depth.predict(net.sizes, net.activations, [1 / 64] + [2 / 64] * 19)
    assert after.a_square[20] / after.a_square[1] == pytest.approx(1, rel=1e-12, abs=0)
    assert after.delta_square[1] / after.delta_square[20] == pytest.approx(1, rel=1e-12, abs=0)


def test_predict_follows_the_recursions_layer_by_layer():
    sizes, acts = [3, 5, 4, 6, 2], ["tanh", "relu", "sigmoid", "identity"]
    variances = [0.3, 0.25, 0.5, 0.2]
    got = depth.predict(sizes, acts, variances, input_square=2.0, output_delta_square=3.0)
    q, r = predict_oracle(sizes, acts, variances, 2.0, 3.0)
    np.testing.assert_allclose(list(got.a_square), q, rtol=1e-11, atol=0)
    np.testing.assert_allclose(list(got.delta_square), r, rtol=1e-11, atol=0)
    # no spread: within one network a unit's a^(l) has a mean (the recursion knows none)
    assert got.a_spread is None and got.delta_abs is None
    assert got.a_square.first == 1 and got.a_square.last == 4


def test_the_schemes_keep_their_activations_level_as_derived():
    n = 32
    relu = depth.predict([n] * 11, ["relu"] * 10, [2 / n] * 10)  # He; E[x^2] = 1
    np.testing.assert_allclose(list(relu.a_square), [2.0] * 10, rtol=1e-12, atol=0)
    np.testing.assert_allclose(list(relu.delta_square), [1.0] * 10, rtol=1e-12, atol=0)
    linear = depth.predict([n] * 6, ["identity"] * 5, [1.5 / n] * 5)  # LeCun x 1.5
    np.testing.assert_allclose(list(linear.a_square), 1.5 ** np.arange(1, 6), rtol=1e-12, atol=0)
    np.testing.assert_allclose(list(linear.delta_square), 1.5 ** np.arange(4, -1, -1),
                               rtol=1e-12, atol=0)  # fmt: skip
    # the backward pass uses the fan-out: a 4 -> 8 -> 2 linear net with LeCun's 1/n_in
    wide = depth.predict([4, 8, 2], ["identity"] * 2, [1 / 4, 1 / 8])
    assert wide.delta_square[1] == pytest.approx(2 / 8, rel=1e-14, abs=0)
    with pytest.raises(ValueError, match=r"^3 sizes make 2 layers, which need 2 activations and "
                                         r"2 variances; got 1 and 2$"):
        depth.predict([2, 2, 2], ["relu"], [1, 1])


def test_network_draws_the_scheme_times_the_gain():
    net = depth.network(4, "relu", "he", 2.0, 8, seed=3)
    ref = bc.MLP([8] * 5, ["relu"] * 3 + ["identity"], seed=3, init="he")
    assert net.sizes == [8] * 5 and net.activations == ["relu"] * 3 + ["identity"]
    assert net.init == "he"
    for l in range(1, 5):
        np.testing.assert_array_equal(net.W[l], 2.0 * ref.W[l])
        assert not net.b[l].any()
    # the book's deep network (examples.deep_network) is this one with a one-unit output
    book = examples.deep_network(6, "tanh", gain=0.5)
    mine = depth.network(6, "tanh", "auto", 0.5, [16] * 6 + [1], seed=0)
    for W, V in zip(book.weights, mine.weights):
        np.testing.assert_array_equal(W, V)
    assert depth.scheme_variances(depth.network(3, "relu", "auto", 0.5, [4, 6, 8, 2]), 0.5) == [
        0.25 * 2 / 4, 0.25 * 2 / 6, 0.25 * 1 / 8]  # fmt: skip
    for bad in (0, True, 2.0):
        with pytest.raises(ValueError, match=r"^depth must be a positive integer, got "):
            depth.network(bad)
    with pytest.raises(ValueError, match=r"^3 layers need 4 sizes, got 3$"):
        depth.network(3, width=[4, 4, 4])


def test_batch_is_seeded_standard_normal():
    X, G = depth.batch(3, 2, 5, seed=4)
    rng = np.random.default_rng(4)
    np.testing.assert_array_equal(X, rng.standard_normal((5, 3)))
    np.testing.assert_array_equal(G, rng.standard_normal((5, 2)))


@pytest.mark.parametrize("act", ACTS)
def test_measure_matches_sample_by_sample_loops(act):
    nets = [depth.network(3, act, "auto", 1.3, [4, 5, 3, 2], seed) for seed in (0, 1)]
    X, G = depth.batch(4, 2, 6, seed=2)
    got = depth.measure(nets, X, G)
    want = measure_oracle(nets, X, G)
    for values, oracle in zip(got, want):
        np.testing.assert_allclose(list(values), oracle, rtol=1e-11, atol=1e-300)
    # the output delta is G itself (the targets are y - G)
    assert got.delta_square[3] == pytest.approx(np.mean(G**2), rel=1e-12, abs=0)


def test_measure_refuses_what_it_cannot_measure():
    X, G = depth.batch(2, 2, 3)
    with pytest.raises(ValueError, match=r"^measure needs at least one network$"):
        depth.measure([], X, G)
    for net in (bc.MLP([2, 2], "tanh"), bc.MLP([2, 2], "sigmoid", loss="cross_entropy")):
        with pytest.raises(ValueError, match=r"^measure needs an identity output under the L2"):
            depth.measure([net], X, G)


@pytest.mark.parametrize(
    ("ratio", "words"),
    [(2e-9, "vanishes (< 1e-3)"), (0.98e-3, "vanishes (< 1e-3)"),
     (1.02e-3, "shrinks (1e-3 to 0.1)"), (0.05, "shrinks (1e-3 to 0.1)"),
     (0.2, "stays within 10x"), (9.8, "stays within 10x"),
     (10.2, "grows (10 to 1e3)"), (980, "grows (10 to 1e3)"), (1020, "explodes (> 1e3)")],
)  # fmt: skip
def test_verdicts(ratio, words):
    assert depth.verdict(ratio) == words


def test_verdicts_refuse_ratios_near_a_bound_and_nonsense():
    for bound in depth.VERDICT_BOUNDS:
        with pytest.raises(ValueError, match=r"is within 1% of the bound"):
            depth.verdict(bound * 1.005)
    assert depth.verdict(10.0, margin=0) == "stays within 10x"
    assert depth.verdict(1e-3, margin=0) == "shrinks (1e-3 to 0.1)"
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"^a ratio of sizes must be positive and finite"):
            depth.verdict(bad)


@pytest.mark.parametrize(
    ("x", "digits", "text"),
    [(0.036, 1, "0.04"), (9.72e-13, 1, "1e-12"), (1.25, 1, "1"), (671, 1, "700"),
     (1.84e5, 1, "2e5"), (0.0412, 2, "0.041"), (4.31, 2, "4.3"), (-0.36, 1, "-0.4"),
     (103.2, 3, "103"), (2.5e-10, 2, "2.5e-10"), (0.00153, 2, "1.5e-3"), (9.96, 1, "10")],
)  # fmt: skip
def test_significant(x, digits, text):
    assert depth.significant(x, digits) == text


def test_significant_refuses_values_near_a_rounding_boundary():
    for x, digits in ((0.25, 1), (4.55, 2), (1.5e-7, 1), (0.03549, 2)):
        with pytest.raises(ValueError, match=r"of a unit of a rounding boundary$"):
            depth.significant(x, digits)
    for bad in (0.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"^significant needs a finite nonzero number"):
            depth.significant(bad)
    assert depth.short(0.25) == "0.25" and depth.short(0.36) == "0.4"
    assert depth.short(0.2502) == "0.25"  # one digit would be 0.2 or 0.3, 0.0002 apart
    assert depth.short(1.548e-6) == "1.55e-6"  # near 1.5 (one digit) and 1.55 (two)
    with pytest.raises(ValueError, match=r"rounding boundary"):
        depth.short(1.5451)  # near 2 | 1.5, 1.5 | 1.6 and 1.54 | 1.55
    with pytest.raises(ValueError, match=r"rounding boundary"):
        depth.short(0.31, margin=0.6)  # more than half a unit refuses everything


def test_significant_rounds_correctly_and_keeps_its_margin():
    rng = np.random.default_rng(0)
    for x in 10 ** rng.uniform(-20, 20, size=2000):
        for digits in (1, 2, 3):
            unit = 10.0 ** (math.floor(math.log10(x)) - digits + 1)
            try:
                text = depth.significant(x, digits)
            except ValueError:
                assert abs((x / unit) % 1 - 0.5) < 0.05
                continue
            assert abs(float(text) - x) <= 0.5 * unit * (1 + 1e-9)
            assert abs((x / unit) % 1 - 0.5) >= 0.05
