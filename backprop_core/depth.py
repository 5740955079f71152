"""What survives depth: the size of a^(l) and delta^(l), layer by layer, in a freshly
initialised network (book chapter 'Initialisation').

For independent zero-mean weights of variance s_l^2 = Var w^(l), zero biases, and units of a
layer that are alike, the book derives :eq:`eq-init-forward` and :eq:`eq-init-backward`::

    Var a^(l)     = n_(l-1) s_l^2 E[(h^(l-1))^2]
    Var delta^(l) = n_(l+1) s_(l+1)^2 E[f_l'(a^(l))^2] Var delta^(l+1)

`predict` iterates both with every a^(l) taken as N(0, Var a^(l)), its expectations by
quadrature (`gaussian_mean`); `measure` computes the same quantities on real networks
(`network`: a deep network with any `init` scheme and a gain), averaged over several seeds;
`verdict` and `significant` print ratios robustly (never a digit that rounding could move).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from .activations import get_activation
from .init import weight_variance
from .layers import Layers
from .mlp import MLP

Array = np.ndarray

# The midpoint rule on z = +-(k + 1/2) h: cells meet at z = 0, where ReLU has its kink and
# ReLU' its jump, and every odd derivative of an even integrand vanishes there, so the rule
# keeps its spectral accuracy (about 1e-15 for these integrands) on both sides of the kink.
_H = 0.01
_Z = (np.arange(-1200, 1200) + 0.5) * _H  # |z| < 12: the tails beyond carry < 1e-32
_WEIGHTS = _H * np.exp(-(_Z**2) / 2) / math.sqrt(2 * math.pi)


def gaussian_mean(g: Callable[[Array], Array], q: float) -> float:
    """E[g(a)] for a ~ N(0, q), q >= 0, by the midpoint rule on a fine grid (see `_Z`).

    The grid is fixed in z = a / sqrt(q), so its spacing in a grows like sqrt(q). For g
    homogeneous in a (ReLU, the identity, their squares and slopes' squares) that costs
    nothing: the relative accuracy (about 1e-15) is the same at every q. For the sigmoid's and
    tanh's squares and slopes' squares, which vary on a scale of 1 in a, it is accurate to
    about 1e-12 relative for q <= 500 (tested against mpmath), and degrades beyond: for tanh's
    slope 9e-6 relative at q = 2500, 2% at q = 1e4. A kink or jump of g is allowed only at
    a = 0.
    """
    q = float(q)
    if not q >= 0 or not math.isfinite(q):
        raise ValueError(f"the variance q must be finite and >= 0, got {q!r}")
    return float(np.dot(_WEIGHTS, g(math.sqrt(q) * _Z)))


def second_moment(activation: str, q: float) -> float:
    """E[f(a)^2] for a ~ N(0, q): what a unit passes forward, the E[h^2] of
    :eq:`eq-init-forward`; q/2 for ReLU, :eq:`eq-init-relu-square`."""
    f = get_activation(activation)
    return gaussian_mean(lambda a: f(a) ** 2, q)


def slope_moment(activation: str, q: float) -> float:
    """E[f'(a)^2] for a ~ N(0, q): what a unit passes backward (:eq:`eq-init-backward`)."""
    f = get_activation(activation)
    return gaussian_mean(lambda a: f.df(a) ** 2, q)


class Profile(NamedTuple):
    """Per-layer sizes, each a `Layers` numbered l = 1..L as in the book.

    a_square: the mean of (a^(l)_j)^2 over units and samples, an estimate of Var a^(l);
    a_spread: the variance over the batch of each unit's a^(l)_j, averaged over the units: the
    part of a^(l) that depends on the input (None in `predict`: its recursion is for the mean
    over the weights, where every unit has mean 0, while within one network a unit's a^(l)_j
    has a mean, the whole of it for sigmoid units, 1/2 sum_i w_ij); delta_square: the mean of
    (delta^(l)_j)^2, an estimate of Var delta^(l); delta_abs: the mean absolute value of
    delta^(l)_j (as `flow.delta_sizes`; None in `predict`).
    """

    a_square: Layers[float]
    a_spread: Layers[float] | None
    delta_square: Layers[float]
    delta_abs: Layers[float] | None


def _layers(values: Sequence[float], name: str) -> Layers[float]:
    return Layers([float(v) for v in values], first=1, name=name)


def predict(
    sizes: Sequence[int],
    activations: Sequence[str],
    variances: Sequence[float],
    input_square: float = 1.0,
    output_delta_square: float = 1.0,
) -> Profile:
    """:eq:`eq-init-forward` and :eq:`eq-init-backward` iterated through a network's layers.

    `variances[l-1]` = s_l^2 = Var w^(l); the inputs have E[x^2] = `input_square` and the
    output delta Var delta^(L) = `output_delta_square` (as in `measure`).
    """
    sizes, L = [int(n) for n in sizes], len(sizes) - 1
    if L < 1 or len(activations) != L or len(variances) != L:
        raise ValueError(
            f"{len(sizes)} sizes make {L} layers, which need {L} activations and {L} variances;"
            f" got {len(activations)} and {len(variances)}"
        )
    q = [sizes[0] * variances[0] * input_square]
    for l in range(2, L + 1):
        q.append(sizes[l - 1] * variances[l - 1] * second_moment(activations[l - 2], q[-1]))
    r = [float(output_delta_square)]
    for l in range(L - 1, 0, -1):
        r.append(sizes[l + 1] * variances[l] * slope_moment(activations[l - 1], q[l - 1]) * r[-1])
    r.reverse()
    return Profile(_layers(q, "a_square"), None, _layers(r, "delta_square"), None)


def network(
    depth: int,
    activation: str = "tanh",
    init: str = "auto",
    gain: float = 1.0,
    width: int | Sequence[int] = 64,
    seed: int = 0,
) -> MLP:
    """A deep network of `depth` layers: the hidden ones with `activation`, the last the
    identity; weights drawn by scheme `init` (`backprop_core.init`) from default_rng(seed) and
    multiplied by `gain`, biases zero. `width`: one number for a square network
    [width] * (depth + 1), or the depth + 1 sizes n_0, ..., n_L."""
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    sizes = [width] * (depth + 1) if isinstance(width, (int, np.integer)) else list(width)
    if len(sizes) != depth + 1:
        raise ValueError(f"{depth} layers need {depth + 1} sizes, got {len(sizes)}")
    acts = [activation] * (depth - 1) + ["identity"]
    net = MLP(sizes, acts, seed=seed, init=init)
    for W in net.weights:
        W *= gain
    return net


def scheme_variances(net: MLP, gain: float) -> list[float]:
    """s_l^2 of every layer under `net.init`, times gain^2: the `variances` for `predict` of a
    `network` drawn with that gain (a network does not remember its gain, so it is asked for)."""
    layers = zip(net.sizes[:-1], net.sizes[1:], net.activations)
    return [gain**2 * weight_variance(net.init, n_in, n_out, act) for n_in, n_out, act in layers]


def batch(n_in: int, n_out: int, size: int = 128, seed: int = 0) -> tuple[Array, Array]:
    """Inputs X (size, n_in) and output deltas G (size, n_out), standard normal from
    default_rng(seed): E[x^2] = E[g^2] = 1, as `predict` assumes by default."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((size, n_in)), rng.standard_normal((size, n_out))


def measure(nets: Sequence[MLP], X: Array, G: Array) -> Profile:
    """The `Profile` of real networks on inputs X with the output delta delta^(L) = G: each
    quantity computed for every network by its forward and backward pass, then averaged over
    the networks (the expectation over the weights that the formulas describe).

    The targets are T = y - G, so that the L2 loss's output delta y - T is G (to rounding) for
    an identity output: a delta independent of the weights, as :eq:`eq-init-backward` assumes.
    """
    if len(nets) == 0:
        raise ValueError("measure needs at least one network")
    rows = []
    for net in nets:
        if net.activations[-1] != "identity" or net.loss_fn.name != "l2":
            raise ValueError("measure needs an identity output under the L2 loss")
        trace = net.trace(X)
        delta = net.backprop(X, trace.y - G).delta
        layers = range(1, net.L + 1)
        rows.append([
            [np.mean(trace.a[l] ** 2) for l in layers],
            [np.mean(np.var(trace.a[l], axis=0)) for l in layers],
            [np.mean(delta[l] ** 2) for l in layers],
            [np.mean(np.abs(delta[l])) for l in layers],
        ])  # fmt: skip
    mean = np.mean(np.array(rows), axis=0)
    names = ("a_square", "a_spread", "delta_square", "delta_abs")
    return Profile(*(_layers(values, name) for values, name in zip(mean, names)))


#: The bounds of `verdict`: vanishes below 1e-3, shrinks below 0.1, stays within 10x up to
#: 10, grows up to 1e3, explodes beyond.
VERDICT_BOUNDS = (1e-3, 0.1, 10.0, 1e3)


def verdict(ratio: float, margin: float = 0.01) -> str:
    """A ratio of sizes in words: 'vanishes (< 1e-3)', 'shrinks (1e-3 to 0.1)', 'stays within
    10x', 'grows (10 to 1e3)' or 'explodes (> 1e3)'.

    Raises ValueError if the ratio lies within a relative `margin` of a bound, where the
    rounding of another CPU could tip the verdict.
    """
    ratio = float(ratio)
    if not ratio > 0 or not math.isfinite(ratio):
        raise ValueError(f"a ratio of sizes must be positive and finite, got {ratio!r}")
    for bound in VERDICT_BOUNDS:
        if abs(ratio / bound - 1) < margin:
            raise ValueError(f"ratio {ratio:.6g} is within {margin:.0%} of the bound {bound:g}")
    lo, low, high, hi = VERDICT_BOUNDS
    if ratio < lo:
        return "vanishes (< 1e-3)"
    if ratio < low:
        return "shrinks (1e-3 to 0.1)"
    if ratio <= high:
        return "stays within 10x"
    return "grows (10 to 1e3)" if ratio <= hi else "explodes (> 1e3)"


def significant(x: float, digits: int = 1, margin: float = 0.05) -> str:
    """x rounded to `digits` significant digits ('0.04', '3', '2e-13', '7e3'), refusing (with
    ValueError) a value within `margin` units of the last digit of a rounding boundary: then
    no change of x smaller than `margin` units of its last digit (5e-3 relative or more for
    one digit, 5e-4 for two, 5e-5 for three) can change the text. What differs between CPUs
    is far smaller: about 1e-15 relative for most of the book's quantities, 1e-6 for the
    spreads of deep sigmoid networks (`measure`'s a_spread, a difference of nearly equal
    numbers); a caller printing anything that moves more must not rely on this margin."""
    x = float(x)
    if not math.isfinite(x) or x == 0:
        raise ValueError(f"significant needs a finite nonzero number, got {x!r}")
    unit = 10.0 ** (math.floor(math.log10(abs(x))) - digits + 1)
    steps = abs(x) / unit
    if abs(steps - math.floor(steps) - 0.5) < margin:
        raise ValueError(f"{x:.6g} is within {margin:g} of a unit of a rounding boundary")
    text = f"{x:.{digits - 1}e}"
    power = int(text.split("e")[1])
    if -2 <= power < 3:
        return f"{float(text):.{max(digits - 1 - power, 0)}f}"
    return f"{text.split('e')[0]}e{power}"


def short(x: float, margin: float = 0.05) -> str:
    """x to one significant digit, or to two or three where fewer would lie within `margin`
    units of a rounding boundary (`significant`): the shortest text that no rounding
    difference can change. Refuses (ValueError) a value near a boundary at all three."""
    for digits in (1, 2):
        try:
            return significant(x, digits, margin)
        except ValueError:
            continue
    return significant(x, 3, margin)
