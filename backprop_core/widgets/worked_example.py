"""Chapter 'A worked example': the 2-2-2-1 network of [F25] learns f(x1, x2) = 2 x1 + 3 x2 + 10.
An explorer that trains a fresh seeded network on every change, and an animation of training."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from ..affine import closest_affine
from ..examples import WORKED_ARCHITECTURES, worked_network
from ..mlp import MLP
from ..plots.style import decades, few_log_ticks
from .base import Explorer, player

MENU = [
    ("identity everywhere", "identity"),
    ("ReLU hidden", "relu"),
    ("tanh hidden", "tanh"),
    ("sigmoid hidden", "sigmoid"),
    ("sigmoid output", "sigmoid output"),
]
WIDE = {"description_width": "initial"}


def _two_axes(fig: Figure) -> list:
    """Two side-by-side axes with a fixed layout, for a Figure made with layout="none"
    (constrained layout, which the book's style turns on, would redo the text layout on every
    redraw, the slowest part of a frame). Figure(layout="none") alone is not enough: the first
    savefig installs the rc default engine, constrained, unless an engine is set, so a
    placeholder engine (no layout) is set explicitly."""
    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=True))
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.15, top=0.9, wspace=0.3)
    return list(fig.subplots(1, 2))


def _loss_text(loss: float) -> str:
    """'= 45.07' for the readout, but only '< 1e-12' below: a trained loss at that level is
    mostly round-off, whose digits change with the CPU's SIMD paths and summation order."""
    return "< 1e-12" if loss < 1e-12 else f"= {loss:.4g}"


def training_frames(
    net: MLP, X: np.ndarray, T: np.ndarray, lr: float, epochs: int, frames: int,
    reduction: str = "mean",
) -> tuple[list[int], list[np.ndarray], list[float], list[float]]:
    """What `training_animation` shows: the epochs of its frames (0, then up to frames - 1
    epochs spaced geometrically up to `epochs`), the predictions net(X)[:, 0] and the loss after
    each, and the loss of every epoch. Trains a copy of `net` with net.fit, in pieces; the last
    frame is the net that net.copy().fit(X, T, lr, epochs, reduction=reduction) gives."""
    net = net.copy()
    stops = np.unique(np.round(np.geomspace(1, epochs, frames - 1)).astype(int))
    stops = [0, *stops.tolist()]
    history: list[float] = []
    preds, losses = [], []
    for stop in stops:
        if stop > len(history):
            history += net.fit(X, T, lr, stop - len(history), reduction=reduction).tolist()
        preds.append(net(X)[:, 0].copy())
        losses.append(net.loss(X, T, reduction))
    return stops, preds, losses, history


def training_animation(
    net: MLP, X: np.ndarray, T: np.ndarray, lr: float = 0.03, epochs: int = 2000,
    frames: int = 25, reduction: str = "mean", interval: int = 300, dpi: int = 64,
) -> str:
    """An offline HTML/JS animation of full-batch training of a copy of `net` on (X, T).

    Left: each sample's prediction y against its target t (a perfect fit lies on the diagonal);
    right: the loss per epoch so far. Frames are taken at `frames` epochs spaced geometrically
    from 0 to `epochs`, since most of the change happens early. The caller's net is unchanged;
    the training is the deterministic net.fit, so the last frame is exactly the net that
    net.copy().fit(X, T, lr, epochs, reduction=reduction) gives.
    """
    X = np.asarray(X, dtype=float)
    T = np.asarray(T, dtype=float)
    stops, preds, losses, history = training_frames(net, X, T, lr, epochs, frames, reduction)
    fig = Figure(figsize=(7.6, 3.3), dpi=dpi, layout="none")
    ax_fit, ax_loss = _two_axes(fig)
    lo, hi = float(T.min()), float(T.max())
    pad = 0.05 * (hi - lo)
    ax_fit.plot([lo - pad, hi + pad], [lo - pad, hi + pad], "--", color="0.4", lw=1)
    (dots,) = ax_fit.plot(T[:, 0], preds[0], "o", ms=3, alpha=0.7)
    all_preds = np.concatenate(preds)
    ax_fit.set(
        xlim=(lo - pad, hi + pad),
        ylim=(min(lo, all_preds.min()) - pad, max(hi, all_preds.max()) + pad),
        xlabel="target $t$", ylabel="prediction $y$",
    )
    every = np.array([*history, losses[-1]])
    (curve,) = ax_loss.plot([], [], color="tab:blue")
    (point,) = ax_loss.plot([], [], "o", color="tab:red")
    ax_loss.set(
        yscale="log", xscale="symlog", xlim=(0, epochs), ylim=decades(every),
        xlabel="epoch (log scale)", ylabel=rf"loss $\mathcal{{L}}$ ({reduction})",
        title="Training loss",
    )
    few_log_ticks(ax_loss)

    def frame(k: int) -> list:
        stop = stops[k]
        dots.set_ydata(preds[k])
        ax_fit.set_title(f"Predictions after {stop} epochs")
        curve.set_data(np.arange(stop + 1), every[: stop + 1])
        point.set_data([stop], [losses[k]])
        return []

    frame(0)
    return player(fig, frame, range(len(stops)), interval, "once", dpi)


def worked_example_explorer(
    X: np.ndarray, T: np.ndarray, activation: str = "relu", lr: float = 0.03,
    epochs: int = 2000, seed: int = 2, reduction: str = "mean",
) -> Explorer:
    """A menu for the activations (`examples.WORKED_ARCHITECTURES`), sliders for the learning
    rate (log scale) and the number of epochs. Each change trains `examples.worked_network`
    (seed=seed) by full-batch gradient descent on (X, T) and shows its loss per epoch and its
    predictions against the targets; the readout gives the final loss, the largest prediction
    and the affine function closest (least squares, `affine.closest_affine`) to its outputs."""
    X = np.array(X, dtype=float)
    T = np.array(T, dtype=float)
    fig = Figure(figsize=(7.6, 3.3), layout="none")
    ax_loss, ax_fit = _two_axes(fig)
    (curve,) = ax_loss.plot([], [], color="tab:blue")
    ax_loss.set(yscale="log", xlabel="epoch", ylabel=rf"loss $\mathcal{{L}}$ ({reduction})")
    ax_loss.set_title("Training loss")
    few_log_ticks(ax_loss)
    lo, hi = float(T.min()), float(T.max())
    ax_fit.plot([lo, hi], [lo, hi], "--", color="0.4", lw=1)
    (dots,) = ax_fit.plot(T[:, 0], np.zeros(len(T)), "o", ms=3, alpha=0.7)
    ax_fit.set(xlabel="target $t$", ylabel="prediction $y$", title="Fit after training")

    def update(values: dict[str, object]) -> str:
        choice = str(values["activation"])
        acts = WORKED_ARCHITECTURES[choice]
        lr_now, n_epochs = float(values["lr"]), int(values["epochs"])
        net = worked_network(choice, seed)
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
        ax_loss.set_ylim(*decades(history))
        dots.set_ydata(y)
        ax_fit.set_ylim(min(lo, y.min()) - 0.5, max(hi, y.max()) + 0.5)
        (c1, c2, c0), _ = closest_affine(X, y)
        return (
            head + f"final loss {_loss_text(history[-1])} &nbsp; largest y = {y.max():.4f}<br>"
            f"closest affine function: {c1:.4f} x₁ + {c2:.4f} x₂ + {c0:.4f}"
        )

    controls = {
        "activation": widgets.Dropdown(
            options=MENU, value=activation, description="activation", style=WIDE,
            layout=widgets.Layout(width="34%"),
        ),
        "lr": widgets.FloatLogSlider(
            value=lr, base=10, min=-3, max=-0.5, step=0.05, description="lr",
            readout_format=".4f", continuous_update=False, style=WIDE,
            layout=widgets.Layout(width="33%"),
        ),
        "epochs": widgets.IntSlider(
            value=epochs, min=50, max=3000, step=50, description="epochs",
            continuous_update=False, style=WIDE, layout=widgets.Layout(width="33%"),
        ),
    }
    return Explorer(controls, fig, update, "WorkedExampleExplorer")
