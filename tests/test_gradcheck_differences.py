"""backprop_core.gradcheck's finite differences of chapter 'Checking gradients': forward and
centred differences, their error against eps (truncation slopes), the float32 conversion."""

import numpy as np
import pytest

from backprop_core import examples
from backprop_core.gradcheck import (
    difference_gradients,
    error_vs_eps,
    reference_gradient,
    with_dtype,
)

from float_oracles import l2_loss


def oracle_quotients(net, x, t, eps, k):
    """(L(θ + eps) - L(θ - eps)) / (2 eps) for parameter number k, the loss by tests/oracles.py."""
    params = [*net.weights, *net.biases]
    sizes = np.cumsum([0, *(p.size for p in params)])
    which = int(np.searchsorted(sizes, k, side="right")) - 1
    up, down = net.copy(), net.copy()
    [*up.weights, *up.biases][which].reshape(-1)[k - sizes[which]] += eps
    [*down.weights, *down.biases][which].reshape(-1)[k - sizes[which]] -= eps
    return (l2_loss(up, x, t) - l2_loss(down, x, t)) / (2 * eps)


def test_centred_differences_are_the_quotients_of_the_loss():
    net = examples.network_f25()
    x, t = examples.sample_f25()
    d = difference_gradients(net, x, t, 1e-4)
    assert d.shape == (net.n_params,)
    for k in (0, 5, 12, 14):  # a first-layer weight, second-layer weight, biases
        assert d[k] == pytest.approx(oracle_quotients(net, x, t, 1e-4, k), rel=1e-8)


def test_forward_difference_is_first_order_and_restores_parameters():
    net = examples.network_f25()
    x, t = examples.sample_f25()
    before = [p.copy() for p in net.weights + net.biases]
    g = reference_gradient(net, x, t)
    e1 = np.abs(difference_gradients(net, x, t, 1e-2, "forward") - g)
    e2 = np.abs(difference_gradients(net, x, t, 1e-3, "forward") - g)
    k = int(np.argmax(e1))
    assert 8 < e1[k] / e2[k] < 12  # ten times smaller eps, ten times smaller error
    for p0, p in zip(before, net.weights + net.biases):
        np.testing.assert_array_equal(p0, p)
    with pytest.raises(ValueError, match="method must be 'centred' or 'forward'"):
        difference_gradients(net, x, t, 1e-3, "backward")
    with pytest.raises(ValueError, match="positive finite"):
        difference_gradients(net, x, t, -1.0, "forward")


def test_with_dtype_and_reference_gradient():
    net = examples.network_f25()
    x, t = examples.sample_f25()
    n32 = with_dtype(net, np.float32)
    assert n32.dtype == np.float32 and n32.activations == net.activations
    back = with_dtype(n32)
    for W32, W64 in zip(n32.weights, back.weights):
        assert W64.dtype == np.float64
        np.testing.assert_array_equal(W64, W32.astype(np.float64))  # exact widening
    # The reference is the exact gradient: the limit of the oracle's quotients (Richardson)
    g = reference_gradient(net, x, t)
    for k in (0, 7, 13):
        q1, q2 = (oracle_quotients(net, x, t, eps, k) for eps in (1e-3, 5e-4))
        assert g[k] == pytest.approx((4 * q2 - q1) / 3, rel=1e-8)
    # ... and for a float32 net, the float64 gradient at its rounded parameters: close to the
    # float64 net's, but not equal (0.1 is not a float32 number)
    g32 = reference_gradient(n32, x, t)
    assert g32.dtype == np.float64 and not np.array_equal(g32, g)
    np.testing.assert_allclose(g32, g, rtol=1e-6, atol=1e-9)


def test_error_vs_eps_has_the_truncation_slopes_and_a_float32_floor():
    net = examples.network_f25()
    x, t = examples.sample_f25()
    steps = [1e-1, 1e-2]
    c = error_vs_eps(net, x, t, steps, "centred")[:, 0]
    f = error_vs_eps(net, x, t, steps, "forward")[:, 0]
    assert c.shape == f.shape == (2,)
    assert 80 < c[0] / c[1] < 120 and 8 < f[0] / f[1] < 12
    tiny = error_vs_eps(with_dtype(net, np.float32), x, t, [1e-12])
    assert np.all(tiny == 1.0)  # theta + eps == theta in float32: the quotient is 0
