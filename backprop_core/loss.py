"""Losses and their gradients dL/dy: the L2 loss of the sources, and cross-entropy.

For a batch Y, T of shape (batch, n_out), summed over samples n and outputs k:

======================  ================================================  =====================
L2                      L = 1/2 sum (y_nk - t_nk)^2                       :eq:`eq-l2-loss`
cross-entropy, sigmoid  L = -sum [t log y + (1 - t) log(1 - y)]           :eq:`eq-ce-binary`
cross-entropy, softmax  L = -sum t_nk log y_nk                            :eq:`eq-ce-softmax`
======================  ================================================  =====================

The L2 loss is *half the squared* Euclidean norm of Y - T, not the norm itself
(:eq:`eq-l2-half-square`). With reduction="mean" the sum over samples becomes a mean (divided
by the batch size, :eq:`eq-l2-mean`); outputs are always summed. Cross-entropy is computed from
the pre-activations a of the output layer, never from y: log(sigma(a)) and log(softmax(a)) are
evaluated without forming y, so there is no log(0) and no overflow for abs(a) up to 1e300
(:eq:`eq-ce-stable`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, Activation
from .checks import as_batch, check_reduction, same_shape

Array = np.ndarray


def _checked(name_y: str, y: object, t: object) -> tuple[Array, Array]:
    y = as_batch(name_y, y)
    t = as_batch("t", t, dtype=y.dtype)
    same_shape(name_y, y, "t", t)
    return y, t


def _reduce(total: float, batch: int, reduction: str) -> float:
    return total / batch if reduction == "mean" else total


def l2_loss(y: Array, t: Array, reduction: str = "sum") -> float:
    """L = 1/2 sum (y - t)^2, :eq:`eq-l2-loss`, computed as half the squared norm of y - t
    (:eq:`eq-l2-half-square`).

    Summed over the outputs and over the batch by default; reduction="mean" divides by the
    batch size (:eq:`eq-l2-mean`, :eq:`eq-worked-mean`). `y` and `t` must both have shape
    (batch, n_out).
    """
    check_reduction(reduction)
    y, t = _checked("y", y, t)
    return _reduce(_l2_value(y, t), y.shape[0], reduction)


def l2_loss_grad(y: Array, t: Array, reduction: str = "sum") -> Array:
    """dL/dy = y - t, :eq:`eq-l2-grad` (divided by the batch size if reduction="mean",
    :eq:`eq-l2-mean`, :eq:`eq-worked-mean`)."""
    check_reduction(reduction)
    y, t = _checked("y", y, t)
    g = y - t
    return g / y.shape[0] if reduction == "mean" else g


def _l2_value(y: Array, t: Array) -> float:
    e = y - t
    return 0.5 * float(np.vdot(e, e))


def _softplus(z: Array) -> Array:
    """log(1 + e^z) without overflow: max(z, 0) + log(1 + e^(-|z|))."""
    with np.errstate(under="ignore"):
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _binary_ce_value(a: Array, t: Array) -> float:
    # -log sigma(a) = softplus(-a) and -log(1 - sigma(a)) = softplus(a): no y, no log(0).
    return float(np.sum(t * _softplus(-a) + (1.0 - t) * _softplus(a)))


def _softmax_ce_value(a: Array, t: Array) -> float:
    # -log softmax(a)_k = logsumexp(a) - a_k = (m - a_k) + log sum e^(a - m): both terms >= 0.
    m = a.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):
        log_sum = np.log(np.exp(a - m).sum(axis=1, keepdims=True))
    return float(np.sum(t * ((m - a) + log_sum)))


def cross_entropy_loss(
    a: Array, t: Array, output: str = "softmax", reduction: str = "sum"
) -> float:
    """Cross-entropy of the output layer from its pre-activations a (never from y = f(a)),
    :eq:`eq-ce-stable`.

    output="sigmoid": binary cross-entropy -sum [t log y + (1 - t) log(1 - y)] summed over the
    outputs, y = sigma(a), t in [0, 1] (:eq:`eq-ce-binary`), computed as
    sum [t softplus(-a) + (1 - t) softplus(a)]; output="softmax": -sum t_k log y_k with
    y = softmax(a) per row, each target row a probability vector (:eq:`eq-ce-softmax`),
    computed as sum t_k (logsumexp(a) - a_k). Neither forms log(0).
    """
    check_reduction(reduction)
    a, t = _checked("a", a, t)
    check_targets(t, output)
    value = _binary_ce_value(a, t) if output == "sigmoid" else _softmax_ce_value(a, t)
    return _reduce(value, a.shape[0], reduction)


def cross_entropy_grad(
    y: Array, t: Array, output: str = "softmax", reduction: str = "sum"
) -> Array:
    """dL/dy of cross-entropy: after a sigmoid, (y - t) / (y (1 - y)) (:eq:`eq-ce-binary-grad`);
    after a softmax, -t / y (:eq:`eq-ce-softmax-grad`).

    The network never forms these quotients (backprop, gradients, fit use delta = y - t, where
    the slope of the output activation has cancelled, :eq:`eq-ce-delta`,
    :eq:`eq-softmax-delta`); this function does, for checking that cancellation. Where y is
    exactly 0 or 1 and equal to its target, the term of the loss with weight 0 (0 ln 0 = 0)
    is dropped, which leaves 1 (sigmoid, y = t = 0), -1 (sigmoid, y = t = 1) or 0 (softmax,
    y = t = 0). Where the derivative is infinite (y rounded to 0 or 1 away from its target) or
    overflows float64, a ValueError says where, instead of returning inf or NaN.
    """
    check_reduction(reduction)
    y, t = _checked("y", y, t)
    check_targets(t, output)
    g = _ce_grad(output, y, t)
    return g / y.shape[0] if reduction == "mean" else g


def _ce_grad(output: str, y: Array, t: Array) -> Array:
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        if output == "sigmoid":
            g = (y - t) / (y * (1.0 - y))
            # y = t = 0 leaves (1 - t)/(1 - y) = 1, y = t = 1 leaves -t/y = -1
            g = np.where((y == t) & (y == 0.0), 1.0, g)
            g = np.where((y == t) & (y == 1.0), -1.0, g).astype(y.dtype)
        else:
            g = np.where(t == 0.0, 0.0, -t / y).astype(y.dtype)  # 0 ln 0 = 0
    bad = np.argwhere(~np.isfinite(g))
    if bad.size:
        n, k = (int(i) for i in bad[0])
        raise ValueError(
            f"cross-entropy's dL/dy is not finite at y[{n}, {k}] = {float(y[n, k]):.6g} "
            f"with target {float(t[n, k]):.6g} (the output rounded to 0 or 1, or the "
            f"quotient overflows); the delta y - t (bc.output_delta with "
            f"loss='cross_entropy') needs no quotient"
        )
    return g


def check_targets(t: Array, output: str) -> None:
    """Cross-entropy targets are probabilities: in [0, 1], and rows summing to 1 for a softmax."""
    if output not in ("sigmoid", "softmax"):
        raise ValueError(
            f"cross-entropy needs a 'sigmoid' or 'softmax' output layer, got {output!r}"
        )
    lo, hi = float(t.min()), float(t.max())
    if not (lo >= 0.0 and hi <= 1.0):
        raise ValueError(
            f"cross-entropy targets must be probabilities in [0, 1]; t has values in "
            f"[{lo:.6g}, {hi:.6g}]"
        )
    if output == "softmax":
        sums = t.sum(axis=1)
        tol = 64 * t.shape[1] * np.finfo(t.dtype).eps
        bad = np.flatnonzero(np.abs(sums - 1.0) > tol)
        if bad.size:
            n = int(bad[0])
            off = abs(float(sums[n]) - 1.0)
            # enough digits to show the deviation: 1 + 1e-9 is not printed as "1"
            digits = min(17, max(6, 2 - int(np.floor(np.log10(off)))))
            raise ValueError(
                f"with a softmax output each target row must be a probability vector summing "
                f"to 1; row {n} sums to {float(sums[n]):.{digits}g}, off by {off:.2g} "
                f"(tolerance {tol:.2g})"
            )


@dataclass(frozen=True)
class Loss:
    """A loss chosen by name ('l2' or 'cross_entropy'), as the network uses it."""

    name: str

    def cancels(self, output: Activation) -> bool:
        """True if delta^(L) = y - t for this output activation: cross-entropy after a sigmoid
        or a softmax, where the activation's slope cancels (:eq:`eq-ce-delta`,
        :eq:`eq-softmax-delta`)."""
        return self.name == "cross_entropy" and _builtin(output)

    def check_output(self, output: Activation) -> None:
        """Refuse an output activation this loss cannot follow: cross-entropy needs the
        package's own sigmoid or softmax (a custom Activation merely *named* 'sigmoid' has
        a slope that need not cancel)."""
        if self.name != "cross_entropy" or self.cancels(output):
            return
        if output.name in ("sigmoid", "softmax"):
            raise ValueError(
                f"loss='cross_entropy' needs the package's own {output.name!r} output layer "
                f"(bc.get_activation({output.name!r})); got a custom Activation with that "
                f"name, whose slope need not cancel"
            )
        raise ValueError(
            f"loss='cross_entropy' needs a 'sigmoid' or 'softmax' output layer, got "
            f"{output.name!r}"
        )

    def check_targets(self, output: Activation, t: Array) -> None:
        """Cross-entropy's targets must be probabilities (see `check_targets`)."""
        if self.name == "cross_entropy":
            check_targets(t, output.name)

    def value(self, output: Activation, a: Array, y: Array, t: Array) -> float:
        """The summed loss of a batch from the output layer's a and y (:eq:`eq-l2-loss`, or
        cross-entropy from a, :eq:`eq-ce-stable`)."""
        if self.name == "l2":
            return _l2_value(y, t)
        if output.name == "sigmoid":
            return _binary_ce_value(a, t)
        return _softmax_ce_value(a, t)

    def grad(self, output: Activation, y: Array, t: Array) -> Array:
        """dL/dy, summed over the batch (:eq:`eq-l2-grad`, or cross-entropy's:
        :eq:`eq-ce-binary-grad`, :eq:`eq-ce-softmax-grad`)."""
        if self.name == "l2":
            return y - t
        return _ce_grad(output.name, y, t)


def _builtin(output: Activation) -> bool:
    # compared field by field (the functions by identity): a copy of a built-in passes
    return output.name in ("sigmoid", "softmax") and ACTIVATIONS[output.name] == output


LOSSES = ("l2", "cross_entropy")


def get_loss(name: str | Loss) -> Loss:
    """Look a loss up by name: 'l2' or 'cross_entropy'."""
    if isinstance(name, Loss):
        return name
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose 'l2' or 'cross_entropy'")
    return Loss(name)
