"""backprop_core.plots.style: light PNGs are the same picture in fewer bytes; the book style."""

import base64
import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from IPython.core.pylabtools import retina_figure
from PIL import Image

from backprop_core.plots import book_style, style


def sample_figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    x = np.linspace(0, 6, 200)
    ax.plot(x, np.sin(x), label="sin")
    ax.imshow(np.outer(x, x), extent=(0, 1, 0, 1))  # a smooth colour map too
    ax.legend()
    return fig


def test_palette_keeps_the_picture_in_fewer_bytes():
    fig = sample_figure()
    full = io.BytesIO()
    fig.savefig(full, format="png", dpi=80)
    small = style.palette(full.getvalue(), 256)
    a = np.asarray(Image.open(full).convert("RGB"), dtype=float)
    b = np.asarray(Image.open(io.BytesIO(small)).convert("RGB"), dtype=float)
    assert a.shape == b.shape and np.abs(a - b).mean() < 2  # of 255
    assert len(small) < len(full.getvalue())
    plt.close(fig)


def test_light_retina_png_is_ipythons_retina_picture():
    fig = sample_figure()
    data, metadata = style.light_retina_png(fig)
    reference, ref_metadata = retina_figure(fig, bbox_inches="tight")
    assert metadata == ref_metadata  # shown at the same size, at half the pixel size
    light = Image.open(io.BytesIO(base64.b64decode(data)))
    full = Image.open(io.BytesIO(reference))
    assert light.mode == "P" and light.size == full.size
    assert full.size[0] // 2 == metadata["width"]
    a = np.asarray(full.convert("RGB"), dtype=float)
    assert np.abs(np.asarray(light.convert("RGB"), dtype=float) - a).mean() < 2
    assert len(base64.b64decode(data)) < len(reference)
    plt.close(fig)
    assert style.light_retina_png(plt.figure()) is None  # an empty figure shows nothing
    plt.close("all")


def test_book_style_outside_ipython_sets_the_style_only():
    with matplotlib.rc_context():
        book_style()
        assert plt.rcParams["axes.spines.top"] is False
        assert plt.rcParams["figure.constrained_layout.use"] is True


def test_decades_are_whole_powers_of_ten():
    assert style.decades(np.array([0.0, 3e-5, 2e-2])) == (1e-5, 1e-1)
    assert style.decades(np.array([5.0])) == (1.0, 10.0)
