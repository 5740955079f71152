"""What a gradient costs: backpropagation against finite differences (book chapter 'The
general algorithm', section on cost).

Counting the multiply-adds of the matrix products, for a batch of B samples and layer sizes
n_0, ..., n_L (:eq:`eq-general-cost`)::

    forward pass            B * sum_l n_{l-1} n_l
    backward pass           B * sum_l n_{l-1} n_l  (the h^T delta products)
                          + B * sum_{l>=2} n_{l-1} n_l  (the delta W^T products; none for l = 1)
    finite differences      2 P forward passes (centred differences, P parameters)

`measure_cost` times the same three things on real networks. Timings vary from run to run and
machine to machine; only their growth with the number of parameters is meaningful. On small
networks each call costs mostly its fixed overhead, so the measured ratios are call counts more
than multiply-add counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from .gradcheck import numerical_gradients
from .mlp import MLP


def n_params(sizes: Sequence[int]) -> int:
    """Number of weights and biases of a network with layer sizes `sizes`."""
    sizes = list(sizes)
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def multiply_adds(sizes: Sequence[int], batch: int = 1) -> dict[str, int]:
    """Multiply-adds of the matrix products of one gradient, three ways (:eq:`eq-general-cost`).

    Returns {"forward", "backward", "backprop", "finite differences"}: one forward pass, the
    backward pass, backpropagation (forward + backward) and centred finite differences
    (2 P forward passes). Elementwise work (activations, slopes) is O(B sum n_l) and left out.
    """
    sizes = [int(n) for n in sizes]
    products = [n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    forward = batch * sum(products)
    backward = batch * (sum(products) + sum(products[1:]))
    return {
        "forward": forward,
        "backward": backward,
        "backprop": forward + backward,
        "finite differences": 2 * n_params(sizes) * forward,
    }


def best_time(fn: Callable[[], object], repeats: int = 5, budget: float = 2e-3) -> float:
    """Seconds per call of `fn`: the best of one first call and `repeats` loops of calls, each
    loop lasting about `budget` seconds (repeats=0: just the first call).

    The minimum is the least disturbed by whatever else the machine is doing.
    """
    start = time.perf_counter()
    fn()
    estimate = time.perf_counter() - start
    number = max(1, int(budget / max(estimate, 1e-9)))
    best = estimate
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


@dataclass
class CostMeasurement:
    """Seconds per gradient for each network: one forward pass, backprop, finite differences."""

    sizes: list[list[int]]
    n_params: np.ndarray
    forward: np.ndarray
    backprop: np.ndarray
    finite_differences: np.ndarray

    def slopes(self) -> dict[str, float]:
        """Least-squares slope of log(seconds) against log(number of parameters), per method."""
        x = np.log(self.n_params)
        return {
            name: float(np.polyfit(x, np.log(getattr(self, name)), 1)[0])
            for name in ("forward", "backprop", "finite_differences")
        }


def measure_cost(
    architectures: Sequence[Sequence[int]],
    batch: int = 8,
    activation: str = "sigmoid",
    repeats: int = 5,
    fd_repeats: int = 2,
    seed: int = 0,
) -> CostMeasurement:
    """Time one forward pass (`net.loss`), backpropagation (`net.gradients`) and centred finite
    differences (`numerical_gradients`) on each architecture, for a random batch of `batch`.

    Every time is the best of several runs (`best_time`); finite differences, the slow part,
    get one run plus `fd_repeats` more (at least 2, so that one disturbed run is not the result).
    """
    if isinstance(fd_repeats, bool) or not isinstance(fd_repeats, int) or fd_repeats < 2:
        raise ValueError(f"fd_repeats must be an integer >= 2 (best of 3 runs), got {fd_repeats!r}")
    rng = np.random.default_rng(seed)
    sizes_list = [[int(n) for n in sizes] for sizes in architectures]
    forward, backprop, fd = [], [], []
    for sizes in sizes_list:
        net = MLP(sizes, activation, seed=seed)
        X = rng.normal(size=(batch, sizes[0]))
        T = rng.normal(size=(batch, sizes[-1]))
        forward.append(best_time(partial(net.loss, X, T), repeats))
        backprop.append(best_time(partial(net.gradients, X, T), repeats))
        fd.append(best_time(partial(numerical_gradients, net, X, T), fd_repeats, budget=0.0))
    return CostMeasurement(
        sizes_list,
        np.array([n_params(s) for s in sizes_list]),
        np.array(forward),
        np.array(backprop),
        np.array(fd),
    )
