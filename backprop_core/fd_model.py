"""The error model of finite differences (chapter 'Checking gradients').

A difference quotient with step ε errs by truncation (the Taylor terms it drops) and by
rounding (the round-off of the two losses, divided by the step). For a loss L of one
parameter θ, with L, L'', L''' at θ and ε_mach the machine epsilon of the precision used,
:eq:`eq-gradcheck-error-model`::

    centred:  E(ε) ≈ |L'''| ε² / 6 + ε_mach |L| / ε
    forward:  E(ε) ≈ |L''| ε / 2  + 2 ε_mach |L| / ε

Its minimum is at the steps of :eq:`eq-gradcheck-optimal-eps`. The rounding term alone is
`rounding_level`, the size below which a difference quotient cannot resolve a gradient. The
model leaves out the rounding of θ ± ε itself (the step taken is fl(θ + ε) - θ, not ε).
`difference_quotient` is the two quotients of a function of one variable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

METHODS = ("centred", "forward")


def _machine_epsilon(dtype: type | np.dtype | str) -> float:
    try:
        info = np.finfo(np.dtype(dtype))
    except (TypeError, ValueError):
        raise ValueError(f"dtype must be a floating-point type, got {dtype!r}") from None
    return float(info.eps)


def _check(method: str, *values: float) -> None:
    if method not in METHODS:
        raise ValueError(f"method must be 'centred' or 'forward', got {method!r}")
    if not all(np.all(np.isfinite(np.asarray(v, dtype=float))) for v in values):
        raise ValueError("the loss, its derivatives and the steps must be finite numbers")


def rounding_level(
    loss: float, eps: float, method: str = "centred", dtype: type | np.dtype | str = np.float64
) -> float:
    """ν = c ε_mach abs(L) / ε, c = 1 (centred) or 2 (forward): the rounding term of
    :eq:`eq-gradcheck-error-model`, the absolute error that round-off of the losses puts into a
    difference quotient with step `eps` in precision `dtype`."""
    _check(method, loss, eps)
    if not eps > 0:
        raise ValueError(f"the step eps must be positive, got {eps!r}")
    c = 1.0 if method == "centred" else 2.0
    return c * _machine_epsilon(dtype) * abs(float(loss)) / float(eps)


def error_model(
    steps: Sequence[float] | np.ndarray,
    derivatives: Sequence[float],
    method: str = "centred",
    dtype: type | np.dtype | str = np.float64,
) -> np.ndarray:
    """The model :eq:`eq-gradcheck-error-model` of the *relative* error abs(D - L') / abs(L')
    at every step in `steps`; `derivatives` = (L, L', L'', L''') at the parameter's value."""
    L0, L1, _, _ = _derivatives(derivatives)
    eps = np.asarray(steps, dtype=float)
    _check(method, eps)
    if np.any(eps <= 0):
        raise ValueError("every step must be positive")
    c = 1.0 if method == "centred" else 2.0
    rounding = c * _machine_epsilon(dtype) * abs(L0) / eps
    p = 2 if method == "centred" else 1
    return truncation_coefficient(derivatives, method) * eps**p + rounding / abs(L1)


def truncation_coefficient(derivatives: Sequence[float], method: str = "centred") -> float:
    """C in the truncation term C ε^p of the *relative* `error_model`: abs(L''') / (6 abs(L'))
    (centred, p = 2) or abs(L'') / (2 abs(L')) (forward, p = 1), :eq:`eq-gradcheck-error-model`;
    `derivatives` = (L, L', L'', L''')."""
    _, L1, L2, L3 = _derivatives(derivatives)
    _check(method)
    return abs(L3) / 6 / abs(L1) if method == "centred" else abs(L2) / 2 / abs(L1)


def best_step(coefficient: float, rounding: float, order: int) -> float:
    """The ε > 0 that minimises C ε^p + ρ / ε (C = `coefficient`, ρ = `rounding`, p = `order`):
    (ρ / (p C))^(1 / (p + 1)). With the model's C and ρ it is `optimal_eps`; with C and ρ read
    off measured errors, the step where those measured arms meet."""
    _check("centred", coefficient, rounding)
    if not (coefficient > 0 and rounding > 0 and order > 0):
        raise ValueError("C, rho and the order p must be positive")
    return (rounding / (order * coefficient)) ** (1 / (order + 1))


def difference_quotient(
    f: Callable[[float], float], theta: float, eps: float, method: str = "centred"
) -> float:
    """(f(θ + ε) - f(θ - ε)) / (2ε) (centred, :eq:`eq-centred-difference`) or
    (f(θ + ε) - f(θ)) / ε (forward, :eq:`eq-gradcheck-forward-difference`) for a function of
    one variable."""
    _check(method, theta, eps)
    if not eps > 0:
        raise ValueError(f"the step eps must be positive, got {eps!r}")
    if method == "centred":
        return (f(theta + eps) - f(theta - eps)) / (2 * eps)
    return (f(theta + eps) - f(theta)) / eps


def optimal_eps(
    derivatives: Sequence[float],
    method: str = "centred",
    dtype: type | np.dtype | str = np.float64,
) -> float:
    """The step that minimises `error_model`, :eq:`eq-gradcheck-optimal-eps`:
    (3 ε_mach abs(L) / abs(L'''))^(1/3) (centred) or 2 (ε_mach abs(L) / abs(L''))^(1/2)
    (forward)."""
    L0, _, L2, L3 = _derivatives(derivatives)
    _check(method)
    eps_mach = _machine_epsilon(dtype)
    curvature = abs(L3) if method == "centred" else abs(L2)
    if curvature == 0 or L0 == 0:
        raise ValueError("the model has no finite optimum when L or the curvature term is 0")
    if method == "centred":
        return (3 * eps_mach * abs(L0) / curvature) ** (1 / 3)
    return 2 * (eps_mach * abs(L0) / curvature) ** 0.5


def _derivatives(derivatives: Sequence[float]) -> tuple[float, float, float, float]:
    values = [float(v) for v in derivatives]
    if len(values) != 4:
        raise ValueError(f"derivatives must be (L, L', L'', L'''), got {len(values)} values")
    _check("centred", *values)
    if values[1] == 0:
        raise ValueError("L' is 0: a relative error is not defined")
    return values[0], values[1], values[2], values[3]
