"""The book's example networks and data, built in one place for the chapters and the tests.

    net = examples.network_232()          # the 2-3-2 sigmoid network with round weights
    x, t = examples.sample_232()          # its sample x = (1.0, 0.5), t = (0.9, 0.1)
    net = examples.network_f25()          # [F25]'s 2-2-2-1 architecture, the book's parameters
    X, T = examples.worked_data()         # 200 samples of f(x1, x2) = 2 x1 + 3 x2 + 10

Every call returns new arrays and a new network, so a caller may change what it gets.
"""

from __future__ import annotations

import numpy as np

from .mlp import MLP

Array = np.ndarray


# ---- the sources' 2-3-2 network (chapters 'The network', 'Backpropagation for the output layer'
# and '... for a hidden layer') ---------------------------------------------------------------
def network_232() -> MLP:
    """The 2-3-2 sigmoid network of the book with round weights: W = (w_ij) from the inputs to
    the hidden units, U = (u_jk) from the hidden units to the outputs, every hidden bias 0.1 and
    every output bias 0.2."""
    net = MLP([2, 3, 2], activations=["sigmoid", "sigmoid"], seed=0)
    net.weights = [
        np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        np.array([[0.7, 0.1], [0.8, 0.2], [0.9, 0.3]]),
    ]
    net.biases = [np.array([0.1, 0.1, 0.1]), np.array([0.2, 0.2])]
    return net


def sample_232() -> tuple[Array, Array]:
    """The sample (x, t) that the chapters push through `network_232`: x = (1.0, 0.5),
    t = (0.9, 0.1), each a batch of one row."""
    return np.array([[1.0, 0.5]]), np.array([[0.9, 0.1]])


def preface_sample() -> tuple[Array, Array]:
    """The sample of the preface's first check, x = (0.05, 0.10), t = (0.01, 0.99), with the
    seeded MLP([2, 3, 2], seed=0)."""
    return np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])


# ---- the worked example of [F25] (chapters 'A worked example' and 'Checking gradients') ------
F25_SIZES = (2, 2, 2, 1)
F25_ACTIVATIONS = ("sigmoid", "sigmoid", "identity")


def f25_weights_destination_first() -> list[Array]:
    """The weight matrices of `network_f25` in [F25]'s layout, destination first: row j of the
    l-th matrix holds the weights into unit j of layer l; the book's W^(l) is the transpose.
    The values are the book's round choice: [F25] publishes no weights ("Start with some
    initial random weights")."""
    return [
        np.array([[0.1, 0.2], [0.3, 0.4]]),
        np.array([[0.5, -0.4], [0.3, 0.6]]),
        np.array([[1.0, 2.0]]),
    ]


def f25_weights_as_published() -> list[Array]:
    """Deprecated alias of `f25_weights_destination_first`, kept for callers not yet renamed:
    the old name wrongly said that [F25] published these values (it publishes none)."""
    return f25_weights_destination_first()


def network_f25() -> MLP:
    """[F25]'s 2-2-2-1 architecture with the book's round parameters, in the book's layout
    (W^(l) = the transpose of `f25_weights_destination_first`). [F25] publishes no parameters
    and leaves the activation open ("sigmoid or ReLU"); sigmoid hidden layers and an identity
    output (for a regression target) are the book's choice."""
    net = MLP(list(F25_SIZES), list(F25_ACTIVATIONS))
    net.weights = [W.T for W in f25_weights_destination_first()]
    net.biases = [np.array([0.1, 0.2]), np.array([0.0, 0.1]), np.array([0.5])]
    return net


def target_function(X: Array) -> Array:
    """The function the worked example learns, f(x1, x2) = 2 x1 + 3 x2 + 10, for a batch X of
    shape (m, 2); returns shape (m, 1)."""
    X = np.asarray(X, dtype=float)
    return 2 * X[:, :1] + 3 * X[:, 1:2] + 10


def sample_f25() -> tuple[Array, Array]:
    """The book's sample for [F25]'s network, x = (0.5, 0.25), and its target t = f(x) = 11.75
    ([F25] gives no sample, only "we have only one training sample")."""
    x = np.array([[0.5, 0.25]])
    return x, target_function(x)


def worked_data(n: int = 200, seed: int = 0) -> tuple[Array, Array]:
    """The worked example's training set: n inputs drawn uniformly from [-1, 1]^2 by
    default_rng(seed), and their targets f(x) (`target_function`)."""
    X = np.random.default_rng(seed).uniform(-1, 1, size=(n, 2))
    return X, target_function(X)


WORKED_ARCHITECTURES: dict[str, tuple[str, str, str]] = {
    "identity": ("identity", "identity", "identity"),
    "relu": ("relu", "relu", "identity"),
    "tanh": ("tanh", "tanh", "identity"),
    "sigmoid": ("sigmoid", "sigmoid", "identity"),
    "sigmoid output": ("identity", "identity", "sigmoid"),
}
"""Activations of the three layers of the 2-2-2-1 network for each choice of the worked
example's explorer."""


def worked_network(choice: str = "relu", seed: int = 2) -> MLP:
    """A fresh seeded 2-2-2-1 network with the activations of `WORKED_ARCHITECTURES[choice]`."""
    if choice not in WORKED_ARCHITECTURES:
        raise ValueError(f"choice must be one of {list(WORKED_ARCHITECTURES)}, got {choice!r}")
    return MLP(list(F25_SIZES), list(WORKED_ARCHITECTURES[choice]), seed=seed)


# ---- deep networks (chapters 'The sigmoid' and 'The general algorithm') ----------------------
def deep_network(
    depth: int,
    activation: str = "sigmoid",
    output: str = "identity",
    width: int = 16,
    gain: float = 1.0,
    seed: int = 0,
) -> MLP:
    """A deep narrow network [width] * depth + [1]: `depth` layers, the hidden ones with
    `activation`, the last with `output`; its default (seeded) weights multiplied by `gain`."""
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    net = MLP([width] * depth + [1], [activation] * (depth - 1) + [output], seed=seed)
    for W in net.weights:
        W *= gain
    return net


def deep_batch(
    width: int = 16, batch: int = 64, seed: int = 0, targets: str = "normal"
) -> tuple[Array, Array]:
    """A random batch for `deep_network`: inputs of shape (batch, width) drawn from a standard
    normal by default_rng(seed), then targets of shape (batch, 1), standard normal or (with
    targets="uniform") uniform on [0, 1]."""
    if targets not in ("normal", "uniform"):
        raise ValueError(f"targets must be 'normal' or 'uniform', got {targets!r}")
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, width))
    T = rng.normal(size=(batch, 1)) if targets == "normal" else rng.uniform(size=(batch, 1))
    return X, T
