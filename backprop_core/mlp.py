"""The multilayer perceptron of the book (chapter 'The general algorithm').

Layer l = 1..L maps a batch of row vectors h^(l-1) of shape (batch, n_(l-1)) to
a^(l) = h^(l-1) W^(l) + b^(l), h^(l) = f_l(a^(l)) (:eq:`eq-forward-matrix`), with h^(0) = x
and h^(L) = y; W^(l) has shape (n_(l-1), n_l), "from i to j". `net.W[l]`,
`net.b[l]` and `net.f[l]` are layer l's weights, biases and activation, numbered as in the
book. The equations themselves live in `backprop` (read that module to see the algorithm);
`fast` computes the same numbers faster, for `step`, `fit` and `gradients`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import backprop, fast, training
from .activations import Activation
from .checks import check_finite
from .init import initial_weights
from .layers import Layers
from .loss import Loss
from .parameters import ParameterList
from .validation import check_architecture, check_batch, check_inputs, check_loss

Array = np.ndarray


class MLP:
    """A fully connected network trained by backpropagation.

    MLP([2, 3, 2], activations=["sigmoid", "sigmoid"], seed=0) is the 2-3-2 network of the
    sources. `activations`: one name per layer (or one for all) from 'sigmoid', 'identity',
    'relu', 'tanh', and 'softmax' (last layer only). `loss`: 'l2' (1/2 sum (y - t)^2) or
    'cross_entropy' (after a 'sigmoid' or 'softmax' output). `init`: the scale of the initial
    weights, 'auto' (He before a ReLU, LeCun otherwise), 'lecun', 'xavier'/'glorot' or 'he'
    (see `backprop_core.init`); biases start at zero; draws come from default_rng(seed).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations: str | Activation | Sequence[str | Activation] = "sigmoid",
        seed: int | None = 0,
        dtype: type | np.dtype = np.float64,
        loss: str | Loss = "l2",
        init: str = "auto",
    ) -> None:
        self.sizes, self._f, self.loss_fn, self.dtype = check_architecture(
            sizes, activations, loss, dtype
        )
        self.init = init
        rng = np.random.default_rng(seed)
        self.weights = initial_weights(self.sizes, self.activations, init, rng)
        self.biases = [np.zeros(n) for n in self.sizes[1:]]
        self.loss_history: list[float] = []
        self._plan = fast.Plan(self._f, self.loss_fn)  # for the speed path, worked out once
        self._buffers: dict[int, fast.Buffers] = {}

    # ---- the book's view: layers numbered 1..L -------------------------------------------------
    @property
    def L(self) -> int:
        """The number of layers L (weight matrices); the input x = h^(0) is not a layer."""
        return len(self._f)

    @property
    def W(self) -> Layers[Array]:
        """W[l] = W^(l), shape (n_(l-1), n_l), for l = 1..L. Assignments are checked."""
        return self._weights.by_layer()

    @property
    def b(self) -> Layers[Array]:
        """b[l] = b^(l), shape (n_l,), for l = 1..L. Assignments are checked."""
        return self._biases.by_layer()

    @property
    def f(self) -> Layers[Activation]:
        """f[l]: the activation of layer l, for l = 1..L."""
        return Layers(self._f, first=1, name="f")

    # ---- the same parameters as plain lists, first layer first ----------------------------------
    @property
    def weights(self) -> list[Array]:
        """W^(1), ..., W^(L) as a list (the arrays of `W`). Edit in place or assign a new list."""
        return self._weights

    @weights.setter
    def weights(self, new: Sequence[Array]) -> None:
        shapes = list(zip(self.sizes[:-1], self.sizes[1:]))
        self._weights = ParameterList("W", "weights", shapes, self.dtype, new)

    @property
    def biases(self) -> list[Array]:
        """b^(1), ..., b^(L) as a list (the arrays of `b`). Edit in place or assign a new list."""
        return self._biases

    @biases.setter
    def biases(self, new: Sequence[Array]) -> None:
        shapes = [(n,) for n in self.sizes[1:]]
        self._biases = ParameterList("b", "biases", shapes, self.dtype, new)

    @property
    def activations(self) -> list[str]:
        """The activation names, first layer first."""
        return [f.name for f in self._f]

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return sum(W.size + b.size for W, b in zip(self._weights, self._biases))

    def copy(self) -> MLP:
        """An independent copy with the same parameters."""
        other = MLP(self.sizes, self._f, 0, self.dtype, self.loss_fn, self.init)
        other.weights, other.biases = self._weights, self._biases
        other.loss_history = list(self.loss_history)
        return other

    def __repr__(self) -> str:
        sizes = "-".join(str(n) for n in self.sizes)
        loss = "" if self.loss_fn.name == "l2" else f", loss={self.loss_fn.name!r}"
        return f"MLP({sizes}, activations={self.activations}{loss}, dtype={self.dtype.name})"

    # ---- forward and backward ----------------------------------------------------------------
    def forward(self, X: Array) -> Array:
        """y = network(X) for a batch X of shape (batch, n_in), the forward pass
        :eq:`eq-forward-matrix`; returns shape (batch, n_out)."""
        return fast.output(self, check_inputs(self, X))[1]

    __call__ = forward

    def trace(self, X: Array) -> backprop.Trace:
        """The forward pass :eq:`eq-forward-matrix` keeping a[l] = a^(l) (l = 1..L) and
        h[l] = h^(l) (h[0] = X)."""
        return backprop.forward(self, check_inputs(self, X))

    def backprop(self, X: Array, T: Array, reduction: str = "sum") -> backprop.Backprop:
        """Loss, gradients dW[l], db[l] and deltas delta[l] of every layer l = 1..L, computed
        by the book's equations as written (`backprop.gradients`)."""
        return backprop.gradients(self, *check_batch(self, X, T, reduction), reduction)

    def gradients(
        self, X: Array, T: Array, reduction: str = "sum"
    ) -> tuple[float, list[Array], list[Array]]:
        """(loss, dW, db): the summed loss and its gradients, as lists shaped like `weights`
        and `biases` (dW[0] = dL/dW^(1)); the numbers of `backprop`, computed by `fast`."""
        return fast.gradients(self, *check_batch(self, X, T, reduction), reduction)

    def loss(self, X: Array, T: Array, reduction: str = "sum") -> float:
        """The loss of the network on (X, T): :eq:`eq-l2-loss` summed over the batch
        (reduction="mean": :eq:`eq-l2-mean`), or cross-entropy (:eq:`eq-ce-stable`)."""
        X, T = check_batch(self, X, T, reduction)
        a_L, y = fast.output(self, X)
        loss = self.loss_fn.value(self._f[-1], a_L, y, T)
        return check_loss(loss / X.shape[0] if reduction == "mean" else loss, T)

    # ---- training ---------------------------------------------------------------------------
    def step(self, X: Array, T: Array, lr: float = 0.1, reduction: str = "sum") -> float:
        """One step W^(l) <- W^(l) - lr dL/dW^(l), b^(l) likewise (:eq:`eq-update-rule`, one output
        weight :eq:`eq-output-update`, [F25]'s fifteen :eq:`eq-worked-updates`); returns the loss
        before the step. `fast.step` computes `backprop.step`, equal up to rounding."""
        lr = training.check_lr(lr)
        return fast.step(self, *check_batch(self, X, T, reduction), lr, reduction)

    def fit(
        self, X: Array, T: Array, lr: float = 0.1, epochs: int = 100,
        batch_size: int | None = None, reduction: str = "sum", seed: int | None = 0,
    ) -> np.ndarray:
        """Train by gradient descent (:eq:`eq-update-rule`); returns the loss of each epoch (also
        kept in loss_history).

        batch_size=None: full-batch gradient descent; otherwise mini-batches, the rows shuffled
        each epoch by default_rng(seed). FloatingPointError if the loss stops being finite (the
        learning rate is too large). See `training.fit`.
        """
        X, T = check_batch(self, X, T, reduction)
        check_finite("T", T)
        return training.fit(self, X, T, lr, epochs, batch_size, reduction, seed)
