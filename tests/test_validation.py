"""What a network accepts: every refusal of an architecture or a batch, with its message."""

import warnings

import numpy as np
import pytest

import backprop_core as bc
from backprop_core.checks import check_finite

X = np.array([[0.05, 0.10], [0.5, -0.3], [-1.0, 2.0]])
T = np.array([[0.01, 0.99], [0.2, 0.7], [0.9, 0.1]])


def net232(**kw):
    return bc.MLP([2, 3, 2], activations=["sigmoid", "sigmoid"], seed=0, **kw)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"sizes": [2]}, ValueError,
         r"^sizes needs at least an input and an output size, got \[2\]$"),
        ({"sizes": []}, ValueError, r"^sizes needs at least an input and an output size"),
        ({"sizes": [2, 0, 1]}, ValueError,
         r"^every layer size must be a positive integer, got \[2, 0, 1\]$"),
        ({"sizes": [2, -1]}, ValueError, r"^every layer size must be a positive integer"),
        ({"sizes": [2, 1.5, 1]}, ValueError, r"^every layer size must be a positive integer"),
        ({"sizes": [2, True]}, ValueError, r"^every layer size must be a positive integer"),
        ({"sizes": [2, "3"]}, ValueError, r"^every layer size must be a positive integer"),
        ({"sizes": [2, 3, 2], "activations": ["sigmoid"]}, ValueError,
         r"^sizes \[2, 3, 2\] define 2 layer\(s\), so activations needs 2 name\(s\), got 1: "
         r"\['sigmoid'\]$"),
        ({"sizes": [2, 3, 2], "activations": ["sigmoid", "swish"]}, ValueError,
         r"^unknown activation 'swish'; choose one of"),
        ({"sizes": [2, 3, 2], "activations": ["sigmoid", 3]}, TypeError,
         r"^an activation is named by a string, got int$"),
        ({"sizes": [2, 3, 2], "activations": ["softmax", "sigmoid"]}, ValueError,
         r"^softmax is allowed only in the last layer \(layer 2\); layer 1 has it$"),
        ({"sizes": [2, 3, 3, 2], "activations": ["tanh", "softmax", "softmax"]}, ValueError,
         r"^softmax is allowed only in the last layer \(layer 3\); layer 2 has it$"),
        ({"sizes": [2, 3, 2], "activations": "softmax"}, ValueError,
         r"^softmax is allowed only in the last layer \(layer 2\); layer 1 has it$"),
        ({"sizes": [2, 3, 2], "activations": "tanh", "loss": "cross_entropy"}, ValueError,
         r"^loss='cross_entropy' needs a 'sigmoid' or 'softmax' output layer, got 'tanh'$"),
        ({"sizes": [2, 2], "activations": "relu", "loss": "cross_entropy"}, ValueError,
         r"got 'relu'$"),
        ({"sizes": [2, 2], "activations": "identity", "loss": "cross_entropy"}, ValueError,
         r"got 'identity'$"),
        ({"sizes": [2, 2], "loss": "hinge"}, ValueError,
         r"^unknown loss 'hinge'; choose 'l2' or 'cross_entropy'$"),
        ({"sizes": [2, 2], "dtype": np.int64}, TypeError,
         r"^dtype must be a floating type such as float64 or float32, got int64$"),
        ({"sizes": [2, 2], "dtype": np.complex128}, TypeError,
         r"^dtype must be a floating type .* got complex128$"),
    ],
)
def test_bad_construction(kwargs, error, message):
    with pytest.raises(error, match=message):
        bc.MLP(**kwargs)


def test_good_construction():
    assert bc.MLP([2, 2, 2, 1], "relu").activations == ["relu"] * 3  # one name for all
    tanh = bc.get_activation("tanh")
    assert bc.MLP([2, 2, 1], tanh).f[2] is tanh  # one Activation for all
    net = bc.MLP((np.int64(2), 3, np.int32(1)), ("tanh", "sigmoid"), loss="cross_entropy")
    assert net.sizes == [2, 3, 1] and all(type(n) is int for n in net.sizes)
    assert net.loss_fn.name == "cross_entropy"
    assert bc.MLP([2, 2], "softmax", loss="cross_entropy").f[1].name == "softmax"
    assert bc.MLP([2, 2], "softmax").loss_fn.name == "l2"  # softmax + L2 is allowed
    assert bc.MLP([2, 2], dtype="float32").dtype == np.float32
    assert bc.MLP([2, 2], loss=bc.loss.Loss("l2")).loss_fn.name == "l2"


BAD_BATCHES = [
    (X[:, :1], T, ValueError,
     r"^X must have 2 columns \(shape \(batch, 2\)\), got shape \(3, 1\)$"),
    (X[0], T[:1], ValueError,
     r"^X must be a 2-D batch of shape \(batch, 2\), got shape \(2,\) \(one sample is a row: "
     r"use x.reshape\(1, -1\)\)$"),
    (X[None], T, ValueError, r"^X must be a 2-D batch of shape \(batch, 2\), got shape "
                             r"\(1, 3, 2\)$"),
    (X, T[:, 0], ValueError, r"^T must be a 2-D batch of shape \(batch, n\), got shape \(3,\)"),
    (X, T[:2], ValueError,
     r"^T must have shape \(batch, n_out\) = \(3, 2\) to match X \(3, 2\) and the network's 2 "
     r"output\(s\), got \(2, 2\)$"),
    (X, T[:, :1], ValueError, r"^T must have shape \(batch, n_out\) = \(3, 2\) .* got \(3, 1\)$"),
    (np.zeros((0, 2)), np.zeros((0, 2)), ValueError,
     r"^X is an empty batch \(shape \(0, 2\)\): need at least one row$"),
    (np.array([[np.nan, 0.0]]), T[:1], ValueError,
     r"^X contains non-finite values \(1 NaN, 0 inf; first at index \(0, 0\)\)$"),
    (X, np.where(T > 0.5, np.inf, T), ValueError,
     r"^T contains non-finite values \(0 NaN, 3 inf; first at index \(0, 1\)\)$"),
    (np.array([["a", "b"]]), T[:1], TypeError,
     r"^X must hold real numbers \(float or int\), got dtype <U1$"),
    (np.array([[None, 1]], dtype=object), T[:1], TypeError,
     r"^X must hold real numbers .* got dtype object$"),
    (X, T.astype(complex), TypeError, r"^T must hold real numbers .* got dtype complex128$"),
]


@pytest.mark.parametrize(("X_bad", "T_bad", "error", "message"), BAD_BATCHES)
@pytest.mark.parametrize("method", ["gradients", "backprop", "loss", "step", "fit"])
def test_bad_batches_get_clear_errors(X_bad, T_bad, error, message, method):
    net = net232()
    kwargs = {"epochs": 1} if method == "fit" else {}
    with pytest.raises(error, match=message):
        getattr(net, method)(X_bad, T_bad, **kwargs)


@pytest.mark.parametrize("method", ["forward", "trace", "__call__"])
def test_bad_inputs_to_the_forward_pass(method):
    net = net232()
    for X_bad, _, error, message in BAD_BATCHES:
        if message.startswith("^X"):
            with pytest.raises(error, match=message):
                getattr(net, method)(X_bad)


@pytest.mark.parametrize("shape", [(1, 2), (3000, 2)])
def test_huge_finite_inputs_are_accepted_silently(shape):
    # Their sum overflows (to inf, or to inf - inf = NaN), but every entry is finite.
    big = np.full(shape, 1e308)
    big[:, 1] *= -1 if shape[0] > 1 else 1
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        check_finite("X", big)
        check_finite("X", np.abs(big))
        bc.MLP([2, 1], "identity").trace(big / 1e300)


def test_a_late_non_finite_entry_of_a_large_batch_is_found():
    net = bc.MLP([2, 1], "identity")
    bad = np.zeros((3000, 2))
    bad[2999, 1] = np.nan
    bad[2000, 0] = -np.inf
    with pytest.raises(ValueError, match=r"^X contains non-finite values \(1 NaN, 1 inf; first "
                                         r"at index \(2000, 0\)\)$"):
        net.forward(bad)


def test_reduction_is_checked_first():
    net = net232()
    for method in ("gradients", "backprop", "loss", "step"):
        with pytest.raises(ValueError, match=r"^reduction must be 'sum' or 'mean', got 'max'$"):
            getattr(net, method)(X, T, reduction="max")


def test_lists_and_integers_are_batches():
    net = net232()
    np.testing.assert_array_equal(net.forward([[1, 2]]), net.forward(np.array([[1.0, 2.0]])))
    assert net.forward(np.array([[1, 2]], dtype=np.int32)).dtype == np.float64
    assert net232(dtype=np.float32).forward([[1, 2]]).dtype == np.float32
    net.gradients([[1, 2]], [[0, 1]])


def test_n_by_1_outputs_reject_flat_targets():
    net = bc.MLP([2, 1], "identity")
    with pytest.raises(
        ValueError, match=r"^T must be a 2-D batch of shape \(batch, n\), got shape \(3,\)"
    ):
        net.gradients(X, np.zeros(3))


# ---- cross-entropy targets through the network ------------------------------------------------
@pytest.mark.parametrize("method", ["gradients", "backprop", "loss", "step", "fit"])
def test_cross_entropy_networks_refuse_targets_that_are_not_probabilities(method):
    sig = bc.MLP([2, 3, 2], ["tanh", "sigmoid"], loss="cross_entropy")
    soft = bc.MLP([2, 3, 2], ["tanh", "softmax"], loss="cross_entropy")
    kwargs = {"epochs": 1} if method == "fit" else {}
    with pytest.raises(
        ValueError,
        match=r"^cross-entropy targets must be probabilities in \[0, 1\]; t has values in "
        r"\[-0.5, 0.99\]$",
    ):
        getattr(sig, method)(X, np.where(T == 0.01, -0.5, T), **kwargs)
    with pytest.raises(
        ValueError,
        match=r"^with a softmax output each target row must be a probability vector summing to "
        r"1; row 1 sums to 0.9, off by 0.1 \(tolerance 2.8e-14\)$",
    ):
        getattr(soft, method)(X, T, **kwargs)
    with pytest.raises(ValueError, match=r"^T contains non-finite values \(1 NaN, 0 inf"):
        getattr(sig, method)(X, np.where(T == 0.01, np.nan, T), **kwargs)
    getattr(sig, method)(X, T, **kwargs)  # per-output probabilities: fine for the sigmoid
    getattr(soft, method)(X, T / T.sum(axis=1, keepdims=True), **kwargs)


@pytest.mark.parametrize("method", ["gradients", "backprop", "loss", "step"])
def test_l2_networks_find_non_finite_targets_through_the_loss(method):
    net = net232()
    W0 = net.W[1].copy()
    with pytest.raises(ValueError, match=r"^T contains non-finite values \(0 NaN, 1 inf; first "
                                         r"at index \(1, 0\)\)$"):
        getattr(net, method)(X, np.where(T == 0.2, np.inf, T))
    np.testing.assert_array_equal(net.W[1], W0)  # the step stopped before any change
    net.gradients(X, T * 1e3)  # large but finite targets are L2 targets


def test_a_huge_but_finite_loss_is_returned_not_refused():
    net = bc.MLP([2, 1], "identity")
    net.b[1] = [1e200]
    loss = net.loss(X[:1], np.zeros((1, 1)))
    assert loss == np.inf  # (1e200)^2 / 2 overflows; the targets are fine, so no ValueError


def test_wrong_kinds_of_architecture_and_index_are_named():
    with pytest.raises(TypeError, match=r"^sizes is a list of layer sizes such as \[2, 3, 2\]"):
        bc.MLP(5)
    with pytest.raises(TypeError, match=r"^activations is one name or a list of names"):
        bc.MLP([2, 2], activations=3)
    net = bc.MLP([2, 3, 2])
    with pytest.raises(IndexError, match=r"^weights\[5\] does not exist: the network has 2 layers"):
        net.weights[5] = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"^the step eps must be a positive finite .*got True$"):
        bc.numerical_gradients(net, np.ones((1, 2)), np.ones((1, 2)), eps=True)
