"""backprop_core.plots.curves.plot_modes: each panel draws the data it was given, forward mode
and reverse mode, with the line proportional to P through forward mode's last point."""

import matplotlib.pyplot as plt
import numpy as np

from backprop_core import modes, plots


def test_plot_modes_draws_counts_and_seconds():
    m = modes.ModesMeasurement(
        [[2, 1], [4, 1]], np.array([3, 5]), np.array([2e-4, 5e-4]), np.array([1e-5, 1e-5]),
        np.array([40, 100]), np.array([8, 16]),
    )
    fig, (counted, timed) = plots.plot_modes(m)
    for ax, fwd, rev in ((counted, [40, 100], [8, 16]), (timed, [2e-4, 5e-4], [1e-5, 1e-5])):
        labels = [line.get_label() for line in ax.lines]
        assert labels == ["forward mode (P dense JVPs)", "reverse mode (backprop)", r"$\propto P$"]
        np.testing.assert_array_equal(ax.lines[0].get_xdata(), [3, 5])
        np.testing.assert_array_equal(ax.lines[0].get_ydata(), fwd)
        np.testing.assert_array_equal(ax.lines[1].get_ydata(), rev)
        np.testing.assert_allclose(ax.lines[2].get_ydata(), [fwd[-1] * 3 / 5, fwd[-1]],
                                   rtol=1e-15, atol=0)  # fmt: skip
        assert ax.get_xscale() == ax.get_yscale() == "log"
    assert counted.get_title() == "Counted (exact, dense JVPs)"
    plt.close(fig)
