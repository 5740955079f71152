"""Chapter 'The squared-error loss': the loss explorer shows the loss along one weight and its
slope, checked against an index-by-index forward pass (tests/oracles.py)."""

import re

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import examples
from backprop_core.widgets import animate, loss_explorer

from float_oracles import STAND_IN_LIMIT, l2_loss


def numbers(readout: str) -> dict[str, float]:
    found = re.findall(r"(ℒ|\(backprop\)|difference:) =? ?(-?[0-9.]+)", readout)
    return {name: float(value) for name, value in found}


def test_loss_explorer_slope_is_the_gradient():
    net = bc.MLP([2, 3, 2], seed=0)
    before = [W.copy() for W in net.weights]
    X, T = np.array([[0.5, -1.0]]), np.array([[0.9, 0.1]])
    w = loss_explorer(net, X, T, l=2, i=2, j=0)
    assert repr(w) == f"LossExplorer(w={net.weights[1][2, 0]:.4g}, t1=0.9)"
    w.controls["w"].value = 1.0
    w.controls["t1"].value = 0.3
    probe = net.copy()
    probe.weights[1][2, 0] = 1.0
    T_now = np.array([[0.3, 0.1]])
    loss = l2_loss(probe, X, T_now)
    h = 1e-4
    up, down = probe.copy(), probe.copy()
    up.weights[1][2, 0] += h
    down.weights[1][2, 0] -= h
    slope = (l2_loss(up, X, T_now) - l2_loss(down, X, T_now)) / (2 * h)
    shown = numbers(w.readout.value)
    assert w.readout.value.startswith("u_31 = 1.00")
    assert "∂ℒ/∂u_31 (backprop)" in w.readout.value
    assert shown["ℒ"] == pytest.approx(loss, abs=5e-7)
    assert shown["(backprop)"] == pytest.approx(slope, abs=2e-6)
    assert shown["difference:"] == pytest.approx(slope, abs=2e-6)
    ax = w.fig.axes[0]
    assert ax.get_xlabel() == "$u_{31}$" and ax.get_ylabel() == r"$\mathcal{L}$"
    np.testing.assert_allclose(ax.lines[2].get_xydata(), [[1.0, loss]], rtol=1e-12, atol=0)
    for x, y in ax.lines[0].get_xydata()[::40]:  # the curve is L(w), other parameters fixed
        probe.weights[1][2, 0] = x
        assert y == pytest.approx(l2_loss(probe, X, T_now), rel=1e-12)
    for W, W0 in zip(net.weights, before):  # the explorer works on a copy
        np.testing.assert_array_equal(W, W0)


def test_layered_names_beyond_two_layers():
    net = bc.MLP([2, 2, 2, 1], seed=0)
    w = loss_explorer(net, np.array([[0.1, 0.2]]), np.array([[0.5]]), l=3, i=1, j=0)
    assert w.fig.axes[0].get_xlabel() == "$w^{(3)}_{21}$"
    assert w.readout.value.startswith("w^(3)_21 = ")


def test_the_output_layer_is_the_default():
    net = bc.MLP([2, 3, 2], seed=0)
    w = loss_explorer(net, np.array([[0.5, -1.0]]), np.array([[0.9, 0.1]]))
    assert repr(w) == f"LossExplorer(w={net.W[2][0, 0]:.4g}, t1=0.9)"


def test_stand_in_with_the_chapters_arguments_is_light():
    w = loss_explorer(examples.network_232(), *examples.sample_232(), l=2, i=0, j=0)
    html = animate(w, "w", np.linspace(-5, 5, 21), interval=250)
    assert html.count("data:image/png;base64") == 21 and len(html) <= STAND_IN_LIMIT
