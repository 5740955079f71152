"""The book's figure style, light PNGs, and small helpers for the axes of its figures.

A figure of lines, text and a few flat colours needs far fewer than the 16 million colours of
matplotlib's PNGs: written with a palette (`palette`), the same picture takes about a third of
the bytes, which is most of what a chapter's page weighs.
"""

from __future__ import annotations

import io
from binascii import b2a_base64

import matplotlib.pyplot as plt
import numpy as np
from IPython import get_ipython
from IPython.core.pylabtools import retina_figure
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, NullLocator
from matplotlib_inline.backend_inline import set_matplotlib_formats
from PIL import Image

STATIC_COLOURS = 256  # a chapter's figures: smooth colour maps (imshow, contourf) keep 256


def palette(png: bytes, colours: int = STATIC_COLOURS) -> bytes:
    """The PNG image `png` written again with a palette of at most `colours` colours (median
    cut, no dithering, so that flat colours stay flat)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="png", optimize=True)
    return out.getvalue()


def light_retina_png(fig: Figure) -> tuple[str, dict] | None:
    """What IPython shows for `fig` with the "retina" format (a PNG at twice the resolution,
    displayed at half its pixel size), written with a palette (`palette`)."""
    shown = retina_figure(fig, base64=False, bbox_inches="tight")
    if shown is None:  # an empty figure shows nothing, as in IPython
        return None
    png, metadata = shown
    return b2a_base64(palette(png), newline=False).decode("ascii"), metadata


def book_style() -> None:
    """The book's figure style: readable fonts, light grids, crisp (2x) palette PNGs in
    notebooks."""
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
    shell = get_ipython()
    if shell is None:  # not inside IPython: no notebook to show figures in
        return
    set_matplotlib_formats("retina")
    shell.display_formatter.formatters["image/png"].for_type(Figure, light_retina_png)


def few_log_ticks(ax: Axes, axis: str = "y") -> None:
    """At most about five major ticks on a log axis ("x", "y" or "both"), and no minor ones:
    the minor labels matplotlib adds to a log axis spanning less than a decade or two overlap."""
    if axis not in ("x", "y", "both"):
        raise ValueError(f"axis must be 'x', 'y' or 'both', got {axis!r}")
    for name in ("x", "y") if axis == "both" else (axis,):
        getattr(ax, f"{name}axis").set_major_locator(LogLocator(numticks=5))
        getattr(ax, f"{name}axis").set_minor_locator(NullLocator())


def decades(values: np.ndarray) -> tuple[float, float]:
    """Limits of a log axis: whole powers of ten around the positive values (at least one
    decade apart)."""
    positive = np.asarray(values)[np.asarray(values) > 0]
    lo, hi = np.floor(np.log10(positive.min())), np.ceil(np.log10(positive.max()))
    return 10.0**lo, 10.0 ** max(hi, lo + 1)
