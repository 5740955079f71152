"""Chapter 'Checking gradients': the step explorer's readout and curves, checked against the
difference quotient and the relative error written out for the chosen parameter."""

import numpy as np

from backprop_core import examples
from backprop_core.gradcheck import (
    difference_gradients,
    error_vs_eps,
    reference_gradient,
    with_dtype,
)
from backprop_core.widgets import STEP_GRID, animate, step_explorer

from float_oracles import STAND_IN_LIMIT


def test_step_explorer_readout_and_curves():
    net = examples.network_f25()
    x, t = examples.sample_f25()
    before = [W.copy() for W in net.weights]
    w = step_explorer(net, x, t, param=0)
    assert repr(w) == "StepExplorer(log10_h=-5, method='centred', precision='float64')"
    g = reference_gradient(net, x, t)[0]
    assert f"backprop {g:.10g}" in w.readout.value
    quotient = difference_gradients(net, x, t, 1e-5)[0]
    assert f"difference quotient {quotient:.10g}" in w.readout.value
    ax = w.fig.axes[0]
    curve = ax.lines[0]  # centred, float64
    np.testing.assert_allclose(curve.get_xdata(), STEP_GRID)
    np.testing.assert_allclose(
        curve.get_ydata(), np.maximum(error_vs_eps(net, x, t, STEP_GRID)[:, 0], 1e-17)
    )
    assert curve.get_alpha() == 1.0 and ax.lines[1].get_alpha() == 0.25
    w.controls["precision"].value = "float32"
    w.controls["method"].value = "forward"
    w.controls["log10_h"].value = -2.0
    n32 = with_dtype(net, np.float32)
    q32 = difference_gradients(n32, x, t, 1e-2, "forward")[0]
    g32 = reference_gradient(n32, x, t)[0]
    err = abs(q32 - g32) / max(abs(q32), abs(g32))
    assert "forward, float32" in w.readout.value and f"relative error {err:.1e}" in w.readout.value
    point = next(line for line in ax.lines if line.get_marker() == "o")
    np.testing.assert_allclose(point.get_xydata(), [[1e-2, err]])
    for W, W0 in zip(net.weights, before):  # the reader's network is untouched
        np.testing.assert_array_equal(W, W0)
    html = animate(w, "log10_h", [-8.0, -4.0])
    assert html.count("data:image/png;base64") == 2 and w.controls["log10_h"].value == -2.0



def test_stand_in_with_the_chapters_arguments_is_light():
    x, t = examples.sample_f25()
    w = step_explorer(examples.network_f25(), x, t, param=0, log10_h=-5.0)
    assert "$\\partial L/\\partial w^{(1)}_{11}$" in w.fig.axes[0].get_title()
    html = animate(w, "log10_h", np.arange(-13.0, 0.5, 1.0), interval=600)
    assert html.count("data:image/png;base64") == 14 and len(html) <= STAND_IN_LIMIT
