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
from matplotlib.ticker import LogLocator, NullLocator

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
    explorer._rendering_paused = True  # each frame is drawn once, by the animation
    try:
        html = anim.to_jshtml(default_mode="loop")
    finally:
        explorer._rendering_paused = False
        control.value = start
        explorer._refresh()
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


# ---- chapter 1: the network and its notation -------------------------------------------
class ForwardExplorer(Explorer):
    """A forward pass through a small network, unit by unit (chapter 'The network')."""


def forward_explorer(net: MLP, x: Sequence[float] | None = None) -> ForwardExplorer:
    """One slider per input x_i (at most four); the figure is the network with its weights and,
    under every unit, its value in the forward pass; the readout lists the outputs y_k."""
    from .plots import draw_network

    if net.sizes[0] > 4:
        raise ValueError(f"forward_explorer shows at most 4 inputs, the network has {net.sizes[0]}")
    net = net.copy()
    x0 = [0.5] * net.sizes[0] if x is None else [float(v) for v in x]
    if len(x0) != net.sizes[0]:
        raise ValueError(f"x needs {net.sizes[0]} values, got {len(x0)}")
    fig = Figure(
        figsize=(4.0 * len(net.weights) + 1.6, 1.1 * max(net.sizes) + 1.6), layout="constrained"
    )
    ax = fig.subplots()
    names = ["w", "u"] if len(net.weights) == 2 else None

    def update(values: dict[str, object]) -> str:
        X = np.array([[float(values[f"x{i + 1}"]) for i in range(net.sizes[0])]])
        h = net.trace(X).h
        ax.clear()
        draw_network(
            net.sizes,
            weights=net.weights,
            weight_names=names,
            ax=ax,
            node_values=[layer[0] for layer in h],
            title="Forward pass",
        )
        outputs = ", ".join(f"y{k + 1} = {v:.4f}" for k, v in enumerate(h[net.L][0]))
        return f"{outputs} &nbsp; (values in green under each unit)"

    controls = {
        f"x{i + 1}": _slider(f"x{i + 1}", x0[i], -2.0, 2.0, 0.1) for i in range(net.sizes[0])
    }
    return ForwardExplorer(controls, fig, update)


def _weight_name(net: MLP, layer: int, i: int, j: int) -> str:
    if len(net.weights) == 2:
        return f"{'wu'[layer]}_{{{i + 1}{j + 1}}}"
    return f"w^{{({layer + 1})}}_{{{i + 1}{j + 1}}}"


# ---- chapter 'A worked example': the 2-2-2-1 network of [F25] learns 2 x1 + 3 x2 + 10 ------
WORKED_ARCHITECTURES: dict[str, tuple[str, str, str]] = {
    "identity": ("identity", "identity", "identity"),
    "relu": ("relu", "relu", "identity"),
    "tanh": ("tanh", "tanh", "identity"),
    "sigmoid": ("sigmoid", "sigmoid", "identity"),
    "sigmoid output": ("identity", "identity", "sigmoid"),
}
"""Activations of the three layers of the 2-2-2-1 network for each choice of the explorer."""


def _affine_fit(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Least-squares (c1, c2, c0) with y ≈ c1 x1 + c2 x2 + c0, and the largest residual."""
    A = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return coef, float(np.max(np.abs(A @ coef - y)))


def _worked_axes(fig: Figure) -> list:
    """Two side-by-side axes with a fixed layout, for a Figure made with layout="none"
    (constrained layout, which the book's style turns on, would redo the text layout on every
    redraw, the slowest part of a frame)."""
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.15, top=0.9, wspace=0.3)
    return list(fig.subplots(1, 2))


def _few_log_ticks(ax) -> None:
    ax.yaxis.set_major_locator(LogLocator(numticks=5))
    ax.yaxis.set_minor_locator(NullLocator())


def _decades(values: np.ndarray) -> tuple[float, float]:
    """Limits of a log axis: whole powers of ten around the positive values."""
    positive = np.asarray(values)[np.asarray(values) > 0]
    lo, hi = np.floor(np.log10(positive.min())), np.ceil(np.log10(positive.max()))
    return 10.0**lo, 10.0 ** max(hi, lo + 1)


def training_animation(
    net: MLP,
    X: np.ndarray,
    T: np.ndarray,
    lr: float = 0.03,
    epochs: int = 2000,
    frames: int = 25,
    reduction: str = "mean",
    interval: int = 300,
    dpi: int = 80,
) -> str:
    """An offline HTML/JS animation of full-batch training of a copy of `net` on (X, T).

    Left: each sample's prediction y against its target t (a perfect fit lies on the diagonal);
    right: the loss per epoch so far. Frames are taken at `frames` epochs spaced geometrically
    from 0 to `epochs`, since most of the change happens early. The caller's net is unchanged;
    the training is the deterministic net.fit, so the last frame is exactly the net that
    net.copy().fit(X, T, lr, epochs, reduction=reduction) gives.
    """
    net = net.copy()
    X = np.asarray(X, dtype=float)
    T = np.asarray(T, dtype=float)
    stops = np.unique(np.round(np.geomspace(1, epochs, frames - 1)).astype(int))
    stops = [0, *stops.tolist()]
    history: list[float] = []
    preds, losses = [], []
    for stop in stops:
        if stop > len(history):
            history += net.fit(X, T, lr, stop - len(history), reduction=reduction).tolist()
        preds.append(net(X)[:, 0].copy())
        losses.append(net.loss(X, T, reduction))
    fig = Figure(figsize=(7.6, 3.3), dpi=dpi, layout="none")
    ax_fit, ax_loss = _worked_axes(fig)
    lo, hi = float(T.min()), float(T.max())
    pad = 0.05 * (hi - lo)
    ax_fit.plot([lo - pad, hi + pad], [lo - pad, hi + pad], "--", color="0.4", lw=1)
    (dots,) = ax_fit.plot(T[:, 0], preds[0], "o", ms=3, alpha=0.7)
    all_preds = np.concatenate(preds)
    ax_fit.set(
        xlim=(lo - pad, hi + pad),
        ylim=(min(lo, all_preds.min()) - pad, max(hi, all_preds.max()) + pad),
        xlabel="target $t$",
        ylabel="prediction $y$",
    )
    every = np.array([*history, losses[-1]])
    (curve,) = ax_loss.plot([], [], color="tab:blue")
    (point,) = ax_loss.plot([], [], "o", color="tab:red")
    ax_loss.set(
        yscale="log",
        xscale="symlog",
        xlim=(0, epochs),
        ylim=_decades(every),
        xlabel="epoch (log scale)",
        ylabel=f"loss $L$ ({reduction})",
        title="Training loss",
    )
    _few_log_ticks(ax_loss)

    def frame(k: int) -> list:
        stop = stops[k]
        dots.set_ydata(preds[k])
        ax_fit.set_title(f"Predictions after {stop} epochs")
        curve.set_data(np.arange(stop + 1), every[: stop + 1])
        point.set_data([stop], [losses[k]])
        return []

    frame(0)
    anim = FuncAnimation(fig, frame, frames=range(len(stops)), interval=interval, blit=False)
    return _CDN_LINK.sub("", anim.to_jshtml(default_mode="once"))


class WorkedExampleExplorer(Explorer):
    """A fresh seeded 2-2-2-1 network trained on every change (chapter 'A worked example')."""


def worked_example_explorer(
    X: np.ndarray,
    T: np.ndarray,
    activation: str = "relu",
    lr: float = 0.03,
    epochs: int = 2000,
    seed: int = 2,
    reduction: str = "mean",
) -> WorkedExampleExplorer:
    """A menu for the activations (`WORKED_ARCHITECTURES`), sliders for the learning rate (log
    scale) and the number of epochs. Each change trains MLP([2, 2, 2, 1], ..., seed=seed) by
    full-batch gradient descent on (X, T) and shows its loss per epoch and its predictions
    against the targets; the readout gives the final loss, the largest prediction and the
    affine function closest (least squares) to the network's outputs on X."""
    X = np.array(X, dtype=float)
    T = np.array(T, dtype=float)
    fig = Figure(figsize=(7.6, 3.3), layout="none")
    ax_loss, ax_fit = _worked_axes(fig)
    (curve,) = ax_loss.plot([], [], color="tab:blue")
    ax_loss.set(yscale="log", xlabel="epoch", ylabel=f"loss $L$ ({reduction})")
    ax_loss.set_title("Training loss")
    _few_log_ticks(ax_loss)
    lo, hi = float(T.min()), float(T.max())
    ax_fit.plot([lo, hi], [lo, hi], "--", color="0.4", lw=1)
    (dots,) = ax_fit.plot(T[:, 0], np.zeros(len(T)), "o", ms=3, alpha=0.7)
    ax_fit.set(xlabel="target $t$", ylabel="prediction $y$", title="Fit after training")

    def update(values: dict[str, object]) -> str:
        acts = WORKED_ARCHITECTURES[str(values["activation"])]
        lr_now, n_epochs = float(values["lr"]), int(values["epochs"])
        net = MLP([2, 2, 2, 1], list(acts), seed=seed)
        head = f"{', '.join(acts)} &nbsp; lr = {lr_now:.4f} &nbsp; {n_epochs} epochs &nbsp; "
        ax_loss.set_title(f"Loss with {', '.join(acts)}", fontsize=10)
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                history = net.fit(X, T, lr_now, n_epochs, reduction=reduction)
        except FloatingPointError:
            curve.set_data([], [])
            dots.set_ydata(np.full(len(T), np.nan))
            return head + "training diverged: lower the learning rate"
        y = net(X)[:, 0]
        curve.set_data(np.arange(1, n_epochs + 1), history)
        ax_loss.set_xlim(0, n_epochs)
        ax_loss.set_ylim(*_decades(history))
        dots.set_ydata(y)
        ax_fit.set_ylim(min(lo, y.min()) - 0.5, max(hi, y.max()) + 0.5)
        (c1, c2, c0), _ = _affine_fit(X, y)
        return (
            head + f"final loss = {history[-1]:.3e} &nbsp; largest y = {y.max():.4f}<br>"
            f"closest affine function: {c1:.4f} x₁ + {c2:.4f} x₂ + {c0:.4f}"
        )

    options = [
        ("identity everywhere", "identity"),
        ("ReLU hidden", "relu"),
        ("tanh hidden", "tanh"),
        ("sigmoid hidden", "sigmoid"),
        ("sigmoid output", "sigmoid output"),
    ]
    controls = {
        "activation": widgets.Dropdown(
            options=options,
            value=activation,
            description="activation",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="34%"),
        ),
        "lr": widgets.FloatLogSlider(
            value=lr,
            base=10,
            min=-3,
            max=-0.5,
            step=0.05,
            description="lr",
            readout_format=".4f",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="33%"),
        ),
        "epochs": widgets.IntSlider(
            value=epochs,
            min=50,
            max=3000,
            step=50,
            description="epochs",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="33%"),
        ),
    }
    return WorkedExampleExplorer(controls, fig, update)


# ---- chapter 4: backpropagation for the output layer -------------------------------------
class DeltaExplorer(Explorer):
    """The output delta (y - t) y (1 - y) as error times slope (chapter 'Backpropagation for the
    output layer', :eq:`eq-output-delta`)."""


def delta_explorer(y: float = 0.9, t: float = 0.1) -> DeltaExplorer:
    """Sliders for an output y and its target t. Left: the error y - t, the slope y (1 - y) and
    their product delta over y in (0, 1) for this t, with the current point. Right: delta over
    the whole (y, t) square, with the current point. The readout gives the three numbers."""
    from .deltas import output_delta

    grid = np.linspace(0.001, 0.999, 400)
    fig = Figure(figsize=(8.2, 3.3), layout="constrained")
    ax_c, ax_m = fig.subplots(1, 2)
    (error_line,) = ax_c.plot([], [], "--", color="0.45", label="error $y - t$")
    ax_c.plot(grid, grid * (1 - grid), ":", color="tab:orange", label="slope $y(1-y)$")
    (delta_line,) = ax_c.plot(
        [], [], color="tab:blue", lw=2, label=r"$\delta = $ error $\times$ slope"
    )
    (point_c,) = ax_c.plot([], [], "o", color="tab:red")
    ax_c.axhline(0, color="0.3", lw=0.6)
    ax_c.set(
        xlim=(0, 1),
        ylim=(-0.3, 0.3),
        xlabel="output $y$",
        ylabel="value",
        title=r"$\delta$ for the current target $t$",
    )
    ax_c.legend(loc="lower left", fontsize=8)
    ys, ts = np.meshgrid(grid, grid)
    surface = output_delta(ys.reshape(-1, 1), ts.reshape(-1, 1)).reshape(ys.shape)
    image = ax_m.imshow(
        surface,
        origin="lower",
        extent=(0, 1, 0, 1),
        cmap="RdBu_r",
        vmin=-0.15,
        vmax=0.15,
        aspect="auto",
    )
    fig.colorbar(image, ax=ax_m, label=r"$\delta$")
    ax_m.contour(ys, ts, surface, levels=[0], colors="0.2", linewidths=0.8)
    (point_m,) = ax_m.plot([], [], "o", color="black", mfc="none", ms=9, mew=2)
    ax_m.set(xlabel="output $y$", ylabel="target $t$", title=r"$\delta(y, t)$ everywhere")
    ax_m.grid(False)

    def update(values: dict[str, object]) -> str:
        y, t = float(values["y"]), float(values["t"])
        error_line.set_data(grid, grid - t)
        delta_line.set_data(
            grid, output_delta(grid.reshape(-1, 1), np.full((grid.size, 1), t))[:, 0]
        )
        delta = float(output_delta(np.array([[y]]), np.array([[t]]))[0, 0])
        point_c.set_data([y], [delta])
        point_m.set_data([y], [t])
        return (
            f"y = {y:.3f} &nbsp; t = {t:.2f} &nbsp; error y − t = {y - t:+.3f} &nbsp; "
            f"slope y(1 − y) = {y * (1 - y):.4f} &nbsp; δ = {delta:+.5f}"
        )

    controls = {"y": _slider("y", y, 0.005, 0.995, 0.005), "t": _slider("t", t, 0.0, 1.0, 0.05)}
    controls["y"].readout_format = ".3f"
    explorer = DeltaExplorer(controls, fig, update)
    # The first drawing fixed the layout; keeping it makes every later frame cheaper.
    fig.set_layout_engine("none")
    return explorer


# ---- chapter 5: backpropagation for a hidden layer ---------------------------------------
class BackwardFlowExplorer(Explorer):
    """How the output errors flow back to the hidden units (chapter 'Backpropagation for a
    hidden layer', :eq:`eq-hidden-dL-dh`, :eq:`eq-hidden-delta`)."""


def backward_flow_explorer(net: MLP, x: np.ndarray, t: np.ndarray) -> BackwardFlowExplorer:
    """Sliders for the targets t_1, t_2 of one sample of a 2-3-2 network. Left: the network with
    edge widths abs(u_jk delta_k), abs(w_ij delta_j) (`plots.draw_backward_flow`). Right: for each
    hidden unit j, the shares delta_k u_jk from each output, their sum dL/dh_j, and the delta
    delta_j = dL/dh_j h_j (1 - h_j). The network is copied: the explorer never changes it."""
    from .plots import backward_shares, draw_backward_flow

    net = net.copy()
    x = np.array(x, dtype=float).reshape(1, -1)
    t0 = np.array(t, dtype=float).reshape(1, -1)
    if net.sizes[-1] != 2 or len(net.sizes) != 3:
        raise ValueError(
            f"backward_flow_explorer needs a network with one hidden layer and two "
            f"outputs, got sizes {net.sizes}"
        )
    n_hidden = net.sizes[1]
    # |delta_k| <= 4/27 for a sigmoid output and a target in [0, 1]: a fixed scale that fits.
    limit = 0.155 * max(float(np.abs(net.weights[1]).sum(axis=1).max()), 0.1)
    fig = Figure(figsize=(8.2, 3.8), layout="constrained")
    ax_n, ax_b = fig.subplots(1, 2, width_ratios=[1.15, 1])

    def update(values: dict[str, object]) -> str:
        T = np.array([[float(values["t1"]), float(values["t2"])]])
        backprop = net.backprop(x, T)
        delta_h, delta_y = backprop.delta[1][0], backprop.delta[2][0]
        shares = backward_shares(net, x, T)[1]  # shape (n_hidden, 2): delta_k u_jk
        ax_n.clear()
        draw_backward_flow(net, x, T, title="Edge width: share of the error", ax=ax_n)
        ax_b.clear()
        j = np.arange(1, n_hidden + 1)
        bars = [
            (shares[:, 0], r"from $y_1$: $\delta_1 u_{j1}$", "tab:cyan"),
            (shares[:, 1], r"from $y_2$: $\delta_2 u_{j2}$", "tab:purple"),
            (shares.sum(axis=1), r"sum $\partial L/\partial h_j$", "0.35"),
            (delta_h, r"$\delta_j$ = sum $\times\, h_j(1-h_j)$", "tab:green"),
        ]
        for n, (heights, label, color) in enumerate(bars):
            ax_b.bar(j + (n - 1.5) * 0.2, heights, width=0.2, color=color, label=label)
        ax_b.axhline(0, color="0.3", lw=0.6)
        ax_b.set(
            xticks=j,
            xticklabels=[f"$h_{{{k}}}$" for k in j],
            ylabel="value",
            title="What reaches each hidden unit",
            ylim=(-limit, limit),
        )
        ax_b.legend(fontsize=8, loc="lower left")
        return (
            f"t = ({T[0, 0]:.2f}, {T[0, 1]:.2f}) &nbsp; "
            f"δ (outputs) = ({delta_y[0]:+.4f}, {delta_y[1]:+.4f}) &nbsp; "
            f"∂L/∂h = ({', '.join(f'{v:+.4f}' for v in shares.sum(axis=1))}) &nbsp; "
            f"δ (hidden) = ({', '.join(f'{v:+.4f}' for v in delta_h)})"
        )

    controls = {
        "t1": _slider("t₁", float(t0[0, 0]), 0.0, 1.0, 0.05),
        "t2": _slider("t₂", float(t0[0, 1]), 0.0, 1.0, 0.05),
    }
    explorer = BackwardFlowExplorer(controls, fig, update)
    fig.set_layout_engine("none")  # the first drawing fixed the layout
    return explorer


# ---- chapter 6: the general algorithm ------------------------------------------------------
class DepthExplorer(Explorer):
    """How large the deltas of every layer are, for a chosen depth, activation and weight scale
    (chapter 'The general algorithm', :eq:`eq-general-hidden-delta`)."""


DEPTH_ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")


def depth_deltas(
    depth: int, activation: str, gain: float, width: int = 16, batch: int = 64, seed: int = 0
) -> list[float]:
    """Mean abs(delta^(l)) of every layer l = 1..depth of a network [width]*depth + [1]: `depth`
    layers, the hidden ones with `activation`, the output the identity, default weights times
    `gain`, on a fixed random batch. Used by `depth_explorer`."""
    net = MLP([width] * depth + [1], [activation] * (depth - 1) + ["identity"], seed=seed)
    for W in net.weights:
        W *= gain
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, width))
    T = rng.normal(size=(batch, 1))
    return [float(np.abs(d).mean()) for d in net.backprop(X, T).delta]


def depth_explorer(
    depth: int = 8, activation: str = "sigmoid", gain: float = 1.0, width: int = 16
) -> DepthExplorer:
    """Controls for the number of layers, the hidden activation and a gain multiplying every
    default weight. The figure shows mean abs(delta^(l)) against the layer l (log scale); the
    readout gives the first and last layers' values and their ratio."""
    fig = Figure(figsize=(6.4, 3.4), layout="constrained")
    ax = fig.subplots()
    (line,) = ax.semilogy([], [], "o-", color="tab:red")
    ax.set(xlabel="layer $l$ (1 = first hidden layer)", ylabel=r"mean $|\delta^{(l)}|$")
    ax.grid(alpha=0.3)

    def update(values: dict[str, object]) -> str:
        n, act, g = int(values["depth"]), str(values["activation"]), float(values["gain"])
        sizes = depth_deltas(n, act, g, width)
        layers = np.arange(1, n + 1)
        line.set_data(layers, sizes)
        positive = [s for s in sizes if s > 0] or [1.0]
        lo, hi = np.log10(min(positive)), np.log10(max(positive))
        pad = max(0.5, 0.1 * (hi - lo))
        ax.set_xlim(0.5, n + 0.5)
        ax.set_ylim(10 ** (lo - pad), 10 ** (hi + pad))
        ax.set_xticks(layers if n <= 10 else layers[::2])
        ax.set_title(f"{n} layers, {act} hidden units, gain {g:.2f}")
        ratio = sizes[0] / sizes[-1] if sizes[-1] > 0 else float("nan")
        return (
            f"mean |δ| in layer 1: {sizes[0]:.2e} &nbsp; in layer {n} (output): "
            f"{sizes[-1]:.2e} &nbsp; ratio layer 1 / layer {n}: {ratio:.2e}"
        )

    controls = {
        "depth": widgets.IntSlider(
            value=depth, min=2, max=16, step=1, description="layers", continuous_update=False
        ),
        "activation": widgets.Dropdown(
            options=list(DEPTH_ACTIVATIONS), value=activation, description="activation"
        ),
        "gain": _slider("gain", gain, 0.25, 3.0, 0.25),
    }
    explorer = DepthExplorer(controls, fig, update)
    return explorer


# ---- chapter 8: checking gradients ---------------------------------------------------------
class StepExplorer(Explorer):
    """The error of a finite difference as the step h changes (chapter 'Checking gradients',
    :eq:`eq-centred-difference`, :eq:`eq-relative-error`)."""


STEP_GRID = np.logspace(-14, 0, 57)


def step_explorer(
    net: MLP,
    x: np.ndarray,
    t: np.ndarray,
    param: int = 0,
    log10_h: float = -5.0,
    method: str = "centred",
    precision: str = "float64",
) -> StepExplorer:
    """Controls for log10 h, the method (centred or forward difference) and the precision
    (float64 or float32) of a finite-difference check of parameter number `param` (in
    `parameter_labels` order) of `net` at one sample (x, t). The figure shows the relative error
    against h for all four combinations, the chosen one highlighted, with the current h marked;
    the readout compares the difference quotient with backpropagation's gradient (float64)."""
    from .gradcheck import (
        difference_gradients,
        error_vs_h,
        parameter_labels,
        reference_gradient,
        with_dtype,
    )

    x = np.asarray(x, dtype=float).reshape(1, -1)
    t = np.asarray(t, dtype=float).reshape(1, -1)
    nets = {p: with_dtype(net, np.dtype(p)) for p in ("float64", "float32")}
    curves = {
        (m, p): error_vs_h(n, x, t, STEP_GRID, m)[:, param]
        for m in ("centred", "forward")
        for p, n in nets.items()
    }
    label = parameter_labels(net)[param]
    reference = {p: float(reference_gradient(n, x, t)[param]) for p, n in nets.items()}
    fig = Figure(figsize=(6.6, 3.8), layout="constrained")
    ax = fig.subplots()
    lines = {}
    for (m, p), errors in curves.items():
        color = "tab:blue" if m == "centred" else "tab:orange"
        style = "-" if p == "float64" else "--"
        (lines[m, p],) = ax.loglog(
            STEP_GRID, np.maximum(errors, 1e-17), style, color=color, label=f"{m}, {p}"
        )
    (point,) = ax.loglog([], [], "o", color="black", ms=7)
    ax.axhline(1e-7, ls=":", color="0.4", lw=1)
    ax.set(
        xlabel="step $h$",
        ylabel="relative error",
        ylim=(1e-12, 10),
        title=f"Finite differences for $\\partial L/\\partial {_tex_label(label)}$",
    )
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3)

    def update(values: dict[str, object]) -> str:
        h = 10.0 ** float(values["log10_h"])
        m, p = str(values["method"]), str(values["precision"])
        for key, artist in lines.items():
            chosen = key == (m, p)
            artist.set_alpha(1.0 if chosen else 0.25)
            artist.set_linewidth(2.2 if chosen else 1.0)
        numeric = float(difference_gradients(nets[p], x, t, h, m)[param])
        exact_value = reference[p]
        err = abs(numeric - exact_value) / max(abs(numeric), abs(exact_value), 1e-12)
        point.set_data([h], [max(err, 1e-17)])
        return (
            f"h = {h:.1e} &nbsp; {m}, {p} &nbsp; difference quotient {numeric:.10g} &nbsp; "
            f"backprop {exact_value:.10g} &nbsp; relative error {err:.1e}"
        )

    controls = {
        "log10_h": _slider("log₁₀ h", log10_h, -14.0, 0.0, 0.25),
        "method": widgets.Dropdown(
            options=["centred", "forward"], value=method, description="method"
        ),
        "precision": widgets.Dropdown(
            options=["float64", "float32"], value=precision, description="precision"
        ),
    }
    explorer = StepExplorer(controls, fig, update)
    fig.set_layout_engine("none")  # the first drawing fixed the layout
    return explorer


def _tex_label(label: str) -> str:
    """'w^(1)_12' -> 'w^{(1)}_{12}' for a matplotlib title."""
    name, _, rest = label.partition("^")
    layer, _, index = rest.partition("_")
    return f"{name}^{{{layer}}}_{{{index}}}"
