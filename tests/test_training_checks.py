"""Training's refusals: divergence, bad arguments, non-finite targets, each with its message."""

import warnings

import numpy as np
import pytest

import backprop_core as bc

from netcases import make


def test_fit_reports_divergence_without_warnings():
    net = bc.MLP([2, 1], "identity", seed=0)
    big = np.array([[100.0, 100.0]] * 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy overflow warnings on the way
        with pytest.raises(
            FloatingPointError,
            match=r"^training diverged at epoch \d+ \(loss = (inf|nan)\); lower the learning "
            r"rate \(lr = 10.0\)$",
        ):
            net.fit(big, np.ones((4, 1)), lr=10.0, epochs=200)
    net = bc.MLP([2, 1], "identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FloatingPointError, match=r"^training diverged at epoch \d+"):
            net.fit(big, np.ones((4, 1)), lr=10.0, epochs=200, batch_size=2)


@pytest.mark.parametrize("batch_size", [None, 1])
def test_a_diverging_deep_network_reports_without_warnings(batch_size):
    # Through a hidden layer the divergence overflows in the backward pass's products and
    # meets inf * 0 in the slopes; fit turns all of it into one clear error.
    X = np.random.default_rng(0).uniform(50, 100, size=(16, 2))
    net = bc.MLP([2, 3, 1], ["tanh", "identity"], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FloatingPointError, match=r"^training diverged at epoch \d+ \(loss = "):
            net.fit(X, np.ones((16, 1)), lr=10.0, epochs=200, batch_size=batch_size)


def test_fit_defaults():
    net, X, T = make(0, batch=4)
    twin, other = net.copy(), net.copy()
    history = net.fit(X, T)
    assert history.shape == (100,)  # epochs=100
    np.testing.assert_array_equal(history, twin.fit(X, T, 0.1, 100, None, "sum", 0))
    mini = other.copy().fit(X, T, batch_size=2, epochs=3)
    np.testing.assert_array_equal(mini, other.fit(X, T, batch_size=2, epochs=3, seed=0))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"epochs": -1}, ValueError, r"^epochs must be a non-negative integer, got -1$"),
        ({"epochs": 2.5}, ValueError, r"^epochs must be a non-negative integer, got 2.5$"),
        ({"epochs": True}, ValueError, r"^epochs must be a non-negative integer, got True$"),
        ({"batch_size": 0}, ValueError,
         r"^batch_size must be a positive integer or None, got 0$"),
        ({"batch_size": 1.5}, ValueError,
         r"^batch_size must be a positive integer or None, got 1.5$"),
        ({"batch_size": False}, ValueError, r"^batch_size must be a positive integer or None"),
        ({"reduction": "avg"}, ValueError, r"^reduction must be 'sum' or 'mean', got 'avg'$"),
    ],
)
def test_bad_training_arguments(kwargs, error, message):
    net, X, T = make(1)
    with pytest.raises(error, match=message):
        net.fit(X, T, **kwargs)
    assert net.loss_history == []


def test_numpy_integers_count_epochs_and_batches():
    net, X, T = make(1)
    assert net.fit(X, T, epochs=np.int64(2), batch_size=np.int32(2)).shape == (2,)


@pytest.mark.parametrize("batch_size", [None, 1])
def test_fit_refuses_non_finite_targets_before_training(batch_size):
    net, X, T = make(0)
    W0 = net.W[1].copy()
    T = T.copy()
    T[4, 1] = np.nan  # the last row: mini-batches would meet it only after some steps
    with pytest.raises(ValueError, match=r"^T contains non-finite values \(1 NaN, 0 inf; first "
                                         r"at index \(4, 1\)\)$"):
        net.fit(X, T, epochs=1, batch_size=batch_size)
    np.testing.assert_array_equal(net.W[1], W0)
