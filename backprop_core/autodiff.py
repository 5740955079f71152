"""Scalar reverse-mode automatic differentiation, micrograd-sized (chapter 'Backprop is
reverse-mode differentiation').

A `Value` is one number of a computation. It keeps the Values it was computed from (its
parents) and the *local derivatives* d(value)/d(parent), which each operation knows from its
own formula alone. `Value.backward()` then walks the graph from the loss down, each node after
all the nodes that use it, and applies the chain rule at every node (:eq:`eq-rev-chain`)::

    parent.grad += node.grad * local      # upstream gradient times local gradient

For a node with several parents that is a vector-Jacobian product (:eq:`eq-rev-vjp`): the
upstream gradient times the node's row of local derivatives. `backprop_core.autodiff_nets`
builds a network's graph from these Values; one Python object per number makes it slow, so
it is the readable version, not the fast one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real


class Value:
    """One scalar of a computation graph: `data`, `grad` (dL/d(data) after `backward`), the
    `parents` it was computed from, the `local` derivatives d(data)/d(parent), the operation
    `op` and a `label` for tables and figures."""

    __slots__ = ("data", "grad", "label", "local", "op", "parents")
    __array_ufunc__ = None  # NumPy scalars defer to Value's reflected operators (2.0 * v)

    def __init__(
        self,
        data: float,
        parents: tuple[Value, ...] = (),
        local: tuple[float, ...] = (),
        op: str = "",
        label: str = "",
    ) -> None:
        if isinstance(data, Value) or not isinstance(data, Real):
            raise TypeError(f"a Value holds one real number, got {type(data).__name__}")
        if len(local) != len(parents):
            raise ValueError(f"{len(parents)} parent(s) need as many local derivatives")
        self.data, self.grad = float(data), 0.0
        self.parents, self.local = parents, tuple(float(d) for d in local)
        self.op, self.label = op, label

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # Every operation has the same shape: the output's value, then its local derivative with
    # respect to each input, from the operation's own formula.
    def __add__(self, other: Value | float) -> Value:
        other = _lift(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other: Value | float) -> Value:
        other = _lift(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other: Value | float) -> Value:
        other = _lift(other)  # d(xy)/dx = y, d(xy)/dy = x
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other: Value | float) -> Value:
        other = _lift(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division of {self.data} by a Value equal to 0")
        x, y = self.data, other.data  # d(x/y)/dx = 1/y, d(x/y)/dy = -x/y^2
        return Value(x / y, (self, other), (1.0 / y, -x / y**2), "/")

    def __pow__(self, k: float) -> Value:
        if isinstance(k, Value) or not isinstance(k, Real):
            raise TypeError(f"the exponent must be a plain number, got {type(k).__name__}")
        if self.data < 0 and k != int(k):
            raise ValueError(f"{self.data} ** {k}: a negative base needs an integer exponent")
        if self.data == 0 and k < 1:
            raise ValueError(f"0 ** {k}: the derivative k x^(k-1) is infinite at x = 0")
        return Value(self.data**k, (self,), (k * self.data ** (k - 1),), f"**{k:g}")

    def __neg__(self) -> Value:
        return Value(-self.data, (self,), (-1.0,), "neg")

    def exp(self) -> Value:
        e = math.exp(self.data)  # d(e^x)/dx = e^x
        return Value(e, (self,), (e,), "exp")

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log needs a positive argument, got {self.data}")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    # The slopes come from x, not from the rounded output: 1 - tanh^2 and s (1 - s) lose all
    # relative precision where the output rounds near its bound (s(1 - s) = 0 at x = 40).
    def tanh(self) -> Value:
        z = math.exp(-2.0 * abs(self.data))  # tanh' = sech^2 = 4z / (1 + z)^2, z = e^(-2|x|)
        return Value(math.tanh(self.data), (self,), (4.0 * z / (1.0 + z) ** 2,), "tanh")

    def sigmoid(self) -> Value:
        s, slope = _sigmoid(self.data)  # eq-sigmoid-prime, as z / (1 + z)^2
        return Value(s, (self,), (slope,), "sigmoid")

    def relu(self) -> Value:
        on = self.data > 0  # slope 0 at the kink, as relu_prime
        return Value(self.data if on else 0.0, (self,), (float(on),), "relu")

    def softplus(self) -> Value:
        """log(1 + e^x), without overflow; its derivative is sigma(x)."""
        x = self.data
        value = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
        return Value(value, (self,), (_sigmoid(x)[0],), "softplus")

    def __radd__(self, other: float) -> Value:
        return _lift(other) + self

    def __rsub__(self, other: float) -> Value:
        return _lift(other) - self

    def __rmul__(self, other: float) -> Value:
        return _lift(other) * self

    def __rtruediv__(self, other: float) -> Value:
        return _lift(other) / self

    def backward(self) -> None:
        """Set grad = dL/dv for every Value v that this one (L) depends on: reverse mode.

        dL/dL = 1; then each node, in reverse topological order, passes its gradient to its
        parents, times the local derivatives (:eq:`eq-rev-chain`; for a node of several
        inputs, a vector-Jacobian product, :eq:`eq-rev-vjp`). A node comes after every node
        that uses it, so its gradient is complete (every use has added to it) before it is
        passed on. Gradients start from zero on every call.
        """
        order = topological_order(self)
        for v in order:
            v.grad = 0.0
        self.grad = 1.0  # dL/dL
        for v in reversed(order):
            for parent, local in zip(v.parents, v.local):
                parent.grad += v.grad * local  # upstream gradient times local gradient


def weighted_sum(xs: Sequence[Value], ws: Sequence[Value], b: Value | float = 0.0) -> Value:
    """One node b + sum_i x_i w_i (a unit's pre-activation, :eq:`eq-forward-index`), with the
    local derivatives d/dx_i = w_i, d/dw_i = x_i and d/db = 1: its row of the layer's
    Jacobian, which `backward` multiplies by the upstream gradient (:eq:`eq-rev-vjp`)."""
    if len(xs) != len(ws):
        raise ValueError(f"{len(xs)} inputs need {len(xs)} weights, got {len(ws)}")
    xs, ws, b = [_lift(x) for x in xs], [_lift(w) for w in ws], _lift(b)
    data = math.fsum([b.data, *(x.data * w.data for x, w in zip(xs, ws))])
    local = [w.data for w in ws] + [x.data for x in xs] + [1.0]
    return Value(data, (*xs, *ws, b), tuple(local), "wsum")


def total(values: Sequence[Value]) -> Value:
    """One node holding the sum of `values`, each with local derivative 1."""
    values = [_lift(v) for v in values]
    return Value(math.fsum(v.data for v in values), tuple(values), (1.0,) * len(values), "sum")


def topological_order(root: Value) -> list[Value]:
    """Every Value `root` depends on, each after all of its parents (root last), farthest from
    the root first: reversed, the order goes from the loss down, one distance at a time."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:  # depth-first, with a stack: a long sum would overflow Python's recursion
        v, parents_done = stack.pop()
        if parents_done:
            order.append(v)
        elif id(v) not in seen:
            seen.add(id(v))
            stack.append((v, True))
            stack.extend((p, False) for p in reversed(v.parents))
    # Longest distance from the root: a parent is always farther than the nodes that use it.
    far = {id(root): 0}
    for v in reversed(order):
        for p in v.parents:
            far[id(p)] = max(far.get(id(p), 0), far[id(v)] + 1)
    position = {id(v): k for k, v in enumerate(order)}
    return sorted(order, key=lambda v: (-far[id(v)], -position[id(v)]))


def _sigmoid(x: float) -> tuple[float, float]:
    """sigma(x) and sigma'(x) = z / (1 + z)^2, z = e^(-|x|): never overflows
    (:eq:`eq-sigmoid-stable`), full relative precision in both tails, as `bc.sigmoid_prime`."""
    z = math.exp(-abs(x))
    return (1.0 / (1.0 + z) if x >= 0 else z / (1.0 + z)), z / (1.0 + z) ** 2


def _lift(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)
