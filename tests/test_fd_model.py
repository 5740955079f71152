"""The error model of finite differences (fd_model) against a function known in closed form."""

import numpy as np
import pytest

from backprop_core.fd_model import (
    best_step,
    difference_quotient,
    error_model,
    optimal_eps,
    rounding_level,
    truncation_coefficient,
)

EPS64, EPS32 = 2.0**-52, 2.0**-23


def test_rounding_level_is_c_eps_mach_L_over_eps():
    assert rounding_level(44.0, 1e-5) == EPS64 * 44.0 / 1e-5
    assert rounding_level(-44.0, 1e-5, "forward") == 2 * EPS64 * 44.0 / 1e-5
    assert rounding_level(2.0, 0.5, dtype="float32") == EPS32 * 4.0


def test_error_model_written_out_for_exp():
    # L = exp(theta) at theta = 0: L = L' = L'' = L''' = 1.
    steps = np.array([1e-8, 1e-4, 1e-1])
    d = (1.0, 1.0, 1.0, 1.0)
    np.testing.assert_array_equal(error_model(steps, d), steps**2 / 6 + EPS64 / steps)
    np.testing.assert_array_equal(
        error_model(steps, d, "forward"), steps / 2 + 2 * EPS64 / steps
    )
    # relative: divided by |L'|
    np.testing.assert_allclose(
        error_model(steps, (1.0, -4.0, 1.0, 1.0)), (steps**2 / 6 + EPS64 / steps) / 4,
        rtol=1e-15, atol=0,
    )


@pytest.mark.parametrize("method", ["centred", "forward"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_optimal_eps_minimises_the_model(method, dtype):
    d = (3.0, 0.7, -1.3, 2.2)
    best = optimal_eps(d, method, dtype)
    grid = best * np.logspace(-1, 1, 2001)  # the minimiser found by brute force
    k = np.argmin(error_model(grid, d, method, dtype))
    assert abs(grid[k] / best - 1) < 2e-3
    # a wrong exponent (the forward formula for the centred one) is far off
    if method == "centred":
        assert abs(optimal_eps(d, "forward", dtype) / best - 1) > 0.5


def test_the_model_bounds_centred_differences_of_exp():
    theta = 0.5
    steps = np.logspace(-12, -1, 45)
    quotient = (np.exp(theta + steps) - np.exp(theta - steps)) / (2 * steps)
    measured = np.abs(quotient - np.exp(theta)) / np.exp(theta)
    model = error_model(steps, [np.exp(theta)] * 4)
    assert np.all(measured <= 3 * model)
    assert np.all(measured[steps > 1e-2] > 0.9 * model[steps > 1e-2])  # truncation: tight


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="method"):
        rounding_level(1.0, 1e-5, "backward")
    with pytest.raises(ValueError, match="positive"):
        rounding_level(1.0, 0.0)
    with pytest.raises(ValueError, match="floating-point"):
        rounding_level(1.0, 1e-5, dtype=int)
    with pytest.raises(ValueError, match="L, L'"):
        error_model([1e-5], (1.0, 1.0, 1.0))
    with pytest.raises(ValueError, match="L' is 0"):
        error_model([1e-5], (1.0, 0.0, 1.0, 1.0))
    with pytest.raises(ValueError, match="positive"):
        error_model([-1e-5], (1.0, 1.0, 1.0, 1.0))
    with pytest.raises(ValueError, match="finite"):
        error_model([np.nan], (1.0, 1.0, 1.0, 1.0))
    with pytest.raises(ValueError, match="no finite optimum"):
        optimal_eps((1.0, 1.0, 1.0, 0.0))


def test_optimal_eps_refuses_a_zero_loss():
    # L = 0: the rounding term vanishes, the model decreases to 0 as eps -> 0, no optimum
    with pytest.raises(ValueError, match="no finite optimum"):
        optimal_eps((0.0, 1.0, 1.0, 1.0))
    with pytest.raises(ValueError, match="no finite optimum"):
        optimal_eps((0.0, 1.0, 1.0, 1.0), "forward")
    with pytest.raises(ValueError, match="no finite optimum"):
        optimal_eps((1.0, 1.0, 0.0, 1.0), "forward")


@pytest.mark.parametrize("method, p", [("centred", 2), ("forward", 1)])
def test_truncation_coefficient_and_best_step_are_the_models(method, p):
    d = (3.0, 0.7, -1.3, 2.2)
    C = truncation_coefficient(d, method)
    assert C == (2.2 / 6 / 0.7 if method == "centred" else 1.3 / 2 / 0.7)
    rho = rounding_level(d[0], 1.0, method) / abs(d[1])   # c eps_mach |L| / |L'|
    steps = np.array([1e-6, 1e-3])
    np.testing.assert_allclose(
        error_model(steps, d, method), C * steps**p + rho / steps, rtol=1e-15, atol=0
    )
    # the minimum of C eps^p + rho / eps is the model's optimum, eq-gradcheck-optimal-eps
    assert best_step(C, rho, p) == pytest.approx(optimal_eps(d, method), rel=1e-12, abs=0)
    assert best_step(4.0, 2.0, 1) == pytest.approx(np.sqrt(0.5), rel=1e-15, abs=0)
    with pytest.raises(ValueError, match="positive"):
        best_step(0.0, 1.0, 2)


def test_difference_quotient_of_a_cubic():
    f = lambda u: u**3  # noqa: E731  f' = 3u^2, f'' = 6u, f''' = 6
    # forward: f' + eps f''/2 + eps^2/6 f'''; centred: f' + eps^2 f'''/6, exactly
    assert difference_quotient(f, 1.0, 0.5, "forward") == pytest.approx(
        3 + 0.5 * 3 + 0.25, rel=1e-15, abs=0)
    assert difference_quotient(f, 1.0, 0.5) == pytest.approx(3 + 0.25, rel=1e-15, abs=0)
    with pytest.raises(ValueError, match="positive"):
        difference_quotient(f, 1.0, 0.0)
    with pytest.raises(ValueError, match="method"):
        difference_quotient(f, 1.0, 0.1, "backward")
