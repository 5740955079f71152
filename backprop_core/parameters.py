"""The checked lists behind a network's weights and biases.

A network keeps W^(1), ..., W^(L) in one `ParameterList`. `net.W` shows it numbered by layer
(`net.W[1]` is W^(1), a `Layers` view); `net.weights` is the same list as a plain Python list,
first layer first, for code written against the usual list convention. Assigning one layer
through either is checked like assigning the whole list, so a wrong shape is refused where it
happens, and the forward and backward passes never need to check the parameters again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .checks import as_array, check_finite
from .layers import Layers

Array = np.ndarray


class ParameterList(list):
    """W^(1)..W^(L) (or b^(1)..b^(L)) as a fixed-length list whose assignments are checked."""

    def __init__(
        self, symbol: str, list_name: str, shapes: list[tuple], dtype: np.dtype, arrays: Sequence
    ) -> None:
        self.symbol, self.list_name, self.shapes, self.dtype = symbol, list_name, shapes, dtype
        arrays = list(arrays)
        if len(arrays) != len(shapes):
            raise ValueError(
                f"{list_name} needs {len(shapes)} arrays (one per layer), got {len(arrays)}"
            )
        super().__init__(self.checked(l, p, True) for l, p in enumerate(arrays, start=1))

    def checked(self, l: int, p: object, as_list: bool = False) -> Array:
        """`p` as the parameter of layer l: the right shape and dtype, finite, C-ordered.
        Errors name it as the caller did: weights[0] (a list index) or W[1] (a layer)."""
        # C order: a transposed array (W.T) would otherwise stay Fortran-ordered, and code that
        # edits parameters through p.reshape(-1) (numerical_gradients) would edit a copy.
        name = f"{self.list_name}[{l - 1}]" if as_list else f"{self.symbol}[{l}]"
        p = np.array(as_array(name, p), dtype=self.dtype, order="C")
        if p.shape != self.shapes[l - 1]:
            raise ValueError(
                f"{name} must have shape {self.shapes[l - 1]}, got {p.shape} "
                f"({self.symbol}^({l}), layer {l})"
            )
        check_finite(name, p)
        return p

    def by_layer(self) -> Layers[Array]:
        """This list numbered by layer: view[l] is layer l's parameter, l = 1..L."""
        return _LayerView(self)

    def __setitem__(self, index: object, value: object) -> None:
        if not isinstance(index, (int, np.integer)) or isinstance(index, bool):
            raise TypeError(f"assign {self.symbol} one layer at a time (an integer index)")
        try:
            i = range(len(self))[index]  # negative indices count from the end
        except IndexError:
            raise IndexError(
                f"{self.list_name}[{index}] does not exist: the network has {len(self)} layers "
                f"({self.list_name}[0] .. {self.list_name}[{len(self) - 1}])"
            ) from None
        if value is not self[i]:
            super().__setitem__(i, self.checked(i + 1, value, as_list=True))

    def set_layer(self, l: int, value: object) -> None:
        """Assign layer l's parameter (l = 1..L), checked."""
        if value is not self[l - 1]:
            super().__setitem__(l - 1, self.checked(l, value))

    def _fixed(self, *args: object, **kwargs: object) -> None:
        raise TypeError(f"the network has {len(self)} layers: its parameters cannot grow or shrink")

    append = extend = insert = pop = remove = clear = __delitem__ = __iadd__ = __imul__ = _fixed

    def _ordered(self, *args: object, **kwargs: object) -> None:
        # Reordering would put a layer's parameter where another shape belongs, unchecked.
        raise TypeError(
            f"the network's layers have a fixed order: assign {self.symbol} one layer at a time"
        )

    reverse = sort = _ordered


class _LayerView(Layers):
    """A `ParameterList` numbered by layer; assignments are checked as `W[l]`."""

    __slots__ = ("_params",)

    def __init__(self, params: ParameterList) -> None:
        super().__init__(params, first=1, name=params.symbol)
        self._params = params

    def __setitem__(self, l: int, value: object) -> None:
        self._position(l)  # IndexError for a layer that does not exist
        self._params.set_layer(l, value)
