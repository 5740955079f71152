"""What a network accepts: its architecture when built, and each batch (X, T) it is given.

Every refusal names the problem, so `MLP` can stay about the mathematics.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .activations import Activation, get_activation
from .checks import as_batch, check_finite, check_reduction
from .loss import Loss, get_loss

if TYPE_CHECKING:
    from .mlp import MLP

Array = np.ndarray


def check_architecture(
    sizes: Sequence[int],
    activations: str | Activation | Sequence[str | Activation],
    loss: str | Loss,
    dtype: type | np.dtype,
) -> tuple[list[int], list[Activation], Loss, np.dtype]:
    """(sizes, activations, loss, dtype) checked and normalised, or a clear ValueError/TypeError.

    One activation name applies to every layer; a softmax may only be the last layer's; a
    cross-entropy loss needs the package's own sigmoid or softmax output (not a custom
    Activation of that name).
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes is a list of layer sizes such as [2, 3, 2], got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"every layer size must be a positive integer, got {sizes}")
    L = len(sizes) - 1
    if isinstance(activations, (str, Activation)):
        activations = [activations] * L
    if not isinstance(activations, Sequence):
        raise TypeError(
            f"activations is one name or a list of names such as ['sigmoid', 'sigmoid'], "
            f"got {activations!r}"
        )
    activations = list(activations)
    if len(activations) != L:
        raise ValueError(
            f"sizes {sizes} define {L} layer(s), so activations needs {L} "
            f"name(s), got {len(activations)}: {activations}"
        )
    acts = [get_activation(a) for a in activations]
    for l, f in enumerate(acts[:-1], start=1):
        if not f.elementwise:
            raise ValueError(
                f"{f.name} is allowed only in the last layer (layer {L}); layer {l} has it"
            )
    loss_fn = get_loss(loss)
    loss_fn.check_output(acts[-1])
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a floating type such as float64 or float32, got {dtype}")
    return [int(n) for n in sizes], acts, loss_fn, dtype


def check_inputs(net: MLP, X: object) -> Array:
    """X as a finite (batch, n_0) array of the network's dtype."""
    return as_batch("X", X, net.sizes[0], net.dtype)


def check_batch(net: MLP, X: object, T: object, reduction: str) -> tuple[Array, Array]:
    """(X, T) checked for the network: shapes (batch, n_0) and (batch, n_L), the reduction,
    and for cross-entropy targets that are probabilities. For the L2 loss, NaN/inf targets are
    found later, through the loss, which is non-finite whenever T is (`check_loss`)."""
    check_reduction(reduction)
    X = check_inputs(net, X)
    T = as_batch("T", T, dtype=net.dtype, finite=False)
    n_out = net.sizes[-1]
    if T.shape != (X.shape[0], n_out):
        raise ValueError(
            f"T must have shape (batch, n_out) = {(X.shape[0], n_out)} to match X "
            f"{X.shape} and the network's {n_out} output(s), got {T.shape}"
        )
    if net.loss_fn.name != "l2":
        check_finite("T", T)
        net.loss_fn.check_targets(net.f[net.L], T)
    return X, T


def check_loss(loss: float, T: Array) -> float:
    """`loss`, unless it is not finite because T holds NaN or inf: then say so."""
    if not math.isfinite(loss):
        check_finite("T", T)
    return loss
