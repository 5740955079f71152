"""Chapter 'Initialisation': how Var a^(l) and Var delta^(l) of a deep network evolve layer by
layer for a chosen depth, activation, initialisation scheme and gain, measured on real networks
(`depth.measure`) against the formulas (`depth.predict`: :eq:`eq-init-forward`,
:eq:`eq-init-backward`)."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..depth import (
    VERDICT_BOUNDS,
    batch,
    measure,
    network,
    predict,
    scheme_variances,
    short,
    verdict,
)
from ..plots.style import few_log_ticks
from .base import Explorer, slider
from .general import DEPTH_ACTIVATIONS

#: The schemes the explorer offers (`backprop_core.init`).
INIT_SCHEMES = ("lecun", "xavier", "he")


def _number(x: float) -> str:
    """x as `depth.short` prints it (a text no rounding difference between CPUs can change),
    or, in the rare case that refuses, three digits marked as rounded."""
    try:
        return short(x)
    except ValueError:
        return f"≈{x:.3g}"


def _words(ratio: float) -> str:
    """The verdict in words (the bounds are in the chapter); a ratio within 1% of a bound,
    where rounding could tip the verdict, is said to be at that bound."""
    if not 0 < ratio < math.inf:
        return "not measurable"
    try:
        return verdict(ratio).split(" (")[0]
    except ValueError:
        bound = min(VERDICT_BOUNDS, key=lambda b: abs(math.log(ratio / b)))
        return f"at the bound {bound:g}"


def _ratio_text(ratio: float, predicted: float) -> str:
    return f"{_number(ratio)} (predicted {_number(predicted)}): {_words(ratio)}"


def init_explorer(
    depth: int = 20,
    activation: str = "tanh",
    init: str = "lecun",
    gain: float = 1.0,
    width: int = 64,
    seeds: int = 4,
    samples: int = 64,
) -> Explorer:
    """Controls for the number of layers, the hidden activation, the scheme (`INIT_SCHEMES`)
    and a gain multiplying every initial weight. The left panel shows Var a^(l), the right
    Var delta^(l), against the layer l (log scales): dots measured (the mean of `seeds`
    square networks of `width` units on `samples` inputs, the output delta a fixed standard
    normal batch), lines predicted. The readout gives the ratios last / first layer (forward)
    and first / last layer (backward), measured and predicted."""
    X, G = batch(width, width, samples)
    fig = Figure(figsize=(7.5, 3.3), layout="constrained")
    axes = fig.subplots(1, 2)
    dots, lines = [], []
    names = (r"$\operatorname{Var} a^{(l)}$", r"$\operatorname{Var}\delta^{(l)}$")
    for ax, name in zip(axes, names):
        dots.append(ax.semilogy([], [], "o", ms=4, color="tab:blue", label="measured")[0])
        lines.append(ax.semilogy([], [], "-", color="tab:orange", label="predicted")[0])
        ax.set(xlabel="layer $l$", ylabel=name)
        ax.grid(alpha=0.3)
    axes[0].set_title("Forward: pre-activations")
    axes[1].set_title(r"Backward: deltas")
    axes[1].legend(loc="best", fontsize="small")

    def update(values: dict[str, object]) -> str:
        n, act = int(values["depth"]), str(values["activation"])
        scheme, g = str(values["init"]), float(values["gain"])
        nets = [network(n, act, scheme, g, width, seed) for seed in range(seeds)]
        got = measure(nets, X, G)
        want = predict(nets[0].sizes, nets[0].activations, scheme_variances(nets[0], g))
        layers = np.arange(1, n + 1)
        pairs = ((got.a_square, want.a_square), (got.delta_square, want.delta_square))
        for ax, dot, line, (m, p) in zip(axes, dots, lines, pairs):
            dot.set_data(layers, list(m))
            line.set_data(layers, list(p))
            values_all = [v for v in list(m) + list(p) if v > 0] or [1.0]
            lo, hi = np.log10(min(values_all)), np.log10(max(values_all))
            pad = max(0.5, 0.1 * (hi - lo))
            ax.set_xlim(0.5, n + 0.5)
            ax.set_ylim(10 ** (lo - pad), 10 ** (hi + pad))
            few_log_ticks(ax)  # a few labelled decades: fast to draw, easy to read
        fig.suptitle(f"{n} layers, {act}, {scheme} x gain {g:.2f}, width {width}")
        forward = _ratio_text(
            got.a_square[n] / got.a_square[1], want.a_square[n] / want.a_square[1]
        )
        backward = _ratio_text(
            got.delta_square[1] / got.delta_square[n], want.delta_square[1] / want.delta_square[n]
        )
        return f"Var a^({n}) / Var a^(1) = {forward} &nbsp; Var δ^(1) / Var δ^({n}) = {backward}"

    controls = {
        "depth": widgets.IntSlider(
            value=depth, min=2, max=30, step=1, description="layers", continuous_update=False
        ),
        "activation": widgets.Dropdown(
            options=list(DEPTH_ACTIVATIONS), value=activation, description="activation"
        ),
        "init": widgets.Dropdown(options=list(INIT_SCHEMES), value=init, description="init"),
        "gain": slider("gain", gain, 0.25, 3.0, 0.25),
    }
    for control in controls.values():
        control.layout.width = "220px"  # two to four controls a row, by the page's width
    explorer = Explorer(controls, fig, update, "InitExplorer")
    explorer.children[0].layout.flex_flow = "row wrap"  # the row of controls wraps on a phone
    return explorer
