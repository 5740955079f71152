"""Chapter 'Backpropagation for a hidden layer': how the output errors flow back to the hidden
units (:eq:`eq-hidden-dL-dh`, :eq:`eq-hidden-delta`)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..flow import backward_shares, hidden_gradient_bound
from ..mlp import MLP
from ..plots.flow import draw_backward_flow
from .base import Explorer, slider

BARS = (
    (r"from $y_1$: $\delta_1 u_{j1}$", "tab:cyan"),
    (r"from $y_2$: $\delta_2 u_{j2}$", "tab:purple"),
    (r"sum $\partial L/\partial h_j$", "0.35"),
    (r"$\delta_j$ = sum $\times\, h_j(1-h_j)$", "tab:green"),
)
BAR_WIDTH = 0.2


def backward_flow_explorer(net: MLP, x: np.ndarray, t: np.ndarray) -> Explorer:
    """Sliders for the targets t_1, t_2 of one sample of a 2-3-2 network. Left: the network with
    edge widths abs(u_jk delta_k), abs(w_ij delta_j) (`plots.draw_backward_flow`). Right: for each
    hidden unit j, the shares delta_k u_jk from each output, their sum dL/dh_j, and the delta
    delta_j = dL/dh_j h_j (1 - h_j). The network is copied: the explorer never changes it."""
    net = net.copy()
    x = np.array(x, dtype=float).reshape(1, -1)
    t0 = np.array(t, dtype=float).reshape(1, -1)
    if net.sizes[-1] != 2 or net.L != 2:
        raise ValueError(
            f"backward_flow_explorer needs a network with one hidden layer and two "
            f"outputs, got sizes {net.sizes}"
        )
    n_hidden = net.sizes[1]
    # One scale for every target: no bar can leave it (flow.hidden_gradient_bound).
    limit = 1.05 * max(hidden_gradient_bound(net.W[2]), 0.015)
    fig = Figure(figsize=(8.2, 3.8), layout="constrained")
    ax_n, ax_b = fig.subplots(1, 2, width_ratios=[1.15, 1])

    def update(values: dict[str, object]) -> str:
        T = np.array([[float(values["t1"]), float(values["t2"])]])
        delta = net.backprop(x, T).delta
        delta_h, delta_y = delta[1][0], delta[2][0]
        shares = backward_shares(net, x, T)[1]  # shape (n_hidden, 2): delta_k u_jk
        dL_dh = shares.sum(axis=1)
        ax_n.clear()
        draw_backward_flow(net, x, T, title="Edge width: share of the error", ax=ax_n)
        ax_b.clear()
        j = np.arange(1, n_hidden + 1)
        heights = (shares[:, 0], shares[:, 1], dL_dh, delta_h)
        for n, (height, (label, color)) in enumerate(zip(heights, BARS)):
            ax_b.bar(j + (n - 1.5) * BAR_WIDTH, height, width=BAR_WIDTH, color=color, label=label)
        ax_b.axhline(0, color="0.3", lw=0.6)
        ax_b.set(
            xticks=j, xticklabels=[f"$h_{{{k}}}$" for k in j], ylabel="value",
            title="What reaches each hidden unit", ylim=(-limit, limit),
        )
        ax_b.legend(fontsize=8, loc="lower left")
        return (
            f"t = ({T[0, 0]:.2f}, {T[0, 1]:.2f}) &nbsp; "
            f"δ (outputs) = ({delta_y[0]:+.4f}, {delta_y[1]:+.4f}) &nbsp; "
            f"∂L/∂h = ({', '.join(f'{v:+.4f}' for v in dL_dh)}) &nbsp; "
            f"δ (hidden) = ({', '.join(f'{v:+.4f}' for v in delta_h)})"
        )

    controls = {
        "t1": slider("t₁", float(t0[0, 0]), 0.0, 1.0, 0.05),
        "t2": slider("t₂", float(t0[0, 1]), 0.0, 1.0, 0.05),
    }
    explorer = Explorer(controls, fig, update, "BackwardFlowExplorer")
    fig.set_layout_engine("none")  # the first drawing fixed the layout
    return explorer
