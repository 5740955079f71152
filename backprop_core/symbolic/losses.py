"""Cross-entropy networks written out in SymPy (chapter 'Other losses and outputs')::

    net = symbolic_classifier([2, 2, 3], output="softmax")
    dL = sp.diff(net.loss, net.b[1][0])           # the composed loss, differentiated
    vanishes((dL - (net.y[0] - net.t[0])).subs(net.t[2], 1 - net.t[0] - net.t[1]))

The hidden layers are those of `symbolic_mlp`; the output layer applies a sigmoid to each
pre-activation (the loss is then binary cross-entropy summed over the outputs, :eq:`eq-ce-binary`)
or a softmax to all of them together (the loss is -sum t_k log y_k, :eq:`eq-ce-softmax`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from ..mlp import MLP
from .network import Activation, SymbolicMLP, sigmoid, symbolic_mlp

OUTPUTS = ("sigmoid", "softmax")


def softmax(a: Sequence[sp.Expr]) -> list[sp.Expr]:
    """y_k = e^(a_k) / sum_m e^(a_m) for the entries of `a`, :eq:`eq-softmax`."""
    e = [sp.exp(a_k) for a_k in a]
    total = sp.Add(*e)
    return [e_k / total for e_k in e]


def binary_cross_entropy(y: Sequence[sp.Expr], t: Sequence[sp.Expr]) -> sp.Expr:
    """-sum_k [t_k log y_k + (1 - t_k) log(1 - y_k)], :eq:`eq-ce-binary`."""
    _same_length(y, t)
    return -sp.Add(*[t_k * sp.log(y_k) + (1 - t_k) * sp.log(1 - y_k) for y_k, t_k in zip(y, t)])


def cross_entropy(y: Sequence[sp.Expr], t: Sequence[sp.Expr]) -> sp.Expr:
    """-sum_k t_k log y_k, :eq:`eq-ce-softmax`."""
    _same_length(y, t)
    return -sp.Add(*[t_k * sp.log(y_k) for y_k, t_k in zip(y, t)])


def _same_length(y: Sequence[sp.Expr], t: Sequence[sp.Expr]) -> None:
    if len(y) != len(t):
        raise ValueError(f"y has {len(y)} entries but t has {len(t)}: they must match")


def output_layer(output: str, a: Sequence[sp.Expr]) -> list[sp.Expr]:
    """The outputs y for the pre-activations `a` of the last layer: sigma(a_k) entry by entry,
    or the softmax of all of them."""
    if output not in OUTPUTS:
        raise ValueError(f"a cross-entropy output is 'sigmoid' or 'softmax', got {output!r}")
    return [sigmoid(a_k) for a_k in a] if output == "sigmoid" else softmax(a)


def output_loss(output: str, y: Sequence[sp.Expr], t: Sequence[sp.Expr]) -> sp.Expr:
    """The cross-entropy that follows `output`: binary after a sigmoid, -sum t log y after a
    softmax."""
    return binary_cross_entropy(y, t) if output == "sigmoid" else cross_entropy(y, t)


@dataclass
class SymbolicClassifier(SymbolicMLP):
    """A `SymbolicMLP` whose output layer is a sigmoid or a softmax and whose loss is the
    cross-entropy that goes with it (`symbolic_classifier`)."""

    output: str = "softmax"

    def delta_out(self, k: int) -> sp.Expr:
        """delta_k = dL/da_k^(L) (0-based k) by the definition: the loss written in fresh
        symbols for the output pre-activations, differentiated, then those symbols replaced by
        the network's a^(L). No cancellation is assumed."""
        s = [sp.Dummy(f"a{m}") for m in range(len(self.t))]
        loss = output_loss(self.output, output_layer(self.output, s), self.t)
        return sp.diff(loss, s[k]).xreplace(dict(zip(s, self.a[-1])))


def symbolic_classifier(
    sizes: Sequence[int],
    hidden: Activation | Sequence[Activation] = "sigmoid",
    output: str = "softmax",
    weight_names: Sequence[str] | None = None,
) -> SymbolicClassifier:
    """The network of `symbolic_mlp(sizes, ...)` with a 'sigmoid' or 'softmax' output layer
    and its cross-entropy as the loss (:eq:`eq-ce-binary`, :eq:`eq-ce-softmax`). `hidden`: one
    activation for every hidden layer, or one per hidden layer. Targets are free symbols t_k:
    for a softmax, substitute t_K = 1 - (t_1 + ... + t_(K-1)) where a proof needs sum t = 1."""
    if output not in OUTPUTS:
        raise ValueError(f"a cross-entropy output is 'sigmoid' or 'softmax', got {output!r}")
    L = len(sizes) - 1
    if isinstance(hidden, (list, tuple)):
        hidden = list(hidden)
        if len(hidden) != L - 1:
            raise ValueError(f"{L - 1} hidden layer(s) need {L - 1} activation(s), got {hidden}")
    else:
        hidden = [hidden] * (L - 1)
    base = symbolic_mlp(sizes, [*hidden, "identity"], weight_names)
    y = output_layer(output, base.a[-1])
    return SymbolicClassifier(
        base.sizes, base.x, base.t, base.W, base.b, base.a, [*base.h[:-1], y],
        output_loss(output, y, base.t), [*hidden, output], output=output,
    )


def symbolic_network(net: MLP) -> SymbolicMLP:
    """The symbolic twin of `net`: its sizes, activations and loss, with biases. An L2 network
    gives `symbolic_mlp(net.sizes, net.activations)`; a cross-entropy one (sigmoid or softmax
    output) gives `symbolic_classifier`, whose loss is that cross-entropy."""
    acts = list(net.activations)
    if net.loss_fn.name == "l2":
        return symbolic_mlp(net.sizes, acts)
    return symbolic_classifier(net.sizes, acts[:-1], acts[-1])


def check_twin(symbolic_net: SymbolicMLP, net: MLP) -> None:
    """Raise ValueError unless `symbolic_net` computes the loss `net` computes: the same sizes,
    activation names and loss (L2, or the cross-entropy of the same output). A witness built
    for another loss would be compared with a different function."""
    if list(net.sizes) != list(symbolic_net.sizes):
        raise ValueError(f"net has sizes {net.sizes} but the symbolic net has {symbolic_net.sizes}")
    acts = [a if isinstance(a, str) else getattr(a, "__name__", str(a))
            for a in symbolic_net.activations]
    if acts != list(net.activations):
        raise ValueError(
            f"net has activations {net.activations} but the symbolic net has {acts}"
        )
    loss = "cross_entropy" if isinstance(symbolic_net, SymbolicClassifier) else "l2"
    if loss != net.loss_fn.name:
        raise ValueError(
            f"net's loss is {net.loss_fn.name!r} but the symbolic net's is {loss!r}: "
            "build the symbolic net with backprop_core.symbolic.symbolic_network(net)"
        )
