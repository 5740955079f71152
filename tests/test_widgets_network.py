"""Chapter 'The network': the forward explorer shows every unit's value of the forward pass,
checked against an index-by-index forward pass (tests/oracles.py)."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import examples
from backprop_core.widgets import animate, forward_explorer

from float_oracles import STAND_IN_LIMIT, forward


def test_forward_explorer_shows_the_forward_pass():
    net = bc.MLP([2, 3, 2], seed=0)
    w = forward_explorer(net, x=[0.5, -0.5])
    assert repr(w) == "ForwardExplorer(x1=0.5, x2=-0.5)"
    w.controls["x1"].value = 1.5
    w.controls["x2"].value = -1.0
    h = forward(net.weights, net.biases, net.activations, [1.5, -1.0])
    assert f"y1 = {h[2][0]:.4f}" in w.readout.value and f"y2 = {h[2][1]:.4f}" in w.readout.value
    shown = {t.get_text() for t in w.fig.axes[0].texts}
    assert {f"{v:.3f}" for layer in h for v in layer} <= shown
    assert "$u_{11}$$\\,=\\,$" not in shown and any(s.startswith("$u_{11}$") for s in shown)
    with pytest.raises(ValueError, match="at most 4 inputs"):
        forward_explorer(bc.MLP([5, 1]))
    with pytest.raises(ValueError, match="x needs 2 values"):
        forward_explorer(net, x=[1.0])


def test_stand_in_with_the_chapters_arguments_is_light():
    w = forward_explorer(examples.network_232(), x=[1.0, 0.5])
    html = animate(w, "x1", np.linspace(-2, 2, 11), interval=400)
    assert html.count("data:image/png;base64") == 11 and len(html) <= STAND_IN_LIMIT
