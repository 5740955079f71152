"""Gradient-descent steps and epochs: the update against the oracle's gradient, the rows each
epoch visits (watched by a spy on `step`), and the epoch loss against a hand computation."""


import numpy as np
import pytest

import backprop_core as bc

import oracles as ref
from netcases import CASE_IDS, CASES, EPS, make

TOL = 16  # eps of the oracle's magnitudes, as in test_network.py


@pytest.mark.parametrize("case", range(len(CASES)), ids=CASE_IDS)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_step_moves_every_parameter_against_the_oracles_gradient(case, reduction, dtype):
    net, X, T = make(case, dtype)
    want = ref.backprop(ref.Net.of(net), X, T, reduction)
    before = [p.astype(np.float64) for p in net.weights + net.biases]
    lr = 0.3 if reduction == "mean" else 2.0  # (lr = 2: the step must still scale by lr)
    loss = net.step(X, T, lr=lr, reduction=reduction)
    assert isinstance(loss, float)
    ref.assert_near(loss, want.loss, want.loss_mag, TOL * EPS[dtype], "loss before the step")
    for p0, g, mag, p in zip(before, want.dW + want.db, want.dW_mag + want.db_mag,
                             net.weights + net.biases):
        assert p.dtype == dtype
        # the update's own rounding is relative to the new value
        ref.assert_near(p, p0 - lr * g, lr * mag + np.abs(p0 - lr * g), TOL * EPS[dtype], "step")


def test_step_defaults_and_the_new_loss():
    net, X, T = make(0)
    other = net.copy()
    loss = net.step(X, T)
    other.step(X, T, 0.1, "sum")
    for p, q in zip(net.weights + net.biases, other.weights + other.biases):
        np.testing.assert_array_equal(p, q)
    assert net.loss(X, T) < loss  # a small step downhill lowers the loss


@pytest.mark.parametrize(
    ("lr", "error", "message"),
    [
        (-0.1, ValueError, r"^the learning rate must be a positive finite number, got -0.1$"),
        (0, ValueError, r"^the learning rate must be a positive finite number, got 0$"),
        (float("nan"), ValueError, r"^the learning rate must be a positive finite number, "
                                   r"got nan$"),
        (float("inf"), ValueError, r"got inf$"),
        ("0.1", TypeError, r"^the learning rate must be a number, got str$"),
        (True, TypeError, r"^the learning rate must be a number, got bool$"),
        (None, TypeError, r"^the learning rate must be a number, got NoneType$"),
    ],
)
def test_bad_learning_rates(lr, error, message):
    net, X, T = make(1)
    before = [p.copy() for p in net.weights]
    with pytest.raises(error, match=message):
        net.step(X, T, lr=lr)
    with pytest.raises(error, match=message):
        net.fit(X, T, lr=lr, epochs=1)
    for p, p0 in zip(net.weights, before):
        np.testing.assert_array_equal(p, p0)


def test_integer_and_numpy_learning_rates_are_accepted():
    net, X, T = make(1)
    net.step(X, T, lr=1)
    net.step(X, T, lr=np.float32(0.5))
    net.fit(X, T, lr=np.int64(1), epochs=1)


# ---- fit: full batch ------------------------------------------------------------------------
def test_full_batch_fit_is_repeated_steps_from_the_oracle():
    net, X, T = make(2)
    onet = ref.Net.of(net)
    lr, losses = 0.5, []
    for _ in range(3):  # the oracle trains its own copy
        want = ref.backprop(onet, X, T, "mean")
        losses.append(want.loss)
        for P, G in zip(onet.W + onet.b, want.dW + want.db):
            new = ref.to_mp(np.asarray(ref.to_np(P)) - lr * G)
            P[:] = new
    history = net.fit(X, T, lr=lr, epochs=3, reduction="mean")
    assert isinstance(history, np.ndarray) and history.shape == (3,)
    np.testing.assert_allclose(history, losses, rtol=1e-12, atol=0)
    for p, P in zip(net.weights + net.biases, onet.W + onet.b):
        np.testing.assert_allclose(p, ref.to_np(P), rtol=1e-12, atol=1e-15)
    assert net.loss_history == history.tolist()
    more = net.fit(X, T, lr=lr, epochs=2, batch_size=None, reduction="mean")
    assert net.loss_history == history.tolist() + more.tolist()
    assert net.fit(X, T, epochs=0).shape == (0,) and len(net.loss_history) == 5


def test_fit_learns():
    net = bc.MLP([2, 3, 2], seed=0)
    X = np.array([[0.05, 0.10], [0.5, -0.3], [-1.0, 2.0]])
    T = np.array([[0.01, 0.99], [0.2, 0.7], [0.9, 0.1]])
    history = net.fit(X, T, lr=1.0, epochs=300)
    assert np.all(np.diff(history) < 0)  # small lr on a smooth loss: monotone
    assert history[-1] < 0.2 * history[0]
    assert net.loss(X, T) < history[-1]


# ---- fit: mini-batches ------------------------------------------------------------------------
class Spy:
    """Replaces net.step: records which rows each step saw (column 0 of X holds the row number)
    and the loss it returned, then takes the real step."""

    def __init__(self, net):
        self.net, self.real = net, net.step
        self.calls = []
        net.step = self

    def __call__(self, X, T, lr, reduction):
        rows = np.asarray(X)[:, 0].astype(int).tolist()
        assert np.array_equal(np.asarray(T)[:, 0], np.asarray(X)[:, 0])  # rows stay paired
        mean = ref.loss(ref.Net.of(self.net), X, T, reduction)  # before the step
        loss = self.real(X, T, lr, reduction)
        self.calls.append((rows, loss, float(mean), lr, reduction))
        return loss


def numbered(n):
    """X and T whose column 0 is the row number, for a 2-3-2 identity-output network."""
    rng = np.random.default_rng(0)
    X = np.column_stack([np.arange(n), rng.uniform(-1, 1, n)])
    T = np.column_stack([np.arange(n), rng.uniform(-1, 1, n)])
    return X, T


def epochs_of(calls, per_epoch):
    return [calls[i : i + per_epoch] for i in range(0, len(calls), per_epoch)]


def test_each_epoch_visits_every_row_once_in_a_fresh_shuffled_order():
    n, size = 12, 3
    X, T = numbered(n)
    net = bc.MLP([2, 3, 2], ["tanh", "identity"], seed=0)
    spy = Spy(net)
    net.fit(X, T, lr=1e-3, epochs=4, batch_size=size, seed=5)
    orders = []
    for epoch in epochs_of(spy.calls, n // size):
        assert [len(rows) for rows, *_ in epoch] == [size] * (n // size)
        order = [r for rows, *_ in epoch for r in rows]
        assert sorted(order) == list(range(n))  # every row exactly once
        orders.append(order)
    assert len(orders) == 4
    assert all(o != list(range(n)) for o in orders)  # shuffled
    assert len({tuple(o) for o in orders}) == 4  # a new order every epoch
    assert all(lr == 1e-3 and red == "sum" for *_, lr, red in spy.calls)

    def first_epoch(seed):
        other = bc.MLP([2, 3, 2], ["tanh", "identity"], seed=0)
        s = Spy(other)
        other.fit(X, T, lr=1e-3, epochs=1, batch_size=size, seed=seed)
        return [r for rows, *_ in s.calls for r in rows]

    assert first_epoch(5) == orders[0]  # the seed fixes the order ...
    assert first_epoch(6) != orders[0]  # ... and another seed gives another
    assert sorted(first_epoch(None)) == list(range(n))


def test_a_batch_as_large_as_the_data_is_one_full_step_per_epoch():
    X, T = numbered(5)
    for size in (5, 6, None):
        net = bc.MLP([2, 3, 2], ["tanh", "identity"], seed=0)
        spy = Spy(net)
        net.fit(X, T, lr=1e-3, epochs=2, batch_size=size)
        assert [rows for rows, *_ in spy.calls] == [list(range(5))] * 2


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_the_epoch_loss_weights_an_uneven_last_batch_by_its_rows(reduction):
    # n = 5 in batches of 2: sizes 2, 2, 1. The epoch's loss is the loss over all rows, each
    # batch's taken before its step: for "mean", sum_b (|b| / n) mean_b, not a mean of means.
    n = 5
    X, T = numbered(n)
    net = bc.MLP([2, 3, 2], ["tanh", "identity"], seed=0)
    spy = Spy(net)
    history = net.fit(X, T, lr=0.05, epochs=2, batch_size=2, reduction=reduction, seed=1)
    for epoch, total in zip(epochs_of(spy.calls, 3), history):
        assert [len(rows) for rows, *_ in epoch] == [2, 2, 1]
        for _, loss, oracle_loss, *_ in epoch:
            assert loss == pytest.approx(oracle_loss, rel=1e-12, abs=0)
        weights = [len(rows) / n if reduction == "mean" else 1.0 for rows, *_ in epoch]
        want = sum(w * oracle_loss for w, (_, _, oracle_loss, *_) in zip(weights, epoch))
        assert total == pytest.approx(want, rel=1e-12, abs=0)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_the_epoch_loss_by_hand_without_learning(reduction):
    # With lr = 1e-300 the steps move the weights by less than an ulp and the zero biases to
    # about 1e-299, so every batch sees the same losses: the epoch's loss must be the loss of the
    # whole data set, computed here by hand from rows whose losses differ a lot: 65 / 5 = 13 for
    # the mean, where a mean of the three batch means would give (65 + r) / 6 != 13 for every
    # possible last row r.
    X = np.array([[0.0], [0.0], [0.0], [0.0], [0.0]])
    T = np.array([[1.0], [2.0], [3.0], [4.0], [10.0]])
    net = bc.MLP([1, 1], "identity", seed=0)  # y = w * 0 + b = 0 for every row
    W0 = net.W[1].copy()
    history = net.fit(X, T, lr=1e-300, epochs=3, batch_size=2, reduction=reduction, seed=2)
    per_row = 0.5 * T[:, 0] ** 2  # [0.5, 2, 4.5, 8, 50]
    want = per_row.sum() / (5 if reduction == "mean" else 1)  # 65 or 13
    np.testing.assert_allclose(history, [want] * 3, rtol=1e-15, atol=0)
    np.testing.assert_array_equal(net.W[1], W0)


def test_mean_reduction_is_the_sum_reduction_with_the_learning_rate_over_the_batch():
    net, X, T = make(0, batch=4)
    other = net.copy()
    h_mean = net.fit(X, T, lr=0.4, epochs=3, reduction="mean")
    h_sum = other.fit(X, T, lr=0.1, epochs=3, reduction="sum")
    np.testing.assert_allclose(h_mean * 4, h_sum, rtol=1e-13, atol=0)
    for p, q in zip(net.weights + net.biases, other.weights + other.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)


def test_fit_in_float32():
    net, X, T = make(1, np.float32)
    history = net.fit(X, T, lr=0.2, epochs=20, batch_size=2)
    assert history.dtype == np.float64 and history[-1] < history[0]
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)
