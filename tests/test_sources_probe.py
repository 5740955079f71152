"""backprop_core.sources.probe: probed networks give each partial derivative of a chain rule;
`difference` shows a gap under the documents' names. Proofs by `symbolic.identical`, checked
against derivatives written out by hand."""

import pytest
import sympy as sp

from backprop_core import sources
from backprop_core.symbolic import identical, sigmoid, symbolic_mlp


@pytest.fixture(scope="module")
def v23():
    return sources.probe(symbolic_mlp([2, 3, 2], "sigmoid", weight_names=["w", "u"]))


def test_probe_gives_the_partials_of_the_chain_rule(v23):
    y1, t1, h2 = v23.h(2, 1), v23.t(1), v23.h(1, 2)
    assert identical(v23.d("L", ("h", 2, 1)), y1 - t1)
    assert identical(v23.d(("h", 2, 1), ("a", 2, 1)), y1 * (1 - y1))
    assert v23.d(("a", 2, 1), v23.w(2, 2, 1)) == h2
    # dL/dh_2 with everything upstream fixed: the sum over both outputs
    back = sum(
        (v23.h(2, k) - v23.t(k)) * v23.h(2, k) * (1 - v23.h(2, k)) * v23.w(2, 2, k) for k in (1, 2)
    )
    assert identical(v23.d("L", ("h", 1, 2)), back)
    # an expression of probed nodes can be differentiated too
    term = (v23.probed(("h", 2, 1)) - t1) ** 2 / 2
    assert identical(v23.d(term, ("h", 2, 1)), y1 - t1)
    assert v23.b(2, 1) == sp.Symbol("b_1^{(2)}", real=True)


def test_probe_without_biases_and_with_a_generic_activation():
    f = sp.Function("f")
    P = sources.probe(symbolic_mlp([2, 2, 1], f, biases=False))
    assert P.b(1, 1) == 0
    slope = P.slope(2, 1)
    assert slope.has(sp.Subs) or slope.has(sp.Derivative)
    delta = (P.h(2, 1) - P.t(1)) * slope
    assert identical(P.d("L", ("a", 2, 1)), delta)
    assert identical(sp.diff(P.loss, P.w(2, 2, 1)), delta * P.h(1, 2))
    with pytest.raises(ValueError, match="only differentiate with respect to a unit"):
        P.d("L", ("a", 0, 1))


def test_identical_proves_true_identities_and_rejects_false_ones(v23):
    v = sp.Symbol("v")
    assert identical(sp.diff(sigmoid(v), v), sigmoid(v) * (1 - sigmoid(v)))
    assert not identical(sp.diff(sigmoid(v), v), sigmoid(v))
    dL = sp.diff(v23.loss, v23.w(1, 1, 1))
    assert not identical(dL, 2 * dL)
    assert identical(dL, dL + 0 * v)


def test_difference_names_units_and_refuses_unnamed_ones(v23):
    names = sources.named(v23, lambda l, j: f"h_{j}" if l == 1 else f"y_{j}")
    y1 = v23.h(2, 1)
    gap = sources.difference(2 * y1 * (1 - y1), y1 * (1 - y1), names)
    Y1 = sp.Symbol("y_1")
    assert sp.simplify(gap - Y1 * (1 - Y1)) == 0
    with pytest.raises(ValueError, match="has no name"):
        sources.difference(y1, 0, {})
    # collect: sums among the factors grouped by the given symbols
    u11, u21 = v23.w(2, 1, 1), v23.w(2, 2, 1)
    gap = sources.difference(u11 * y1 + u21 * y1, 0, names, collect=[u11, u21])
    assert sp.simplify(gap - Y1 * (u11 + u21)) == 0


def test_named_includes_slopes_for_a_generic_activation():
    f = sp.Function("f")
    P = sources.probe(symbolic_mlp([1, 1, 1], f))
    names = sources.named(P, lambda l, j: f"a_{j}^{{({l})}}", lambda l, j: f"s_{l}")
    assert len(names) == 4 and sp.Symbol("s_2") in names.values()
