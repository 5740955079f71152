"""Chapter 'The general algorithm': how large the deltas of every layer are, for a chosen
depth, activation and weight scale (:eq:`eq-general-hidden-delta`)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..examples import deep_batch, deep_network
from ..flow import delta_sizes
from .base import Explorer, slider

#: The hidden activations the depth explorer offers.
DEPTH_ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")


def depth_explorer(
    depth: int = 8, activation: str = "sigmoid", gain: float = 1.0, width: int = 16
) -> Explorer:
    """Controls for the number of layers, the hidden activation and a gain multiplying every
    default weight of `examples.deep_network`. The figure shows mean abs(delta^(l)) against the
    layer l (log scale, `flow.delta_sizes` on `examples.deep_batch`); the readout gives the
    output and first layers' values and the factor by which the deltas fall from the output
    layer down to layer 1 (layer n / layer 1, the direction of the chapter's table).

    The y limits depend on the depth and the gain only, not on the activation: they cover the
    profiles of all of `DEPTH_ACTIVATIONS`, so that stepping through the menu (the HTML
    stand-in's frames) compares the activations on one scale."""
    X, T = deep_batch(width)
    fig = Figure(figsize=(6.4, 3.4), layout="constrained")
    ax = fig.subplots()
    (line,) = ax.semilogy([], [], "o-", color="tab:red")
    ax.set(xlabel="layer $l$ (1 = first hidden layer)", ylabel=r"mean $|\delta^{(l)}|$")
    ax.grid(alpha=0.3)

    def profile(n: int, act: str, g: float) -> list[float]:
        return delta_sizes(deep_network(n, act, gain=g, width=width), X, T)

    def update(values: dict[str, object]) -> str:
        n, act, g = int(values["depth"]), str(values["activation"]), float(values["gain"])
        sizes = profile(n, act, g)
        layers = np.arange(1, n + 1)
        line.set_data(layers, sizes)
        every = [s for a in DEPTH_ACTIVATIONS for s in profile(n, a, g) if s > 0] or [1.0]
        lo, hi = np.log10(min(every)), np.log10(max(every))
        pad = max(0.5, 0.1 * (hi - lo))
        ax.set_xlim(0.5, n + 0.5)
        ax.set_ylim(10 ** (lo - pad), 10 ** (hi + pad))
        ax.set_xticks(layers if n <= 10 else layers[::2])
        ax.set_title(f"{n} layers, {act} hidden units, gain {g:.2f}")
        fall = sizes[-1] / sizes[0] if sizes[0] > 0 else float("nan")
        return (
            f"mean |δ| in layer {n} (output): {sizes[-1]:.2e} &nbsp; in layer 1: "
            f"{sizes[0]:.2e} &nbsp; fall, layer {n} / layer 1: {fall:.2e}"
        )

    controls = {
        "depth": widgets.IntSlider(
            value=depth, min=2, max=16, step=1, description="layers", continuous_update=False
        ),
        "activation": widgets.Dropdown(
            options=list(DEPTH_ACTIVATIONS), value=activation, description="activation"
        ),
        "gain": slider("gain", gain, 0.25, 3.0, 0.25),
    }
    return Explorer(controls, fig, update, "DepthExplorer")
