"""backprop_core: the vectorized NumPy package behind the book *Backprop, Checked*.

Every public function implements one labelled equation of the book; its docstring names it.
"""

from . import autodiff as autodiff  # submodules, re-exported as bc.autodiff, bc.modes
from . import modes as modes
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
    tanh,
    tanh_prime,
)
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
from .loss import l2_loss, l2_loss_grad
from .mlp import MLP, Backprop, Trace

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "Activation",
    "Backprop",
    "GradCheck",
    "GradTable",
    "Trace",
    "bias_gradient",
    "flatten",
    "get_activation",
    "gradcheck",
    "hidden_delta",
    "identity",
    "identity_prime",
    "l2_loss",
    "l2_loss_grad",
    "numerical_gradients",
    "output_delta",
    "parameter_labels",
    "relative_error",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "sigmoid_prime_from_output",
    "tanh",
    "tanh_prime",
    "three_way_table",
    "weight_gradient",
]
__version__ = "0.1.0"
