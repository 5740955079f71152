"""Initial weights: the variances of the book's schemes, checked on many draws.

Statistical tolerance: for N independent N(0, s^2) draws the sample variance has standard
deviation s^2 sqrt(2 / (N - 1)) and the sample mean s / sqrt(N). Every check allows 5 standard
deviations: a correct scheme fails one with probability below 1e-6 (and the draws are seeded,
so a passing test passes every time), while the closest two schemes differ by far more: Xavier
against LeCun is a factor 1.2 for 300 -> 200 (60000 draws, 35 standard deviations) and 1.33 for
200 -> 100 (20000 draws, 33 standard deviations).
"""

import math

import numpy as np
import pytest

import backprop_core as bc
from backprop_core.init import INITS, initial_weights, weight_variance

# Layers of fan-in 300 -> fan-out 200 -> 100: every scheme gives a different variance per layer.
SIZES = [300, 200, 100]


def expected(init, n_in, n_out, act):
    if init == "auto":
        init = "he" if act == "relu" else "lecun"
    return {"lecun": 1 / n_in, "xavier": 2 / (n_in + n_out), "glorot": 2 / (n_in + n_out),
            "he": 2 / n_in}[init]


def check_draws(W, variance):
    N = W.size
    z = 5.0
    assert abs(W.var() / variance - 1) <= z * math.sqrt(2 / (N - 1)), (W.var(), variance)
    assert abs(W.mean()) <= z * math.sqrt(variance / N)
    # Normal, not merely of the right variance: the share within one standard deviation is
    # 0.6827 (a uniform distribution of the same variance has 0.577).
    inside = np.mean(np.abs(W) <= math.sqrt(variance))
    assert abs(inside - 0.682689) <= z * math.sqrt(0.682689 * 0.317311 / N)


@pytest.mark.parametrize("init", ["lecun", "xavier", "glorot", "he", "auto"])
@pytest.mark.parametrize("acts", [["relu", "tanh"], ["sigmoid", "relu"]])
def test_weights_have_the_schemes_variance(init, acts):
    net = bc.MLP(SIZES, acts, seed=1, init=init)
    assert net.init == init
    for l, (n_in, n_out, act) in enumerate(zip(SIZES[:-1], SIZES[1:], acts), start=1):
        variance = expected(init, n_in, n_out, act)
        assert weight_variance(init, n_in, n_out, act) == pytest.approx(variance, rel=1e-15,
                                                                        abs=0)
        check_draws(net.W[l], variance)
    assert all(np.all(b == 0) for b in net.biases)


def test_auto_is_he_before_a_relu_and_lecun_before_anything_else():
    for act in ("sigmoid", "tanh", "identity", "softmax"):
        assert weight_variance("auto", 8, 3, act) == weight_variance("lecun", 8, 3) == 1 / 8
    assert weight_variance("auto", 8, 3, "relu") == weight_variance("he", 8, 3) == 2 / 8
    assert weight_variance("auto", 8, 3) == 1 / 8  # the default activation is the sigmoid
    assert weight_variance("xavier", 8, 3) == weight_variance("glorot", 8, 3) == 2 / 11
    # per layer: a ReLU layer after a tanh layer gets He, the tanh layer LeCun
    a, b = bc.MLP([400, 300, 200], ["tanh", "relu"], seed=2).weights
    check_draws(a, 1 / 400)
    check_draws(b, 2 / 300)
    assert bc.MLP([2, 2]).init == "auto"


def test_draws_come_from_the_seed_in_layer_order():
    sizes, acts = [3, 4, 2], ["tanh", "relu"]
    rng = np.random.default_rng(7)
    want = [rng.standard_normal((3, 4)) * math.sqrt(1 / 3),  # LeCun before the tanh
            rng.standard_normal((4, 2)) * math.sqrt(2 / 4)]  # He before the ReLU
    got = initial_weights(sizes, acts, "auto", np.random.default_rng(7))
    net = bc.MLP(sizes, acts, seed=7)
    for W, w, n in zip(got, want, net.weights):
        np.testing.assert_allclose(W, w, rtol=1e-15, atol=0)
        np.testing.assert_array_equal(n, W)
    assert not np.array_equal(bc.MLP(sizes, acts, seed=8).W[1], net.W[1])
    assert not np.array_equal(bc.MLP(sizes, acts, seed=None).W[1],
                              bc.MLP(sizes, acts, seed=None).W[1])


def test_float32_networks_draw_float32_weights():
    net = bc.MLP([200, 100], "tanh", dtype=np.float32, seed=3, init="xavier")
    assert net.W[1].dtype == np.float32 and net.b[1].dtype == np.float32
    check_draws(net.W[1].astype(np.float64), 2 / 300)


def test_unknown_schemes_are_refused():
    with pytest.raises(
        ValueError,
        match=r"^unknown init 'zeros'; choose one of 'auto', 'lecun', 'xavier', 'glorot', 'he'$",
    ):
        bc.MLP([2, 2], init="zeros")
    with pytest.raises(ValueError, match=r"^unknown init 'He'"):
        weight_variance("He", 2, 2)
    with pytest.raises(TypeError, match=r"^init is the name of a scheme, got float$"):
        bc.MLP([2, 2], init=0.1)
    assert INITS == ("auto", "lecun", "xavier", "glorot", "he")
