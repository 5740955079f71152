"""Initial weights: the scale that lets signals and deltas survive depth (book chapter
'Initialisation': :eq:`eq-init-lecun`, :eq:`eq-init-xavier`, :eq:`eq-init-he`).

Every scheme draws W^(l)_ij from N(0, s^2) with a variance s^2 chosen from the layer's fan-in
n_in = n_(l-1) and fan-out n_out = n_l:

==========  =======================  ==========================================================
scheme      s^2                      why
==========  =======================  ==========================================================
"lecun"     1 / n_in                 keeps Var a^(l) level for tanh-like units
"xavier"    2 / (n_in + n_out)       a compromise between the forward and backward pass
"glorot"    2 / (n_in + n_out)       the same as "xavier"
"he"        2 / n_in                 keeps Var a^(l) level for ReLU units
"auto"      "he" or "lecun"          "he" before a ReLU, "lecun" before anything else: the
                                     package's default
==========  =======================  ==========================================================

Biases start at zero.
"""

from __future__ import annotations

import math

import numpy as np

#: The names of the schemes.
INITS = ("auto", "lecun", "xavier", "glorot", "he")


def weight_variance(init: str, n_in: int, n_out: int, activation: str = "sigmoid") -> float:
    """The variance s^2 of the weights of one layer under scheme `init` (see the module):
    LeCun's 1/n_in :eq:`eq-init-lecun`, Xavier's 2/(n_in + n_out) :eq:`eq-init-xavier`, He's
    2/n_in :eq:`eq-init-he`."""
    if init == "auto":
        init = "he" if activation == "relu" else "lecun"
    if init == "lecun":
        return 1.0 / n_in
    if init in ("xavier", "glorot"):
        return 2.0 / (n_in + n_out)
    if init == "he":
        return 2.0 / n_in
    raise ValueError(f"unknown init {init!r}; choose one of {', '.join(map(repr, INITS))}")


def initial_weights(
    sizes: list[int], activations: list[str], init: str, rng: np.random.Generator
) -> list[np.ndarray]:
    """W^(1), ..., W^(L) drawn from N(0, weight_variance(...)), in layer order, from `rng`: the
    scales :eq:`eq-init-lecun`, :eq:`eq-init-xavier` and :eq:`eq-init-he` in a network."""
    if not isinstance(init, str):
        raise TypeError(f"init is the name of a scheme, got {type(init).__name__}")
    scales = [
        math.sqrt(weight_variance(init, n_in, n_out, act))
        for n_in, n_out, act in zip(sizes[:-1], sizes[1:], activations)
    ]
    return [
        rng.standard_normal((n_in, n_out)) * s
        for n_in, n_out, s in zip(sizes[:-1], sizes[1:], scales)
    ]
