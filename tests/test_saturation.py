"""backprop_core.saturation: the saturated unit trained with either loss, against a scalar loop
of the update rule in plain Python floats (w and b each move by lr * delta, a = w + b)."""

import math

import numpy as np
import pytest

from backprop_core import saturation


def scalar_descent(a0, loss, lr=1.0, target=0.1, max_steps=2000):
    """The outputs y_0, y_1, ... of gradient descent on one sigmoid unit, x = 1, t = 0, with
    the L2 delta y (y - 0) (1 - y) or the cross-entropy delta y - 0, written out."""
    w, b = 0.0, float(a0)
    ys = [1 / (1 + math.exp(-(w + b)))]
    while ys[-1] > target and len(ys) <= max_steps:
        y = ys[-1]
        delta = y * y * (1 - y) if loss == "l2" else y
        w, b = w - lr * delta * 1.0, b - lr * delta
        ys.append(1 / (1 + math.exp(-(w + b))))
    return ys


@pytest.mark.parametrize("loss", ["l2", "cross_entropy"])
@pytest.mark.parametrize("a0", [0.5, 3.0, 6.0, 7.5])
def test_descend_is_the_update_rule_step_by_step(a0, loss):
    run = saturation.descend(a0, loss)
    want = scalar_descent(a0, loss)
    assert run.loss == loss and run.a0 == a0 and run.target == 0.1
    assert run.y.shape == (len(want),)
    # np.exp and math.exp may differ by an ulp; over the run that stays far below 1e-9
    np.testing.assert_allclose(run.y, want, rtol=1e-9, atol=0)
    assert run.reached and run.steps == len(want) - 1
    assert run.y[run.steps] <= 0.1 < run.y[run.steps - 1]


def test_the_chapters_counts_from_y_0998():
    # ch08 quotes these: from a0 = 6 (y = 0.9975) L2 needs 249 steps, cross-entropy 8.
    assert saturation.descend(6.0, "l2").steps == len(scalar_descent(6.0, "l2")) - 1 == 249
    assert saturation.descend(6.0, "cross_entropy").steps == 8


def test_a_run_that_does_not_reach_the_target_says_so():
    run = saturation.descend(8.0, "l2", max_steps=100)
    assert not run.reached and run.steps is None and run.y.size == 101
    assert run.y[-1] > 0.1
    zero = saturation.descend(-3.0, "l2", max_steps=0)  # already within the target
    assert zero.steps == 0 and zero.y.size == 1


def test_lr_and_target_change_the_run():
    fast = saturation.descend(6.0, "cross_entropy", lr=2.0, target=0.2)
    want = scalar_descent(6.0, "cross_entropy", lr=2.0, target=0.2)
    assert fast.steps == len(want) - 1
    np.testing.assert_allclose(fast.y, want, rtol=1e-9, atol=0)


def test_unit_deltas_are_the_two_formulas():
    a = np.array([[-2.0, 0.0], [6.0, 40.0]])
    d = saturation.unit_deltas(a, t=0.25)
    y = 1 / (1 + np.exp(-a))
    assert d["l2"].shape == d["cross_entropy"].shape == a.shape
    np.testing.assert_allclose(d["l2"], (y - 0.25) * y * (1 - y), rtol=1e-13, atol=0)
    np.testing.assert_allclose(d["cross_entropy"], y - 0.25, rtol=1e-15, atol=0)


def test_saturated_unit_starts_at_sigma_a0():
    unit = saturation.saturated_unit(6.0, "cross_entropy")
    assert unit.sizes == [1, 1] and unit.loss_fn.name == "cross_entropy"
    y = unit.forward(saturation.X_UNIT)[0, 0]
    assert y == pytest.approx(1 / (1 + math.exp(-6.0)), rel=1e-15, abs=0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr": 0.0}, r"^the learning rate must be a positive finite number, got 0.0$"),
        ({"target": 1.0}, r"^target must be strictly between 0 and 1, got 1.0$"),
        ({"target": 0.0}, r"^target must be strictly between 0 and 1, got 0.0$"),
        ({"max_steps": -1}, r"^max_steps must be a non-negative integer, got -1$"),
        ({"max_steps": 2.5}, r"^max_steps must be a non-negative integer, got 2.5$"),
        ({"loss": "hinge"}, r"^unknown loss 'hinge'; choose 'l2' or 'cross_entropy'$"),
    ],
)
def test_descend_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        saturation.descend(6.0, **kwargs)
    with pytest.raises(ValueError, match=r"^the starting pre-activation a0 must be finite"):
        saturation.saturated_unit(float("inf"))
