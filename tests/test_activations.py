"""Activations and their derivatives against mpmath: the definitions at 50 digits, and mpmath's
numerical differentiation of those definitions (no closed form of a derivative is trusted)."""

import warnings

import mpmath
import numpy as np
import pytest

import backprop_core as bc
from backprop_core.activations import ACTIVATIONS

ELEMENTWISE = ["sigmoid", "tanh", "relu", "identity"]
EXTREMES = np.array(
    [-1e300, -1e10, -800.0, -745.0, -709.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0, 1e300]
)
EPS = {np.float64: np.finfo(np.float64).eps, np.float32: np.finfo(np.float32).eps}


def definition(name):
    """The activation as its definition, on mpmath numbers."""
    return {
        "sigmoid": lambda a: 1 / (1 + mpmath.exp(-a)),
        "tanh": mpmath.tanh,
        "relu": lambda a: a if a > 0 else mpmath.mpf(0),
        "identity": lambda a: a,
    }[name]


def exact(name, a):
    with mpmath.workdps(50):
        return np.array([float(definition(name)(mpmath.mpf(float(v)))) for v in np.ravel(a)])


def exact_prime(name, a):
    """f'(a) by mpmath's numerical differentiation of the definition, at 50 digits more than
    sigma(a) needs to tell 1 - sigma(a) ~ e^(-|a|) from 0."""
    with mpmath.workdps(50 + int(np.abs(a).max() / 2.3)):
        return np.array(
            [float(mpmath.diff(definition(name), mpmath.mpf(float(v)))) for v in np.ravel(a)]
        )


def ulps(got, want):
    """Distance in units in the last place of `want`, 0 where both are exactly equal."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want)
    spacing = np.spacing(np.abs(want).astype(want.dtype)).astype(np.float64)
    return np.where(got == want, 0.0, np.abs(got - want) / spacing)


def silently(fn, *args):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        return fn(*args)


# ---- values -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_values_are_the_definition_to_a_few_ulp(name, dtype):
    top = 700 if dtype is np.float64 else 80
    a = np.concatenate([np.linspace(-top, top, 1401), np.linspace(-5, 5, 501)]).astype(dtype)
    got = bc.get_activation(name).f(a)
    assert got.dtype == dtype and got.shape == a.shape
    want = exact(name, a).astype(dtype)
    # Below the smallest normal number a float has no relative precision left: absolute there.
    tiny = np.finfo(dtype).tiny
    normal = np.abs(want) >= tiny
    assert ulps(got[normal], want[normal]).max() <= 4
    assert np.abs(got[~normal].astype(np.float64) - want[~normal]).max(initial=0) <= tiny


def test_relu_and_identity_are_exact_and_never_share_memory_with_the_input():
    a = np.array([-2.5, -0.0, 0.0, 1e-300, 3.0, -1e300])
    np.testing.assert_array_equal(bc.relu(a), [0, 0, 0, 1e-300, 3, 0])
    np.testing.assert_array_equal(bc.identity(a), a)
    for fn in (bc.relu, bc.identity, bc.sigmoid, bc.tanh):
        out = fn(a)
        assert not np.shares_memory(out, a)
        out[...] = 7.0  # editing the result leaves the input alone
    np.testing.assert_array_equal(a, [-2.5, -0.0, 0.0, 1e-300, 3.0, -1e300])


def test_the_sigmoid_at_the_extremes_is_silent_and_exact():
    s = silently(bc.sigmoid, EXTREMES)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[7] == 0.5
    want = exact("sigmoid", EXTREMES)
    normal = want >= np.finfo(float).tiny
    assert ulps(s[normal], want[normal]).max() <= 4
    assert np.all(s[~normal] <= np.finfo(float).tiny)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_every_activation_and_derivative_is_silent_and_finite_at_the_extremes(name):
    act = bc.get_activation(name)
    for fn in (act.f, act.df):
        out = silently(fn, EXTREMES)
        assert np.all(np.isfinite(out))
    out = silently(act.df_from_output, silently(act.f, EXTREMES))
    assert np.all(np.isfinite(out))


def test_float32_extremes_keep_their_dtype():
    a = np.array([-1e30, -100, 0, 100, 1e30], dtype=np.float32)
    for name in ELEMENTWISE:
        act = bc.get_activation(name)
        for out in (silently(act.f, a), silently(act.df, a), act.df_from_output(act.f(a))):
            assert out.dtype == np.float32, name
    s = silently(bc.sigmoid, a)
    # sigma(-100) = 3.7e-44 lies below float32's smallest normal number; 0 is within that.
    assert s[0] == 0 and 0 <= s[1] < np.finfo(np.float32).tiny and s[2] == 0.5
    assert s[3] == s[4] == 1


def test_scalars_and_integers_become_float64():
    assert bc.sigmoid(0) == 0.5 and bc.sigmoid(0).dtype == np.float64
    for name in ELEMENTWISE:
        act = bc.get_activation(name)
        for fn in (act.f, act.df):
            assert fn(np.array([1, -2])).dtype == np.float64, name


# ---- derivatives ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_derivatives_are_mpmaths_derivative_of_the_definition(name, dtype):
    # Off ReLU's kink (it has no derivative at 0; its convention there is tested below).
    a = (np.linspace(-12, 12, 97) + 0.0123).astype(dtype)
    want = exact_prime(name, a)
    act = bc.get_activation(name)
    got = act.df(a)
    assert got.dtype == dtype
    # f'(a) itself: a few ulp where the formula has no cancellation (sigmoid: z / (1 + z)^2);
    # tanh's 1 - tanh^2 cancels, so its error is a few eps of the terms 1 and tanh^2.
    if name == "tanh":
        mag = 1.0 + exact(name, a) ** 2
        assert np.all(np.abs(got - want) <= 4 * EPS[dtype] * mag)
    else:
        assert ulps(got, want.astype(dtype)).max() <= 4
    # f' through the output h = f(a): s(1 - s), 1 - h^2, (h > 0), 1. The subtraction 1 - h costs
    # precision in the tails, so the error is bounded by eps times the terms 1 and h.
    h = act.f(a)
    from_h = act.df_from_output(h)
    assert from_h.dtype == dtype
    mag = np.abs(want) + 1.0 + np.abs(h.astype(np.float64))
    assert np.all(np.abs(from_h - want) <= 4 * EPS[dtype] * mag)


def test_sigmoid_prime_keeps_relative_precision_in_the_tails():
    a = np.array([-700.0, -60.0, -30.0, -1.0, 0.5, 30.0, 60.0, 700.0])
    want = exact_prime("sigmoid", a)
    assert ulps(bc.sigmoid_prime(a), want).max() <= 4
    # The sources' form s (1 - s) loses the positive tail (1 - s rounds) but not the negative.
    from_output = bc.sigmoid_prime_from_output(bc.sigmoid(a))
    assert ulps(from_output[:5], want[:5]).max() <= 8
    assert abs(from_output[5] / want[5] - 1) > 1e-5  # a = 30: 1 - s keeps 3 digits
    assert from_output[6] == 0.0 < want[6]  # a = 60: 1 - s rounds to 0


def test_relu_derivative_at_the_kink_is_zero():
    a = np.array([-1.0, -0.0, 0.0, 5e-324, 2.0])
    np.testing.assert_array_equal(bc.relu_prime(a), [0, 0, 0, 1, 1])
    relu = bc.get_activation("relu")
    np.testing.assert_array_equal(relu.df_from_output(bc.relu(a)), [0, 0, 0, 1, 1])
    np.testing.assert_array_equal(bc.identity_prime(a), np.ones(5))
    np.testing.assert_array_equal(bc.get_activation("identity").df_from_output(a), np.ones(5))


# ---- the Activation record --------------------------------------------------------------------
def test_slope_is_taken_from_the_output_when_the_activation_allows():
    # The built-in elementwise activations compute f' from h = f(a); a pre-activation that
    # does not belong to h must make no difference.
    a = np.array([[0.3, -0.2]])
    unrelated = np.array([[50.0, -50.0]])
    for name in ELEMENTWISE:
        act = bc.get_activation(name)
        h = act.f(a)
        np.testing.assert_array_equal(act.slope(unrelated, h), act.df_from_output(h))
        g = np.array([[2.0, -3.0]])
        np.testing.assert_array_equal(act.backward(g, unrelated, h), g * act.df_from_output(h))
        assert act.elementwise and act(a).shape == a.shape and repr(act) == f"Activation({name!r})"


def test_a_custom_activation_without_an_output_form_uses_the_pre_activation():
    softplus = bc.Activation("softplus", lambda a: np.logaddexp(0, a), bc.sigmoid)
    a = np.array([[-1.0, 0.5]])
    h = softplus(a)
    np.testing.assert_array_equal(h, np.logaddexp(0, a))
    np.testing.assert_array_equal(softplus.slope(a, np.zeros_like(a)), bc.sigmoid(a))
    g = np.array([[3.0, -2.0]])
    np.testing.assert_array_equal(softplus.backward(g, a, h), g * bc.sigmoid(a))
    assert softplus.elementwise and softplus.vjp is None


def test_a_custom_activation_with_a_vjp_is_not_elementwise():
    vjp_calls = []
    custom = bc.Activation("mine", lambda a: a, None, vjp=lambda g, y: vjp_calls.append(1) or g)
    assert not custom.elementwise
    custom.backward(np.ones((1, 2)), np.ones((1, 2)), np.ones((1, 2)))
    assert vjp_calls == [1]
    with pytest.raises(ValueError, match=r"^mine is not elementwise: it has a Jacobian"):
        custom.slope(np.ones((1, 2)), np.ones((1, 2)))


def test_the_registry_holds_every_activation_by_its_own_name():
    assert sorted(ACTIVATIONS) == ["identity", "relu", "sigmoid", "softmax", "tanh"]
    for name, act in ACTIVATIONS.items():
        assert act.name == name and bc.get_activation(name) is act
    assert bc.get_activation(ACTIVATIONS["tanh"]) is ACTIVATIONS["tanh"]
    assert ACTIVATIONS["softmax"].f is bc.softmax


def test_get_activation_errors_name_the_problem():
    with pytest.raises(
        ValueError,
        match=r"^unknown activation 'swish'; choose one of 'sigmoid', 'identity', 'relu', "
        r"'tanh', 'softmax'$",
    ):
        bc.get_activation("swish")
    with pytest.raises(TypeError, match=r"^an activation is named by a string, got int$"):
        bc.get_activation(3)


@pytest.mark.parametrize(
    ("fn", "name"),
    [
        (bc.sigmoid, "a"), (bc.sigmoid_prime, "a"), (bc.sigmoid_prime_from_output, "s"),
        (bc.identity, "a"), (bc.identity_prime, "a"), (bc.relu, "a"), (bc.relu_prime, "a"),
        (bc.tanh, "a"), (bc.tanh_prime, "a"), (bc.softmax, "a"),
    ],
)
def test_activations_reject_non_numeric_input(fn, name):
    with pytest.raises(
        TypeError, match=rf"^{name} must hold real numbers \(float or int\), got dtype <U1$"
    ):
        fn(np.array([["1", "2"]]))
    with pytest.raises(TypeError, match=rf"^{name} must hold real numbers .* dtype complex128$"):
        fn(np.array([[1 + 2j]]))
