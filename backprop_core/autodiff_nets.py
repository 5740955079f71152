"""A network as a graph of scalar Values, its gradients by reverse mode, and the checks of a
backward rule (chapter 'Backprop is reverse-mode differentiation').

`mlp_graph(net, X, T)` writes the forward pass of `net` (:eq:`eq-forward-index`, one node
per pre-activation and per activation of every sample) and the network's own loss,
`net.loss_fn` (L2, or cross-entropy after a sigmoid or softmax output), as one graph of
`autodiff.Value`s, composed of the engine's elementary operations only: the loss's
derivative, and the cancellation of cross-entropy's, are derived by the chain rule, not
written in. `mlp_gradients` runs `backward` on that graph and returns what `net.backprop`
returns (the loss, dW[l], db[l] and delta[l], l = 1..L as in the book; the deltas are the
gradients of the pre-activation nodes), so that a test can prove the two equal.

`sweep` records one backward pass node by node; `operation` makes a new operation from a
function and its local derivatives, and `gradcheck_values` checks them against centred
differences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from numbers import Real
from typing import NamedTuple

import numpy as np

from . import notation
from .autodiff import Value, topological_order, total, weighted_sum
from .backprop import Backprop
from .gradcheck import GradCheck, relative_error
from .layers import Layers
from .mlp import MLP
from .validation import check_batch

Array = np.ndarray
ACTIVATIONS: dict[str, Callable[[Value], Value]] = {
    "sigmoid": Value.sigmoid,
    "identity": lambda v: v,
    "relu": Value.relu,
    "tanh": Value.tanh,
}
"""The elementwise activations a graph can have, by name; a softmax may be the last layer."""


class MLPGraph(NamedTuple):
    """The graph of a network on a batch: the loss node, and object arrays of Values numbered
    as in the book: W[l][i-1, j-1] is w^(l)_ij and b[l][j-1] is b^(l)_j (leaves shared by
    every sample), a[l][n, j-1] and h[l][n, j-1] the nodes of unit j for sample n (h[0] = X)."""

    loss: Value  #: the loss node, the root of the graph
    W: Layers[np.ndarray]  #: W[l][i-1, j-1]: the leaf of w^(l)_ij, l = 1..L
    b: Layers[np.ndarray]  #: b[l][j-1]: the leaf of b^(l)_j, l = 1..L
    a: Layers[np.ndarray]  #: a[l][n, j-1]: the node a^(l)_j of sample n, l = 1..L
    h: Layers[np.ndarray]  #: h[l][n, j-1]: the node h^(l)_j of sample n, l = 0..L (h[0] = X)


def _grid(shape: tuple[int, ...], make: Callable[..., Value]) -> Array:
    out = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        out[index] = make(*index)
    return out


def _named(v: Value, label: str) -> Value:
    v.label = label
    return v


def _unit(letter: str, n: int, j: int, B: int) -> str:
    """The label of unit j of sample n (both 0-based): x_1, or x_2,1 for sample 2 of a batch."""
    return f"{letter}_{j + 1}" if B == 1 else f"{letter}_{n + 1},{j + 1}"


def _layer_letters(net: MLP) -> dict[int, tuple[str, str]]:
    """(pre-activation, activation) letters of each layer: a^(l), then h_j with two layers
    (the sources' 2-3-2 network), h^(l) otherwise, and y for the output layer."""
    L = net.L
    hidden = {l: "h" if L == 2 else f"h^({l})" for l in range(1, L)}
    return {l: (f"a^({l})", hidden.get(l, "y")) for l in range(1, L + 1)}


def _parameters(net: MLP, l: int, letter: str, layered: bool) -> tuple[Array, Array]:
    """Leaf Values of layer l's weights (w^(l)_ij, or w_ij and u_jk) and biases (b^(l)_j)."""
    sep = notation.separator(*net.W[l].shape)
    W = _grid(net.W[l].shape, lambda i, j: Value(
        float(net.W[l][i, j]), label=notation.weight(l, i + 1, j + 1, letter, layered, sep=sep)
    ))  # fmt: skip
    b = _grid(net.b[l].shape, lambda j: Value(float(net.b[l][j]), label=notation.bias(l, j + 1)))
    return W, b


def _activate(name: str, a_row: Array) -> list[Value]:
    if name == "softmax":  # e^(a_k - m) / sum_j e^(a_j - m), m the largest: no overflow
        m = max(v.data for v in a_row)
        e = [(v - m).exp() for v in a_row]
        s = total(e)
        return [e_k / s for e_k in e]
    return [ACTIVATIONS[name](v) for v in a_row]


def _loss(net: MLP, a: Array, y: Array, T: Array, per: float) -> Value:
    """The summed loss of the batch, L2 (:eq:`eq-l2-loss`) or cross-entropy computed from the
    output's pre-activations a (never through y, so no log(0)), composed of elementary
    operations: each term's derivative is left to the chain rule. `per` is 1, or
    1/B for the mean over the batch."""
    B, K = T.shape
    t = _grid((B, K), lambda n, k: Value(float(T[n, k]), label=_unit("t", n, k, B)))
    if net.loss_fn.name == "l2":
        e = _grid((B, K), lambda n, k: _named(y[n, k] - t[n, k], _unit("e", n, k, B)))
        squares = [_named(v**2, f"{v.label}^2") for v in e.ravel()]
        return _named(total(squares), "sum") * (0.5 * per)
    if net.f[net.L].name == "sigmoid":  # -log sigma(a) = softplus(-a), -log(1 - sigma(a)) =
        # softplus(a)
        terms = [tv * (-av).softplus() + (1.0 - tv) * av.softplus()
                 for av, tv in zip(a.ravel(), t.ravel())]  # fmt: skip
        return total(terms) * per if per != 1 else total(terms)
    rows = []  # softmax: -log y_k = log sum_j e^(a_j - m) + m - a_k
    for a_row, t_row in zip(a, t):
        m = max(v.data for v in a_row)
        log_sum = total([(v - m).exp() for v in a_row]).log() + m
        rows.append(total([tk * (log_sum - ak) for ak, tk in zip(a_row, t_row)]))
    return total(rows) * per if per != 1 else total(rows)


def mlp_graph(
    net: MLP,
    X: Array,
    T: Array,
    reduction: str = "sum",
    weight_names: Sequence[str] | None = None,
) -> MLPGraph:
    """The graph of `net`'s forward pass on X (B, n_0) and of its loss on T (B, n_L):
    a^(l)_j = sum_i h^(l-1)_i w^(l)_ij + b^(l)_j, one `weighted_sum` node (:eq:`eq-forward-index`),
    and h^(l)_j = f_l(a^(l)_j). reduction="mean" divides the loss by B, as in `net.backprop`.
    Every node is labelled with its book name; weight_names as in `plots.draw_network`.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a backprop_core.MLP, got {type(net).__name__}")
    X, T = check_batch(net, X, T, reduction)
    for l, f in net.f.items():
        if f.name not in ACTIVATIONS and not (f.name == "softmax" and l == net.L):
            raise ValueError(f"autodiff has no activation {f.name!r}; use one of {[*ACTIVATIONS]}")
    B, letters = X.shape[0], notation.layer_letters(net.L, weight_names)
    W, b, a = {}, {}, {}
    h = {0: _grid(X.shape, lambda n, i: Value(float(X[n, i]), label=_unit("x", n, i, B)))}
    for l, (a_name, h_name) in _layer_letters(net).items():
        W[l], b[l] = _parameters(net, l, *letters[l - 1])
        a[l] = np.empty((B, net.sizes[l]), dtype=object)
        for n, j in np.ndindex(*a[l].shape):
            node = weighted_sum(h[l - 1][n], W[l][:, j], b[l][j])
            a[l][n, j] = _named(node, _unit(a_name, n, j, B))
        h[l] = np.array([_activate(net.f[l].name, row) for row in a[l]], dtype=object)
        for n, j in np.ndindex(*h[l].shape):
            if h[l][n, j] is not a[l][n, j]:  # the identity's h is its a: keep the name a
                h[l][n, j].label = _unit(h_name, n, j, B)
    per = 1.0 / B if reduction == "mean" else 1.0
    loss = _named(_loss(net, a[net.L], h[net.L], T, per), "loss")

    def layers(d: dict[int, Array], name: str) -> Layers[Array]:
        return Layers([d[l] for l in sorted(d)], min(d), name)

    return MLPGraph(loss, layers(W, "W"), layers(b, "b"), layers(a, "a"), layers(h, "h"))


def mlp_gradients(net: MLP, X: Array, T: Array, reduction: str = "sum") -> Backprop:
    """Loss, dW[l], db[l] and delta[l] (l = 1..L) by reverse mode on the graph `mlp_graph`
    builds, shaped as `net.backprop` returns them; delta[l][n, j-1] = dL/da^(l)_j is the
    gradient of the node a^(l)_j of sample n."""
    graph = mlp_graph(net, X, T, reduction)
    graph.loss.backward()
    grads = np.vectorize(lambda v: v.grad, otypes=[float])

    def of(nodes: Layers[Array], name: str) -> Layers[Array]:
        return Layers([grads(n) for n in nodes], nodes.first, name)

    return Backprop(graph.loss.data, of(graph.W, "dW"), of(graph.b, "db"), of(graph.a, "delta"))


# ---- one backward sweep, node by node ---------------------------------------------------------
class Step(NamedTuple):
    """One node of a backward sweep: its gradient is the sum, over its uses (each input slot of
    a node that reads it: x * x reads x twice), of the user's gradient (upstream) times the local
    derivative with respect to that slot (:eq:`eq-rev-chain`). `uses` holds (user, upstream,
    local) triples, one per use; the loss has none (its gradient is 1)."""

    node: Value  #: the node whose gradient this step completes
    uses: list[tuple[Value, float, float]]  #: (user, upstream gradient, local derivative)

    @property
    def gradient(self) -> float:
        """The sum of upstream times local over the uses (1 for the loss itself)."""
        return math.fsum(g * d for _, g, d in self.uses) if self.uses else 1.0

    def terms(self, digits: int = 4) -> str:
        """The sum written out, "(upstream)(local) + ...", to `digits` significant digits."""
        return " + ".join(f"({g:.{digits}g})({d:.{digits}g})" for _, g, d in self.uses) or "1"


def sweep(root: Value) -> list[Step]:
    """Run `root.backward()` and return its steps in the order reverse mode takes them: every
    node of the graph, each after all the nodes that use it, its gradient the sum of upstream
    times local over its uses (:eq:`eq-rev-chain`)."""
    root.backward()
    order = topological_order(root)
    uses: dict[int, list[tuple[Value, float]]] = {id(v): [] for v in order}
    for v in reversed(order):  # each node's uses in the order of the sweep
        for parent, local in zip(v.parents, v.local):
            uses[id(parent)].append((v, local))
    return [Step(v, [(u, u.grad, d) for u, d in uses[id(v)]]) for v in reversed(order)]


def sweep_table(steps: Sequence[Step], leaves: bool = True, digits: int = 4) -> str:
    """The steps of a sweep as a table, one row per node (leaves=False: the computed nodes
    only; unlabelled constants never): its value, its uses as (upstream)(local), and its
    gradient, each number to `digits` significant digits."""

    def num(x: float) -> str:
        return f"{x:.{digits}g}"

    rows = [("node", "value", "(upstream)(local), summed over the uses", "dℒ/d(node)")]
    for s in steps:
        if not s.node.label or (not leaves and not s.node.parents):
            continue
        terms = s.terms(digits) if s.uses else "dℒ/dℒ"
        rows.append((s.node.label, num(s.node.data), terms, num(s.node.grad)))
    widths = [max(len(r[c]) for r in rows) for c in range(4)]
    return "\n".join(
        f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}"
        for r in rows
    )


# ---- checking a backward rule -------------------------------------------------------------------
def operation(name: str, f: Callable[..., float], *derivatives: Callable[..., float]) -> Callable:
    """A new operation on Values: out = f(x_1, ..., x_m), with the local derivative
    d out / d x_i = derivatives[i](x_1, ..., x_m), one function per input (plain numbers in,
    a plain number out). Plant a wrong derivative and `gradcheck_values` catches it."""
    if not derivatives:
        raise ValueError("an operation needs one derivative function per input, got none")

    def op(*inputs: Value | float) -> Value:
        if len(inputs) != len(derivatives):
            raise TypeError(f"{name} takes {len(derivatives)} input(s), got {len(inputs)}")
        xs = tuple(x if isinstance(x, Value) else Value(x) for x in inputs)
        data = [x.data for x in xs]
        return Value(f(*data), xs, tuple(d(*data) for d in derivatives), name)

    op.__name__ = name
    return op


def gradcheck_values(
    f: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6, floor: float = 1e-12
) -> GradCheck:
    """The gradients `backward` gives for `f(*inputs)` against centred differences with step
    eps (:eq:`eq-centred-difference`), compared by relative error (:eq:`eq-relative-error`).

    f takes one Value per input and returns one Value. Errors below about 1e-7 mean that the
    backward rules agree with the function; a wrong rule typically gives errors far above 1e-4.
    """
    if not (isinstance(eps, Real) and math.isfinite(eps) and eps > 0):
        raise ValueError(f"the step eps must be a positive finite number, got {eps!r}")
    xs = [Value(x) for x in inputs]
    x0 = [x.data for x in xs]
    out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"f must return one Value, got {type(out).__name__}")
    out.backward()
    analytic = np.array([x.grad for x in xs])
    numeric = np.empty(len(xs))
    for k in range(len(xs)):
        up, down = ([*x0[:k], x0[k] + s, *x0[k + 1 :]] for s in (eps, -eps))
        numeric[k] = (f(*map(Value, up)).data - f(*map(Value, down)).data) / (2.0 * eps)
    labels = [f"x_{k}" for k in range(1, len(xs) + 1)]
    return GradCheck(labels, analytic, numeric, relative_error(analytic, numeric, floor))
