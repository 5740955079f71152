"""Gradient checking by centred finite differences (book chapter 'Checking gradients').

The derivative dL/dθ is approximated by (L(θ + ε) - L(θ - ε)) / (2ε) (:eq:`eq-centred-difference`),
with error O(ε^2), and compared with the analytic gradient by the relative error
abs(g_analytic - g_numeric) / max(abs(g_analytic), abs(g_numeric), floor) (:eq:`eq-relative-error`).

The loop here runs over *parameters*, two forward passes each, which is exactly why finite
differences cost so much more than backpropagation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import mpmath
import numpy as np

from . import notation
from .checks import as_array
from .mlp import MLP

if TYPE_CHECKING:  # SymPy is imported only by the functions that need it
    from .symbolic import SymbolicMLP

Array = np.ndarray


def relative_error(analytic: Array, numeric: Array, floor: float = 1e-12) -> Array:
    """Elementwise abs(a - n) / max(abs(a), abs(n), floor), :eq:`eq-relative-error`.

    The floor does two things: it turns 0/0 (both gradients exactly 0) into 0, and where both
    gradients are below it the error becomes absolute, divided by the floor: so
    relative_error(1e-14, 3e-14) is 0.02, not 2/3, and a wrong tiny gradient passes
    (relative_error(1e-20, 0) is 1e-8).
    """
    a = as_array("analytic", analytic)
    n = as_array("numeric", numeric)
    if a.shape != n.shape:
        raise ValueError(f"analytic has shape {a.shape} but numeric has shape {n.shape}")
    return np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)


def numerical_gradients(
    net: MLP, X: Array, T: Array, eps: float = 1e-5, reduction: str = "sum", method: str = "centred"
) -> tuple[list[Array], list[Array]]:
    """(dW, db) by finite differences, perturbing each parameter in place.

    method="centred": (L(θ + ε) - L(θ - ε)) / (2ε), error O(ε^2), two forward passes per
    parameter (:eq:`eq-centred-difference`); method="forward": (L(θ + ε) - L(θ)) / ε, error O(ε)
    (:eq:`eq-gradcheck-forward-difference`). Parameters are restored exactly afterwards.
    """
    _check_step(eps)
    if method not in ("centred", "forward"):
        raise ValueError(f"method must be 'centred' or 'forward', got {method!r}")
    base = net.loss(X, T, reduction) if method == "forward" else None
    grads = []
    for p in [*net.weights, *net.biases]:
        g = np.empty(p.shape, dtype=np.float64)
        flat, gflat = p.reshape(-1), g.reshape(-1)
        for k in range(flat.size):
            saved = flat[k]
            flat[k] = saved + eps
            up = net.loss(X, T, reduction)
            if base is None:
                flat[k] = saved - eps
                gflat[k] = (up - net.loss(X, T, reduction)) / (2.0 * eps)
            else:
                gflat[k] = (up - base) / eps
            flat[k] = saved
        grads.append(g)
    L = len(net.weights)
    return grads[:L], grads[L:]


def parameter_labels(net: MLP) -> list[str]:
    """Book names of every parameter, in the order of `flatten`: w^(l)_ij then b^(l)_j, 1-based
    (`notation.parameter_names`)."""
    return notation.parameter_names(net.sizes)


def flatten(dW: Sequence[Array], db: Sequence[Array]) -> Array:
    """All weight gradients then all bias gradients as one vector, in `parameter_labels` order."""
    return np.concatenate([np.ravel(g) for g in [*dW, *db]]).astype(np.float64)


@dataclass
class GradTable:
    """A small table of named parameters and columns of numbers, shown as text or HTML.

    Value columns show `digits` significant digits; `error_columns` (relative errors) show
    `error_digits.get(name, 2)` in scientific notation, or "< b" for a value below the column's
    bound b in `bounds` (round-off, which a table must not print as a number).
    """

    labels: list[str]
    columns: dict[str, Array]
    digits: int = 8
    error_columns: tuple[str, ...] = ("relative error",)
    bounds: dict[str, float] = field(default_factory=dict)
    error_digits: dict[str, int] = field(default_factory=dict)

    def _cell(self, name: str, value: float) -> str:
        bound = self.bounds.get(name)
        if bound is not None and value < bound:
            return f"< {bound:.0e}"
        if name in self.error_columns:
            return f"{value:.{self.error_digits.get(name, 2) - 1}e}"
        return f"{value:.{self.digits}g}"

    def rows(self) -> list[list[str]]:
        return [
            [label, *(self._cell(name, col[k]) for name, col in self.columns.items())]
            for k, label in enumerate(self.labels)
        ]

    def __str__(self) -> str:
        header = ["parameter", *self.columns]
        body = self.rows()
        widths = [max(len(r[c]) for r in [header, *body]) for c in range(len(header))]
        lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in body]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in ["parameter", *self.columns])
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in self.rows())
        return (
            f'<table class="gradtable"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )


@dataclass
class GradCheck:
    """Result of `gradcheck`: analytic and numeric gradients and their relative errors."""

    labels: list[str]
    analytic: Array
    numeric: Array
    rel_error: Array

    @property
    def max_rel_error(self) -> float:
        return float(self.rel_error.max())

    def table(self, digits: int = 8) -> GradTable:
        """Analytic vs numeric vs relative error, one row per parameter."""
        return GradTable(
            self.labels,
            {"analytic": self.analytic, "numeric": self.numeric, "relative error": self.rel_error},
            digits,
        )


def gradcheck(
    net: MLP, X: Array, T: Array, eps: float = 1e-5, reduction: str = "sum", floor: float = 1e-12
) -> GradCheck:
    """Compare `net.gradients` with centred finite differences (:eq:`eq-centred-difference`)
    over every parameter, by relative error (:eq:`eq-relative-error`).

    Use float64: in float32 the round-off of the difference quotient (about 1e-7 / ε) swamps
    the check; check a float32 network's float64 copy, `with_dtype(net)` (a new network: nothing
    to convert back). Relative errors below about 1e-7 mean agreement; above 1e-4, a bug.
    """
    _, dW, db = net.gradients(X, T, reduction)
    nW, nb = numerical_gradients(net, X, T, eps, reduction)
    analytic, numeric = flatten(dW, db), flatten(nW, nb)
    return GradCheck(
        parameter_labels(net), analytic, numeric, relative_error(analytic, numeric, floor)
    )


def symbolic_differences(
    symbolic_net: SymbolicMLP, net: MLP, x: Array, t: Array, eps: float = 1e-5
) -> list:
    """Centred differences (:eq:`eq-centred-difference`, step ε) of the composed SymPy loss of
    `symbolic_net` at net's parameters and one sample (x, t), each loss evaluated by mpmath at
    MP_DIGITS digits: no code shared with `net.loss`, no float64 round-off, so the only error
    is the O(ε^2) truncation. Returns mpmath numbers, in the order of `symbolic_net.params`."""
    _check_step(eps)
    from .symbolic import MP_DIGITS

    args = symbolic_net.mp_arguments(net, x, t)
    grads = []
    with mpmath.workdps(MP_DIGITS):
        for k in range(len(symbolic_net.x) + len(symbolic_net.t), len(args)):  # parameters
            up, down = list(args), list(args)
            up[k] += eps
            down[k] -= eps
            grads.append((symbolic_net.loss_mp(up) - symbolic_net.loss_mp(down)) / (2 * eps))
    return grads


def three_way_table(
    net: MLP, x: Array, t: Array, symbolic_net: SymbolicMLP, eps: float = 1e-5,
    digits: int = 10, labels: Sequence[str] | None = None, core_bound: float = 1e-14,
) -> GradTable:
    """Every parameter's dL/dθ three ways, for one sample (x, t); `symbolic_net` is a
    `SymbolicMLP` of net's sizes, activations and loss, with biases (`symbolic_network(net)`;
    ValueError otherwise, `check_twin`). "SymPy": the composed loss differentiated
    exactly, evaluated by mpmath, rounded once (`SymbolicMLP.gradient`). "finite difference":
    `symbolic_differences` of that same loss (shared: the symbolic network, not the
    differentiation). "backprop_core": `net.gradients`, float64 NumPy. Relative errors
    (:eq:`eq-relative-error`) against SymPy: "rel. error core" shows "< core_bound" for the
    round-off below it, which varies with the CPU; "rel. error FD" (in mpmath) is the truncation
    error, to one digit, or "< 1e-20" where the difference is exact (L quadratic in θ) but for
    mpmath's rounding. Values show `digits` significant digits, fewer where a SymPy value's
    rounding is decided within 2 * core_bound (relative), so that the core column prints the
    same on every CPU. `labels` renames the rows (default `parameter_labels(net)`).
    """
    from .symbolic import MP_DIGITS, check_twin

    check_twin(symbolic_net, net)
    x, t = (np.asarray(v, dtype=float).reshape(1, -1) for v in (x, t))
    exact_mp = symbolic_net.gradient_mp(net, x[0], t[0])
    _, dW, db = net.gradients(x, t)
    core = flatten(dW, db)
    if len(exact_mp) != core.size:
        raise ValueError(
            f"the symbolic net has {len(exact_mp)} parameters but net has {core.size}: "
            "build it with biases=True and the same sizes"
        )
    labels = parameter_labels(net) if labels is None else list(labels)
    if len(labels) != core.size:
        raise ValueError(f"labels has {len(labels)} names for {core.size} parameters")
    numeric_mp = symbolic_differences(symbolic_net, net, x[0], t[0], eps)
    with mpmath.workdps(MP_DIGITS):  # eq-relative-error, with relative_error's floor
        fd_error = [abs(n - e) / max(abs(n), abs(e), 1e-12) for n, e in zip(numeric_mp, exact_mp)]
    exact, numeric, fd_error = (np.array(c, dtype=float) for c in (exact_mp, numeric_mp, fd_error))
    lo, hi = exact * (1 - 2 * core_bound), exact * (1 + 2 * core_bound)
    while digits > 1 and any(f"{a:.{digits}g}" != f"{b:.{digits}g}" for a, b in zip(lo, hi)):
        digits -= 1
    columns = {"SymPy": exact, "finite difference": numeric, "backprop_core": core}
    columns |= {"rel. error core": relative_error(core, exact), "rel. error FD": fd_error}
    errors = ("rel. error core", "rel. error FD")
    bounds = {errors[0]: core_bound, errors[1]: 1e-20}  # below 1e-20: mpmath's own rounding
    return GradTable(labels, columns, digits, errors, bounds, {errors[1]: 1})


# ---- chapter 'Checking gradients': forward vs centred differences, error against the step ε --
def difference_gradients(
    net: MLP, X: Array, T: Array, eps: float = 1e-5, method: str = "centred", reduction: str = "sum"
) -> Array:
    """Every dL/dθ by finite differences, as one vector in `parameter_labels` order.

    method="centred": (L(θ + ε) - L(θ - ε)) / (2ε), error O(ε^2) (:eq:`eq-centred-difference`);
    method="forward": (L(θ + ε) - L(θ)) / ε, error O(ε) (:eq:`eq-gradcheck-forward-difference`).
    Everything happens in the network's own dtype: in a float32 network the perturbed parameter
    and every loss are float32. Parameters are restored exactly afterwards.
    """
    return flatten(*numerical_gradients(net, X, T, eps, reduction, method))


def with_dtype(net: MLP, dtype: type | np.dtype = np.float64) -> MLP:
    """A new network, `net` with its parameters converted to `dtype` (exactly, for float64);
    `net` itself is not changed."""
    other = MLP(net.sizes, list(net.f), 0, dtype, net.loss_fn, net.init)
    other.weights = [np.asarray(W, dtype=dtype) for W in net.weights]
    other.biases = [np.asarray(b, dtype=dtype) for b in net.biases]
    return other


def reference_gradient(net: MLP, X: Array, T: Array) -> Array:
    """Backpropagation's gradient in float64, in `parameter_labels` order, at net's parameters
    and at the data as net sees it (rounded to net.dtype), so that for a float32 network it is
    the exact gradient of the function that network computes, to float64 precision."""
    X64, T64 = (np.asarray(A, dtype=net.dtype).astype(np.float64) for A in (X, T))
    return flatten(*with_dtype(net, np.float64).gradients(X64, T64)[1:])


def error_vs_eps(
    net: MLP, X: Array, T: Array, steps: Sequence[float], method: str = "centred",
    floor: float = 1e-12,
) -> Array:
    """Relative errors (:eq:`eq-relative-error`) of finite differences for every step in `steps`.

    Returns shape (len(steps), n_params). The reference is `reference_gradient`, backpropagation
    in float64 at the same parameters and data, so the errors are those of the differences.
    """
    exact = reference_gradient(net, X, T)
    return np.array(
        [relative_error(difference_gradients(net, X, T, e, method), exact, floor) for e in steps]
    )


def _check_step(eps: object) -> None:
    """The finite-difference step must be a positive finite number (a bool is not one)."""
    if isinstance(eps, bool) or not (
        isinstance(eps, (int, float, np.floating)) and np.isfinite(eps) and eps > 0
    ):
        raise ValueError(f"the step eps must be a positive finite number, got {eps!r}")
