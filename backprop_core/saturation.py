"""The saturated sigmoid unit of chapter 'Backpropagation for the output layer', trained with
either loss (chapter 'Other losses and outputs').

One sigmoid unit, input x = 1, target t = 0, weight 0 and bias a0, so that its output starts at
y = sigma(a0). With the L2 loss its delta is y (y - 0) (1 - y), which a saturated start makes
tiny; with cross-entropy it is y - 0 (:eq:`eq-ce-delta`). `descend` trains it by gradient
descent and counts the steps until the output is within `target` of its target::

    run = saturation.descend(6.0, "l2")            # from y = sigma(6) = 0.998
    run.steps                                      # 249 steps for L2 (8 for cross-entropy)

Both losses decrease with y when t = 0, so "y <= target" is the same event as "L2 loss <=
target^2 / 2" and as "cross-entropy <= -ln(1 - target)".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .deltas import output_delta
from .mlp import MLP
from .training import check_lr

Array = np.ndarray
X_UNIT = np.ones((1, 1))  # the unit's one input, x = 1
T_UNIT = np.zeros((1, 1))  # and its target, t = 0


def saturated_unit(a0: float, loss: str = "l2") -> MLP:
    """A 1-1 sigmoid network with weight 0 and bias a0: on x = 1 its output is sigma(a0)."""
    a0 = float(a0)
    if not np.isfinite(a0):
        raise ValueError(f"the starting pre-activation a0 must be finite, got {a0}")
    unit = MLP([1, 1], "sigmoid", loss=loss)
    unit.W[1][:], unit.b[1][:] = 0.0, a0
    return unit


@dataclass(frozen=True)
class Descent:
    """A run of `descend`: y[i] is the output after i steps (y[0] = sigma(a0)); `steps` is the
    first i with y[i] <= target, or None if the run stopped at max_steps first."""

    loss: str
    a0: float
    target: float
    y: Array
    steps: int | None

    @property
    def reached(self) -> bool:
        """True if the output came within `target` of its target."""
        return self.steps is not None


def descend(
    a0: float, loss: str = "l2", lr: float = 1.0, target: float = 0.1, max_steps: int = 2000
) -> Descent:
    """Train `saturated_unit(a0, loss)` on (x, t) = (1, 0) with `MLP.step` (full gradient
    descent on both parameters) until its output y <= target, or for max_steps steps."""
    lr = check_lr(lr)
    target = float(target)
    if not 0.0 < target < 1.0:
        raise ValueError(f"target must be strictly between 0 and 1, got {target}")
    if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)):
        raise ValueError(f"max_steps must be a non-negative integer, got {max_steps!r}")
    if max_steps < 0:
        raise ValueError(f"max_steps must be a non-negative integer, got {max_steps!r}")
    unit = saturated_unit(a0, loss)
    y = [float(unit.forward(X_UNIT)[0, 0])]
    while y[-1] > target and len(y) <= max_steps:
        unit.step(X_UNIT, T_UNIT, lr)
        y.append(float(unit.forward(X_UNIT)[0, 0]))
    steps = len(y) - 1 if y[-1] <= target else None
    return Descent(unit.loss_fn.name, float(a0), target, np.array(y), steps)


def unit_deltas(a: Array, t: float = 0.0) -> dict[str, Array]:
    """The output delta dL/da of one sigmoid unit at pre-activations `a` (any shape) for target
    t, for each loss: {'l2': (y - t) y (1 - y), 'cross_entropy': y - t}, y = sigma(a)
    (:eq:`eq-output-delta`, :eq:`eq-ce-delta`), computed by `output_delta`."""
    a = np.asarray(a, dtype=float)
    column = a.reshape(-1, 1)
    y = sigmoid(column)
    targets = np.full_like(y, float(t))
    return {
        loss: output_delta(y, targets, "sigmoid", loss=loss).reshape(a.shape)
        for loss in ("l2", "cross_entropy")
    }
