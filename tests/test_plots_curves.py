"""backprop_core.plots.curves: what each curve shows is the data it was given."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from backprop_core import cost, plots
from backprop_core.plots import plot_loss_curve, plot_plane


def test_plot_loss_curve():
    fig, ax = plot_loss_curve({"a": [3, 2, 1], "b": [2, 1, 0.5]})
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [2, 1, 0.5])
    plt.close(fig)
    fig, ax = plot_loss_curve([1.0, 0.5], log=False)
    assert ax.get_yscale() == "linear"
    plt.close(fig)


def test_plot_error_vs_eps_styles_and_threshold():
    hs = np.logspace(-3, 0, 4)
    fig, ax = plots.plot_error_vs_eps(
        hs, {"centred": hs**2, "forward, model": hs, "forward": np.zeros(4)}, title="t"
    )
    centred, model, forward = ax.lines[:3]
    assert centred.get_color() == "tab:blue" and forward.get_color() == "tab:orange"
    assert model.get_linestyle() == "--"
    np.testing.assert_array_equal(centred.get_ydata(), hs**2)
    # zeros drawn at the bottom
    np.testing.assert_allclose(forward.get_ydata(), 1e-17, rtol=0, atol=0)
    assert ax.lines[3].get_ydata()[0] == 1e-7
    plt.close(fig)


def test_plot_cost_draws_three_methods():
    m = cost.CostMeasurement(
        [[2, 1], [4, 1]], np.array([3, 5]), np.array([1e-5, 1e-5]), np.array([2e-5, 2e-5]),
        np.array([1e-4, 2e-4]),
    )
    fig, ax = plots.plot_cost(m)
    labels = [line.get_label() for line in ax.lines]
    assert labels[:3] == ["finite differences", "backpropagation", "one forward pass"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1e-4, 2e-4], rtol=1e-12, atol=0)
    plt.close(fig)


def test_plot_plane_shows_the_function():
    fig, _, cs = plot_plane(
        lambda X: 2 * X[:, 0] + 3 * X[:, 1] + 10,
        reference=lambda X: 2 * X[:, 0] + 3 * X[:, 1] + 10,
        box=(-1, 1),
        n=21,
    )
    # on [-1, 1]^2 the function runs from 5 to 15
    assert cs.levels.min() <= 5 and cs.levels.max() >= 15
    assert len(fig.axes) == 2  # the plot and its colour bar
    plt.close(fig)


def test_plot_cost_ticks_legend_and_dotted_reference():
    # a range of one to two decades: matplotlib would label minor ticks, which overlap
    m = cost.CostMeasurement(
        [[2, 2, 1]] * 4, np.array([15, 45, 153, 561]), np.full(4, 1.6e-5),
        np.full(4, 3e-5), np.array([5e-4, 1.5e-3, 5e-3, 2e-2]),
    )
    fig, ax = plots.plot_cost(m)
    fig.canvas.draw()
    for axis in (ax.xaxis, ax.yaxis):
        assert isinstance(axis.get_minor_locator(), NullLocator)
        assert not [t for t in axis.get_minorticklabels() if t.get_text()]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["15", "45", "153", "561"]
    # the legend lies right of the axes, so it can cover no line
    renderer = fig.canvas.get_renderer()
    legend_box = ax.get_legend().get_window_extent(renderer)
    assert legend_box.x0 >= ax.get_window_extent(renderer).x1
    assert ax.lines[3].get_linestyle() == ":" and "dotted" in plots.plot_cost.__doc__
    plt.close(fig)
