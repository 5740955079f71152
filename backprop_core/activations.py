"""Activation functions f and their derivatives f', selectable by name.

Book notation: a is a pre-activation, h = f(a) (or y = f(a) in the output layer).
Every activation here has a derivative that can be written through its own output,
f'(a) = g(f(a)); the sources use this form for the sigmoid, sigma' = sigma (1 - sigma),
and the network uses it too, so the backward pass never recomputes an exponential.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .checks import as_array

Array = np.ndarray


def sigmoid(a: Array) -> Array:
    """The logistic sigmoid sigma(a) = 1 / (1 + e^(-a)), book eq. `eq-sigmoid`.

    Numerically stable for every finite input, +-1e300 included: for a < 0 the exponential
    e^(-a) can overflow to inf, and 1 / (1 + inf) = 0 is then the correctly rounded answer
    (the true value is below the smallest normal float), so the overflow is silenced rather
    than avoided (book eq. `eq-sigmoid-stable`). Relative error is a few ulp everywhere.
    """
    a = np.array(as_array("a", a), copy=True)
    with np.errstate(over="ignore", under="ignore"):
        return _sigmoid_inplace(a)


def _sigmoid_inplace(a: Array, b: Array | None = None) -> Array:
    """sigma(a + b), overwriting `a`: four passes and no temporaries (used by the network).

    The bias is added and the sign flipped in one pass: -(a + b) = (-b) - a. For a + b < -709
    e^(-a-b) overflows to inf, harmlessly (1 / (1 + inf) = 0): callers silence that warning
    with np.errstate, once per forward pass rather than once per layer.
    """
    if b is None:
        np.negative(a, out=a)
    else:
        np.subtract(-b, a, out=a)
    np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)
    return a


def sigmoid_prime(a: Array) -> Array:
    """The sigmoid's derivative sigma'(a) = sigma(a) (1 - sigma(a)), book eq. `eq-sigmoid-prime`.

    Computed as z / (1 + z)^2 with z = e^(-|a|), which keeps full relative precision in the
    saturated tails (where 1 - sigma(a) would round to 0) and never overflows.
    """
    a = as_array("a", a)
    with np.errstate(under="ignore"):
        z = np.exp(-np.abs(a))
        return z / (1.0 + z) ** 2


def sigmoid_prime_from_output(s: Array) -> Array:
    """sigma'(a) written through the output s = sigma(a): s (1 - s), the sources' form
    (book eq. `eq-sigmoid-prime`)."""
    s = as_array("s", s)
    return s * (1.0 - s)


def identity(a: Array) -> Array:
    """f(a) = a."""
    return np.array(as_array("a", a), copy=True)


def identity_prime(a: Array) -> Array:
    """f'(a) = 1."""
    return np.ones_like(as_array("a", a))


def relu(a: Array) -> Array:
    """f(a) = max(0, a)."""
    return np.maximum(as_array("a", a), 0.0)


def relu_prime(a: Array) -> Array:
    """f'(a) = 1 if a > 0 else 0 (the kink at a = 0 gets the value 0, as in PyTorch)."""
    a = as_array("a", a)
    return (a > 0).astype(a.dtype)


def tanh(a: Array) -> Array:
    """f(a) = tanh(a); stable for every finite input."""
    return np.tanh(as_array("a", a))


def tanh_prime(a: Array) -> Array:
    """f'(a) = 1 - tanh(a)^2."""
    th = np.tanh(as_array("a", a))
    return 1.0 - th * th


# The network's fast paths: f computed in place, and g * f'(a) computed from y = f(a).
def _relu_inplace(a: Array, b: Array | None = None) -> Array:
    if b is not None:
        a += b
    return np.maximum(a, 0.0, out=a)


def _tanh_inplace(a: Array, b: Array | None = None) -> Array:
    if b is not None:
        a += b
    return np.tanh(a, out=a)


def _identity_inplace(a: Array, b: Array | None = None) -> Array:
    if b is not None:
        a += b
    return a


def _identity_from_output(y: Array) -> Array:
    return np.ones_like(y)


def _relu_from_output(y: Array) -> Array:
    return (y > 0).astype(y.dtype)


def _tanh_from_output(y: Array) -> Array:
    return 1.0 - y * y


# g * f'(a) from y = f(a), in place in g. `scratch` (which may be y itself, when the caller no
# longer needs y) receives the slope, so the backward pass allocates no temporaries.
def _sigmoid_times_slope(g: Array, y: Array, scratch: Array | None = None) -> Array:
    g *= y
    g *= np.subtract(1.0, y, out=scratch)
    return g


def _identity_times_slope(g: Array, y: Array, scratch: Array | None = None) -> Array:
    return g


def _relu_times_slope(g: Array, y: Array, scratch: Array | None = None) -> Array:
    return np.multiply(g, y > 0, out=g)


def _tanh_times_slope(g: Array, y: Array, scratch: Array | None = None) -> Array:
    slope = np.multiply(y, y, out=scratch)
    g *= np.subtract(1.0, slope, out=slope)
    return g


@dataclass(frozen=True)
class Activation:
    """A named activation f, its derivative f'(a), and f'(a) written through the output y = f(a).

    `f_inplace(a, b)` = f(a + b) and `times_slope(g, y, scratch)` = g * f'(a) are the network's
    fast paths;
    both overwrite their first argument. A custom activation needs only name, f, df,
    df_from_output.
    """

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    df_from_output: Callable[[Array], Array]
    f_inplace: Callable[..., Array] | None = None
    times_slope: Callable[..., Array] | None = None

    def __call__(self, a: Array) -> Array:
        return self.f(a)

    def forward_inplace(self, a: Array, b: Array | None = None) -> Array:
        """f(a + b) (f(a) if b is None), overwriting `a`.

        The sigmoid's e^(-a) may overflow (harmlessly, see `sigmoid`): call this inside
        np.errstate(over="ignore", under="ignore"), as the network's forward pass does.
        """
        if self.f_inplace is not None:
            return self.f_inplace(a, b)
        if b is not None:
            a += b
        return self.f(a)

    def backward(self, g: Array, y: Array, scratch: Array | None = None) -> Array:
        """g * f'(a) elementwise, with f'(a) taken from y = f(a).

        May overwrite `g`, and `scratch` if given (an array shaped like y, possibly y itself).
        """
        if self.times_slope is not None:
            return self.times_slope(g, y, scratch)
        return g * self.df_from_output(y)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid",
        sigmoid,
        sigmoid_prime,
        sigmoid_prime_from_output,
        _sigmoid_inplace,
        _sigmoid_times_slope,
    ),
    "identity": Activation(
        "identity",
        identity,
        identity_prime,
        _identity_from_output,
        _identity_inplace,
        _identity_times_slope,
    ),
    "relu": Activation(
        "relu", relu, relu_prime, _relu_from_output, _relu_inplace, _relu_times_slope
    ),
    "tanh": Activation(
        "tanh", tanh, tanh_prime, _tanh_from_output, _tanh_inplace, _tanh_times_slope
    ),
}


def get_activation(name: str | Activation) -> Activation:
    """Look an activation up by name ('sigmoid', 'identity', 'relu', 'tanh')."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"an activation is named by a string, got {type(name).__name__}")
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of {known}") from None
