"""backprop_core.cost (chapter 'The general algorithm'): multiply-add counts against the
matrix products counted by hand, and timings asserted only loosely."""

import numpy as np
import pytest

import backprop_core as bc
from backprop_core import cost


def test_n_params_matches_the_network():
    for sizes in ([2, 3, 2], [2, 2, 2, 1], [5, 1], [3, 5, 4, 4, 2]):
        assert cost.n_params(sizes) == bc.MLP(sizes).n_params


def test_multiply_adds_count_the_matrix_products():
    c = cost.multiply_adds([2, 3, 2], batch=5)
    assert c["forward"] == 5 * (2 * 3 + 3 * 2)
    assert c["backward"] == 5 * (2 * 3 + 3 * 2) + 5 * (3 * 2)  # no delta^(0)
    assert c["backprop"] == c["forward"] + c["backward"]
    assert c["finite differences"] == 2 * 17 * c["forward"]
    # one layer: the backward pass is only the weight gradient
    one = cost.multiply_adds([4, 3])
    assert one["backward"] == one["forward"] == 12
    rng = np.random.default_rng(0)
    for _ in range(20):
        sizes = list(rng.integers(1, 50, size=int(rng.integers(2, 7))))
        c = cost.multiply_adds(sizes, batch=int(rng.integers(1, 9)))
        assert c["forward"] <= c["backward"] < 2 * c["forward"] or len(sizes) == 2
        assert c["backprop"] < 3 * c["forward"]


def test_best_time_is_the_minimum_per_call():
    calls = []
    t = cost.best_time(lambda: calls.append(1), repeats=3, budget=1e-4)
    assert t > 0 and len(calls) > 3


def test_measure_cost_shapes_and_loose_growth():
    m = cost.measure_cost([[2, 2, 1], [16, 16, 1], [48, 48, 1]], batch=4, repeats=2)
    assert list(m.n_params) == [cost.n_params(s) for s in m.sizes]
    for name in ("forward", "backprop", "finite_differences"):
        assert getattr(m, name).shape == (3,) and np.all(getattr(m, name) > 0)
    # Only robust facts: finite differences run 2P forward passes, so they are far slower
    # than backprop on the largest network, and they grow with P.
    assert m.finite_differences[-1] > 20 * m.backprop[-1]
    assert m.finite_differences[-1] > m.finite_differences[0]
    assert set(m.slopes()) == {"forward", "backprop", "finite_differences"}


def test_measure_cost_times_finite_differences_best_of_three(monkeypatch):
    # one disturbed run must not be the result: numerical_gradients runs at least 3 times
    calls = []
    real = cost.numerical_gradients

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cost, "numerical_gradients", counted)
    cost.measure_cost([[2, 2, 1]], batch=2, repeats=1)
    assert len(calls) >= 3


def test_measure_cost_refuses_a_single_finite_difference_run():
    for bad in (0, 1, 2.0, True):
        with pytest.raises(ValueError, match="fd_repeats"):
            cost.measure_cost([[2, 2, 1]], fd_repeats=bad)
