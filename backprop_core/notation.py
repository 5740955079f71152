"""The names of weights, biases and units, written in one place for every module.

The book names the weight from unit i of layer l-1 to unit j of layer l::

    w^(l)_ij          source first, with the layer as a superscript (the book's own names);
    w_ij, u_jk        one letter per layer and no superscript, as the sources write their
                      2-3-2 network (`SOURCES_LETTERS`);
    w^(l)_ji          destination first, as the blog post "Foundations of Backpropagation"
                      [F25] writes it (destination_first=True).

Each name comes in three forms::

    form="text"       w^(1)_12        tables and readouts (`gradcheck.parameter_labels`);
    form="tex"        w^{(1)}_{12}    figure labels and titles (matplotlib mathtext);
    form="symbol"     w_{12}^{(1)}    the names of SymPy symbols (`symbolic.symbolic_mlp`), which
                                      the chapters compare with `sp.Symbol("w_{12}^{(1)}")`.

Indices are 1-based. Where a layer has ten or more units, the two indices are separated by a
comma (w^(1)_1,12), so that every name of that layer can be read back unambiguously.
"""

from __future__ import annotations

from collections.abc import Sequence

FORMS = ("text", "tex", "symbol")
SOURCES_LETTERS = ("w", "u")
"""The sources' letters for the two weight layers of their 2-3-2 network: w_ij, then u_jk."""


def _check_form(form: str) -> None:
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}")


def separator(n_in: int, n_out: int) -> str:
    """"," between the two indices of a layer with ten or more units on either side, else ""."""
    return "," if max(n_in, n_out) > 9 else ""


def weight(
    l: int,
    i: int,
    j: int,
    letter: str = "w",
    layered: bool = True,
    destination_first: bool = False,
    form: str = "text",
    sep: str = "",
) -> str:
    """The name of the weight from unit i of layer l-1 to unit j of layer l (all 1-based).

    letter: the weight's letter ("w", or "u" for the sources' second layer); layered=False
    drops the superscript (l), as the sources do; destination_first=True writes the
    indices j, i as [F25] does; sep goes between the indices (see `separator`).
    """
    _check_form(form)
    first, second = (j, i) if destination_first else (i, j)
    index = f"{first}{sep}{second}"
    if not layered:
        return f"{letter}_{index}" if form == "text" else f"{letter}_{{{index}}}"
    if form == "text":
        return f"{letter}^({l})_{index}"
    if form == "tex":
        return f"{letter}^{{({l})}}_{{{index}}}"
    return f"{letter}_{{{index}}}^{{({l})}}"


def bias(l: int, j: int, form: str = "text") -> str:
    """The name of the bias of unit j of layer l: b^(l)_j (text), b^{(l)}_{j} (tex), or the
    symbol name b_j^{(l)} (written so since the first chapters; a chapter's `sp.Symbol`
    must match it)."""
    _check_form(form)
    if form == "text":
        return f"b^({l})_{j}"
    if form == "tex":
        return f"b^{{({l})}}_{{{j}}}"
    return f"b_{j}^{{({l})}}"


def layer_letters(L: int, letters: Sequence[str] | None = None) -> list[tuple[str, bool]]:
    """(letter, layered) for each of the L weight layers.

    letters=None: "w" with the superscript (l) on every layer (no superscript for a single
    layer, where it would say nothing); otherwise one letter per layer, without superscripts.
    """
    if letters is None:
        return [("w", L > 1)] * L
    if len(letters) != L:
        raise ValueError(f"{L} layer(s) need {L} weight names, got {list(letters)}")
    return [(str(letter), False) for letter in letters]


def parameter_names(
    sizes: Sequence[int], form: str = "text", letters: Sequence[str] | None = None
) -> list[str]:
    """The name of every parameter of a network with layer sizes `sizes`, in the order of
    `gradcheck.flatten`: every weight (row-major, layer by layer), then every bias.

    Unlike `layer_letters`, letters=None keeps the superscript even for a single layer, so that
    each name says which layer it belongs to.
    """
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    named = layer_letters(L, letters) if letters is not None else [("w", True)] * L
    names = []
    for l, ((letter, layered), n_in, n_out) in enumerate(
        zip(named, sizes[:-1], sizes[1:]), start=1
    ):
        sep = separator(n_in, n_out)
        names += [
            weight(l, i, j, letter, layered, form=form, sep=sep)
            for i in range(1, n_in + 1)
            for j in range(1, n_out + 1)
        ]
    for l, n_out in enumerate(sizes[1:], start=1):
        names += [bias(l, j, form) for j in range(1, n_out + 1)]
    return names


def unit_labels(sizes: Sequence[int]) -> list[list[str]]:
    """Figure labels of every unit: x_i for the inputs, h_j (h^(l)_j with several hidden
    layers) for the hidden units, y_k for the outputs, as mathtext ("$x_{1}$")."""
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    labels = [[f"$x_{{{i}}}$" for i in range(1, sizes[0] + 1)]]
    for l in range(1, L):
        sup = f"^{{({l})}}" if L > 2 else ""
        labels.append([f"$h{sup}_{{{j}}}$" for j in range(1, sizes[l] + 1)])
    labels.append([f"$y_{{{k}}}$" for k in range(1, sizes[-1] + 1)])
    return labels


def delta(l: int, j: int | None = None) -> str:
    """The delta of layer l (of its unit j, 1-based, if given) as mathtext without dollars:
    \\delta^{(l)} or \\delta^{(l)}_{j}, with its layer superscript in every network, as the
    book writes it from the output-layer chapter on."""
    name = rf"\delta^{{({l})}}"
    return name if j is None else f"{name}_{{{j}}}"
