"""Per-layer values numbered as in the book.

A network with L layers has weights W^(1), ..., W^(L), pre-activations a^(1), ..., a^(L),
deltas delta^(1), ..., delta^(L), and activations h^(0) = x, h^(1), ..., h^(L) = y. The code
keeps each such family in a `Layers`, indexed by the book's own layer number::

    net.W[1]            W^(1), the first layer's weights
    trace.h[0]          h^(0) = x, the input
    grads.delta[L]      delta^(L), the output delta

so that layer l in the code is layer l in the book, everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

#: The type of the values a `Layers` holds (arrays, or activations for `net.f`).
V = TypeVar("V")


class Layers(Generic[V]):
    """Values numbered first, first + 1, ..., first + n - 1 (first = 1, or 0 for h^(0)).

    Indexing uses the book's layer numbers; iterating yields the values in layer order and
    `items()` yields (l, value) pairs. Negative indices are refused, because `delta[-1]` would
    read as "delta^(-1)"; write `delta[L]`. A `Layers` built on a list is a view of it:
    assignments go to that list (a network's checked parameter list checks them).
    """

    __slots__ = ("_values", "first", "name")

    def __init__(self, values: Sequence[V], first: int = 1, name: str = "layers") -> None:
        self._values = values if isinstance(values, list) else list(values)
        self.first = first
        self.name = name

    @property
    def last(self) -> int:
        """The largest layer number held."""
        return self.first + len(self._values) - 1

    def _position(self, l: object) -> int:
        if isinstance(l, bool) or not hasattr(l, "__index__"):
            raise TypeError(f"{self.name} is indexed by a layer number, got {l!r}")
        l = l.__index__()
        if not self.first <= l <= self.last:
            raise IndexError(
                f"{self.name}[{l}] does not exist: layers are numbered {self.first}..{self.last}"
                " as in the book"
            )
        return l - self.first

    def __getitem__(self, l: int) -> V:
        return self._values[self._position(l)]

    def __setitem__(self, l: int, value: V) -> None:
        i = self._position(l)
        if value is not self._values[i]:  # `W[l] -= g` edits in place, then assigns W[l] back
            self._values[i] = value

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[V]:
        return iter(self._values)

    def __reversed__(self) -> Iterator[V]:
        return reversed(self._values)

    def items(self) -> Iterator[tuple[int, V]]:
        """(l, value) for every layer l, in order."""
        return zip(range(self.first, self.last + 1), self._values)

    def numbers(self) -> range:
        """The layer numbers held: range(first, last + 1)."""
        return range(self.first, self.last + 1)

    def to_list(self) -> list[V]:
        """The values as a plain Python list, in layer order."""
        return list(self._values)

    def __repr__(self) -> str:
        body = ", ".join(f"{l}: {_short(v)}" for l, v in self.items())
        return f"{self.name}{{{body}}}"


def _short(value: object) -> str:
    shape = getattr(value, "shape", None)
    return f"array{tuple(shape)}" if shape is not None else repr(value)
