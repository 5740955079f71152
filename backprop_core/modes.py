"""Forward mode against reverse mode (book chapter 'Backprop is reverse-mode differentiation').

Forward mode carries, next to every value of the forward pass (:eq:`eq-forward-matrix`), its
tangent: the derivative along one direction v = (Ẇ, ḃ) in parameter space (:eq:`eq-rev-jvp`)::

    ȧ^(l) = ḣ^(l-1) W^(l) + h^(l-1) Ẇ^(l) + ḃ^(l),   ḣ^(l) = f_l'(a^(l)) ⊙ ȧ^(l),   ḣ^(0) = 0,

and ends with L̇ = dL/dθ · v, the loss node's derivative times its input's tangent (for the
L2 loss sum (y - t) ⊙ ẏ, for cross-entropy sum (y - t) ⊙ ȧ^(L)): a Jacobian-vector product
(JVP), one directional derivative per pass. All P gradients need P of them, one per unit
vector v. Reverse mode (backpropagation, `MLP.gradients`) passes vector-Jacobian products
down once: all P gradients in one backward pass. Both use the network's own loss,
`net.loss_fn`.

Counting the multiply-adds of the matrix products, with F = B sum_l n_(l-1) n_l those of one
forward pass (:eq:`eq-general-cost`) and B the batch size (:eq:`eq-rev-cost`)::

    the tangent of one direction       B n_0 n_1 + 2 B sum_(l>=2) n_(l-1) n_l = 2F - B n_0 n_1
    one JVP (values and tangent)       F + (2F - B n_0 n_1)
    all gradients, forward mode        F + P (2F - B n_0 n_1)   (values once, P tangents)
    all gradients, reverse mode        F + (2F - B n_0 n_1)     (forward + backward pass)

One JVP costs exactly what a whole reverse-mode gradient costs; forward mode needs P of them.
Elementwise work (activations, slopes, the loss) is O(B sum n_l) per pass or direction and
left out, as in :eq:`eq-general-cost`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from .checks import as_array, check_reduction
from .cost import best_time, n_params
from .cost import multiply_adds as _cost_multiply_adds
from .layers import Layers
from .mlp import MLP
from .validation import check_batch

Array = np.ndarray
Values = tuple[dict[int, Array], dict[int, Array | None]]


def _checked(net: MLP, X: object, T: object, reduction: str) -> tuple[Array, Array]:
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a backprop_core.MLP, got {type(net).__name__}")
    check_reduction(reduction)
    return check_batch(net, X, T, reduction)


def _values(net: MLP, X: Array) -> Values:
    """The forward pass (:eq:`eq-forward-matrix`): h[l] for l = 0..L (h[0] = X) and the slopes
    f_l'(a^(l)) for l = 1..L, which the tangents of all directions share (None for a softmax,
    whose tangent is not elementwise)."""
    h, slopes = {0: X}, {}
    for l in range(1, net.L + 1):
        a = h[l - 1] @ net.W[l] + net.b[l]
        f = net.f[l]
        h[l] = f.f(a)
        slopes[l] = f.slope(a, h[l]) if f.elementwise else None
    return h, slopes


def _tangents(net: MLP, values: Values, W_dot: dict[int, Array], b_dot: dict[int, Array]) -> Array:
    """ȧ^(L) for K directions at once: W_dot[l] has shape (K, n_(l-1), n_l), b_dot[l] (K, n_l);
    returns shape (K, B, n_L). The values come from `_values`, computed once for all K."""
    h, slopes = values
    h_dot = None  # ḣ^(0) = 0: the inputs do not depend on the parameters
    for l in range(1, net.L + 1):
        a_dot = h[l - 1] @ W_dot[l] + b_dot[l][:, None, :]
        if h_dot is not None:
            a_dot += h_dot @ net.W[l]
        if l < net.L:
            h_dot = slopes[l] * a_dot
    return a_dot


def _loss_tangent(net: MLP, values: Values, T: Array, a_dot: Array, per: float) -> Array:
    """L̇ for each of the K tangents ȧ^(L): the loss node's own derivative times its input's
    tangent. Cross-entropy (after a sigmoid or softmax) is a node of a^(L) with derivative
    y - t; the L2 loss a node of y with derivative y - t (:eq:`eq-l2-grad`), after the output's
    tangent ẏ = f_L'(a) ⊙ ȧ, or for a softmax ẏ = y ⊙ (ȧ - sum_k ȧ_k y_k) (its Jacobian J
    times ȧ)."""
    h, slopes = values
    y, f = h[net.L], net.f[net.L]
    g = y - T  # dL/da^(L) for cross-entropy, dL/dy for L2
    if net.loss_fn.cancels(f):
        tangent = a_dot
    elif f.elementwise:
        tangent = slopes[net.L] * a_dot
    else:
        tangent = y * (a_dot - np.sum(a_dot * y, axis=-1, keepdims=True))
    return per * (tangent.reshape(len(tangent), -1) @ g.ravel())


def jvp(
    net: MLP,
    X: Array,
    T: Array,
    dW: Sequence[Array],
    db: Sequence[Array],
    reduction: str = "sum",
) -> float:
    """dL/dθ · v for the direction v = (dW, db) by one forward-mode pass, values and tangents
    together (:eq:`eq-rev-jvp`), for the network's own loss. dW and db hold one array per layer,
    first layer first: a `Layers` (dW[l], l = 1..L, as `net.backprop` returns) or a list."""
    X, T = _checked(net, X, T, reduction)
    W_dot, b_dot = {}, {}
    for name, given, params, out in (("dW", dW, net.W, W_dot), ("db", db, net.b, b_dot)):
        given = list(given)
        if len(given) != net.L:
            raise ValueError(f"{name} needs {net.L} arrays (one per layer), got {len(given)}")
        for l, g in enumerate(given, start=1):
            if np.shape(g) != params[l].shape:
                raise ValueError(
                    f"{name} for layer {l} must have shape {params[l].shape}, got {np.shape(g)}"
                )
            out[l] = as_array(f"{name} for layer {l}", g)[None]
    values = _values(net, X)
    per = 1.0 / X.shape[0] if reduction == "mean" else 1.0
    return float(_loss_tangent(net, values, T, _tangents(net, values, W_dot, b_dot), per)[0])


def _split(M: Array, sizes: Sequence[int]) -> tuple[dict[int, Array], dict[int, Array]]:
    """Rows of M (K, P), each in `flatten` order (every weight, then every bias), as stacks
    W[l] of shape (K, n_(l-1), n_l) and b[l] of shape (K, n_l), l = 1..L."""
    L = len(sizes) - 1
    shapes = [(n_in, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    shapes += [(n,) for n in sizes[1:]]
    ends = np.cumsum([int(np.prod(s)) for s in shapes])
    parts = [p.reshape(len(M), *s) for p, s in zip(np.split(M, ends[:-1], axis=1), shapes)]
    return dict(enumerate(parts[:L], start=1)), dict(enumerate(parts[L:], start=1))


CHUNK = 64
"""How many unit vectors `gradient_forward_mode` carries at a time by default."""


def _unit_stacks(sizes: Sequence[int], K: int) -> tuple[Values, list[tuple[Array, int]]]:
    """Zero stacks W[l] (K, n_(l-1), n_l) and b[l] (K, n_l), made once, and their flat views
    (K, size) with the offset of each in `flatten` order (every weight, then every bias)."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    W = {l: np.zeros((K, n_in, n_out)) for l, (n_in, n_out) in enumerate(pairs, start=1)}
    b = {l: np.zeros((K, n_out)) for l, (_, n_out) in enumerate(pairs, start=1)}
    views, offset = [], 0
    for stack in [*W.values(), *b.values()]:
        views.append((stack.reshape(K, -1), offset))  # a view: writing it writes the stack
        offset += views[-1][0].shape[1]
    return (W, b), views


def _set_units(views: list[tuple[Array, int]], start: int, stop: int, value: float) -> None:
    """Row r of the stacks becomes `value` times the unit vector e_(start + r) (value 0: back
    to zero), touching only the stop - start entries that change."""
    for flat, offset in views:
        p = np.arange(max(start, offset), min(stop, offset + flat.shape[1]))
        flat[p - start, p - offset] = value


def gradient_forward_mode(
    net: MLP, X: Array, T: Array, chunk: int = CHUNK, reduction: str = "sum"
) -> tuple[Layers[Array], Layers[Array]]:
    """(dW, db), dW[l] = dL/dW^(l) for l = 1..L, by forward mode: one JVP per parameter, along
    each unit vector e_k (:eq:`eq-rev-jvp`).

    The values are computed once; the tangents of `chunk` unit vectors at a time travel
    together as one stack, so that the cost is the matrix products, not Python's loop. Each
    tangent is a generic (dense) JVP, as an AD system runs it: nothing uses the zeros of e_k.
    The stacks are made once and only their ones are set and reset per chunk.
    """
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"chunk must be a positive integer, got {chunk!r}")
    X, T = _checked(net, X, T, reduction)
    values = _values(net, X)
    per = 1.0 / X.shape[0] if reduction == "mean" else 1.0
    P = n_params(net.sizes)
    (W_dot, b_dot), views = _unit_stacks(net.sizes, min(chunk, P))
    grad = np.empty(P)
    for start in range(0, P, chunk):
        stop = min(start + chunk, P)
        k = stop - start
        _set_units(views, start, stop, 1.0)  # rows e_start, ..., e_(stop-1)
        W_k, b_k = ({l: s[:k] for l, s in d.items()} for d in (W_dot, b_dot))
        a_dot = _tangents(net, values, W_k, b_k)
        grad[start:stop] = _loss_tangent(net, values, T, a_dot, per)
        _set_units(views, start, stop, 0.0)
    dW, db = _split(grad[None], net.sizes)
    return (
        Layers([dW[l][0] for l in sorted(dW)], 1, "dW"),
        Layers([db[l][0] for l in sorted(db)], 1, "db"),
    )


# ---- the measurement: cost of all gradients by each mode as the network grows ----------------
def multiply_adds(sizes: Sequence[int], batch: int = 1) -> dict[str, int]:
    """Multiply-adds of the matrix products (:eq:`eq-rev-cost`, formulas in the module
    docstring), exact integers.

    {"forward pass": F, "jvp": one JVP, "forward mode": all P gradients by P tangents,
    "reverse mode": all P gradients by backpropagation (:eq:`eq-general-cost`)}.
    """
    counts = _cost_multiply_adds(sizes, batch)
    forward, tangent = counts["forward"], counts["backward"]  # a tangent costs a backward pass
    return {
        "forward pass": forward,
        "jvp": forward + tangent,
        "forward mode": forward + n_params(sizes) * tangent,
        "reverse mode": counts["backprop"],
    }


@dataclass
class ModesMeasurement:
    """Seconds and multiply-adds of all gradients, by forward and by reverse mode, per network."""

    sizes: list[list[int]]
    n_params: Array
    forward_mode: Array
    reverse_mode: Array
    forward_mode_madds: Array
    reverse_mode_madds: Array

    def slopes(self) -> dict[str, float]:
        """Least-squares slope of log(seconds) against log(P), per mode."""
        x = np.log(self.n_params)
        return {
            name: float(np.polyfit(x, np.log(getattr(self, name)), 1)[0])
            for name in ("forward_mode", "reverse_mode")
        }


def measure_modes(
    architectures: Sequence[Sequence[int]],
    batch: int = 8,
    activation: str = "sigmoid",
    repeats: int = 5,
    forward_repeats: int = 1,
    seed: int = 0,
) -> ModesMeasurement:
    """Time all gradients by forward mode (`gradient_forward_mode`) and by reverse mode
    (`net.gradients`) on each architecture, for a random batch of `batch` samples.

    Expected growth with the number of parameters P (:eq:`eq-rev-cost`): forward mode costs one
    forward pass and P dense tangents, each 2F - B n_0 n_1 multiply-adds (about two forward
    passes), reverse mode one forward and one backward pass (< 3F), so their ratio grows like
    P. On small networks the fixed cost of each NumPy call hides this; timings vary between
    runs and machines, the multiply-adds do not.
    """
    rng = np.random.default_rng(seed)
    sizes_list = [[int(n) for n in sizes] for sizes in architectures]
    fwd, rev = [], []
    for sizes in sizes_list:
        net = MLP(sizes, activation, seed=seed)
        X = rng.normal(size=(batch, sizes[0]))
        T = rng.normal(size=(batch, sizes[-1]))
        fwd.append(best_time(partial(gradient_forward_mode, net, X, T), forward_repeats, 0.0))
        rev.append(best_time(partial(net.gradients, X, T), repeats))
    counts = [multiply_adds(sizes, batch) for sizes in sizes_list]
    return ModesMeasurement(
        sizes_list,
        np.array([n_params(s) for s in sizes_list]),
        np.array(fwd),
        np.array(rev),
        np.array([c["forward mode"] for c in counts]),
        np.array([c["reverse mode"] for c in counts]),
    )
