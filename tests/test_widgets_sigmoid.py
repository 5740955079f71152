"""Chapter 'The sigmoid': the explorer follows its slider; its stand-in is light."""

import numpy as np
import pytest

from backprop_core.widgets import animate, sigmoid_explorer

from float_oracles import STAND_IN_LIMIT


def test_sigmoid_explorer_follows_the_slider():
    w = sigmoid_explorer()
    assert repr(w) == "SigmoidExplorer(a=0)"
    assert "σ(a) = 0.500000" in w.readout.value and "σ′(a) = 0.250000" in w.readout.value
    first_png = w.image.value
    w.controls["a"].value = 2.0
    s = 1 / (1 + np.exp(-2.0))
    assert f"σ(a) = {s:.6f}" in w.readout.value
    assert f"σ′(a) = {s * (1 - s):.6f}" in w.readout.value
    point_s = w.fig.axes[0].lines[2]
    np.testing.assert_allclose(point_s.get_xydata(), [[2.0, s]], rtol=1e-15, atol=0)
    tangent = w.fig.axes[0].lines[1].get_xydata()
    slope = (tangent[1, 1] - tangent[0, 1]) / (tangent[1, 0] - tangent[0, 0])
    assert slope == pytest.approx(s * (1 - s), rel=1e-12)
    assert w.image.value != first_png and w.image.value[:4] == b"\x89PNG"


def test_stand_in_with_the_chapters_arguments_is_light():
    html = animate(sigmoid_explorer(a=0.0), "a", np.linspace(-8, 8, 21), interval=200)
    assert html.count("data:image/png;base64") == 21 and len(html) <= STAND_IN_LIMIT
