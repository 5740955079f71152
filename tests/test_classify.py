"""backprop_core.classify: the spirals from their definition (noise-free points lie on the
arms), one-hot targets, and the verdicts of hand-set networks whose outputs are known."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import classify


@pytest.mark.parametrize("classes", [2, 3])
def test_noise_free_spirals_lie_on_their_arms(classes):
    X, labels = classify.spirals(50, classes=classes, turns=1.5, noise=0.0, seed=3)
    assert X.shape == (50 * classes, 2) and labels.shape == (50 * classes,)
    assert labels.dtype.kind == "i" and np.bincount(labels).tolist() == [50] * classes
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all((r >= 0.1) & (r <= 1.0))
    s = (r - 0.1) / 0.9  # the arm's parameter, recovered from the radius
    for n in range(X.shape[0]):
        angle = 2 * np.pi * (1.5 * s[n] + labels[n] / classes)
        np.testing.assert_allclose(X[n], r[n] * np.array([np.cos(angle), np.sin(angle)]),
                                   rtol=0, atol=1e-12)


def test_spirals_are_deterministic_from_the_seed_and_noisy_as_asked():
    X, labels = classify.spirals(400, noise=0.05, seed=0)
    X2, labels2 = classify.spirals(400, noise=0.05, seed=0)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(labels, labels2)
    assert not np.array_equal(X, classify.spirals(400, noise=0.05, seed=1)[0])
    clean, _ = classify.spirals(400, noise=0.0, seed=0)
    offsets = X - clean  # the same draws of s, then the noise
    assert abs(offsets.std() - 0.05) < 0.005 and abs(offsets.mean()) < 0.005


def test_one_hot():
    T = classify.one_hot(np.array([2, 0, 1, 2]), 3)
    np.testing.assert_array_equal(T, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    with pytest.raises(ValueError, match=r"^labels must lie in 0..1 for 2 classes, got values in "
                                         r"\[0, 2\]$"):
        classify.one_hot(np.array([0, 2]), 2)
    with pytest.raises(TypeError, match=r"^labels must be integers, got dtype float64$"):
        classify.one_hot(np.array([0.0, 1.0]), 2)
    with pytest.raises(ValueError, match=r"^labels must be a non-empty 1-D array, got shape "
                                         r"\(1, 2\)$"):
        classify.one_hot(np.array([[0, 1]]), 2)


def linear_softmax():
    """y = softmax(x W): class 0 wins where x_1 > x_2, class 1 where x_2 > x_1."""
    net = bc.MLP([2, 2], "softmax", loss="cross_entropy")
    net.weights = [np.eye(2)]
    return net


def test_predict_accuracy_and_margin_of_a_known_network():
    net = linear_softmax()
    X = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0], [0.5, 0.5 + 1e-3]])
    np.testing.assert_array_equal(classify.predict(net, X), [0, 1, 0, 1])
    assert classify.accuracy(net, X, np.array([0, 1, 1, 1])) == 0.75
    # margin = |y_0 - y_1| = |tanh((x_1 - x_2) / 2)| for a two-class softmax
    np.testing.assert_allclose(classify.margin(net, X), np.abs(np.tanh((X[:, 0] - X[:, 1]) / 2)),
                               rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match=r"^labels must have shape \(4,\), one per row of X, got "
                                         r"\(3,\)$"):
        classify.accuracy(net, X, np.array([0, 1, 1]))


def test_a_single_sigmoid_output_predicts_y_above_one_half():
    net = bc.MLP([2, 1], "sigmoid", loss="cross_entropy")
    net.weights = [np.array([[1.0], [-1.0]])]
    X = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.5]])
    np.testing.assert_array_equal(classify.predict(net, X), [1, 0, 1])
    y = 1 / (1 + np.exp(-(X[:, 0] - X[:, 1])))
    np.testing.assert_allclose(classify.margin(net, X), np.abs(2 * y - 1), rtol=1e-12, atol=0)


def test_three_classes_margin_is_top_minus_second():
    net = bc.MLP([3, 3], "softmax", loss="cross_entropy")
    net.weights = [np.eye(3)]
    X = np.array([[0.0, 1.0, 2.0], [5.0, 0.0, 4.0]])
    e = np.exp(X)
    y = e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(classify.margin(net, X), [y[0, 2] - y[0, 1], y[1, 0] - y[1, 2]],
                               rtol=1e-12, atol=0)


def test_decision_grid_is_the_predicted_class_on_a_grid():
    xs, ys, classes = classify.decision_grid(linear_softmax(), lim=(-1.0, 1.0), n=5)
    assert xs.shape == ys.shape == classes.shape == (5, 5)
    np.testing.assert_array_equal(xs[0], [-1.0, -0.5, 0.0, 0.5, 1.0])
    np.testing.assert_array_equal(ys[:, 0], [-1.0, -0.5, 0.0, 0.5, 1.0])
    off = xs != ys  # on the diagonal the two outputs tie
    np.testing.assert_array_equal(classes[off], (ys > xs)[off].astype(int))
    with pytest.raises(ValueError, match=r"^decision regions need a network with 2 inputs, got 3$"):
        classify.decision_grid(bc.MLP([3, 2], "softmax"))
    with pytest.raises(ValueError, match=r"^lim must be \(low, high\) with low < high"):
        classify.decision_grid(linear_softmax(), lim=(1.0, -1.0))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_per_class": 0}, r"^n_per_class must be a positive integer, got 0$"),
        ({"classes": 1}, r"^classes must be at least 2, got 1$"),
        ({"classes": True}, r"^classes must be a positive integer, got True$"),
        ({"turns": 0.0}, r"^turns must be a positive number, got 0.0$"),
        ({"noise": -0.1}, r"^noise must be a non-negative number, got -0.1$"),
        ({"noise": float("nan")}, r"^noise must be a non-negative number, got nan$"),
    ],
)
def test_spirals_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        classify.spirals(**kwargs)


def test_a_softmax_network_learns_the_spirals():
    X, labels = classify.spirals(100, seed=0)
    net = bc.MLP([2, 16, 16, 2], ["relu", "relu", "softmax"], loss="cross_entropy", seed=0)
    net.fit(X, classify.one_hot(labels, 2), lr=0.5, epochs=1500, reduction="mean")
    X_test, labels_test = classify.spirals(200, seed=1)
    assert classify.accuracy(net, X_test, labels_test) >= 0.97
