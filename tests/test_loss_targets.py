"""Cross-entropy targets are probabilities: the refusals and the row-sum tolerance."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core.loss import check_targets


@pytest.mark.parametrize("fn", [bc.cross_entropy_loss, bc.cross_entropy_grad])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_cross_entropy_targets_outside_0_1_are_refused(fn, output):
    for t, lo, hi in [(np.array([[-0.1, 1.1]]), "-0.1", "1.1"), (np.array([[0.5, 1.5]]), "0.5",
                                                                  "1.5")]:
        with pytest.raises(
            ValueError,
            match=rf"^cross-entropy targets must be probabilities in \[0, 1\]; t has values in "
            rf"\[{lo}, {hi}\]$",
        ):
            fn(np.full((1, 2), 0.5), t, output)
    ok = np.array([[0.0, 1.0]])  # the ends of [0, 1] are probabilities
    fn(np.full((1, 2), 0.5), ok, output)


def test_softmax_target_rows_must_sum_to_one():
    a = np.zeros((3, 2))
    with pytest.raises(
        ValueError,
        match=r"^with a softmax output each target row must be a probability vector summing "
        r"to 1; row 1 sums to 0.9, off by 0.1 \(tolerance 2.8e-14\)$",
    ):
        bc.cross_entropy_loss(a, np.array([[0.5, 0.5], [0.4, 0.5], [0.1, 0.8]]), "softmax")
    # The sigmoid's outputs are separate probabilities: no such condition.
    bc.cross_entropy_loss(a, np.array([[0.5, 0.5], [0.4, 0.5], [0.1, 0.8]]), "sigmoid")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_row_sum_tolerance_is_64_n_eps(dtype):
    n, eps = 4, float(np.finfo(dtype).eps)
    base = np.full((1, n), 0.25)
    # 0.25 + off n eps and the row's sum 1 + off n eps are exact floats for these offsets.
    for off, accepted in [(63.5, True), (-63.5, True), (64, True), (-64, True), (64.5, False),
                          (-64.5, False)]:
        t = base.astype(dtype)
        t[0, 0] = dtype(0.25 + off * n * eps)
        assert float(t.sum(dtype=dtype)) - 1 == off * n * eps
        if accepted:
            check_targets(t, "softmax")
        else:
            with pytest.raises(ValueError, match="row 0 sums to"):
                check_targets(t, "softmax")


def test_check_targets_refuses_other_outputs():
    with pytest.raises(
        ValueError,
        match=r"^cross-entropy needs a 'sigmoid' or 'softmax' output layer, got 'tanh'$",
    ):
        check_targets(np.zeros((1, 1)), "tanh")
    with pytest.raises(ValueError, match=r"got 'relu'$"):
        bc.cross_entropy_loss(np.zeros((1, 1)), np.zeros((1, 1)), "relu")


def test_a_row_just_off_1_is_shown_with_its_deviation_and_the_tolerance():
    # 1 + 1e-9 must not be printed as "1": the message gives enough digits, the deviation and
    # the tolerance 64 n eps (n = 2: 2.8e-14).
    t = np.array([[0.5, 0.5 + 1e-9]])
    with pytest.raises(
        ValueError,
        match=r"; row 0 sums to 1\.000000001, off by 1e-09 \(tolerance 2\.8e-14\)$",
    ):
        check_targets(t, "softmax")
