"""backprop_core.prose: numbers for the prose, refused where a CPU could decide a digit."""

import pytest

from backprop_core import prose


def test_fixed_prints_the_decimals_with_a_true_minus_sign():
    assert prose.fixed(0.0641445123) == "0.064145"
    assert prose.fixed(-0.071711, 6) == "\N{MINUS SIGN}0.071711"
    assert prose.fixed(-0.29187, 4) == "\N{MINUS SIGN}0.2919"
    assert prose.fixed(3, 0) == "3"


def test_fixed_refuses_a_value_on_a_rounding_boundary():
    # 0.1375825 is halfway between 0.137582 and 0.137583; one ulp either way decides
    for v in (0.1375825, 0.1375825 + 1e-15, -0.1375825, 0.125):
        with pytest.raises(ValueError, match="rounding boundary"):
            prose.fixed(v, 6 if v != 0.125 else 2)
    # just outside the margin it prints
    assert prose.fixed(0.1375825 + 2e-11) == "0.137583"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1e9])
def test_fixed_refuses_what_it_cannot_print_robustly(bad):
    with pytest.raises(ValueError):
        prose.fixed(bad)


@pytest.mark.parametrize("decimals", [-1, 16, 2.0, True])
def test_fixed_checks_its_decimals(decimals):
    with pytest.raises(ValueError, match="decimals must be"):
        prose.fixed(0.5, decimals)
