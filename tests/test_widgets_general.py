"""Chapter 'The general algorithm': the depth explorer shows mean |delta^(l)| per layer,
checked against deltas computed index by index (tests/oracles.py)."""

import numpy as np

from backprop_core import examples
from backprop_core.widgets import DEPTH_ACTIVATIONS, animate, depth_explorer

from float_oracles import STAND_IN_LIMIT, deltas


def mean_deltas(depth, activation, gain):
    net = examples.deep_network(depth, activation, gain=gain)
    X, T = examples.deep_batch()
    per_sample = [deltas(net.weights, net.biases, net.activations, x, t) for x, t in zip(X, T)]
    return [np.mean([np.abs(d[l]) for d in per_sample]) for l in range(depth)]


def test_depth_explorer_follows_its_controls():
    w = depth_explorer(depth=6, activation="sigmoid")
    assert repr(w) == "DepthExplorer(depth=6, activation='sigmoid', gain=1)"
    sizes = mean_deltas(6, "sigmoid", 1.0)
    line = w.fig.axes[0].lines[0]
    np.testing.assert_allclose(
        line.get_xydata(), np.column_stack([np.arange(1, 7), sizes]), rtol=1e-10, atol=0
    )
    assert f"in layer 1: {sizes[0]:.2e}" in w.readout.value
    first_png = w.image.value
    w.controls["activation"].value = "tanh"
    w.controls["depth"].value = 10
    w.controls["gain"].value = 2.0
    sizes = mean_deltas(10, "tanh", 2.0)
    np.testing.assert_allclose(w.fig.axes[0].lines[0].get_ydata(), sizes, rtol=1e-10, atol=0)
    assert "layer 10 (output)" in w.readout.value
    assert "10 layers, tanh" in w.fig.axes[0].get_title()
    assert w.image.value != first_png
    html = animate(w, "activation", list(DEPTH_ACTIVATIONS))
    assert html.count("data:image/png;base64") == 4
    assert w.controls["activation"].value == "tanh"


def test_stand_in_with_the_chapters_arguments_is_light():
    w = depth_explorer(depth=8, activation="sigmoid")
    html = animate(w, "activation", list(DEPTH_ACTIVATIONS), interval=1500)
    assert html.count("data:image/png;base64") == 4 and len(html) <= STAND_IN_LIMIT


def test_depth_explorer_one_scale_per_depth_and_gain_and_fall_readout():
    w = depth_explorer(depth=8, activation="sigmoid", gain=2.0)
    limits = set()
    for activation in DEPTH_ACTIVATIONS:
        w.controls["activation"].value = activation
        limits.add(w.fig.axes[0].get_ylim())
        sizes = mean_deltas(8, activation, 2.0)
        ax_lo, ax_hi = w.fig.axes[0].get_ylim()
        assert ax_lo < min(sizes) and max(sizes) < ax_hi
        # the direction of the chapter's table: output layer over layer 1
        assert f"layer 8 / layer 1: {sizes[-1] / sizes[0]:.2e}" in w.readout.value
    assert len(limits) == 1
