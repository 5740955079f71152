"""Chapter 'Checking gradients': forward and centred differences, their error against h, the
float32 conversion, the error plot and the step explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import backprop_core as bc
from backprop_core import plots
from backprop_core.gradcheck import (
    difference_gradients,
    error_vs_h,
    reference_gradient,
    with_dtype,
)
from backprop_core.widgets import STEP_GRID, animate, step_explorer


def worked_example():
    net = bc.MLP([2, 2, 2, 1], ["sigmoid", "sigmoid", "identity"])
    net.weights = [
        np.array([[0.1, 0.3], [0.2, 0.4]]),
        np.array([[0.5, 0.3], [-0.4, 0.6]]),
        np.array([[1.0], [2.0]]),
    ]
    net.biases = [np.array([0.1, 0.2]), np.array([0.0, 0.1]), np.array([0.5])]
    return net, np.array([[0.5, 0.25]]), np.array([[11.75]])


def test_centred_method_is_numerical_gradients():
    net, x, t = worked_example()
    np.testing.assert_array_equal(
        difference_gradients(net, x, t, 1e-4), bc.flatten(*bc.numerical_gradients(net, x, t, 1e-4))
    )


def test_forward_difference_is_first_order_and_restores_parameters():
    net, x, t = worked_example()
    before = [p.copy() for p in net.weights + net.biases]
    g = reference_gradient(net, x, t)
    e1 = np.abs(difference_gradients(net, x, t, 1e-2, "forward") - g)
    e2 = np.abs(difference_gradients(net, x, t, 1e-3, "forward") - g)
    k = int(np.argmax(e1))
    assert 8 < e1[k] / e2[k] < 12  # ten times smaller h, ten times smaller error
    for p0, p in zip(before, net.weights + net.biases):
        np.testing.assert_array_equal(p0, p)
    with pytest.raises(ValueError, match="method must be 'centred' or 'forward'"):
        difference_gradients(net, x, t, 1e-3, "backward")
    with pytest.raises(ValueError, match="positive finite"):
        difference_gradients(net, x, t, -1.0, "forward")


def test_with_dtype_and_reference_gradient():
    net, x, t = worked_example()
    n32 = with_dtype(net, np.float32)
    assert n32.dtype == np.float32 and n32.activations == net.activations
    back = with_dtype(n32)
    for W32, W64 in zip(n32.weights, back.weights):
        assert W64.dtype == np.float64
        np.testing.assert_array_equal(W64, W32.astype(np.float64))  # exact widening
    # The reference of a float32 net is the float64 gradient at its rounded parameters.
    np.testing.assert_array_equal(
        reference_gradient(n32, x, t), bc.flatten(*back.gradients(x, t)[1:])
    )
    np.testing.assert_array_equal(
        reference_gradient(net, x, t), bc.flatten(*net.gradients(x, t)[1:])
    )


def test_error_vs_h_has_the_truncation_slopes_and_a_float32_floor():
    net, x, t = worked_example()
    hs = [1e-1, 1e-2]
    c = error_vs_h(net, x, t, hs, "centred")[:, 0]
    f = error_vs_h(net, x, t, hs, "forward")[:, 0]
    assert c.shape == f.shape == (2,)
    assert 80 < c[0] / c[1] < 120 and 8 < f[0] / f[1] < 12
    tiny = error_vs_h(with_dtype(net, np.float32), x, t, [1e-12])
    assert np.all(tiny == 1.0)  # theta + h == theta in float32: the quotient is 0


def test_plot_error_vs_h_styles_and_threshold():
    hs = np.logspace(-3, 0, 4)
    fig, ax = plots.plot_error_vs_h(
        hs, {"centred": hs**2, "forward, model": hs, "forward": np.zeros(4)}, title="t"
    )
    centred, model, forward = ax.lines[:3]
    assert centred.get_color() == "tab:blue" and forward.get_color() == "tab:orange"
    assert model.get_linestyle() == "--"
    np.testing.assert_allclose(forward.get_ydata(), 1e-17)  # zeros drawn at the bottom
    assert ax.lines[3].get_ydata()[0] == 1e-7
    plt.close(fig)


def test_step_explorer_readout_and_curves():
    net, x, t = worked_example()
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
        curve.get_ydata(), np.maximum(error_vs_h(net, x, t, STEP_GRID)[:, 0], 1e-17)
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
