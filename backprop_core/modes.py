"""Forward mode against reverse mode (book chapter 'Backprop is reverse-mode differentiation').

Forward mode carries, next to every value of the forward pass (:eq:`eq-forward-matrix`), its
tangent: the derivative along one direction v = (Ẇ, ḃ) in parameter space,

    ȧ^(l) = ḣ^(l-1) W^(l) + h^(l-1) Ẇ^(l) + ḃ^(l),   ḣ^(l) = f_l'(a^(l)) ⊙ ȧ^(l),   ḣ^(0) = 0,

and ends with L̇ = sum (y - t) ⊙ ẏ = dL/dθ · v (:eq:`eq-l2-grad`), a Jacobian-vector product (JVP):
one directional derivative per pass. All P gradients need P of them, one per unit vector v.
Reverse mode (backpropagation, `MLP.gradients`) starts from dL/dy and passes vector-Jacobian
products down once: all P gradients in one backward pass.

Counting the multiply-adds of the matrix products, with F = B sum_l n_{l-1} n_l those of one
forward pass (:eq:`eq-general-cost`) and B the batch size::

    the tangent of one direction       B n_0 n_1 + 2 B sum_{l>=2} n_{l-1} n_l = 2F - B n_0 n_1
    one JVP (values and tangent)       F + (2F - B n_0 n_1)
    all gradients, forward mode        F + P (2F - B n_0 n_1)   (values once, P tangents)
    all gradients, reverse mode        F + (2F - B n_0 n_1)     (forward + backward pass)

One JVP costs exactly what a whole reverse-mode gradient costs; forward mode needs P of them.
Elementwise work (activations, slopes, the loss) is O(B sum n_l) per pass or direction and
left out, as in :eq:`eq-general-cost`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from .activations import get_activation
from .autodiff import _checked
from .checks import as_array
from .cost import best_time, n_params
from .cost import multiply_adds as _cost_multiply_adds
from .mlp import MLP

Array = np.ndarray
LossJVP = Callable[[Array, Array, Array], tuple[float, Array]]


def l2_jvp(Y: Array, T: Array, Y_dot: Array) -> tuple[float, Array]:
    """(L, L̇): the L2 loss 1/2 sum (y - t)^2 (:eq:`eq-l2-loss`) and, for each of the K
    tangents Y_dot[k] of shape (B, n_L), L̇_k = sum (y - t) ⊙ ẏ_k (dL/dy = y - t,
    :eq:`eq-l2-grad`)."""
    E = Y - T
    return 0.5 * float(np.vdot(E, E)), Y_dot.reshape(len(Y_dot), -1) @ E.ravel()


def _values(net: MLP, X: Array) -> tuple[list[Array], list[Array]]:
    """The forward pass (:eq:`eq-forward-matrix`): every h^(l) (h[0] = X) and every slope
    f_l'(a^(l)), which the tangents of all directions share."""
    h_list, slopes = [X], []
    for W, b, name in zip(net.weights, net.biases, net.activations):
        act = get_activation(name)
        if not act.elementwise:
            raise ValueError(f"forward mode here handles elementwise activations, not {name}")
        a = h_list[-1] @ W + b
        h_list.append(act.f(a))
        slopes.append(act.df(a))
    return h_list, slopes


def _tangents(
    net: MLP, values: tuple[list[Array], list[Array]], W_dot: list[Array], b_dot: list[Array]
) -> Array:
    """ẏ for K directions at once: W_dot[l] has shape (K, n_{l-1}, n_l), b_dot[l] (K, n_l);
    returns shape (K, B, n_L). The values come from `_values`, computed once for all K."""
    h_list, slopes = values
    h_dot = None  # ḣ^(0) = 0: the inputs do not depend on the parameters
    for l, W in enumerate(net.weights):
        a_dot = h_list[l] @ W_dot[l] + b_dot[l][:, None, :]
        if h_dot is not None:
            a_dot += h_dot @ W
        h_dot = slopes[l] * a_dot
    return h_dot


def jvp(
    net: MLP,
    X: Array,
    T: Array,
    dW: Sequence[Array],
    db: Sequence[Array],
    loss_jvp: LossJVP = l2_jvp,
) -> float:
    """dL/dθ · v for the direction v = (dW, db), shaped like net.weights and net.biases, by one
    forward-mode pass (values and tangents together)."""
    X, T = _checked(net, X, T)
    for name, given, params in (("dW", dW, net.weights), ("db", db, net.biases)):
        if len(given) != len(params):
            raise ValueError(f"{name} needs {len(params)} arrays (one per layer), got {len(given)}")
        for l, (g, p) in enumerate(zip(given, params)):
            if np.shape(g) != p.shape:
                raise ValueError(f"{name}[{l}] must have shape {p.shape}, got {np.shape(g)}")
    W_dot = [as_array(f"dW[{l}]", g)[None] for l, g in enumerate(dW)]
    b_dot = [as_array(f"db[{l}]", g)[None] for l, g in enumerate(db)]
    values = _values(net, X)
    _, L_dot = loss_jvp(values[0][-1], T, _tangents(net, values, W_dot, b_dot))
    return float(L_dot[0])


def _split(M: Array, sizes: Sequence[int]) -> tuple[list[Array], list[Array]]:
    """Rows of M (K, P), each in `flatten` order (every weight, then every bias), as stacks
    W[l] of shape (K, n_{l-1}, n_l) and b[l] of shape (K, n_l)."""
    shapes = [(n_in, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    shapes += [(n,) for n in sizes[1:]]
    ends = np.cumsum([int(np.prod(s)) for s in shapes])
    parts = [p.reshape(len(M), *s) for p, s in zip(np.split(M, ends[:-1], axis=1), shapes)]
    return parts[: len(sizes) - 1], parts[len(sizes) - 1 :]


def gradient_forward_mode(
    net: MLP, X: Array, T: Array, chunk: int = 64, loss_jvp: LossJVP = l2_jvp
) -> tuple[list[Array], list[Array]]:
    """(dW, db) by forward mode: one JVP per parameter, along each unit vector e_k.

    The values are computed once; the tangents of `chunk` unit vectors at a time travel
    together as one stack, so that the cost is the matrix products, not Python's loop.
    """
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"chunk must be a positive integer, got {chunk!r}")
    X, T = _checked(net, X, T)
    values = _values(net, X)
    P = n_params(net.sizes)
    grad = np.empty(P)
    for start in range(0, P, chunk):
        stop = min(start + chunk, P)
        E = np.zeros((stop - start, P))
        E[np.arange(stop - start), np.arange(start, stop)] = 1.0  # unit vectors e_start..
        _, grad[start:stop] = loss_jvp(
            values[0][-1], T, _tangents(net, values, *_split(E, net.sizes))
        )
    dW, db = _split(grad[None], net.sizes)
    return [g[0] for g in dW], [g[0] for g in db]


# ---- the measurement: cost of all gradients by each mode as the network grows ----------------
def multiply_adds(sizes: Sequence[int], batch: int = 1) -> dict[str, int]:
    """Multiply-adds of the matrix products (formulas in the module docstring), exact integers.

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

    Expected growth with the number of parameters P: forward mode costs about P forward passes
    (P tangents, each about two forward passes' products), reverse mode a small constant number
    (about three), so their ratio grows like P. On small networks the fixed cost of each NumPy
    call hides this; timings vary between runs and machines, the multiply-adds do not.
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
