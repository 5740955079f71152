"""The multilayer perceptron, composed from the formulas in `deltas`.

Book chapter 'The general algorithm'.

Layer l (l = 1..L) maps a batch of row vectors h^(l-1) of shape (batch, n_{l-1}) to

    a^(l) = h^(l-1) W^(l) + b^(l),   h^(l) = f_l(a^(l)),              (eq-forward-matrix)

with h^(0) = x and h^(L) = y; W^(l) has shape (n_{l-1}, n_l), "from i to j". In code the
layers are numbered from 0: `weights[l]` is the book's W^(l+1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .activations import Activation, get_activation
from .checks import as_array, as_batch, check_finite, check_reduction
from .deltas import _bias_gradient, _hidden_delta, _output_delta, _weight_gradient
from .loss import _l2_from_error, _l2_loss, _l2_loss_grad

Array = np.ndarray


class Trace(NamedTuple):
    """Everything a forward pass computes: pre-activations a[l] and outputs h[l] (h[0] = x)."""

    a: list[Array]
    h: list[Array]


class Backprop(NamedTuple):
    """Everything a backward pass computes: the loss, gradients, and the deltas of every layer."""

    loss: float
    dW: list[Array]
    db: list[Array]
    delta: list[Array]


class _Parameters(list):
    """The list behind `net.weights` or `net.biases`.

    Assigning one layer (`net.weights[1] = W`) is checked like assigning the whole list, so a
    wrong shape is refused where it happens, and the forward and backward passes never need to
    check the parameters again. The number of layers is fixed.
    """

    def __init__(self, name: str, shapes: list[tuple], dtype: np.dtype, arrays: Sequence) -> None:
        self.name, self.shapes, self.dtype = name, shapes, dtype
        arrays = list(arrays)
        if len(arrays) != len(shapes):
            raise ValueError(
                f"{name} needs {len(shapes)} arrays (one per layer), got {len(arrays)}"
            )
        super().__init__(self._checked(l, p) for l, p in enumerate(arrays))

    def _checked(self, l: int, p: object) -> Array:
        # C order: a transposed array (W.T) would otherwise stay Fortran-ordered, and code that
        # edits parameters through p.reshape(-1) (numerical_gradients) would edit a copy.
        p = np.array(as_array(f"{self.name}[{l}]", p), dtype=self.dtype, order="C")
        if p.shape != self.shapes[l]:
            raise ValueError(f"{self.name}[{l}] must have shape {self.shapes[l]}, got {p.shape}")
        check_finite(f"{self.name}[{l}]", p)
        return p

    def __setitem__(self, index: object, value: object) -> None:
        if not isinstance(index, (int, np.integer)):
            raise TypeError(f"assign {self.name} one layer at a time (an integer index)")
        l = range(len(self))[index]  # negative indices; IndexError past the end
        super().__setitem__(l, self._checked(l, value))

    def _fixed(self, *args: object, **kwargs: object) -> None:
        raise TypeError(f"the network has {len(self)} layers: {self.name} cannot grow or shrink")

    append = extend = insert = pop = remove = clear = __delitem__ = __iadd__ = __imul__ = _fixed


class _Buffers:
    """Arrays one training step writes into, kept between steps of the same batch size.

    Fresh arrays of many megabytes cost page faults on every step; reusing them is what keeps
    the large steps near the speed of their matrix products. Never handed to the user.
    """

    def __init__(self, sizes: list[int], batch: int, dtype: np.dtype) -> None:
        self.h = [np.empty((batch, n), dtype) for n in sizes[1:]]
        self.ones = np.ones(batch, dtype)  # sums deltas over the batch: ones @ delta
        self.g = [np.empty((batch, n), dtype) for n in sizes[1:]]
        self.dW = [np.empty((n_in, n_out), dtype) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


class MLP:
    """A fully connected network trained by backpropagation on the L2 loss.

    MLP([2, 3, 2], activations=["sigmoid", "sigmoid"], seed=0) is the 2-3-2 network of the
    sources. `activations` is one name per layer (or one name for all layers), chosen from
    'sigmoid', 'identity', 'relu', 'tanh'. Weights start as N(0, 1/n_in) (N(0, 2/n_in) before
    a ReLU), biases at zero, drawn from numpy's default_rng(seed).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations: str | Sequence[str | Activation] = "sigmoid",
        seed: int | None = 0,
        dtype: type | np.dtype = np.float64,
    ) -> None:
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
        for n in sizes:
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"every layer size must be a positive integer, got {sizes}")
        n_layers = len(sizes) - 1
        if isinstance(activations, (str, Activation)):
            activations = [activations] * n_layers
        activations = list(activations)
        if len(activations) != n_layers:
            raise ValueError(
                f"sizes {sizes} define {n_layers} layer(s), so activations needs {n_layers} "
                f"name(s), got {len(activations)}: {activations}"
            )
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(
                f"dtype must be a floating type such as float64 or float32, got {dtype}"
            )
        self.sizes: list[int] = [int(n) for n in sizes]
        self.acts: list[Activation] = [get_activation(a) for a in activations]
        self.dtype = dtype
        rng = np.random.default_rng(seed)
        weights = [
            rng.standard_normal((n_in, n_out))
            * math.sqrt((2.0 if act.name == "relu" else 1.0) / n_in)
            for n_in, n_out, act in zip(self.sizes[:-1], self.sizes[1:], self.acts)
        ]
        self.weights = weights
        self.biases = [np.zeros(n) for n in self.sizes[1:]]
        self.loss_history: list[float] = []
        self._buffers: dict[int, _Buffers] = {}

    # ---- parameters -------------------------------------------------------------------------
    @property
    def activations(self) -> list[str]:
        """The activation names, one per layer."""
        return [act.name for act in self.acts]

    @property
    def weights(self) -> list[Array]:
        """W^(1)..W^(L), each of shape (n_in, n_out). Edit in place or assign a new list."""
        return self._W

    @weights.setter
    def weights(self, new: Sequence[Array]) -> None:
        shapes = list(zip(self.sizes[:-1], self.sizes[1:]))
        self._W = _Parameters("weights", shapes, self.dtype, new)

    @property
    def biases(self) -> list[Array]:
        """b^(1)..b^(L), each of shape (n_out,). Edit in place or assign a new list."""
        return self._b

    @biases.setter
    def biases(self, new: Sequence[Array]) -> None:
        self._b = _Parameters("biases", [(n,) for n in self.sizes[1:]], self.dtype, new)

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return sum(W.size + b.size for W, b in zip(self._W, self._b))

    def copy(self) -> MLP:
        """An independent copy with the same parameters."""
        other = MLP(self.sizes, self.acts, seed=0, dtype=self.dtype)
        other.weights = self._W
        other.biases = self._b
        other.loss_history = list(self.loss_history)
        return other

    def __repr__(self) -> str:
        sizes = "-".join(str(n) for n in self.sizes)
        return f"MLP({sizes}, activations={self.activations}, dtype={self.dtype.name})"

    # ---- forward ----------------------------------------------------------------------------
    def _inputs(self, X: object) -> Array:
        return as_batch("X", X, self.sizes[0], self.dtype)

    def _targets(self, T: object, X: Array, finite: bool = True) -> Array:
        # finite=False leaves the NaN/inf test to the caller: the loss is non-finite whenever
        # T is, so the passes test the loss (free) and only then look for the culprit in T.
        T = as_batch("T", T, dtype=self.dtype, finite=False)
        n_out = self.sizes[-1]
        if T.shape != (X.shape[0], n_out):
            raise ValueError(
                f"T must have shape (batch, n_out) = {(X.shape[0], n_out)} to match X "
                f"{X.shape} and the network's {n_out} output(s), got {T.shape}"
            )
        if finite:
            check_finite("T", T)
        return T

    def _forward(self, X: Array, out: list[Array] | None = None) -> list[Array]:
        h = [X]
        # One errstate for the whole pass: the sigmoid's e^(-a) overflows harmlessly for very
        # negative a (eq-sigmoid-stable), and entering errstate per layer costs a microsecond.
        with np.errstate(over="ignore", under="ignore"):
            for l, (W, b, act) in enumerate(zip(self._W, self._b, self.acts)):
                a = np.matmul(h[-1], W, out=None if out is None else out[l])
                h.append(act.forward_inplace(a, b))
        return h

    def forward(self, X: Array) -> Array:
        """y = network(X) for a batch X of shape (batch, n_in); returns shape (batch, n_out)."""
        return self._forward(self._inputs(X))[-1]

    __call__ = forward

    def trace(self, X: Array) -> Trace:
        """The forward pass with every pre-activation a^(l) and output h^(l) kept (h[0] = X)."""
        X = self._inputs(X)
        a_list, h_list = [], [X]
        for W, b, act in zip(self._W, self._b, self.acts):
            a = h_list[-1] @ W + b
            a_list.append(a)
            h_list.append(act.f(a))
        return Trace(a_list, h_list)

    # ---- backward ---------------------------------------------------------------------------
    def backprop(self, X: Array, T: Array, reduction: str = "sum") -> Backprop:
        """Loss, gradients and deltas of every layer for the batch (X, T).

        delta[-1] is the output delta (eq-general-output-delta); delta[l] for the layers below
        comes from the recurrence eq-general-hidden-delta. The input's own gradient is never
        formed: nothing needs it.
        """
        check_reduction(reduction)
        X = self._inputs(X)
        return self._backprop(X, self._targets(T, X, finite=False), reduction, None)

    def _backprop(
        self, X: Array, T: Array, reduction: str, buf: _Buffers | None, scale: float = 1.0
    ) -> Backprop:
        # scale multiplies dL/dy, hence every delta and gradient: step() passes the learning
        # rate, so the gradients come out as the update itself.
        h = self._forward(X, None if buf is None else buf.h)
        L = len(self._W)
        dL_dy = _l2_loss_grad(h[L], T, "sum", None if buf is None else buf.g[L - 1])
        loss = _l2_from_error(dL_dy, reduction)
        if not math.isfinite(loss):
            check_finite("T", T)  # NaN or inf targets: say so, before anything is updated
        if reduction == "mean":
            scale /= X.shape[0]
        if scale != 1.0:
            dL_dy *= scale
        # Each h[l], l >= 1, is dead once its layer's slope is taken: it becomes the scratch.
        delta = _output_delta(dL_dy, h[L], self.acts[L - 1], scratch=h[L])
        deltas: list[Array] = [delta] * L
        dW: list[Array] = [delta] * L
        db: list[Array] = [delta] * L
        for l in range(L - 1, -1, -1):
            deltas[l] = delta
            dW[l] = _weight_gradient(h[l], delta, None if buf is None else buf.dW[l])
            db[l] = _bias_gradient(delta, None if buf is None else buf.ones)
            if l > 0:
                out = None if buf is None else buf.g[l - 1]
                delta = _hidden_delta(delta, self._W[l], h[l], self.acts[l - 1], out, h[l])
        return Backprop(loss, dW, db, deltas)

    def gradients(
        self, X: Array, T: Array, reduction: str = "sum"
    ) -> tuple[float, list[Array], list[Array]]:
        """(loss, dW, db): the summed L2 loss and its gradients, shaped like weights and biases."""
        loss, dW, db, _ = self.backprop(X, T, reduction)
        return loss, dW, db

    def loss(self, X: Array, T: Array, reduction: str = "sum") -> float:
        """The L2 loss of the network on (X, T), eq-l2-loss."""
        X = self._inputs(X)
        check_reduction(reduction)
        T = self._targets(T, X, finite=False)
        loss = _l2_loss(self._forward(X)[-1], T, reduction)
        if not math.isfinite(loss):
            check_finite("T", T)
        return loss

    # ---- training ---------------------------------------------------------------------------
    def step(self, X: Array, T: Array, lr: float = 0.1, reduction: str = "sum") -> float:
        """One gradient-descent step W <- W - lr dL/dW (eq-update-rule); returns the prior loss."""
        lr = _check_lr(lr)
        check_reduction(reduction)
        X = self._inputs(X)
        T = self._targets(T, X, finite=False)
        batch = X.shape[0]
        buf = self._buffers.get(batch)
        if buf is None:
            if len(self._buffers) >= 2:  # full batches plus one ragged last batch
                self._buffers.clear()
            buf = self._buffers[batch] = _Buffers(self.sizes, batch, self.dtype)
        loss, lr_dW, lr_db, _ = self._backprop(X, T, reduction, buf, scale=lr)
        for W, b, gW, gb in zip(self._W, self._b, lr_dW, lr_db):
            W -= gW
            b -= gb
        return loss

    def fit(
        self,
        X: Array,
        T: Array,
        lr: float = 0.1,
        epochs: int = 100,
        batch_size: int | None = None,
        reduction: str = "sum",
        seed: int | None = 0,
    ) -> np.ndarray:
        """Train by gradient descent; returns the loss of each epoch (also kept in loss_history).

        batch_size=None uses the whole data set every step (full-batch gradient descent);
        otherwise each epoch visits the rows in an order shuffled by default_rng(seed), in
        mini-batches. An epoch's loss is the sum (or, for reduction="mean", the mean) of the
        losses of its batches, each taken before its step. Raises FloatingPointError if the loss
        stops being finite (the learning rate is too large).
        """
        lr = _check_lr(lr)
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
            raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
        X = self._inputs(X)
        T = self._targets(T, X)
        n = X.shape[0]
        if batch_size is None:
            batch_size = n
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, (int, np.integer))
            or batch_size < 1
        ):
            raise ValueError(f"batch_size must be a positive integer or None, got {batch_size!r}")
        rng = np.random.default_rng(seed)
        history = np.empty(epochs)
        # A diverging run overflows on its way to inf; the check below turns that into one
        # clear error instead of a stream of NumPy warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(epochs):
                if batch_size >= n:
                    total = self.step(X, T, lr, reduction)
                else:
                    order = rng.permutation(n)
                    total = 0.0
                    for start in range(0, n, batch_size):
                        rows = order[start : start + batch_size]
                        weight = len(rows) / n if reduction == "mean" else 1.0
                        total += weight * self.step(X[rows], T[rows], lr, reduction)
                if not math.isfinite(total):
                    raise FloatingPointError(
                        f"training diverged at epoch {epoch} (loss = {total}); lower the learning "
                        f"rate (lr = {lr})"
                    )
                history[epoch] = total
        self.loss_history.extend(history.tolist())
        return history


def _check_lr(lr: float) -> float:
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating, np.integer)):
        raise TypeError(f"the learning rate must be a number, got {type(lr).__name__}")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"the learning rate must be a positive finite number, got {lr}")
    return float(lr)
