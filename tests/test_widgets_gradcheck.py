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
from backprop_core.widgets.gradcheck import readout

from float_oracles import STAND_IN_LIMIT


def test_step_explorer_readout_and_curves():
    net = examples.network_f25()
    x, t = examples.sample_f25()
    before = [W.copy() for W in net.weights]
    w = step_explorer(net, x, t, param=0)
    assert repr(w) == "StepExplorer(log10_eps=-5, method='centred', precision='float64')"
    g = reference_gradient(net, x, t)[0]
    assert f"backprop {g:.8g}" in w.readout.value
    # nu = eps_mach |L| / eps, about 1e-9: the quotient is shown to 1e-6 (1000 nu rounded up)
    nu = 2.0**-52 * net.loss(x, t) / 1e-5
    assert 1e-10 < nu < 1e-9 and "rounding ν = 1e-09" in w.readout.value
    quotient = difference_gradients(net, x, t, 1e-5)[0]
    assert f"quotient {quotient:.6f} " in w.readout.value
    # its error (about 2e-10) is within 10 nu/|g| (3.2e-8): a bound, rounded up, not a number
    assert "relative error < 4e-08 (within 10 ν/|g|: rounding): passes" in w.readout.value
    ax = w.fig.axes[0]
    curve = ax.lines[0]  # centred, float64
    np.testing.assert_allclose(curve.get_xdata(), STEP_GRID, rtol=0, atol=0)
    np.testing.assert_allclose(
        curve.get_ydata(), np.maximum(error_vs_eps(net, x, t, STEP_GRID)[:, 0], 1e-17),
        rtol=0, atol=0,
    )
    assert curve.get_alpha() == 1.0 and ax.lines[1].get_alpha() == 0.25
    w.controls["precision"].value = "float32"
    w.controls["method"].value = "forward"
    w.controls["log10_eps"].value = -2.0
    n32 = with_dtype(net, np.float32)
    q32 = difference_gradients(n32, x, t, 1e-2, "forward")[0]
    g32 = reference_gradient(n32, x, t)[0]
    err = abs(q32 - g32) / max(abs(q32), abs(g32))
    nu32 = 2 * 2.0**-23 * float(n32.loss(x, t)) / 1e-2   # forward: 2 eps_mach |L| / eps
    assert "forward, float32" in w.readout.value and f"rounding ν = {nu32:.0e}" in w.readout.value
    assert err <= 10 * nu32 / abs(g32) and "inconclusive at 1e-7" in w.readout.value
    point = next(line for line in ax.lines if line.get_marker() == "o")
    np.testing.assert_allclose(point.get_xydata(), [[1e-2, err]], rtol=1e-15, atol=0)
    for W, W0 in zip(net.weights, before):  # the reader's network is untouched
        np.testing.assert_array_equal(W, W0)
    html = animate(w, "log10_eps", [-8.0, -4.0])
    assert html.count("data:image/png;base64") == 2 and w.controls["log10_eps"].value == -2.0
    assert ax.get_xlabel() == r"step $\varepsilon$"


def test_readout_prints_no_digit_that_rounding_can_move():
    g = -0.30477297190
    # truncation-dominated: the value, to 2 digits
    assert "relative error 2.0e-04: fails 1e-7" in readout(-0.3047, g, 2.0e-4, 1e-13)
    # within ten rounding levels: the bound 10 nu/|g| rounded up, and the verdict it allows
    assert "relative error < 4e-08 (within" in readout(-0.30477297, g, 2e-10, 1e-9)
    assert "inconclusive at 1e-7" in readout(-0.3048, g, 5e-8, 1e-7)
    # a change of the quotient by nu moves no printed digit
    for q in (-0.3047729719, -0.3047729719 + 1e-9, -0.3047729719 - 1e-9):
        assert "quotient -0.304773 " in readout(q, g, 1e-9, 1e-9)
    assert "(no safe digit)" in readout(-0.4, g, 0.3, 5e-3)
    assert "not meaningful" in readout(-2.0, g, 0.8, 0.5)
    assert "1 (the quotient is exactly 0)" in readout(0.0, g, 1.0, 5e3)


def test_stand_in_with_the_chapters_arguments_is_light():
    x, t = examples.sample_f25()
    w = step_explorer(examples.network_f25(), x, t, param=0, log10_eps=-5.0)
    assert "$\\partial\\mathcal{L}/\\partial w^{(1)}_{11}$" in w.fig.axes[0].get_title()
    html = animate(w, "log10_eps", np.arange(-13.0, 0.5, 2.0), interval=900)
    assert html.count("data:image/png;base64") == 7 and len(html) <= STAND_IN_LIMIT
