"""Initial weights: the scale that lets signals and deltas survive depth (book chapter
'Initialisation': :eq:`eq-init-lecun`, :eq:`eq-init-xavier`, :eq:`eq-init-he`).

Every scheme draws W^(l)_ij from N(0, s^2) with a variance s^2 chosen from the layer's fan-in
n_in = n_(l-1) and fan-out n_out = n_l. By :eq:`eq-init-forward`, s^2 keeps Var a^(l) level
when n_in s^2 E[(h^(l-1))^2] = Var a^(l-1): what counts is the activation f_(l-1) of the
layer's INPUTS h^(l-1), the units these weights consume:

==========  =======================  ==========================================================
scheme      s^2                      why
==========  =======================  ==========================================================
"lecun"     1 / n_in                 keeps Var a^(l) level when h^(l-1) is an identity (or,
                                     to first order, tanh) output
"xavier"    2 / (n_in + n_out)       a compromise between the forward and backward pass
"glorot"    2 / (n_in + n_out)       the same as "xavier"
"he"        2 / n_in                 keeps Var a^(l) level when h^(l-1) is a ReLU output
"auto"      "he" or "lecun"          per layer, by the layer's OWN activation f_l: "he" for
                                     W^(l) when f_l is ReLU (the weights that produce the ReLU
                                     pre-activations), "lecun" otherwise: the package's default
==========  =======================  ==========================================================

"auto" follows the usual framework convention (He for a layer whose units are ReLU), not the
chapter's condition (He for the weights that consume ReLU outputs). In a network of ReLU hidden
layers and an identity output the two agree on W^(2), ..., W^(L-1), which keeps E[h^2], Var a^(l)
and Var delta^(l) level through the hidden layers; they differ at both ends: W^(1) gets He's
2/n_0 on the inputs, so Var a^(1) = 2 E[x^2], and W^(L) gets LeCun's 1/n_(L-1) on ReLU outputs,
so Var a^(L) = Var a^(L-1) / 2 and (by :eq:`eq-init-backward`, in a square network)
Var delta^(L-1) = Var delta^(L) / 2: Var a^(L) / Var a^(1) and Var delta^(1) / Var delta^(L)
are both 1/2, where He's scale on W^(2), ..., W^(L) gives 1 and 1 (`depth.predict`; chapter
'Initialisation', section 'The package's default').

Biases start at zero.
"""

from __future__ import annotations

import math

import numpy as np

#: The names of the schemes.
INITS = ("auto", "lecun", "xavier", "glorot", "he")


def weight_variance(init: str, n_in: int, n_out: int, activation: str = "sigmoid") -> float:
    """The variance s^2 of the weights W^(l) of one layer under scheme `init` (see the module):
    LeCun's 1/n_in :eq:`eq-init-lecun`, Xavier's 2/(n_in + n_out) :eq:`eq-init-xavier`, He's
    2/n_in :eq:`eq-init-he`. `activation` is the layer's own f_l (of the units W^(l) feeds):
    "auto" gives He's scale when it is "relu", LeCun's otherwise."""
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
