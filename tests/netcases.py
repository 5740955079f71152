"""Networks and batches the network tests share: every activation in a hidden and in the output
position, both losses, and data whose pre-activations stay away from ReLU's kink."""

from __future__ import annotations

import numpy as np

import backprop_core as bc

# (sizes, activations, loss): all widths differ within a case, so no transposed index can pass
CASES = [
    ([3, 4, 5, 2], ["tanh", "relu", "sigmoid"], "l2"),
    ([2, 3, 4], ["sigmoid", "identity"], "l2"),
    ([3, 4, 3], ["relu", "softmax"], "l2"),
    ([3, 5, 3], ["tanh", "softmax"], "cross_entropy"),
    ([2, 3, 4, 2], ["identity", "sigmoid", "sigmoid"], "cross_entropy"),
    ([4, 2], ["tanh"], "l2"),
    ([2, 3, 2], ["sigmoid", "relu"], "l2"),
]
CASE_IDS = ["-".join(acts) + ("+ce" if loss != "l2" else "") for _, acts, loss in CASES]
EPS = {np.float64: float(np.finfo(np.float64).eps), np.float32: float(np.finfo(np.float32).eps)}


def targets(rng: np.random.Generator, shape: tuple, acts: list, loss: str) -> np.ndarray:
    """Targets a loss accepts: any reals for L2, probabilities (rows summing to 1 after a
    softmax) for cross-entropy."""
    if loss == "l2":
        return rng.uniform(-1, 1, size=shape)
    t = rng.uniform(0, 1, size=shape)
    return t / t.sum(axis=1, keepdims=True) if acts[-1] == "softmax" else t


def make(case: int, dtype=np.float64, batch: int = 5, seed: int = 0):
    """(net, X, T) for CASES[case], with random nonzero biases."""
    sizes, acts, loss = CASES[case]
    rng = np.random.default_rng(seed + 100 * case)
    net = bc.MLP(sizes, acts, seed=seed + case, dtype=dtype, loss=loss)
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]
    X = rng.uniform(-1, 1, size=(batch, sizes[0]))
    T = targets(rng, (batch, sizes[-1]), acts, loss)
    for a, name in zip(net.trace(X).a, acts):
        assert name != "relu" or np.abs(a).min() > 1e-3, "a ReLU pre-activation sits at its kink"
    return net, X.astype(dtype), T.astype(dtype)


def random_problem(sizes: list, acts: list, batch: int, seed: int):
    """A network with random non-zero biases and a random batch (inputs and L2 targets in
    [-1, 1]), all from default_rng(seed); returns (net, X, T, rng)."""
    rng = np.random.default_rng(seed)
    net = bc.MLP(sizes, acts, seed=seed)
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]
    X = rng.uniform(-1, 1, size=(batch, sizes[0]))
    T = rng.uniform(-1, 1, size=(batch, sizes[-1]))
    return net, X, T, rng
