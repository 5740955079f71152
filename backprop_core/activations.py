"""Activation functions f and their derivatives f', selectable by name.

Book notation: a is a pre-activation, h = f(a) (y = f(a) in the output layer). Every
elementwise activation here has a derivative that can be written through its own output,
f'(a) = g(f(a)); the sources use this form for the sigmoid, sigma' = sigma (1 - sigma), and the
network uses it too, so the backward pass never recomputes an exponential. The softmax is the
one activation that is not elementwise: each output depends on every pre-activation of its
layer, so its derivative is a full Jacobian, J_km = y_k (delta_km - y_m)
(:eq:`eq-softmax-jacobian`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .checks import as_array, as_batch

Array = np.ndarray


def sigmoid(a: Array) -> Array:
    """The logistic sigmoid sigma(a) = 1 / (1 + e^(-a)), :eq:`eq-sigmoid`.

    Evaluated as written (:eq:`eq-sigmoid-stable`), silently for every finite input,
    +-1e300 included. Where sigma(a) is a normal float (a >= -708.39) the relative error is at
    most a few ulp (the tests bound it by 4 ulp against 50-digit mpmath). Below that the true
    value is subnormal: for a < -709.78, e^(-a) overflows to inf and the result is 0, so there
    the error is absolute, below 2.3e-308 (the smallest normal float), not relative.
    """
    a = np.array(as_array("a", a), copy=True)
    with np.errstate(over="ignore", under="ignore"):
        np.negative(a, out=a)
        np.exp(a, out=a)
        a += 1.0
        return np.reciprocal(a, out=a)


def sigmoid_prime(a: Array) -> Array:
    """The sigmoid's derivative sigma'(a) = sigma(a) (1 - sigma(a)), :eq:`eq-sigmoid-prime`.

    Computed as z / (1 + z)^2 with z = e^(-abs(a)), which keeps full relative precision in the
    saturated tails (where 1 - sigma(a) would round to 0) and never overflows.
    """
    a = as_array("a", a)
    with np.errstate(under="ignore"):
        z = np.exp(-np.abs(a))
        return z / (1.0 + z) ** 2


def sigmoid_prime_from_output(s: Array) -> Array:
    """sigma'(a) written through the output s = sigma(a): s (1 - s), the sources' form
    (:eq:`eq-sigmoid-prime`); for an output unit, dy_k/da_k = y_k (1 - y_k)
    (:eq:`eq-output-dy-da`)."""
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


def softmax(a: Array) -> Array:
    """y_k = e^(a_k) / sum_m e^(a_m) for each row of a batch, :eq:`eq-softmax`.

    The row maximum is subtracted first (the result is unchanged, :eq:`eq-softmax-shift`), so no
    exponential overflows: finite and silent for pre-activations up to +-1e300.
    """
    a = as_batch("a", a)
    return _softmax(a)


def _softmax(a: Array) -> Array:
    z = a - a.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):
        np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def softmax_backward(g: Array, y: Array) -> Array:
    """J^T g for the softmax's Jacobian J_km = y_k (delta_km - y_m) (:eq:`eq-softmax-jacobian`),
    row by row: y * (g - sum_k g_k y_k), :eq:`eq-softmax-vjp`.

    `g` is dL/dy and `y` the softmax output, both (batch, n); the result is dL/da.
    """
    g = as_batch("g", g)
    y = as_batch("y", y, dtype=g.dtype)
    if g.shape != y.shape:
        raise ValueError(f"g has shape {g.shape} but y has shape {y.shape}: they must match")
    return _softmax_backward(g, y)


def _softmax_backward(g: Array, y: Array) -> Array:
    return y * (g - np.sum(g * y, axis=1, keepdims=True))


@dataclass(frozen=True, repr=False)
class Activation:
    """A named activation f with its derivative.

    For an elementwise f: `df(a)` = f'(a), and `df_from_output(h)` = f'(a) computed from
    h = f(a) where that is exact in form (sigmoid h(1 - h), tanh 1 - h^2, ReLU h > 0). For the
    softmax, `vjp(g, y)` = J^T g replaces them. A custom activation needs name, f and df.
    """

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array] | None
    df_from_output: Callable[[Array], Array] | None = None
    vjp: Callable[[Array, Array], Array] | None = None

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"

    @property
    def elementwise(self) -> bool:
        """True when each output depends on its own pre-activation only."""
        return self.vjp is None

    def __call__(self, a: Array) -> Array:
        return self.f(a)

    def slope(self, a: Array, h: Array) -> Array:
        """f'(a) elementwise, taken from the output h = f(a) where the activation allows."""
        if self.df_from_output is not None:
            return self.df_from_output(h)
        if self.df is None:
            raise ValueError(f"{self.name} is not elementwise: it has a Jacobian, not a slope")
        return self.df(a)

    def backward(self, g: Array, a: Array, h: Array) -> Array:
        """dL/da from g = dL/dh: g * f'(a) elementwise (as in :eq:`eq-general-output-delta`),
        or J^T g for the softmax (:eq:`eq-softmax-vjp`)."""
        if self.vjp is not None:
            return self.vjp(g, h)
        return g * self.slope(a, h)


def _identity_from_output(h: Array) -> Array:
    return np.ones_like(h)


def _relu_from_output(h: Array) -> Array:
    return (h > 0).astype(h.dtype)


def _tanh_from_output(h: Array) -> Array:
    return 1.0 - h * h


#: The built-in activations by name, as `get_activation` looks them up.
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, sigmoid_prime_from_output),
    "identity": Activation("identity", identity, identity_prime, _identity_from_output),
    "relu": Activation("relu", relu, relu_prime, _relu_from_output),
    "tanh": Activation("tanh", tanh, tanh_prime, _tanh_from_output),
    "softmax": Activation("softmax", softmax, None, vjp=_softmax_backward),
}


def get_activation(name: str | Activation) -> Activation:
    """Look an activation up by name ('sigmoid', 'identity', 'relu', 'tanh', 'softmax')."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"an activation is named by a string, got {type(name).__name__}")
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of {known}") from None
