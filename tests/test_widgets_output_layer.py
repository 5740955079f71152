"""Chapter 'Backpropagation for the output layer': the delta explorer shows the error, the
slope and their product, checked against (y - t) y (1 - y) written out."""

import numpy as np

from backprop_core.widgets import animate, delta_explorer

from float_oracles import STAND_IN_LIMIT


def test_delta_explorer_shows_error_times_slope():
    w = delta_explorer(y=0.9, t=0.1)
    assert repr(w) == "DeltaExplorer(y=0.9, t=0.1)"
    first_png = w.image.value
    w.controls["y"].value = 0.95
    w.controls["t"].value = 0.05
    delta = (0.95 - 0.05) * 0.95 * 0.05
    assert "error y − t = +0.900" in w.readout.value
    assert "slope y(1 − y) = 0.0475" in w.readout.value
    assert f"δ⁽²⁾ = {delta:+.5f}" in w.readout.value
    ax_c, ax_m = w.fig.axes[:2]
    error_line, slope_line, delta_line, point = ax_c.lines[:4]
    grid = delta_line.get_xdata()
    np.testing.assert_allclose(error_line.get_ydata(), grid - 0.05, rtol=0, atol=1e-15)
    np.testing.assert_allclose(slope_line.get_ydata(), grid * (1 - grid), rtol=0, atol=1e-15)
    np.testing.assert_allclose(delta_line.get_ydata(), (grid - 0.05) * grid * (1 - grid),
                               rtol=0, atol=1e-15)
    np.testing.assert_allclose(point.get_xydata(), [[0.95, delta]], rtol=1e-14, atol=0)
    np.testing.assert_allclose(ax_m.lines[-1].get_xydata(), [[0.95, 0.05]], rtol=1e-12, atol=0)
    assert w.image.value != first_png and w.image.value[:4] == b"\x89PNG"


def test_delta_explorer_saturation_starves_the_delta():
    # Confidently wrong: the largest possible error, and almost no delta.
    w = delta_explorer(y=0.995, t=0.0)
    assert "error y − t = +0.995" in w.readout.value
    assert "δ⁽²⁾ = +0.00495" in w.readout.value


def test_stand_in_with_the_chapters_arguments_is_light():
    html = animate(delta_explorer(y=0.9, t=0.1), "y", np.linspace(0.02, 0.98, 9), interval=500)
    assert html.count("data:image/png;base64") == 9 and len(html) <= STAND_IN_LIMIT
