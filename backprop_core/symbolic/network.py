"""A small network written out in SymPy, so chapters can *prove* formulas about it::

    net = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    dL = sp.diff(net.loss, net.W[1][0, 0])                # differentiate the composed loss
    assert sp.simplify(dL - net.delta_out(0) * net.h[1][0]) == 0

Symbols follow the book: inputs x_i, weights w_ij^(l) (i the source unit, j the destination,
1-based), biases b_j^(l), targets t_k. The activation is the sigmoid, any of the package's
activation names, or a generic SymPy Function f (so a proof then holds for every activation).
One sample at a time: symbolic expressions are for proofs, not for batches.

The fields W, b, a are plain lists from layer 1 (`net.W[0]` is W^(1)) and h from layer 0; the
same values numbered as in the book, like a numeric network's, are `net.layers.W[1]`,
`net.layers.a[l]`, `net.layers.h[0]` (= x).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp

from .. import notation
from ..layers import Layers
from ..mlp import MLP

#: An activation: a package activation's name, or a SymPy function such as sp.Function('f').
Activation = str | sp.FunctionClass

#: Significant digits of every mpmath evaluation: far beyond float64's 16.
MP_DIGITS = 30


def sigmoid(a: sp.Expr) -> sp.Expr:
    """σ(a) = 1 / (1 + e^(-a)) as a SymPy expression (:eq:`eq-sigmoid`)."""
    return 1 / (1 + sp.exp(-a))


def relu(a: sp.Expr) -> sp.Expr:
    """max(0, a) as a SymPy Piecewise: 0 for a <= 0, a otherwise.

    Its SymPy derivative is 0 at a = 0 (the left branch), the same convention as the package's
    relu_prime; the true derivative does not exist there (book section `gradcheck-kinks`).
    """
    return sp.Piecewise((0, a <= 0), (a, True))


_NAMED = {"sigmoid": sigmoid, "identity": lambda a: a, "tanh": sp.tanh, "relu": relu}


def apply_activation(act: Activation, a: sp.Expr) -> sp.Expr:
    """f(a) for a package activation name or a SymPy Function class such as sp.Function('f')."""
    if isinstance(act, str):
        if act not in _NAMED:
            raise ValueError(f"unknown activation {act!r}; choose one of {sorted(_NAMED)}")
        return _NAMED[act](a)
    if isinstance(act, sp.FunctionClass):
        return act(a)
    raise TypeError(f"activation must be a name or a SymPy Function, got {type(act).__name__}")


def _weight_symbol(
    letter: str, l: int, i: int, j: int, layered: bool, destination_first: bool, sep: str
) -> sp.Symbol:
    name = notation.weight(l, i, j, letter, layered, destination_first, "symbol", sep)
    return sp.Symbol(name, real=True)


@dataclass(frozen=True)
class BookLayers:
    """A SymbolicMLP's per-layer values indexed by the book's layer numbers (`Layers` views)."""

    W: Layers[sp.Matrix]
    b: Layers[sp.Matrix]
    a: Layers[list[sp.Expr]]
    h: Layers[list[sp.Expr]]


@dataclass
class SymbolicMLP:
    """A network written out in SymPy: symbols, every intermediate expression, and the loss."""

    sizes: list[int]
    x: list[sp.Symbol]
    t: list[sp.Symbol]
    W: list[sp.Matrix]
    b: list[sp.Matrix]
    a: list[list[sp.Expr]]
    h: list[list[sp.Expr]]
    loss: sp.Expr
    activations: list[Activation] = field(default_factory=list)
    _grad_fn: object = field(default=None, repr=False)
    _loss_fn: object = field(default=None, repr=False)

    @property
    def y(self) -> list[sp.Expr]:
        """The outputs y_k = h^(L)_k."""
        return self.h[-1]

    @property
    def layers(self) -> BookLayers:
        """W, b, a numbered 1..L and h numbered 0..L, as in the book: layers.W[l] is W^(l)."""
        return BookLayers(
            W=Layers(self.W, 1, "W"), b=Layers(self.b, 1, "b"),
            a=Layers(self.a, 1, "a"), h=Layers(self.h, 0, "h"),
        )

    @property
    def params(self) -> list[sp.Symbol]:
        """Every weight then every bias, in the order of `gradcheck.flatten` (row-major W)."""
        ws = [s for W in self.W for s in W]  # Matrix iterates row-major: i outer, j inner
        bs = [s for b in self.b for s in b]
        return ws + bs

    def delta_out(self, k: int) -> sp.Expr:
        """The output delta delta_k = (y_k - t_k) f'(a_k^(L)) (:eq:`eq-general-output-delta`),
        f' by SymPy's differentiation of the activation (0-based k)."""
        a_k = sp.Symbol("_a")
        y_k = apply_activation(self.activations[-1], a_k)
        slope = sp.diff(y_k, a_k).subs(a_k, self.a[-1][k])
        return (self.y[k] - self.t[k]) * slope

    def substitutions(self, net: MLP, x: Sequence[float], t: Sequence[float]) -> dict:
        """{symbol: value} for the parameters of `net` and one sample (x, t)."""
        if list(net.sizes) != self.sizes:
            raise ValueError(f"net has sizes {net.sizes} but the symbolic net has {self.sizes}")
        x = np.asarray(x, dtype=float).ravel()
        t = np.asarray(t, dtype=float).ravel()
        if x.size != self.sizes[0] or t.size != self.sizes[-1]:
            raise ValueError(
                f"x needs {self.sizes[0]} values and t needs {self.sizes[-1]}, "
                f"got {x.size} and {t.size}"
            )
        values = dict(zip(self.x, x.tolist())) | dict(zip(self.t, t.tolist()))
        for l, (W_sym, b_sym, W, b) in enumerate(zip(self.W, self.b, net.weights, net.biases)):
            if len(b_sym) == 0 and np.any(b != 0):
                raise ValueError(f"the symbolic net has no biases but net.biases[{l}] is nonzero")
            values |= dict(zip(list(W_sym), np.asarray(W, dtype=float).ravel().tolist()))
            values |= dict(zip(list(b_sym), np.asarray(b, dtype=float).ravel().tolist()))
        return values

    def mp_arguments(self, net: MLP, x: Sequence[float], t: Sequence[float]) -> list:
        """The values of x, t, then `params`, as mpmath numbers (exactly the float64 values)."""
        values = self.substitutions(net, x, t)
        return [mpmath.mpf(values[s]) for s in self.x + self.t + self.params]

    def gradient_mp(self, net: MLP, x: Sequence[float], t: Sequence[float]) -> list:
        """dL/dθ for every parameter θ (order of `params`): SymPy differentiates the composed
        loss exactly, mpmath evaluates each derivative at MP_DIGITS significant digits."""
        if self._grad_fn is None:
            symbols = self.x + self.t + self.params
            self._grad_fn = sp.lambdify(
                symbols, [sp.diff(self.loss, p) for p in self.params], "mpmath"
            )
        args = self.mp_arguments(net, x, t)
        with mpmath.workdps(MP_DIGITS):
            return list(self._grad_fn(*args))

    def gradient(self, net: MLP, x: Sequence[float], t: Sequence[float]) -> np.ndarray:
        """`gradient_mp` rounded once to float64: the exact gradient at net's parameter values,
        the same on every CPU (no float64 arithmetic touches it)."""
        return np.array([float(g) for g in self.gradient_mp(net, x, t)], dtype=float)

    def loss_mp(self, args: Sequence) -> mpmath.mpf:
        """The composed loss at `args` (ordered as `mp_arguments`), by mpmath at MP_DIGITS."""
        if self._loss_fn is None:
            self._loss_fn = sp.lambdify(self.x + self.t + self.params, self.loss, "mpmath")
        with mpmath.workdps(MP_DIGITS):
            return self._loss_fn(*args)

    def loss_value(self, net: MLP, x: Sequence[float], t: Sequence[float]) -> float:
        """The loss evaluated exactly by SymPy at net's parameters and one sample."""
        return float(self.loss.evalf(30, subs=self.substitutions(net, x, t)))


def symbolic_mlp(
    sizes: Sequence[int],
    activations: Activation | Sequence[Activation] = "sigmoid",
    weight_names: Sequence[str] | None = None,
    biases: bool = True,
    destination_first: bool = False,
) -> SymbolicMLP:
    """Build the symbolic network with layer sizes `sizes`: the forward pass
    (:eq:`eq-forward-matrix`) and the L2 loss (:eq:`eq-l2-loss`).

    weight_names: one letter per layer, e.g. ["w", "u"] for the sources' 2-3-2 network (then the
    symbols carry no layer superscript); default w^(1), w^(2), ... biases=False drops the biases
    (as in the lecture note of R. Soletskyi), leaving them as zero matrices.
    destination_first=True names the weight from unit i to unit j `w_{ji}`, as the blog post
    "Foundations of Backpropagation" does; the matrix W[l] keeps the book's layout
    (row = source i, column = destination j), so only the symbols' names change.
    """
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    if L < 1 or min(sizes) < 1:
        raise ValueError(f"sizes must be at least two positive integers, got {sizes}")
    acts = list(activations) if isinstance(activations, (list, tuple)) else [activations] * L
    if len(acts) != L:
        raise ValueError(f"{L} layer(s) need {L} activation(s), got {len(acts)}")
    if weight_names is not None and len(weight_names) != L:
        raise ValueError(f"{L} layer(s) need {L} weight names, got {list(weight_names)}")
    x = [sp.Symbol(f"x_{i}", real=True) for i in range(1, sizes[0] + 1)]
    t = [sp.Symbol(f"t_{k}", real=True) for k in range(1, sizes[-1] + 1)]
    Ws, bs, a_all, h_all = [], [], [], [list(x)]
    for l in range(1, L + 1):
        n_in, n_out = sizes[l - 1], sizes[l]
        name = weight_names[l - 1] if weight_names is not None else "w"
        sep = notation.separator(n_in, n_out)
        W = sp.Matrix(
            n_in,
            n_out,
            lambda i, j, name=name, l=l, sep=sep: _weight_symbol(
                name, l, i + 1, j + 1, weight_names is None, destination_first, sep
            ),
        )
        if biases:
            b = sp.Matrix(
                1, n_out, lambda _, j, l=l: sp.Symbol(notation.bias(l, j + 1, "symbol"), real=True)
            )
            bs.append(b)
        else:
            b = sp.zeros(1, n_out)
            bs.append(sp.zeros(1, 0))  # no bias symbols: `params` lists weights only
        Ws.append(W)
        a = (sp.Matrix([h_all[-1]]) * W + b).tolist()[0]
        a_all.append(a)
        h_all.append([apply_activation(acts[l - 1], a_j) for a_j in a])
    loss = sp.Rational(1, 2) * sum((y_k - t_k) ** 2 for y_k, t_k in zip(h_all[-1], t))
    return SymbolicMLP(sizes, x, t, Ws, bs, a_all, h_all, loss, acts)


def symbolic_sample(net: SymbolicMLP, n: int) -> SymbolicMLP:
    """The same symbolic network fed its n-th sample of a batch (n = 1, 2, ...).

    The inputs and targets become x_{n,i} and t_{n,k}; the weights and biases are shared, so
    the loss of a batch is `sum(symbolic_sample(net, n).loss for n in 1..B)` (:eq:`eq-l2-loss`)
    and its derivatives prove the matrix forms :eq:`eq-output-matrix` and :eq:`eq-hidden-matrix`.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"the sample number n must be a positive integer, got {n!r}")
    x = [sp.Symbol(f"x_{{{n},{i}}}", real=True) for i in range(1, len(net.x) + 1)]
    t = [sp.Symbol(f"t_{{{n},{k}}}", real=True) for k in range(1, len(net.t) + 1)]
    rename = dict(zip(net.x, x)) | dict(zip(net.t, t))
    a = [[e.xreplace(rename) for e in layer] for layer in net.a]
    h = [x] + [[e.xreplace(rename) for e in layer] for layer in net.h[1:]]
    return SymbolicMLP(
        net.sizes, x, t, net.W, net.b, a, h, net.loss.xreplace(rename), list(net.activations)
    )


def slope(act: Activation, a: sp.Expr) -> sp.Expr:
    """f'(a) for an activation (a package name or a SymPy Function): f differentiated at a
    fresh symbol s, then s = a (the slopes of :eq:`eq-general-output-delta` and
    :eq:`eq-general-hidden-delta`).

    For a generic f this is Subs(Derivative(f(s), s), s, a), the very object `sp.diff` makes
    when the chain rule meets f(a). For ReLU it is the Piecewise 0 for a <= 0, 1 otherwise.
    """
    s = sp.Dummy("s")
    df = sp.diff(apply_activation(act, s), s)
    # A Derivative binds s, so only subs (which makes a Subs) may replace it; elsewhere
    # xreplace is exact and much faster on Piecewise expressions.
    return df.subs(s, a) if df.has(sp.Derivative) else df.xreplace({s: a})
