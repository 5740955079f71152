"""Chapter 'The sigmoid': sigma(a) and sigma'(a) at a point a, with the tangent line there."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..activations import sigmoid, sigmoid_prime, sigmoid_prime_from_output
from .base import Explorer, slider

TANGENT_HALF_WIDTH = 3.0  # the tangent is drawn over a +- 3 around the point


def sigmoid_explorer(a: float = 0.0) -> Explorer:
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
        xlim=(-8, 8), ylim=(-0.1, 1.1), xlabel="$a$", ylabel=r"$\sigma(a)$",
        title=r"$\sigma(a)$ and its tangent",
    )
    ax_d.set(
        xlim=(-8, 8), ylim=(0, 0.27), xlabel="$a$", ylabel=r"$\sigma'(a)$",
        title=r"slope $\sigma'(a) = \sigma(a)\,(1-\sigma(a))$",
    )
    for ax in (ax_s, ax_d):
        ax.grid(alpha=0.3)

    def update(values: dict[str, object]) -> str:
        a = float(values["a"])
        s, ds = float(sigmoid(a)), float(sigmoid_prime(a))
        point_s.set_data([a], [s])
        point_d.set_data([a], [ds])
        d = TANGENT_HALF_WIDTH
        tangent.set_data([a - d, a + d], [s - d * ds, s + d * ds])
        return (
            f"a = {a:.2f} &nbsp; σ(a) = {s:.6f} &nbsp; σ′(a) = {ds:.6f} &nbsp; "
            f"σ(a)(1 − σ(a)) = {float(sigmoid_prime_from_output(s)):.6f}"
        )

    return Explorer({"a": slider("a", a, -8.0, 8.0, 0.25)}, fig, update, "SigmoidExplorer")
