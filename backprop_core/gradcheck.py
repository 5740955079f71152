"""Gradient checking by centred finite differences (book chapter 'Checking gradients').

The derivative dL/dθ is approximated by (L(θ + h) - L(θ - h)) / (2h) (:eq:`eq-centred-difference`),
with error O(h^2), and compared with the analytic gradient by the relative error
abs(g_analytic - g_numeric) / max(abs(g_analytic), abs(g_numeric), floor) (:eq:`eq-relative-error`).

The loop here runs over *parameters*, two forward passes each, which is exactly why finite
differences cost so much more than backpropagation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import notation
from .checks import as_array
from .mlp import MLP

Array = np.ndarray


def relative_error(analytic: Array, numeric: Array, floor: float = 1e-12) -> Array:
    """Elementwise abs(a - n) / max(abs(a), abs(n), floor), :eq:`eq-relative-error`.

    The floor keeps two gradients that are both (numerically) zero from dividing by zero;
    below it, the error is effectively absolute.
    """
    a = as_array("analytic", analytic)
    n = as_array("numeric", numeric)
    if a.shape != n.shape:
        raise ValueError(f"analytic has shape {a.shape} but numeric has shape {n.shape}")
    return np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)


def numerical_gradients(
    net: MLP, X: Array, T: Array, h: float = 1e-5, reduction: str = "sum", method: str = "centred"
) -> tuple[list[Array], list[Array]]:
    """(dW, db) by finite differences, perturbing each parameter in place.

    method="centred": (L(θ + h) - L(θ - h)) / (2h), error O(h^2), two forward passes per
    parameter (:eq:`eq-centred-difference`); method="forward": (L(θ + h) - L(θ)) / h, error O(h)
    (:eq:`eq-gradcheck-forward-difference`). Parameters are restored exactly afterwards.
    """
    if not (isinstance(h, (int, float, np.floating)) and np.isfinite(h) and h > 0):
        raise ValueError(f"the step h must be a positive finite number, got {h!r}")
    if method not in ("centred", "forward"):
        raise ValueError(f"method must be 'centred' or 'forward', got {method!r}")
    base = net.loss(X, T, reduction) if method == "forward" else None
    grads = []
    for p in [*net.weights, *net.biases]:
        g = np.empty(p.shape, dtype=np.float64)
        flat, gflat = p.reshape(-1), g.reshape(-1)
        for k in range(flat.size):
            saved = flat[k]
            flat[k] = saved + h
            up = net.loss(X, T, reduction)
            if base is None:
                flat[k] = saved - h
                gflat[k] = (up - net.loss(X, T, reduction)) / (2.0 * h)
            else:
                gflat[k] = (up - base) / h
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

    Columns holding relative errors are printed in scientific notation with two digits;
    other columns with `digits` significant digits.
    """

    labels: list[str]
    columns: dict[str, Array]
    digits: int = 8
    error_columns: tuple[str, ...] = ("relative error",)

    def _cell(self, name: str, value: float) -> str:
        if name in self.error_columns:
            return f"{value:.1e}"
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
    net: MLP, X: Array, T: Array, h: float = 1e-5, reduction: str = "sum", floor: float = 1e-12
) -> GradCheck:
    """Compare `net.gradients` with centred finite differences (:eq:`eq-centred-difference`)
    over every parameter, by relative error (:eq:`eq-relative-error`).

    Use float64: in float32 the round-off of the difference quotient (about 1e-7 / h) swamps
    the check. Relative errors below about 1e-7 mean agreement; above 1e-4, a bug.
    """
    _, dW, db = net.gradients(X, T, reduction)
    nW, nb = numerical_gradients(net, X, T, h, reduction)
    analytic, numeric = flatten(dW, db), flatten(nW, nb)
    return GradCheck(
        parameter_labels(net), analytic, numeric, relative_error(analytic, numeric, floor)
    )


def three_way_table(
    net: MLP,
    x: Array,
    t: Array,
    symbolic_net: object,
    h: float = 1e-5,
    digits: int = 10,
    labels: Sequence[str] | None = None,
) -> GradTable:
    """Every parameter's dL/dθ three ways: SymPy, centred finite difference, backprop_core.

    One sample (x, t); `symbolic_net` is a `backprop_core.symbolic.SymbolicMLP` of the same
    architecture (with biases). The two error columns are relative errors against SymPy.
    `labels` renames the rows (default `parameter_labels(net)`, e.g. w^(2)_11 where a chapter
    writes u_11).
    """
    x = np.asarray(x, dtype=float).reshape(1, -1)
    t = np.asarray(t, dtype=float).reshape(1, -1)
    exact = symbolic_net.gradient(net, x[0], t[0])
    _, dW, db = net.gradients(x, t)
    nW, nb = numerical_gradients(net, x, t, h)
    core, numeric = flatten(dW, db), flatten(nW, nb)
    if exact.shape != core.shape:
        raise ValueError(
            f"the symbolic net has {exact.size} parameters but net has {core.size}: "
            "build it with biases=True and the same sizes"
        )
    labels = parameter_labels(net) if labels is None else list(labels)
    if len(labels) != core.size:
        raise ValueError(f"labels has {len(labels)} names for {core.size} parameters")
    return GradTable(
        labels,
        {
            "SymPy": exact,
            "finite difference": numeric,
            "backprop_core": core,
            "rel. error core": relative_error(core, exact),
            "rel. error FD": relative_error(numeric, exact),
        },
        digits,
        error_columns=("rel. error core", "rel. error FD"),
    )


# ---- chapter 'Checking gradients': forward vs centred differences, error against h ----------
def difference_gradients(
    net: MLP, X: Array, T: Array, h: float = 1e-5, method: str = "centred", reduction: str = "sum"
) -> Array:
    """Every dL/dθ by finite differences, as one vector in `parameter_labels` order.

    method="centred": (L(θ + h) - L(θ - h)) / (2h), error O(h^2) (:eq:`eq-centred-difference`);
    method="forward": (L(θ + h) - L(θ)) / h, error O(h) (:eq:`eq-gradcheck-forward-difference`).
    Everything happens in the network's own dtype: in a float32 network the perturbed parameter
    and every loss are float32. Parameters are restored exactly afterwards.
    """
    return flatten(*numerical_gradients(net, X, T, h, reduction, method))


def with_dtype(net: MLP, dtype: type | np.dtype = np.float64) -> MLP:
    """The same network with its parameters converted to `dtype` (exactly, for float64)."""
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


def error_vs_h(
    net: MLP,
    X: Array,
    T: Array,
    hs: Sequence[float],
    method: str = "centred",
    floor: float = 1e-12,
) -> Array:
    """Relative errors (:eq:`eq-relative-error`) of finite differences for every step in `hs`.

    Returns shape (len(hs), n_params). The reference is `reference_gradient`, backpropagation
    in float64 at the same parameters and data, so the errors are those of the differences.
    """
    exact = reference_gradient(net, X, T)
    return np.array(
        [relative_error(difference_gradients(net, X, T, h, method), exact, floor) for h in hs]
    )
