"""The worked example's explorer, animation and figures (chapter 'A worked example')."""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

import backprop_core as bc
from backprop_core.plots import draw_network, label_edges, plot_plane
from backprop_core.widgets import (
    WORKED_ARCHITECTURES,
    training_animation,
    worked_example_explorer,
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(200, 2))
    T = (2 * X[:, 0] + 3 * X[:, 1] + 10)[:, None]
    return X, T


def test_explorer_trains_a_fresh_seeded_net(data):
    X, T = data
    w = worked_example_explorer(X, T, activation="identity", lr=0.03, epochs=500)
    net = bc.MLP([2, 2, 2, 1], "identity", seed=2)
    history = net.fit(X, T, 0.03, 500, reduction="mean")
    assert f"final loss = {history[-1]:.3e}" in w.readout.value
    assert history[-1] < 1e-12  # identity activations: linear regression, solved exactly
    assert "2.0000 x₁ + 3.0000 x₂ + 10.0000" in w.readout.value
    ax_loss, ax_fit = w.fig.axes
    np.testing.assert_allclose(ax_loss.lines[0].get_ydata(), history)
    np.testing.assert_allclose(ax_fit.lines[1].get_ydata(), net(X)[:, 0])
    # Moving a slider retrains from the same seed: the same settings give the same numbers.
    first = w.readout.value
    w.controls["epochs"].value = 1000
    assert w.readout.value != first
    w.controls["epochs"].value = 500
    assert w.readout.value == first


def test_explorer_relu_reaches_the_target_function(data):
    X, T = data
    w = worked_example_explorer(X, T)  # ReLU hidden layers, lr 0.03, 2000 epochs, seed 2
    assert w.values() == {"activation": "relu", "lr": 0.03, "epochs": 2000}
    loss = float(re.search(r"final loss = ([0-9.e+-]+)", w.readout.value).group(1))
    assert loss < 1e-15
    assert "2.0000 x₁ + 3.0000 x₂ + 10.0000" in w.readout.value


def test_sigmoid_output_cannot_exceed_one(data):
    X, T = data
    w = worked_example_explorer(X, T)
    w.controls["activation"].value = "sigmoid output"
    y = w.fig.axes[1].lines[1].get_ydata()
    assert np.all(y < 1) and y.max() > 0.99
    # Every target exceeds 1, so the loss stays above 1/2 mean (t - 1)^2.
    loss = float(re.search(r"final loss = ([0-9.e+-]+)", w.readout.value).group(1))
    assert loss > 0.5 * np.mean((T - 1) ** 2)


def test_explorer_reports_divergence(data):
    X, T = data
    w = worked_example_explorer(X, T, activation="identity")
    w.controls["lr"].value = 10**-0.5
    assert "diverged" in w.readout.value


def test_architectures_are_valid():
    for acts in WORKED_ARCHITECTURES.values():
        assert bc.MLP([2, 2, 2, 1], list(acts)).activations == list(acts)


def test_training_animation_is_offline_and_leaves_the_net_alone(data):
    X, T = data
    net = bc.MLP([2, 2, 2, 1], "identity", seed=0)
    before = [W.copy() for W in net.weights]
    html = training_animation(net, X, T, lr=0.03, epochs=50, frames=6)
    assert 2 <= html.count("data:image/png;base64") <= 6
    assert "font-awesome" not in html and "cdnjs" not in html
    for W, W0 in zip(net.weights, before):
        np.testing.assert_array_equal(W, W0)


def test_label_edges_puts_one_label_per_edge():
    fig, ax = plt.subplots()
    draw_network([2, 2, 1], show_weight_labels=False, ax=ax)
    n_before = len(ax.texts)
    label_edges(ax, [2, 2, 1], lambda l, i, j: f"{l}:{j}{i}")
    labels = [t.get_text() for t in ax.texts[n_before:]]
    assert labels == ["1:11", "1:21", "1:12", "1:22", "2:11", "2:12"]
    with pytest.raises(ValueError):
        label_edges(ax, [3, 2, 1], lambda l, i, j: "")
    plt.close(fig)


def test_plot_plane_shows_the_function():
    fig, _, cs = plot_plane(
        lambda X: 2 * X[:, 0] + 3 * X[:, 1] + 10,
        reference=lambda X: 2 * X[:, 0] + 3 * X[:, 1] + 10,
        box=(-1, 1),
        n=21,
    )
    assert cs.levels.min() <= 5 and cs.levels.max() >= 15
    assert len(fig.axes) == 2  # the plot and its colour bar
    plt.close(fig)


def test_gradcheck_after_assigning_transposed_weights():
    # The worked example assigns [F25]'s matrices transposed (W.T, Fortran order); the setter
    # must store C-ordered copies so that finite differences perturb the real parameters.
    net = bc.MLP([2, 2, 2, 1], ["sigmoid", "sigmoid", "identity"], seed=0)
    destination_first = [W.T.copy() for W in net.weights]  # C-ordered (n_out, n_in)
    net.weights = [S.T for S in destination_first]  # Fortran-ordered views
    assert all(W.flags.c_contiguous for W in net.weights)
    X, T = np.array([[0.5, 0.25]]), np.array([[11.75]])
    assert bc.gradcheck(net, X, T).max_rel_error < 1e-5  # a copy being edited gives 1.0
