"""Interactive explorers for the chapters, built on ipywidgets, and their static stand-ins.

An `Explorer` is a row of controls, a line of numbers (the readout) and a figure. The figure is
drawn by matplotlib and shown as a PNG inside an `ipywidgets.Image`, not through an `Output`
widget: nothing is printed to the cell while it updates, so a notebook re-run under nbval gives
exactly the stored outputs, and the saved widget state shows the figure at its default values
in the HTML book. A test drives an explorer as a reader would: set `explorer.controls[name].value`
and read `explorer.readout.value` and the data of `explorer.fig`'s artists.

`animate(explorer, name, values)` sweeps one control and returns a self-contained JavaScript
animation (matplotlib's `to_jshtml`), the stand-in for the explorer in the HTML book.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure

from .activations import sigmoid, sigmoid_prime
from .mlp import MLP

Update = Callable[[dict[str, object]], str]


class Explorer(widgets.VBox):
    """Controls, a readout line and a figure that `update(values)` redraws on every change."""

    def __init__(
        self, controls: dict[str, widgets.ValueWidget], fig: Figure, update: Update, dpi: int = 100
    ) -> None:
        self.controls = controls
        self.fig = fig
        self._update = update
        self._dpi = dpi
        self.readout = widgets.HTML()
        self.image = widgets.Image(format="png")
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
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", dpi=self._dpi)
        self.image.value = buffer.getvalue()

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={_short(v)}" for k, v in self.values().items())
        return f"{type(self).__name__}({values})"


def _short(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else repr(value)


def _slider(name: str, value: float, lo: float, hi: float, step: float) -> widgets.FloatSlider:
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=name,
        continuous_update=False,
        readout_format=".2f",
    )


def animate(explorer: Explorer, name: str, values: Sequence[object], interval: int = 200) -> str:
    """HTML/JS animation of `explorer` as control `name` sweeps `values` (works offline).

    The control is restored to its value before the sweep.
    """
    control = explorer.controls[name]
    start = control.value

    def frame(value: object) -> list:
        control.value = value
        return []

    anim = FuncAnimation(explorer.fig, frame, frames=list(values), interval=interval, blit=False)
    html = anim.to_jshtml(default_mode="loop")
    control.value = start
    # matplotlib's player links Font Awesome 4 from a CDN for its button icons; the book serves
    # Font Awesome itself (the theme's), so the page must not reach out for it.
    return _CDN_LINK.sub("", html)


_CDN_LINK = re.compile(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">')


# ---- chapter 2: the sigmoid --------------------------------------------------------------
class SigmoidExplorer(Explorer):
    """sigma(a) and sigma'(a) at a point a, with the tangent line there (chapter 'The sigmoid')."""


def sigmoid_explorer(a: float = 0.0) -> SigmoidExplorer:
    """A slider for a: the readout shows sigma(a), sigma'(a) and sigma(a)(1 - sigma(a))."""
    grid = np.linspace(-8, 8, 401)
    fig = Figure(figsize=(7.5, 3.2), layout="constrained")
    ax_s, ax_d = fig.subplots(1, 2)
    ax_s.plot(grid, sigmoid(grid), color="tab:blue")
    ax_d.plot(grid, sigmoid_prime(grid), color="tab:orange")
    (tangent,) = ax_s.plot([], [], "--", color="0.3", lw=1)
    (point_s,) = ax_s.plot([], [], "o", color="tab:blue")
    (point_d,) = ax_d.plot([], [], "o", color="tab:orange")
    ax_s.set(
        xlim=(-8, 8),
        ylim=(-0.1, 1.1),
        xlabel="$a$",
        ylabel=r"$\sigma(a)$",
        title=r"$\sigma(a)$ and its tangent",
    )
    ax_d.set(
        xlim=(-8, 8),
        ylim=(0, 0.27),
        xlabel="$a$",
        ylabel=r"$\sigma'(a)$",
        title=r"slope $\sigma'(a) = \sigma(a)\,(1-\sigma(a))$",
    )
    for ax in (ax_s, ax_d):
        ax.grid(alpha=0.3)

    def update(values: dict[str, object]) -> str:
        a = float(values["a"])
        s, ds = float(sigmoid(a)), float(sigmoid_prime(a))
        point_s.set_data([a], [s])
        point_d.set_data([a], [ds])
        tangent.set_data([a - 3, a + 3], [s - 3 * ds, s + 3 * ds])
        return (
            f"a = {a:.2f} &nbsp; σ(a) = {s:.6f} &nbsp; σ′(a) = {ds:.6f} &nbsp; "
            f"σ(a)(1 − σ(a)) = {s * (1 - s):.6f}"
        )

    return SigmoidExplorer({"a": _slider("a", a, -8.0, 8.0, 0.25)}, fig, update)


# ---- chapter 3: the L2 loss --------------------------------------------------------------
class LossExplorer(Explorer):
    """The loss of the 2-3-2 network as a function of one weight (chapter 'The L2-norm loss')."""


def loss_explorer(
    net: MLP, X: np.ndarray, T: np.ndarray, layer: int = 1, i: int = 0, j: int = 0
) -> LossExplorer:
    """Sliders for one weight w = net.weights[layer][i, j] and for the target t_1 of the first
    sample. The figure shows L(w) with every other parameter fixed, the current point, and the
    tangent whose slope is backprop_core's dL/dw; the readout compares it with a centred
    difference. The network and data are copied: the explorer never changes them."""
    net = net.copy()
    X = np.array(X, dtype=float)
    T = np.array(T, dtype=float)
    w0 = float(net.weights[layer][i, j])
    grid = np.linspace(w0 - 6, w0 + 6, 241)
    fig = Figure(figsize=(6.5, 3.4), layout="constrained")
    ax = fig.subplots()
    (curve,) = ax.plot([], [], color="tab:blue", label="$L(w)$")
    (tangent,) = ax.plot([], [], "--", color="0.3", lw=1, label="slope from backprop")
    (point,) = ax.plot([], [], "o", color="tab:red")
    name = _weight_name(net, layer, i, j)
    ax.set(xlabel=f"${name}$", ylabel="$L$", title=f"The loss as a function of ${name}$")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right")

    def loss_at(w: float, T_now: np.ndarray) -> float:
        net.weights[layer][i, j] = w
        return net.loss(X, T_now)

    def update(values: dict[str, object]) -> str:
        w, t1 = float(values["w"]), float(values["t1"])
        T_now = T.copy()
        T_now[0, 0] = t1
        curve.set_data(grid, [loss_at(g, T_now) for g in grid])
        loss = loss_at(w, T_now)
        _, dW, _ = net.gradients(X, T_now)
        slope = float(dW[layer][i, j])
        h = 1e-5
        numeric = (loss_at(w + h, T_now) - loss_at(w - h, T_now)) / (2 * h)
        loss_at(w, T_now)
        point.set_data([w], [loss])
        tangent.set_data([w - 1.5, w + 1.5], [loss - 1.5 * slope, loss + 1.5 * slope])
        ax.relim()
        ax.autoscale_view()
        return (
            f"{name.replace('{', '').replace('}', '')} = {w:.2f} &nbsp; t₁ = {t1:.2f} &nbsp; "
            f"L = {loss:.6f} &nbsp; ∂L/∂w (backprop) = {slope:.6f} &nbsp; "
            f"(centred difference: {numeric:.6f})"
        )

    controls = {
        "w": _slider("w", w0, w0 - 6, w0 + 6, 0.25),
        "t1": _slider("t₁", float(T[0, 0]), 0.0, 1.0, 0.05),
    }
    return LossExplorer(controls, fig, update)


def _weight_name(net: MLP, layer: int, i: int, j: int) -> str:
    if len(net.weights) == 2:
        return f"{'wu'[layer]}_{{{i + 1}{j + 1}}}"
    return f"w^{{({layer + 1})}}_{{{i + 1}{j + 1}}}"
