"""Classification with a network (chapter 'Other losses and outputs'): a data set made with
NumPy, its one-hot targets, and the network's verdicts::

    X, labels = classify.spirals(100, seed=0)     # two interleaved spirals in the plane
    T = classify.one_hot(labels, 2)               # targets for a softmax output
    net = MLP([2, 24, 24, 2], ["relu", "relu", "softmax"], loss="cross_entropy")
    net.fit(X, T, lr=0.5, epochs=2000, reduction="mean")
    classify.accuracy(net, X, labels)             # the share of rows classified right

A network's class for a row is its largest output (a softmax or several sigmoids), or, for a
single sigmoid output, 1 where y > 1/2.
"""

from __future__ import annotations

import numpy as np

from .checks import as_array
from .mlp import MLP

Array = np.ndarray


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def spirals(
    n_per_class: int = 100,
    classes: int = 2,
    turns: float = 1.5,
    noise: float = 0.03,
    seed: int | None = 0,
) -> tuple[Array, Array]:
    """`classes` interleaved spiral arms in the plane, `n_per_class` points on each.

    A point of arm c (c = 0, ..., classes - 1) has a parameter s drawn uniformly from [0, 1] by
    default_rng(seed), radius r = 0.1 + 0.9 s and angle 2 pi (turns s + c / classes), so the
    arms turn `turns` times around the origin, rotated evenly against each other; then
    normal noise of standard deviation `noise` is added to each coordinate. Returns X of shape
    (classes * n_per_class, 2), arm after arm, and the integer labels c of shape (rows,).
    """
    n = _positive_int("n_per_class", n_per_class)
    k = _positive_int("classes", classes)
    if k < 2:
        raise ValueError(f"classes must be at least 2, got {k}")
    turns, noise = float(turns), float(noise)
    if not (np.isfinite(turns) and turns > 0):
        raise ValueError(f"turns must be a positive number, got {turns}")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a non-negative number, got {noise}")
    rng = np.random.default_rng(seed)
    X, labels = [], []
    for c in range(k):
        s = rng.uniform(size=n)
        r = 0.1 + 0.9 * s
        angle = 2 * np.pi * (turns * s + c / k)
        arm = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
        X.append(arm + noise * rng.normal(size=(n, 2)))
        labels.append(np.full(n, c))
    return np.concatenate(X), np.concatenate(labels)


def one_hot(labels: Array, classes: int) -> Array:
    """Targets for a softmax output: row n is 1 in column labels[n] and 0 elsewhere."""
    k = _positive_int("classes", classes)
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {labels.shape}")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(
            f"labels must lie in 0..{k - 1} for {k} classes, got values in "
            f"[{labels.min()}, {labels.max()}]"
        )
    return np.eye(k)[labels]


def predict(net: MLP, X: Array) -> Array:
    """The class of each row of X: the index of the largest output, or for a network with a
    single output, 1 where y > 1/2 and 0 elsewhere."""
    y = net.forward(X)
    if y.shape[1] == 1:
        return (y[:, 0] > 0.5).astype(int)
    return y.argmax(axis=1)


def margin(net: MLP, X: Array) -> Array:
    """How far each row is from a tie: the largest output minus the second largest (for a
    single output, abs(2y - 1), the distance of y and 1 - y). A prediction with a margin far above
    rounding errors is the same on every computer."""
    y = net.forward(X)
    if y.shape[1] == 1:
        return np.abs(2 * y[:, 0] - 1)
    top2 = np.sort(y, axis=1)[:, -2:]
    return top2[:, 1] - top2[:, 0]


def accuracy(net: MLP, X: Array, labels: Array) -> float:
    """The share of rows of X whose predicted class (`predict`) is its label."""
    labels = np.asarray(labels)
    X = as_array("X", X)
    if labels.shape != (X.shape[0],):
        raise ValueError(
            f"labels must have shape ({X.shape[0]},), one per row of X, got {labels.shape}"
        )
    return float(np.mean(predict(net, X) == labels))


def decision_grid(
    net: MLP, lim: tuple[float, float] = (-1.2, 1.2), n: int = 200
) -> tuple[Array, Array, Array]:
    """The predicted class on an n x n grid over the square lim x lim, for drawing decision
    regions of a network with two inputs: (xs, ys, classes), each of shape (n, n)."""
    n = _positive_int("n", n)
    if net.sizes[0] != 2:
        raise ValueError(f"decision regions need a network with 2 inputs, got {net.sizes[0]}")
    lo, hi = float(lim[0]), float(lim[1])
    if not lo < hi:
        raise ValueError(f"lim must be (low, high) with low < high, got {lim}")
    xs, ys = np.meshgrid(np.linspace(lo, hi, n), np.linspace(lo, hi, n))
    classes = predict(net, np.column_stack([xs.ravel(), ys.ravel()])).reshape(n, n)
    return xs, ys, classes
