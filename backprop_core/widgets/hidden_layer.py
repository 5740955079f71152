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
    (r"from $y_1$: $\delta^{(2)}_1 u_{j1}$", "tab:cyan"),
    (r"from $y_2$: $\delta^{(2)}_2 u_{j2}$", "tab:purple"),
    (r"sum $\partial \mathcal{L}/\partial h_j$", "0.35"),
    (r"$\delta^{(1)}_j$ = sum $\times\, h_j(1-h_j)$", "tab:green"),
)
BAR_WIDTH = 0.2


def backward_flow_explorer(net: MLP, x: np.ndarray, t: np.ndarray) -> Explorer:
    """Sliders for the targets t_1, t_2 of one sample of a 2-3-2 network. Above: the network
    with edge widths abs(u_jk delta^(2)_k), abs(w_ij delta^(1)_j) (`plots.draw_backward_flow`).
    Below: for each hidden unit j, the shares delta^(2)_k u_jk from each output, their sum
    dL/dh_j, and the delta delta^(1)_j = dL/dh_j h_j (1 - h_j). The network is copied: the
    explorer never changes it."""
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
    # The network above the bars, each as wide as the page: side by side both were squeezed.
    fig = Figure(figsize=(7.0, 6.0), layout="constrained")
    fig.get_layout_engine().set(w_pad=0.12)  # room for the y label at the left edge
    ax_n, ax_b = fig.subplots(2, 1, height_ratios=[1.1, 1])

    def update(values: dict[str, object]) -> str:
        T = np.array([[float(values["t1"]), float(values["t2"])]])
        delta = net.backprop(x, T).delta
        delta_h, delta_y = delta[1][0], delta[2][0]
        _, shares = backward_shares(net, x, T)  # shape (n_hidden, 2): delta^(2)_k u_jk
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
        # Outside the axes, so that no bar hides it at any target.
        ax_b.legend(fontsize=9, loc="center left", bbox_to_anchor=(1.01, 0.5))
        return (
            f"t = ({T[0, 0]:.2f}, {T[0, 1]:.2f}) &nbsp; "
            f"δ<sup>(2)</sup> (outputs) = ({delta_y[0]:+.4f}, {delta_y[1]:+.4f}) &nbsp; "
            f"∂ℒ/∂h = ({', '.join(f'{v:+.4f}' for v in dL_dh)}) &nbsp; "
            f"δ<sup>(1)</sup> (hidden) = ({', '.join(f'{v:+.4f}' for v in delta_h)})"
        )

    controls = {
        "t1": slider("t₁", float(t0[0, 0]), 0.0, 1.0, 0.05),
        "t2": slider("t₂", float(t0[0, 1]), 0.0, 1.0, 0.05),
    }
    explorer = Explorer(controls, fig, update, "BackwardFlowExplorer")
    fig.set_layout_engine("none")  # the first drawing fixed the layout
    return explorer
