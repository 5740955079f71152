import warnings

import numpy as np
import pytest

import backprop_core as bc

X = np.array([[0.05, 0.10], [0.5, -0.3], [-1.0, 2.0]])
T = np.array([[0.01, 0.99], [0.2, 0.7], [0.9, 0.1]])


def net232(**kw):
    return bc.MLP([2, 3, 2], activations=["sigmoid", "sigmoid"], seed=0, **kw)


def test_contract_shapes_and_types():
    net = net232()
    assert [W.shape for W in net.weights] == [(2, 3), (3, 2)]
    assert [b.shape for b in net.biases] == [(3,), (2,)]
    assert net.forward(X).shape == (3, 2)
    loss, dW, db = net.gradients(X, T)
    assert isinstance(loss, float)
    assert [g.shape for g in dW] == [(2, 3), (3, 2)]
    assert [g.shape for g in db] == [(3,), (2,)]
    assert net.n_params == 6 + 6 + 3 + 2
    assert net.activations == ["sigmoid", "sigmoid"]
    assert repr(net) == "MLP(2-3-2, activations=['sigmoid', 'sigmoid'], dtype=float64)"


def test_forward_is_the_composition_of_the_layers():
    net = net232()
    W, U = net.weights
    b1, b2 = net.biases
    want = bc.sigmoid(bc.sigmoid(X @ W + b1) @ U + b2)
    np.testing.assert_allclose(net.forward(X), want, rtol=1e-15)
    np.testing.assert_array_equal(net(X), net.forward(X))
    tr = net.trace(X)
    np.testing.assert_array_equal(tr.h[0], X)
    np.testing.assert_allclose(tr.a[1], X @ W + b1, rtol=1e-15, atol=0)
    np.testing.assert_allclose(tr.h[2], want, rtol=1e-15)


def test_loss_is_the_summed_l2_loss():
    net = net232()
    loss, _, _ = net.gradients(X, T)
    assert loss == pytest.approx(0.5 * np.sum((net.forward(X) - T) ** 2), rel=1e-14)
    assert net.loss(X, T) == pytest.approx(loss, rel=1e-15)
    assert net.gradients(X, T, reduction="mean")[0] == pytest.approx(loss / 3)


def test_gradients_are_composed_from_the_formula_functions():
    net = net232()
    tr = net.trace(X)
    delta_y = bc.output_delta(tr.h[2], T)
    delta_h = bc.hidden_delta(delta_y, net.W[2], tr.h[1])
    _, dW, db = net.gradients(X, T)
    np.testing.assert_allclose(dW[1], bc.weight_gradient(tr.h[1], delta_y), rtol=1e-14)
    np.testing.assert_allclose(dW[0], bc.weight_gradient(X, delta_h), rtol=1e-14)
    np.testing.assert_allclose(db[1], bc.bias_gradient(delta_y), rtol=1e-14)
    np.testing.assert_allclose(db[0], bc.bias_gradient(delta_h), rtol=1e-14)
    bp = net.backprop(X, T)
    np.testing.assert_allclose(bp.delta[2], delta_y, rtol=1e-14, atol=0)
    np.testing.assert_allclose(bp.delta[1], delta_h, rtol=1e-14, atol=0)


def test_batch_gradient_is_the_sum_of_per_sample_gradients():
    net = bc.MLP([2, 4, 3, 2], ["tanh", "relu", "identity"], seed=3)
    _, dW, db = net.gradients(X, T)
    parts = [net.gradients(X[n : n + 1], T[n : n + 1]) for n in range(3)]
    for l in range(3):
        np.testing.assert_allclose(dW[l], sum(p[1][l] for p in parts), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db[l], sum(p[2][l] for p in parts), rtol=1e-12, atol=1e-15)


def test_gradients_do_not_change_parameters_or_inputs():
    net = net232()
    W0 = [W.copy() for W in net.weights]
    X0, T0 = X.copy(), T.copy()
    net.gradients(X, T)
    for W, W_old in zip(net.weights, W0):
        np.testing.assert_array_equal(W, W_old)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(T, T0)


def test_weights_and_biases_can_be_read_and_assigned():
    net = net232()
    net.weights = [np.ones((2, 3)), np.full((3, 2), 0.5)]
    net.biases = [np.zeros(3), [1, 2]]
    np.testing.assert_array_equal(net.biases[1], [1.0, 2.0])
    assert net.biases[1].dtype == np.float64
    h = bc.sigmoid(X @ np.ones((2, 3)))
    np.testing.assert_allclose(net.forward(X), bc.sigmoid(h @ np.full((3, 2), 0.5) + [1, 2]))
    net.weights[0][0, 0] = 5.0  # in-place edits are seen
    assert net.forward(X)[0, 0] != pytest.approx(
        bc.sigmoid(h @ np.full((3, 2), 0.5) + [1, 2])[0, 0]
    )


def test_seed_makes_initialisation_deterministic():
    a, b, c = net232(), net232(), bc.MLP([2, 3, 2], seed=1)
    np.testing.assert_array_equal(a.weights[0], b.weights[0])
    assert not np.array_equal(a.weights[0], c.weights[0])
    assert all(np.all(bias == 0) for bias in a.biases)


def test_single_activation_name_applies_to_every_layer():
    assert bc.MLP([2, 2, 2, 1], "relu").activations == ["relu"] * 3


def test_float32_end_to_end():
    net = net232(dtype=np.float32)
    assert all(W.dtype == np.float32 for W in net.weights)
    y = net.forward(X)
    assert y.dtype == np.float32
    _, dW, db = net.gradients(X, T)
    assert all(g.dtype == np.float32 for g in dW + db)
    _, dW64, _ = net232().gradients(X, T)
    np.testing.assert_allclose(dW[1], dW64[1], rtol=1e-4, atol=1e-6)
    history = net.fit(X, T, lr=0.5, epochs=20)
    assert history[-1] < history[0]


def test_step_moves_against_the_gradient():
    net = net232()
    before = [W.copy() for W in net.weights] + [b.copy() for b in net.biases]
    loss, dW, db = net.gradients(X, T)
    assert net.step(X, T, lr=0.3) == loss
    after = net.weights + net.biases
    for p0, g, p1 in zip(before, dW + db, after):
        np.testing.assert_allclose(p1, p0 - 0.3 * g, rtol=1e-12)
    assert net.loss(X, T) < loss


def test_fit_learns_and_records_history():
    net = net232()
    history = net.fit(X, T, lr=1.0, epochs=300)
    assert history.shape == (300,)
    assert np.all(np.diff(history) < 0)  # small lr on a smooth loss: monotone
    assert history[-1] < 0.2 * history[0]
    assert net.loss_history == history.tolist()
    net.fit(X, T, lr=1.0, epochs=5)
    assert len(net.loss_history) == 305


def test_minibatch_fit_is_seeded_and_weights_mean_batches():
    a, b = net232(), net232()
    ha = a.fit(X, T, lr=0.5, epochs=10, batch_size=2, seed=4)
    hb = b.fit(X, T, lr=0.5, epochs=10, batch_size=2, seed=4)
    np.testing.assert_array_equal(ha, hb)
    c = net232()
    hc = c.fit(X, T, lr=0.5, epochs=1, batch_size=1, reduction="mean")
    assert hc[0] == pytest.approx(net232().loss(X, T, "mean"), rel=0.05)


def test_fit_reports_divergence():
    net = bc.MLP([2, 1], "identity", seed=0)
    big = np.array([[100.0, 100.0]] * 4)
    with pytest.raises(
        FloatingPointError, match=r"training diverged at epoch .*lower the learning rate"
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no NumPy overflow warnings on the way
            net.fit(big, np.ones((4, 1)), lr=10.0, epochs=200)


def test_copy_is_independent():
    net = net232()
    other = net.copy()
    other.weights[0][0, 0] += 1
    assert net.weights[0][0, 0] != other.weights[0][0, 0]
    assert other.activations == net.activations


@pytest.mark.parametrize(
    ("X_bad", "T_bad", "error", "message"),
    [
        (
            X[:, :1],
            T,
            ValueError,
            r"X must have 2 columns \(shape \(batch, 2\)\), got shape \(3, 1\)",
        ),
        (
            X[0],
            T[:1],
            ValueError,
            r"X must be a 2-D batch .* got shape \(2,\) \(one sample is a row",
        ),
        (X, T[:, 0], ValueError, r"T must be a 2-D batch"),
        (X, T[:2], ValueError, r"T must have shape \(batch, n_out\) = \(3, 2\) to match X"),
        (X, T[:, :1], ValueError, r"T must have shape \(batch, n_out\) = \(3, 2\)"),
        (np.zeros((0, 2)), np.zeros((0, 2)), ValueError, "X is an empty batch"),
        (
            np.array([[np.nan, 0.0]]),
            T[:1],
            ValueError,
            r"X contains non-finite values \(1 NaN, 0 inf; first at index \(0, 0\)\)",
        ),
        (
            X,
            np.where(T > 0.5, np.inf, T),
            ValueError,
            r"T contains non-finite values \(0 NaN, 3 inf",
        ),
        (np.array([["a", "b"]]), T[:1], TypeError, "X must hold real numbers .* got dtype <U1"),
        (
            np.array([[None, 1]], dtype=object),
            T[:1],
            TypeError,
            "X must hold real numbers .* got dtype object",
        ),
        (X, T.astype(complex), TypeError, "T must hold real numbers .* got dtype complex128"),
    ],
)
def test_bad_batches_get_clear_errors(X_bad, T_bad, error, message):
    net = net232()
    with pytest.raises(error, match=message):
        net.gradients(X_bad, T_bad)
    with pytest.raises(error, match=message):
        net.fit(X_bad, T_bad, epochs=1)


def test_n_by_1_outputs_reject_flat_targets():
    net = bc.MLP([2, 1], "identity")
    with pytest.raises(
        ValueError, match=r"T must be a 2-D batch of shape \(batch, n\), got shape \(3,\)"
    ):
        net.gradients(X, np.zeros(3))
    with pytest.raises(ValueError, match="X must be a 2-D batch"):
        net.forward([1.0, 2.0])


def test_forward_accepts_lists_and_ints():
    net = net232()
    np.testing.assert_allclose(net.forward([[1, 2]]), net.forward(np.array([[1.0, 2.0]])))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"sizes": [2]}, ValueError, "at least an input and an output size"),
        ({"sizes": [2, 0, 1]}, ValueError, "every layer size must be a positive integer"),
        ({"sizes": [2, 1.5, 1]}, ValueError, "every layer size must be a positive integer"),
        (
            {"sizes": [2, 3, 2], "activations": ["sigmoid"]},
            ValueError,
            r"define 2 layer\(s\), so activations needs 2 name\(s\), got 1",
        ),
        (
            {"sizes": [2, 3, 2], "activations": ["sigmoid", "swish"]},
            ValueError,
            "unknown activation 'swish'",
        ),
        (
            {"sizes": [2, 3, 2], "activations": ["softmax", "sigmoid"]},
            ValueError,
            r"softmax is allowed only in the last layer \(layer 2\); layer 1 has it",
        ),
        (
            {"sizes": [2, 3, 2], "activations": "tanh", "loss": "cross_entropy"},
            ValueError,
            "loss='cross_entropy' needs a 'sigmoid' or 'softmax' output layer, got 'tanh'",
        ),
        ({"sizes": [2, 2], "loss": "hinge"}, ValueError, "unknown loss 'hinge'"),
        ({"sizes": [2, 2], "init": "zeros"}, ValueError, "unknown init 'zeros'"),
        ({"sizes": [2, 2], "dtype": np.int64}, TypeError, "dtype must be a floating type"),
    ],
)
def test_bad_construction(kwargs, error, message):
    with pytest.raises(error, match=message):
        bc.MLP(**kwargs)


def test_bad_parameter_assignment():
    net = net232()
    with pytest.raises(ValueError, match=r"weights\[1\] must have shape \(3, 2\), got \(2, 3\)"):
        net.weights = [np.zeros((2, 3)), np.zeros((2, 3))]
    with pytest.raises(ValueError, match=r"biases needs 2 arrays \(one per layer\), got 1"):
        net.biases = [np.zeros(3)]
    with pytest.raises(ValueError, match=r"weights\[0\] contains non-finite"):
        net.weights = [np.full((2, 3), np.nan), np.zeros((3, 2))]
    with pytest.raises(TypeError, match=r"biases\[0\] must hold real numbers"):
        net.biases = [np.array(["a", "b", "c"]), np.zeros(2)]
    # One layer at a time is checked too, where it happens.
    with pytest.raises(ValueError, match=r"weights\[1\] must have shape \(3, 2\), got \(2, 3\)"):
        net.weights[1] = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"biases\[0\] must have shape \(3,\), got \(1,\)"):
        net.biases[0] = np.array([0.5])  # would otherwise broadcast silently
    with pytest.raises(TypeError, match="one layer at a time"):
        net.weights[0:1] = [np.zeros((2, 3))]
    with pytest.raises(TypeError, match="the network has 2 layers: its parameters cannot grow"):
        net.weights.append(np.zeros((2, 2)))
    net.weights[-1] = np.ones((3, 2))
    assert net.weights[1].dtype == np.float64 and np.all(net.weights[1] == 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": -0.1}, ValueError, "learning rate must be a positive finite number, got -0.1"),
        ({"lr": float("nan")}, ValueError, "learning rate must be a positive finite number"),
        ({"lr": "0.1"}, TypeError, "learning rate must be a number, got str"),
        ({"epochs": -1}, ValueError, "epochs must be a non-negative integer"),
        ({"batch_size": 0}, ValueError, "batch_size must be a positive integer or None"),
        ({"reduction": "avg"}, ValueError, "reduction must be 'sum' or 'mean'"),
    ],
)
def test_bad_training_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        net232().fit(X, T, **kwargs)
