"""Chapter 'The network': a forward pass through a small network, unit by unit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from .. import notation
from ..mlp import MLP
from ..plots.network import draw_network
from .base import Explorer, slider

MAX_INPUTS = 4  # one slider per input: more would not fit in a row


def forward_explorer(net: MLP, x: Sequence[float] | None = None) -> Explorer:
    """One slider per input x_i (at most four); the figure is the network with its weights and,
    under every unit, its value in the forward pass; the readout lists the outputs y_k."""
    n_in = net.sizes[0]
    if n_in > MAX_INPUTS:
        raise ValueError(
            f"forward_explorer shows at most {MAX_INPUTS} inputs, the network has {n_in}"
        )
    net = net.copy()
    x0 = [0.5] * n_in if x is None else [float(v) for v in x]
    if len(x0) != n_in:
        raise ValueError(f"x needs {n_in} values, got {len(x0)}")
    fig = Figure(figsize=(4.0 * net.L + 1.6, 1.1 * max(net.sizes) + 1.6), layout="constrained")
    ax = fig.subplots()
    letters = notation.SOURCES_LETTERS if net.L == 2 else None

    def update(values: dict[str, object]) -> str:
        X = np.array([[float(values[f"x{i}"]) for i in range(1, n_in + 1)]])
        h = net.trace(X).h
        ax.clear()
        draw_network(
            net.sizes, weights=net.weights, weight_names=letters, ax=ax,
            node_values=[h[l][0] for l in h.numbers()], title="Forward pass",
        )
        outputs = ", ".join(f"y{k} = {v:.4f}" for k, v in enumerate(h[net.L][0], start=1))
        return f"{outputs} &nbsp; (values in green under each unit)"

    controls = {f"x{i}": slider(f"x{i}", x0[i - 1], -2.0, 2.0, 0.1) for i in range(1, n_in + 1)}
    return Explorer(controls, fig, update, "ForwardExplorer")
