import warnings

import mpmath
import numpy as np
import pytest

import backprop_core as bc

EXTREMES = np.array(
    [-1e300, -1e10, -800.0, -745.0, -709.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0, 1e300]
)


def exact_sigmoid(a: float) -> float:
    mpmath.mp.dps = 50
    return float(1 / (1 + mpmath.exp(-mpmath.mpf(a))))


def exact_sigmoid_prime(a: float) -> float:
    mpmath.mp.dps = 50
    s = 1 / (1 + mpmath.exp(-mpmath.mpf(a)))
    return float(s * (1 - s))


def ulps(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    # Distance in units in the last place, 0 where both are exactly equal.
    spacing = np.spacing(np.abs(want))
    return np.where(got == want, 0.0, np.abs(got - want) / spacing)


def test_sigmoid_is_exact_to_a_few_ulp_over_the_whole_range():
    a = np.concatenate([np.linspace(-700, 700, 2801), np.linspace(-5, 5, 1001)])
    want = np.array([exact_sigmoid(v) for v in a])
    assert ulps(bc.sigmoid(a), want).max() <= 4


def test_sigmoid_extremes_are_silent_and_correct():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        s = bc.sigmoid(EXTREMES)
        ds = bc.sigmoid_prime(EXTREMES)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[7] == 0.5
    assert np.all((s >= 0) & (s <= 1))
    # Where the true value is a normal float, we return it to a few ulp.
    want = np.array([exact_sigmoid(v) for v in EXTREMES])
    normal = want > np.finfo(float).tiny
    assert ulps(s[normal], want[normal]).max() <= 4
    assert np.all(np.isfinite(ds)) and ds[7] == 0.25


def test_sigmoid_float32_keeps_dtype_and_is_silent():
    a = np.array([-1e30, -100, 0, 100, 1e30], dtype=np.float32)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        s = bc.sigmoid(a)
    assert s.dtype == np.float32
    # sigma(-100) = 3.7e-44 lies below float32's smallest normal number; 0 is within that.
    assert s[0] == 0 and 0 <= s[1] < np.finfo(np.float32).tiny and s[2] == 0.5 and s[3] == s[4] == 1
    a = np.linspace(-80, 80, 1601, dtype=np.float32)
    want = np.array([exact_sigmoid(float(v)) for v in a]).astype(np.float32)
    assert ulps(bc.sigmoid(a), want).max() <= 4


def test_sigmoid_does_not_modify_its_input():
    a = np.array([1.0, -2.0])
    bc.sigmoid(a)
    np.testing.assert_array_equal(a, [1.0, -2.0])


def test_sigmoid_prime_keeps_relative_precision_in_the_tails():
    a = np.array([-60.0, -30.0, -1.0, 0.5, 30.0, 60.0])
    want = np.array([exact_sigmoid_prime(v) for v in a])
    np.testing.assert_allclose(bc.sigmoid_prime(a), want, rtol=1e-14)
    # The sources' form s (1 - s) loses the tail (1 - s rounds to 0) but agrees in the bulk.
    s = bc.sigmoid(a)
    from_output = bc.sigmoid_prime_from_output(s)
    np.testing.assert_allclose(from_output[1:4], want[1:4], rtol=1e-10)
    assert abs(from_output[4] / want[4] - 1) > 1e-5  # a = 30: 1 - s keeps 3 digits
    assert from_output[5] == 0.0 < want[5]  # a = 60: 1 - s rounds to 0


@pytest.mark.parametrize("name", ["sigmoid", "identity", "relu", "tanh"])
def test_derivative_matches_centred_difference(name):
    act = bc.get_activation(name)
    a = np.linspace(-3, 3, 61) + 0.013  # avoid ReLU's kink at exactly 0
    h = 1e-6
    numeric = (act.f(a + h) - act.f(a - h)) / (2 * h)
    np.testing.assert_allclose(act.df(a), numeric, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(act.df_from_output(act.f(a)), act.df(a), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["sigmoid", "identity", "relu", "tanh"])
def test_backward_is_upstream_times_slope(name):
    act = bc.get_activation(name)
    rng = np.random.default_rng(1)
    a = rng.normal(size=(5, 4)) * 3
    g = rng.normal(size=(5, 4))
    y = act.f(a)
    np.testing.assert_allclose(act.backward(g, a, y), g * act.df(a), rtol=1e-12, atol=1e-15)


def test_activation_values():
    a = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(bc.relu(a), [0, 0, 3])
    np.testing.assert_array_equal(bc.relu_prime(a), [0, 0, 1])
    np.testing.assert_array_equal(bc.identity(a), a)
    np.testing.assert_array_equal(bc.identity_prime(a), [1, 1, 1])
    np.testing.assert_allclose(bc.tanh(a), np.tanh(a))
    np.testing.assert_allclose(bc.tanh_prime(a), 1 - np.tanh(a) ** 2)
    assert bc.sigmoid(0.0) == 0.5  # scalars work too


def test_custom_activation_uses_generic_paths():
    softplus = bc.Activation(
        "softplus", lambda a: np.logaddexp(0, a), bc.sigmoid, lambda y: -np.expm1(-y)
    )
    a = np.array([[-1.0, 0.5]])
    y = softplus(a)
    np.testing.assert_allclose(y, np.logaddexp(0, a), rtol=1e-15, atol=0)
    np.testing.assert_allclose(
        softplus.backward(np.ones_like(a), a, y), bc.sigmoid(a), rtol=1e-14, atol=0
    )


def test_get_activation_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"unknown activation 'swish'; choose one of 'sigmoid'"):
        bc.get_activation("swish")
    with pytest.raises(TypeError, match="named by a string, got int"):
        bc.get_activation(3)
    assert bc.get_activation(bc.ACTIVATIONS["tanh"]) is bc.ACTIVATIONS["tanh"]


def test_activations_reject_non_numeric_input():
    with pytest.raises(TypeError, match="a must hold real numbers"):
        bc.sigmoid(np.array(["1", "2"]))
    with pytest.raises(TypeError, match="complex"):
        bc.relu(np.array([1 + 2j]))
