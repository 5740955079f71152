"""Chapter 'Checking gradients': the error of a finite difference as the step ε changes
(:eq:`eq-centred-difference`, :eq:`eq-relative-error`).

The readout prints only what round-off is very unlikely to move (its size is about ν, not a
hard bound): the difference quotient to the digits at or above 1000 ν, its rounding level ν
being `fd_model.rounding_level`, and the relative error as a number only where it is well above
ν / abs(g), as a bound otherwise."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import notation
from ..fd_model import rounding_level
from ..gradcheck import (
    difference_gradients,
    error_vs_eps,
    reference_gradient,
    relative_error,
    with_dtype,
)
from ..mlp import MLP
from .base import Explorer, slider

#: The steps ε of the step explorer's curves: 57 from 1e-14 to 1, evenly spaced in log ε.
#:
#: :meta hide-value:
STEP_GRID = np.logspace(-14, 0, 57)
METHODS = ("centred", "forward")
PRECISIONS = ("float64", "float32")
FLOOR = 1e-17  # an error of exactly 0 is drawn here, at the bottom of the log axis


def step_explorer(
    net: MLP,
    x: np.ndarray,
    t: np.ndarray,
    param: int = 0,
    log10_eps: float = -5.0,
    method: str = "centred",
    precision: str = "float64",
) -> Explorer:
    """Controls for log10 ε, the method (centred or forward difference) and the precision
    (float64 or float32) of a finite-difference check of parameter number `param` (in
    `parameter_labels` order) of `net` at one sample (x, t). The figure shows the relative error
    against ε for all four combinations, the chosen one highlighted, with the current ε marked;
    the readout compares the difference quotient with backpropagation's gradient (float64),
    printing only digits that round-off is very unlikely to change (`readout`)."""
    x = np.asarray(x, dtype=float).reshape(1, -1)
    t = np.asarray(t, dtype=float).reshape(1, -1)
    nets = {p: with_dtype(net, np.dtype(p)) for p in PRECISIONS}
    curves = {
        (m, p): error_vs_eps(n, x, t, STEP_GRID, m)[:, param] for m in METHODS
        for p, n in nets.items()
    }
    name = notation.parameter_names(net.sizes, "tex")[param]
    reference = {p: reference_gradient(n, x, t)[param : param + 1] for p, n in nets.items()}
    losses = {p: float(n.loss(x, t)) for p, n in nets.items()}
    fig = Figure(figsize=(6.6, 3.8), layout="constrained")
    ax = fig.subplots()
    lines = {}
    for (m, p), errors in curves.items():
        color = "tab:blue" if m == "centred" else "tab:orange"
        style = "-" if p == "float64" else "--"
        (lines[m, p],) = ax.loglog(
            STEP_GRID, np.maximum(errors, FLOOR), style, color=color, label=f"{m}, {p}"
        )
    (point,) = ax.loglog([], [], "o", color="black", ms=7)
    ax.axhline(1e-7, ls=":", color="0.4", lw=1)
    ax.set(
        xlabel=r"step $\varepsilon$", ylabel="relative error", ylim=(1e-12, 10),
        title=f"Finite differences for $\\partial\\mathcal{{L}}/\\partial {name}$",
    )
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3)

    def update(values: dict[str, object]) -> str:
        eps = 10.0 ** float(values["log10_eps"])
        m, p = str(values["method"]), str(values["precision"])
        for key, artist in lines.items():
            chosen = key == (m, p)
            artist.set_alpha(1.0 if chosen else 0.25)
            artist.set_linewidth(2.2 if chosen else 1.0)
        numeric = difference_gradients(nets[p], x, t, eps, m)[param : param + 1]
        err = float(relative_error(reference[p], numeric)[0])
        point.set_data([eps], [max(err, FLOOR)])
        nu = rounding_level(losses[p], eps, m, p)
        return f"ε = {eps:.1e} &nbsp; {m}, {p} &nbsp; " + readout(
            float(numeric[0]), float(reference[p][0]), err, nu
        )

    controls = {
        "log10_eps": slider("log₁₀ ε", log10_eps, -14.0, 0.0, 0.25),
        "method": widgets.Dropdown(options=list(METHODS), value=method, description="method"),
        "precision": widgets.Dropdown(
            options=list(PRECISIONS), value=precision, description="precision"
        ),
    }
    explorer = Explorer(controls, fig, update, "StepExplorer")
    fig.set_layout_engine("none")  # the first drawing fixed the layout
    return explorer


def readout(quotient: float, gradient: float, rel_error: float, nu: float) -> str:
    """The explorer's numbers, robust to round-off. The quotient: to its last digit at or above
    1000 ν, which its rounding (typically about ν; a model, not a bound) is very unlikely to
    reach (at most 8 significant digits; "no safe digit" if that digit is above the quotient).
    Backprop's gradient g: 8 digits. The relative error: its value where it exceeds
    10 ν / abs(g) (1 digit below 1000 ν / abs(g), then 2), else that bound, rounded up; the
    verdict against 1e-7 says "inconclusive" where the bound is above 1e-7, and the error is not
    printed where ν / abs(g) >= 0.1 (the quotient is noise).
    """
    r = nu / abs(gradient) if gradient != 0 else np.inf
    unit = int(np.ceil(np.log10(1000 * nu)))  # exponent of the last digit shown
    if quotient == 0:
        q = "0"
    elif 10.0**unit > abs(quotient):
        q = "(no safe digit)"
    else:
        decimals = min(-unit, 7 - int(np.floor(np.log10(abs(quotient)))))
        q = f"{quotient:.{max(decimals, 0)}f}"
    if quotient == 0:
        e, verdict = "1 (the quotient is exactly 0)", "fails 1e-7"
    elif 10 * r >= 1:
        e, verdict = "not meaningful (ν > |g|/10)", "noise"
    elif rel_error <= 10 * r:
        bound = _round_up(10 * r)
        e = f"< {bound} (within 10 ν/|g|: rounding)"
        verdict = "passes 1e-7" if float(bound) <= 1e-7 else "inconclusive at 1e-7"
    else:
        e = f"{rel_error:.{0 if rel_error < 1000 * r else 1}e}"
        verdict = "passes 1e-7" if rel_error < 1e-7 else "fails 1e-7"
    return (
        f"quotient {q} &nbsp; backprop {gradient:.8g} &nbsp; rounding ν = {nu:.0e}"
        f" &nbsp; relative error {e}: {verdict}"
    )


def _round_up(value: float) -> str:
    """`value` rounded up to one significant digit, as text (3.2e-08 -> '4e-08')."""
    if not np.isfinite(value):
        return "inf"
    exponent = int(np.floor(np.log10(value)))
    digit = int(np.ceil(value / 10.0**exponent - 1e-9))
    if digit == 10:
        digit, exponent = 1, exponent + 1
    return f"{digit}e{exponent:+03d}"
