"""The error model of finite differences (fd_model) against a function known in closed form."""

import numpy as np
import pytest

from backprop_core.fd_model import error_model, optimal_eps, rounding_level

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
