"""SymPy for the book's proofs: a small network written out (`network`), a fast exact test
that an expression of it is identically zero (`proofs`), and the four equations of
backpropagation written out for it (`recurrence`).

    net = symbolic_mlp([2, 3, 2], weight_names=["w", "u"])
    assert vanishes(sp.diff(net.loss, net.W[1][0, 0]) - net.delta_out(0) * net.h[1][0])
"""

from .losses import (
    SymbolicClassifier,
    binary_cross_entropy,
    check_twin,
    cross_entropy,
    softmax,
    symbolic_classifier,
    symbolic_network,
)
from .network import (
    MP_DIGITS,
    Activation,
    SymbolicMLP,
    apply_activation,
    relu,
    sigmoid,
    slope,
    symbolic_mlp,
    symbolic_sample,
)
from .proofs import Atoms, identical, is_zero_rational, value_at, vanishes
from .recurrence import SymbolicBackprop, symbolic_backprop

__all__ = [
    "MP_DIGITS",
    "Activation",
    "Atoms",
    "SymbolicBackprop",
    "SymbolicClassifier",
    "SymbolicMLP",
    "apply_activation",
    "binary_cross_entropy",
    "check_twin",
    "cross_entropy",
    "identical",
    "is_zero_rational",
    "relu",
    "sigmoid",
    "slope",
    "softmax",
    "symbolic_backprop",
    "symbolic_classifier",
    "symbolic_mlp",
    "symbolic_network",
    "symbolic_sample",
    "value_at",
    "vanishes",
]
