"""backprop_core.widgets.base: the Explorer, its light images, and the animated stand-in."""

import base64
import io
import re

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from backprop_core.widgets import Explorer, animate, palette_png, sigmoid_explorer


def line_explorer() -> Explorer:
    """A minimal explorer: one slider k, the line y = k x."""
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    (line,) = ax.plot([], [])
    ax.set(xlim=(0, 1), ylim=(-2, 2))

    def update(values):
        line.set_data([0, 1], [0, values["k"]])
        return f"k = {values['k']:.1f}"

    control = widgets.FloatSlider(value=0.5, min=-2, max=2, step=0.5)
    return Explorer({"k": control}, fig, update, name="LineExplorer")


def test_explorer_wires_controls_readout_and_image():
    w = line_explorer()
    assert repr(w) == "LineExplorer(k=0.5)" and w.readout.value == "k = 0.5"
    first = bytes(w.image.value)
    w.controls["k"].value = -1.0
    assert w.readout.value == "k = -1.0" and w.values() == {"k": -1.0}
    np.testing.assert_array_equal(w.fig.axes[0].lines[0].get_ydata(), [0, -1.0])
    assert bytes(w.image.value) != first and bytes(w.image.value)[:4] == b"\x89PNG"


def test_palette_png_is_a_small_faithful_image():
    w = line_explorer()
    png = palette_png(w.fig, 50)
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P" and image.size == (150, 100)  # 3 x 2 inches at 50 dpi
    assert len(image.getcolors()) <= 64
    full = io.BytesIO()
    w.fig.savefig(full, format="png", dpi=50)
    reference = np.asarray(Image.open(full).convert("RGB"), dtype=float)
    shown = np.asarray(image.convert("RGB"), dtype=float)
    assert np.abs(shown - reference).mean() < 3  # of 255: the same picture
    assert len(png) < len(full.getvalue())


def frames(html: str) -> list[bytes]:
    data = re.findall(r'data:image/png;base64,([A-Za-z0-9+/=\\\n]+)"', html)
    return [base64.b64decode(d.replace("\\\n", "").replace("\n", "")) for d in data]


def test_animate_sweeps_offline_and_restores():
    w = line_explorer()
    html = animate(w, "k", [-2.0, 0.0, 2.0])
    shots = frames(html)
    assert len(shots) == 3 and all(Image.open(io.BytesIO(s)).mode == "P" for s in shots)
    assert len(set(shots)) == 3  # three different pictures
    assert "font-awesome" not in html and "cdnjs" not in html
    # The relayout script names the player's own image (JupyterLab left it without a box).
    img_id = re.search(r'<img id="(_anim_img\w+)"', html).group(1)
    assert f'document.getElementById("{img_id}")' in html
    assert w.controls["k"].value == 0.5 and w.readout.value == "k = 0.5"


def test_animate_draws_each_frame_once_and_restores_the_image():
    w = sigmoid_explorer(a=1.0)
    before = w.readout.value
    updates, images = [], []
    w.image.observe(lambda change: images.append(change), names="value")
    inner = w._update
    w._update = lambda values: updates.append(values["a"]) or inner(values)
    animate(w, "a", [-2.0, 0.0, 2.0])
    # Each frame is computed once (FuncAnimation's first draw repeats frame 0), the widget image
    # changes only when the explorer comes back to a = 1, and it is redrawn there once.
    assert updates[-1] == 1.0 and updates.count(1.0) == 1 and set(updates) == {-2.0, 0.0, 2.0, 1.0}
    assert len(images) <= 1
    assert w.readout.value == before and w.controls["a"].value == 1.0
