"""Chapter 'Other losses and outputs': the saturation explorer, driven as a reader would, against
the two deltas and a scalar loop of gradient descent in plain Python floats."""

import math

import numpy as np

from backprop_core.widgets import animate, saturation_explorer

from float_oracles import STAND_IN_LIMIT


def sigma(a):
    return 1 / (1 + math.exp(-a))


def steps_to_target(a0, loss, target=0.1):
    """Gradient descent, lr = 1, on w (input 1) and b of one sigmoid unit with target 0."""
    w, b, steps = 0.0, a0, 0
    while sigma(w + b) > target:
        y = sigma(w + b)
        delta = y * y * (1 - y) if loss == "l2" else y
        w, b, steps = w - delta, b - delta, steps + 1
    return steps


def test_the_explorer_shows_both_deltas_and_both_runs():
    w = saturation_explorer(a0=6.0)
    assert repr(w) == "SaturationExplorer(a0=6)"
    first_png = w.image.value
    w.controls["a0"].value = 4.0
    y = sigma(4.0)
    assert f"y = {y:.4f}" in w.readout.value
    assert f"δ<sup>(L)</sup>: L2 {y * y * (1 - y):.3g}, cross-entropy {y:.3g}" in w.readout.value
    l2, ce = steps_to_target(4.0, "l2"), steps_to_target(4.0, "cross_entropy")
    assert f"L2 {l2}, cross-entropy {ce}" in w.readout.value and l2 > 5 * ce
    ax_d, ax_y = w.fig.axes[:2]
    l2_curve, l2_point, ce_curve, ce_point = ax_d.lines[:4]
    a = l2_curve.get_xdata()
    s = 1 / (1 + np.exp(-a))
    np.testing.assert_allclose(l2_curve.get_ydata(), s * s * (1 - s), rtol=1e-13, atol=0)
    np.testing.assert_allclose(ce_curve.get_ydata(), s, rtol=1e-15, atol=0)
    np.testing.assert_allclose(
        l2_point.get_xydata(), [[4.0, y * y * (1 - y)]], rtol=1e-13, atol=0
    )
    np.testing.assert_allclose(ce_point.get_xydata(), [[4.0, y]], rtol=1e-15, atol=0)
    l2_path, ce_path = ax_y.lines[:2]
    assert l2_path.get_xdata().tolist() == list(range(l2 + 1))
    assert ce_path.get_xdata().tolist() == list(range(ce + 1))
    assert l2_path.get_ydata()[0] == ce_path.get_ydata()[0] == y
    assert l2_path.get_ydata()[-1] <= 0.1 < l2_path.get_ydata()[-2]
    assert w.image.value != first_png and w.image.value[:4] == b"\x89PNG"


def test_the_saturated_start_of_chapter_4():
    w = saturation_explorer(a0=6.0)
    assert "y = 0.9975" in w.readout.value
    assert "L2 249, cross-entropy 8" in w.readout.value
    assert steps_to_target(6.0, "l2") == 249 and steps_to_target(6.0, "cross_entropy") == 8


def test_stand_in_with_the_chapters_arguments_is_light():
    html = animate(
        saturation_explorer(a0=6.0), "a0", np.arange(0.0, 8.5, 2.0), interval=600, dpi=100
    )
    assert html.count("data:image/png;base64") == 5 and len(html) <= STAND_IN_LIMIT


def test_the_figure_title_gives_a0_and_both_counts_so_every_frame_shows_them():
    w = saturation_explorer(a0=6.0)
    for a0 in (2.0, 7.0):
        w.controls["a0"].value = a0
        l2, ce = steps_to_target(a0, "l2"), steps_to_target(a0, "cross_entropy")
        title = w.fig.get_suptitle()
        assert title == (
            rf"$a_0 = {a0:g}$: steps to $y \leq 0.1$: L2 {l2}, cross-entropy {ce}"
        )
