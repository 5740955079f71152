"""Scalar reverse-mode automatic differentiation (book chapter 'Backprop is reverse-mode
differentiation').

A `Value` is one number of a computation, kept together with the Values it was computed from
and a local backward rule. `Value.backward()` visits the graph from the loss back to the
inputs and applies, at every node, the chain rule in the form::

    dL/d(input) += dL/d(output) * d(output)/d(input)

"upstream gradient times local gradient"; for a node with several inputs, a vector-Jacobian
product (the row dL/d(output) times the node's Jacobian). Backpropagation
(:eq:`eq-general-output-delta`, :eq:`eq-general-hidden-delta`) is this rule applied to the graph
of a network's scalars: `mlp_gradients` builds it and returns what `MLP.gradients` does.
One Python object per number makes this slow: it is the readable version, not the fast one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from numbers import Real

import numpy as np

from .checks import as_batch
from .gradcheck import GradCheck, relative_error
from .mlp import MLP


class Value:
    """One scalar of a computation graph: data, grad = dL/d(data), parents, local backward rule."""

    __slots__ = ("_backward", "_parents", "data", "grad", "op")
    __array_ufunc__ = None  # numpy scalars defer to Value's reflected operators (2.0 * v)

    def __init__(self, data: float, parents: tuple[Value, ...] = (), op: str = "") -> None:
        if isinstance(data, Value) or not isinstance(data, Real):
            raise TypeError(f"a Value holds one real number, got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0
        self._parents = parents
        self._backward: Callable[[], None] = lambda: None  # a leaf passes nothing on
        self.op = op

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # Every operation has the same shape: compute the output, then define its local backward
    # step, which adds (+=) upstream gradient times local gradient to each parent's grad.
    def __add__(self, other: Value | float) -> Value:
        other = _lift(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad  # d(x + y)/dx = 1
            other.grad += out.grad  # d(x + y)/dy = 1

        out._backward = _backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        """x * y. Its backward step is a vector-Jacobian product: dL/d(x, y) = dL/dout (y, x)."""
        other = _lift(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad  # d(xy)/dx = y
            other.grad += self.data * out.grad  # d(xy)/dy = x

        out._backward = _backward
        return out

    def __pow__(self, k: float) -> Value:
        if isinstance(k, Value) or not isinstance(k, Real):
            raise TypeError(f"the exponent must be a plain number, got {type(k).__name__}")
        if self.data < 0 and k != int(k):
            raise ValueError(f"{self.data} ** {k}: a negative base needs an integer exponent")
        out = Value(self.data**k, (self,), f"**{k}")

        def _backward() -> None:
            self.grad += k * self.data ** (k - 1) * out.grad  # d(x^k)/dx = k x^(k-1)

        out._backward = _backward
        return out

    def exp(self) -> Value:
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward() -> None:
            self.grad += out.data * out.grad  # d(e^x)/dx = e^x

        out._backward = _backward
        return out

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log needs a positive argument, got {self.data}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward() -> None:
            self.grad += out.grad / self.data  # d(log x)/dx = 1/x

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward() -> None:
            self.grad += (1.0 - out.data**2) * out.grad  # tanh' = 1 - tanh^2

        out._backward = _backward
        return out

    def sigmoid(self) -> Value:
        z = math.exp(-abs(self.data))  # never overflows (eq-sigmoid-stable)
        out = Value(1.0 / (1.0 + z) if self.data >= 0 else z / (1.0 + z), (self,), "sigmoid")

        def _backward() -> None:
            self.grad += out.data * (1.0 - out.data) * out.grad  # eq-sigmoid-prime

        out._backward = _backward
        return out

    def relu(self) -> Value:
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward() -> None:
            self.grad += (self.data > 0) * out.grad  # slope 0 at the kink, as relu_prime

        out._backward = _backward
        return out

    # The rest are compositions of the operations above: their backward comes for free.
    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Value | float) -> Value:
        return self + (-_lift(other))

    def __truediv__(self, other: Value | float) -> Value:
        other = _lift(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division of {self.data} by a Value equal to 0")
        return self * other**-1

    __radd__ = __add__  # 2 + v: both operations are commutative
    __rmul__ = __mul__

    def __rsub__(self, other: float) -> Value:
        return _lift(other) - self

    def __rtruediv__(self, other: float) -> Value:
        return _lift(other) / self

    def backward(self) -> None:
        """Set grad = dL/dv for every Value v this one (L) depends on: reverse mode.

        dL/dL = 1; then each node, in reverse topological order, runs its local backward step.
        A node comes after every node that uses it, so its gradient is complete (all its
        uses have added to it) before it passes the gradient on. Gradients are set from zero
        on every call.
        """
        order = topological_order(self)
        for v in order:
            v.grad = 0.0
        self.grad = 1.0  # dL/dL
        for v in reversed(order):
            v._backward()


def topological_order(root: Value) -> list[Value]:
    """Every Value `root` depends on, each after all of its parents (root last)."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:  # depth-first, with a stack: a long sum would overflow Python's recursion
        v, parents_done = stack.pop()
        if parents_done:
            order.append(v)
        elif id(v) not in seen:
            seen.add(id(v))
            stack.append((v, True))
            stack.extend((p, False) for p in v._parents)
    return order


def _lift(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


# ---- a network as a graph of Values ---------------------------------------------------------
ACTIVATIONS: dict[str, Callable[[Value], Value]] = {
    "sigmoid": Value.sigmoid,
    "identity": lambda v: v,
    "relu": Value.relu,
    "tanh": Value.tanh,
}

Loss = Callable[[list[list[Value]], np.ndarray], Value]


def _checked(net: MLP, X: object, T: object) -> tuple[np.ndarray, np.ndarray]:
    """X (B, n_0) and T (B, n_L) as float arrays, or a clear error naming what is wrong."""
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a backprop_core.MLP, got {type(net).__name__}")
    X, T = as_batch("X", X, net.sizes[0]), as_batch("T", T, net.sizes[-1])
    if T.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but T has {T.shape[0]}: they must match")
    return X, T


def l2_loss(Y: list[list[Value]], T: np.ndarray) -> Value:
    """L = 1/2 sum over samples n and outputs k of (y_nk - t_nk)^2 as a Value, :eq:`eq-l2-loss`."""
    pairs = [(y, t) for y_row, t_row in zip(Y, T.tolist()) for y, t in zip(y_row, t_row)]
    return 0.5 * sum((y - t) ** 2 for y, t in pairs)


def mlp_graph(
    net: MLP, X: np.ndarray, T: np.ndarray, loss: Loss = l2_loss
) -> tuple[Value, list[list[list[Value]]], list[list[Value]]]:
    """(loss, W, b): the graph of a^(l)_j = sum_i h^(l-1)_i w^(l)_ij + b^(l)_j, h^(l)_j =
    f_l(a^(l)_j) (:eq:`eq-forward-index`) for every sample of X (B, n_0), and the loss on T.

    W[l][i][j] and b[l][j] are the leaf Values of the weights and biases, shared by all samples.
    `loss(Y, T)`, any function of the outputs Y (B lists of n_L Values) and T, returns one Value.
    """
    X, T = _checked(net, X, T)
    for name in net.activations:
        if name not in ACTIVATIONS:
            raise ValueError(f"autodiff has no activation {name!r}; use one of {[*ACTIVATIONS]}")
    W = [[[Value(w) for w in row] for row in Wl.tolist()] for Wl in net.weights]
    b = [[Value(v) for v in bl.tolist()] for bl in net.biases]
    Y = []
    for x in X.tolist():
        h: list[Value | float] = x
        for Wl, bl, name in zip(W, b, net.activations):
            f = ACTIVATIONS[name]
            # a_j = b_j + sum_i h_i w_ij: the bias starts the sum
            h = [f(sum((hi * Wl[i][j] for i, hi in enumerate(h)), bj)) for j, bj in enumerate(bl)]
        Y.append(h)
    out = loss(Y, T)
    if not isinstance(out, Value):
        raise TypeError(f"the loss must return one Value, got {type(out).__name__}")
    return out, W, b


def mlp_gradients(
    net: MLP, X: np.ndarray, T: np.ndarray, loss: Loss = l2_loss
) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    """(loss, dW, db) by reverse-mode autodiff of the scalar graph, shaped like `net.gradients`."""
    L, W, b = mlp_graph(net, X, T, loss)
    L.backward()
    dW = [np.array([[w.grad for w in row] for row in Wl]) for Wl in W]
    db = [np.array([v.grad for v in bl]) for bl in b]
    return L.data, dW, db


# ---- checking a backward rule ---------------------------------------------------------------
def unary_op(name: str, f: Callable[[float], float], df: Callable[[float], float]) -> Callable:
    """A new one-input operation on Values, out = f(x) with local gradient df(x), shaped like
    those of `Value`. Plant a wrong df (unary_op("sigmoid", s, s) for s(x) = 1/(1 + e^-x)) and
    `gradcheck_values` catches it."""

    def op(x: Value) -> Value:
        x = _lift(x)
        out = Value(f(x.data), (x,), name)

        def _backward() -> None:
            x.grad += df(x.data) * out.grad  # upstream gradient times local gradient

        out._backward = _backward
        return out

    op.__name__ = name
    return op


def gradcheck_values(
    f: Callable[..., Value], inputs: Sequence[float], h: float = 1e-6, floor: float = 1e-12
) -> GradCheck:
    """The gradients `backward` gives for `f(*inputs)` against centred differences
    (:eq:`eq-centred-difference`), compared by relative error (:eq:`eq-relative-error`).

    f takes one Value per input and returns one Value. Errors below about 1e-7 mean that the
    backward rules agree with the function; a wrong rule typically gives errors far above 1e-4.
    """
    if not (isinstance(h, Real) and math.isfinite(h) and h > 0):
        raise ValueError(f"the step h must be a positive finite number, got {h!r}")
    xs = [Value(x) for x in inputs]
    x0 = [x.data for x in xs]
    out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"f must return one Value, got {type(out).__name__}")
    out.backward()
    analytic = np.array([x.grad for x in xs])
    numeric = np.empty(len(xs))
    for k in range(len(xs)):
        up, down = ([*x0[:k], x0[k] + s, *x0[k + 1 :]] for s in (h, -h))
        numeric[k] = (f(*map(Value, up)).data - f(*map(Value, down)).data) / (2.0 * h)
    labels = [f"x_{k}" for k in range(1, len(xs) + 1)]
    return GradCheck(labels, analytic, numeric, relative_error(analytic, numeric, floor))
