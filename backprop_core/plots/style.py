"""The book's figure style, and small helpers for the axes of its figures."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import LogLocator, NullLocator

try:  # comes with IPython: without it there is no notebook to set the figure format of
    from matplotlib_inline.backend_inline import set_matplotlib_formats
except ImportError:  # pragma: no cover - the book's environment always has it
    set_matplotlib_formats = None


def book_style() -> None:
    """The book's figure style: readable fonts, light grids, crisp (2x) PNGs in notebooks."""
    plt.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.constrained_layout.use": True,
        }
    )
    if set_matplotlib_formats is not None:
        try:
            set_matplotlib_formats("retina")
        except (AttributeError, NameError):  # not inside IPython
            pass


def few_log_ticks(ax: Axes) -> None:
    """At most about five major ticks on a log y axis, and no minor ones."""
    ax.yaxis.set_major_locator(LogLocator(numticks=5))
    ax.yaxis.set_minor_locator(NullLocator())


def decades(values: np.ndarray) -> tuple[float, float]:
    """Limits of a log axis: whole powers of ten around the positive values (at least one
    decade apart)."""
    positive = np.asarray(values)[np.asarray(values) > 0]
    lo, hi = np.floor(np.log10(positive.min())), np.ceil(np.log10(positive.max()))
    return 10.0**lo, 10.0 ** max(hi, lo + 1)
