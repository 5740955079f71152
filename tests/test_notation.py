"""backprop_core.notation: every weight, bias and unit name, checked against names written out
by hand as the book, the sources and [F25] print them."""

import pytest

from backprop_core import notation


def test_the_three_forms_of_a_book_weight():
    assert notation.weight(2, 3, 1) == "w^(2)_31"
    assert notation.weight(2, 3, 1, form="tex") == "w^{(2)}_{31}"
    assert notation.weight(2, 3, 1, form="symbol") == "w_{31}^{(2)}"


def test_the_sources_letters_and_f25s_destination_first_names():
    assert notation.weight(2, 3, 1, "u", layered=False) == "u_31"
    assert notation.weight(2, 3, 1, "u", layered=False, form="tex") == "u_{31}"
    assert notation.weight(2, 3, 1, "u", layered=False, form="symbol") == "u_{31}"
    # [F25]: the weight from unit 1 of layer 0 to unit 2 of layer 1 is w^(1)_21
    assert notation.weight(1, 1, 2, destination_first=True, form="symbol") == "w_{21}^{(1)}"
    assert notation.weight(1, 1, 2, destination_first=True, form="tex") == "w^{(1)}_{21}"


def test_biases_and_the_comma_of_wide_layers():
    assert notation.bias(2, 1) == "b^(2)_1"
    assert notation.bias(2, 1, "tex") == "b^{(2)}_{1}"
    assert notation.bias(2, 1, "symbol") == "b_1^{(2)}"
    assert notation.separator(9, 9) == "" and notation.separator(3, 10) == ","
    assert notation.weight(1, 1, 12, sep=",") == "w^(1)_1,12"
    with pytest.raises(ValueError, match="form must be one of"):
        notation.weight(1, 1, 1, form="latex")


def test_parameter_names_follow_the_flatten_order():
    names = notation.parameter_names([2, 3, 2])
    assert names[:4] == ["w^(1)_11", "w^(1)_12", "w^(1)_13", "w^(1)_21"]
    assert names[6:8] == ["w^(2)_11", "w^(2)_12"] and names[-1] == "b^(2)_2"
    assert len(names) == 2 * 3 + 3 * 2 + 3 + 2
    sources = notation.parameter_names([2, 3, 2], "tex", letters=notation.SOURCES_LETTERS)
    assert sources[0] == "w_{11}" and sources[6] == "u_{11}" and sources[12] == "b^{(1)}_{1}"
    assert notation.parameter_names([2, 1])[0] == "w^(1)_11"  # a lone layer keeps its (1)
    with pytest.raises(ValueError, match=r"2 layer\(s\) need 2 weight names"):
        notation.layer_letters(2, ["w"])


def test_unit_labels_and_deltas():
    assert notation.unit_labels([2, 3, 2]) == [
        ["$x_{1}$", "$x_{2}$"], ["$h_{1}$", "$h_{2}$", "$h_{3}$"], ["$y_{1}$", "$y_{2}$"]
    ]
    assert notation.unit_labels([1, 1, 1, 1])[2] == ["$h^{(2)}_{1}$"]
    assert notation.delta(2) == r"\delta^{(2)}" and notation.delta(1, 3) == r"\delta^{(1)}_{3}"
