"""The explorer every chapter builds on, and its static stand-in for the HTML book.

An `Explorer` is a row of controls, a line of numbers (the readout) and a figure. The figure is
drawn by matplotlib and shown as a PNG inside an `ipywidgets.Image`, not through an `Output`
widget: nothing is printed to the cell while it updates, so a notebook re-run under nbval gives
exactly the stored outputs, and the saved widget state shows the figure at its default values
in the HTML book. A test drives an explorer as a reader would: set `explorer.controls[name].value`
and read `explorer.readout.value` and the data of `explorer.fig`'s artists.

`animate(explorer, name, values)` sweeps one control and returns a self-contained JavaScript
animation (matplotlib's player, working offline), the stand-in for the explorer in the HTML
book. Its frames, like the explorer's image, are palette PNGs at a modest resolution: figures
of lines and flat colours need few colours, and a page stays light.
"""

from __future__ import annotations

import base64
import io
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import ipywidgets as widgets
from matplotlib.animation import FuncAnimation, HTMLWriter
from matplotlib.figure import Figure

from ..plots.style import palette

Update = Callable[[dict[str, object]], str]

EXPLORER_DPI = 80  # the explorer's image: about 600 px wide for the usual 7.5 in figure
FRAME_DPI = 64  # the stand-in's frames
PALETTE = 64  # colours of a palette PNG; anti-aliased lines and text need a few dozen


def palette_png(fig: Figure, dpi: float) -> bytes:
    """`fig` as a PNG with a palette of `PALETTE` colours (`plots.style.palette`): about a
    third of the size of matplotlib's full-colour PNG of the same figure."""
    full = io.BytesIO()
    fig.savefig(full, format="png", dpi=dpi)
    return palette(full.getvalue(), PALETTE)


class Explorer(widgets.VBox):
    """Controls, a readout line and a figure that `update(values)` redraws on every change.

    `name` is what `repr` calls the explorer (the factory's name for it, e.g. "SigmoidExplorer").
    """

    def __init__(
        self,
        controls: dict[str, widgets.ValueWidget],
        fig: Figure,
        update: Update,
        name: str = "Explorer",
        dpi: int = EXPLORER_DPI,
    ) -> None:
        self.controls = controls
        self.fig = fig
        self.name = name
        self._update = update
        self._dpi = dpi
        self.readout = widgets.HTML()
        self.image = widgets.Image(format="png")
        self._rendering_paused = False
        row = widgets.HBox(list(controls.values()))
        super().__init__([row, self.readout, self.image])
        for control in controls.values():
            control.observe(self._refresh, names="value")
        self._refresh()

    def values(self) -> dict[str, object]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _refresh(self, change: object = None) -> None:
        self.readout.value = self._update(self.values())
        if self._rendering_paused:  # animate() draws the frames itself
            return
        self.image.value = palette_png(self.fig, self._dpi)

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={_short(v)}" for k, v in self.values().items())
        return f"{self.name}({values})"


def _short(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else repr(value)


def slider(name: str, value: float, lo: float, hi: float, step: float) -> widgets.FloatSlider:
    """A float slider that updates when released (a redraw per drag step would lag)."""
    return widgets.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=name, continuous_update=False,
        readout_format=".2f",
    )


class _PaletteWriter(HTMLWriter):
    """matplotlib's HTML/JS player, with palette PNG frames (`palette_png`)."""

    def grab_frame(self, **savefig_kwargs) -> None:
        data = base64.encodebytes(palette_png(self.fig, self.dpi)).decode("ascii")
        self._saved_frames.append(data)


def player(
    fig: Figure,
    frame: Callable[[object], object],
    frames: Sequence[object],
    interval: int = 200,
    mode: str = "loop",
    dpi: float = FRAME_DPI,
) -> str:
    """An offline HTML/JS animation: `frame(value)` updates `fig` for each of `frames`."""
    anim = FuncAnimation(fig, frame, frames=list(frames), interval=interval, blit=False)
    writer = _PaletteWriter(fps=1000 / interval, embed_frames=True, default_mode=mode)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "player.html")
        anim.save(str(path), writer=writer, dpi=dpi)
        html = path.read_text()
    # matplotlib's player links Font Awesome 4 from a CDN for its button icons; the book serves
    # Font Awesome itself (the theme's), so the page must not reach out for it.
    html = _CDN_LINK.sub("", html)
    return html + _RELAYOUT.replace("IMG_ID", _IMG_ID.search(html).group(0))


# In JupyterLab (Chromium, JupyterLab 4) the player's image can end up with no layout box at
# all, so only the controls show; putting the same element back in place gives it one. The
# notebook lays out a cell only when it scrolls into view, so the check runs whenever the
# player's box changes size (a ResizeObserver), not once. Where the image shows (the HTML
# book) the check finds its box and does nothing.
_RELAYOUT = """<script>
(function () {
  var img = document.getElementById("IMG_ID");
  if (!img || !window.ResizeObserver) return;
  var fix = function () {
    var box = img.parentNode;
    if (img.isConnected && box.getClientRects().length > 0
        && img.getClientRects().length === 0) {
      box.insertBefore(img, box.firstChild);
    }
  };
  new ResizeObserver(fix).observe(img.parentNode);
  fix();
})();
</script>
"""
_IMG_ID = re.compile(r"_anim_img\w+")
_CDN_LINK = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">')


def animate(
    explorer: Explorer,
    name: str,
    values: Sequence[object],
    interval: int = 200,
    dpi: float = FRAME_DPI,
) -> str:
    """HTML/JS animation of `explorer` as control `name` sweeps `values` (works offline).

    The control is restored to its value before the sweep, and the explorer's image with it.
    """
    control = explorer.controls[name]
    start = control.value

    def frame(value: object) -> list:
        control.value = value
        return []

    explorer._rendering_paused = True  # each frame is drawn once, by the animation
    try:
        html = player(explorer.fig, frame, values, interval, "loop", dpi)
    finally:
        explorer._rendering_paused = False
        control.unobserve(explorer._refresh, names="value")  # one redraw, below, not two
        control.value = start
        control.observe(explorer._refresh, names="value")
        explorer._refresh()
    return html
