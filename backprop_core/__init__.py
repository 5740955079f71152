"""backprop_core: the vectorized NumPy package behind the book *Backprop, Checked*.

Where a public function implements a labelled equation of the book, its docstring links to it.
Read `backprop_core.backprop` first: it is the algorithm, one equation per line.
"""

from . import autodiff, autodiff_nets, backprop, examples, fast, fd_model, init, modes, notation
from .activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    identity,
    identity_prime,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    sigmoid_prime_from_output,
    softmax,
    softmax_backward,
    tanh,
    tanh_prime,
)
from .backprop import Backprop, Trace
from .deltas import bias_gradient, hidden_delta, output_delta, weight_gradient
from .gradcheck import (
    GradCheck,
    GradTable,
    flatten,
    gradcheck,
    numerical_gradients,
    parameter_labels,
    relative_error,
    three_way_table,
)
from .layers import Layers
from .loss import cross_entropy_grad, cross_entropy_loss, l2_loss, l2_loss_grad
from .mlp import MLP

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "Activation",
    "Backprop",
    "GradCheck",
    "GradTable",
    "Layers",
    "Trace",
    "autodiff",
    "autodiff_nets",
    "backprop",
    "bias_gradient",
    "cross_entropy_grad",
    "cross_entropy_loss",
    "examples",
    "fast",
    "fd_model",
    "flatten",
    "get_activation",
    "gradcheck",
    "hidden_delta",
    "identity",
    "identity_prime",
    "init",
    "l2_loss",
    "l2_loss_grad",
    "modes",
    "notation",
    "numerical_gradients",
    "output_delta",
    "parameter_labels",
    "relative_error",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "sigmoid_prime_from_output",
    "softmax",
    "softmax_backward",
    "tanh",
    "tanh_prime",
    "three_way_table",
    "weight_gradient",
]
__version__ = "0.2.0"
