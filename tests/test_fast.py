"""`fast` (what `gradients`, `step` and `fit` use) computes the numbers of `backprop` (the book's
equations, what `net.backprop` uses), on random networks, to within rounding.

The bound. The two paths evaluate the same sums in a different order and association (lr and
1/B folded into dL/dy, slopes multiplied in place, biases summed by BLAS), so they differ only
by rounding. A sum of n products, evaluated in floating point, is within n u sum |terms| of the
exact value (u = eps / 2; Higham, Accuracy and Stability, 3.1). Following that through the
network, each path is within K u M of the exact value, where M is the *magnitude* of the value,
the same formula with every term replaced by its absolute value (|h|^T |delta| for dL/dW, the
deltas' recurrence run on |W| and |f'|, plus what the rounding of the forward pass can move
through them), and K = (2L - 1)(n_max + 2) + B + 2 counts the roundings on the longest chain:
L forward layers and L - 1 backward ones of at most n_max + 2 operations each, the batch sum of
B terms, the loss's scaling. The two paths then differ by at most 2 K u M = K eps M; we assert
c eps M with c = 2 K, a factor 2 for the second-order terms the analysis drops.

Why M and not |dW|: an entry of dW can be tiny by cancellation (a sum of large terms of both
signs), and its rounding error is relative to the terms, not to the sum; measured against
max |dW| the two paths can differ by dozens of ulp (46 for a ReLU -> sigmoid net with
reduction="mean"), against M they stay below 1 eps.
"""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import backprop_core as bc
from backprop_core import backprop, fast

HIDDEN = ["sigmoid", "tanh", "relu", "identity"]
OUTPUT = [*HIDDEN, "softmax"]
CURVATURE = {"sigmoid": 0.1, "tanh": 0.77, "relu": 0.0, "identity": 0.0}  # max |f''|


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 6), min_size=depth + 1, max_size=depth + 1))
    acts = draw(st.lists(st.sampled_from(HIDDEN), min_size=depth - 1, max_size=depth - 1))
    acts.append(draw(st.sampled_from(OUTPUT)))
    losses = ["l2", "cross_entropy"] if acts[-1] in ("sigmoid", "softmax") else ["l2"]
    return {
        "sizes": sizes,
        "acts": acts,
        "loss": draw(st.sampled_from(losses)),
        "reduction": draw(st.sampled_from(["sum", "mean"])),
        "dtype": draw(st.sampled_from([np.float64, np.float32])),
        "batch": draw(st.integers(1, 9)),
        "seed": draw(st.integers(0, 2**32 - 1)),
    }


def build(p):
    rng = np.random.default_rng(p["seed"])
    net = bc.MLP(p["sizes"], p["acts"], seed=p["seed"], dtype=p["dtype"], loss=p["loss"])
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]
    return net, rng


def batch(p, rng, size):
    X = rng.uniform(-1, 1, size=(size, p["sizes"][0]))
    if p["loss"] == "l2":
        T = rng.uniform(-1, 1, size=(size, p["sizes"][-1]))
    else:
        T = rng.uniform(0, 1, size=(size, p["sizes"][-1]))
        if p["acts"][-1] == "softmax":
            T /= T.sum(axis=1, keepdims=True)
    return X.astype(p["dtype"]), T.astype(p["dtype"])


def magnitudes(net, X, T, reduction):
    """M for the loss, every dW[l] and db[l] (l = 1..L), in float64, from the reference trace."""
    tr = backprop.forward(net, X)
    L = net.L
    W = {l: np.abs(net.W[l].astype(np.float64)) for l in net.W.numbers()}
    absb = {l: np.abs(net.b[l].astype(np.float64)) for l in net.b.numbers()}
    h = {l: tr.h[l].astype(np.float64) for l in tr.h.numbers()}
    a = {l: tr.a[l].astype(np.float64) for l in tr.a.numbers()}
    H, A, slope = {0: np.abs(h[0])}, {}, {}
    for l in range(1, L + 1):
        A[l] = H[l - 1] @ W[l] + absb[l]
        f = net.f[l]
        if f.elementwise:
            fp = np.abs(f.df(a[l]))
            H[l] = fp * A[l] + np.abs(h[l])
            slope[l] = fp + CURVATURE[f.name] * A[l]
        else:  # softmax: dy_k = y_k (da_k - sum_m y_m da_m)
            H[l] = h[l] * (1 + 2 * A[l].max(axis=1, keepdims=True))
    per = 1.0 / X.shape[0] if reduction == "mean" else 1.0
    t = np.abs(T.astype(np.float64))
    g = (H[L] + t) * per
    if net.loss_fn.cancels(net.f[L]):
        D = {L: g}
    elif net.f[L].elementwise:
        D = {L: g * slope[L]}
    else:
        D = {L: H[L] * (g + (g * H[L]).sum(axis=1, keepdims=True))}
    for l in range(L - 1, 0, -1):
        D[l] = (D[l + 1] @ W[l + 1].T) * slope[l]
    loss = per * float(np.sum((H[L] + t + 1) * (H[L] + A[L] + t)))
    dW = {l: H[l - 1].T @ D[l] for l in range(1, L + 1)}
    db = {l: D[l].sum(axis=0) for l in range(1, L + 1)}
    relu_margin = min(
        [np.min(np.abs(a[l]) / A[l]) for l in range(1, L + 1) if net.f[l].name == "relu"],
        default=np.inf,
    )
    return loss, dW, db, relu_margin


def c_of(net, batch_size):
    K = (2 * net.L - 1) * (max(net.sizes) + 2) + batch_size + 2
    return 2 * K


def assert_within(got, want, bound, what):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    err = np.abs(got - want)
    assert np.all(err <= bound), f"{what}: worst |fast - ref| / bound = {np.max(err / bound)}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_fast_equals_the_reference_to_within_rounding(p):
    net, rng = build(p)
    assert fast.supports(net)  # built-in activations: gradients/step/fit take the fast path
    X, T = batch(p, rng, p["batch"])
    red, dtype = p["reduction"], p["dtype"]
    eps = float(np.finfo(dtype).eps)
    c = c_of(net, p["batch"])
    M_loss, M_dW, M_db, relu_margin = magnitudes(net, X, T, red)
    # A ReLU pre-activation within rounding of 0 may take either slope, legitimately.
    assume(relu_margin > c * eps)
    ref = net.backprop(X, T, red)
    loss, dW, db = net.gradients(X, T, red)
    assert_within(loss, ref.loss, c * eps * M_loss, "loss")
    for l in range(1, net.L + 1):
        assert dW[l - 1].dtype == db[l - 1].dtype == dtype
        assert_within(dW[l - 1], ref.dW[l], c * eps * M_dW[l], f"dW[{l}]")
        assert_within(db[l - 1], ref.db[l], c * eps * M_db[l], f"db[{l}]")
    # One step each way, from the same parameters.
    lr = 0.25
    twin = net.copy()
    got_loss = net.step(X, T, lr, red)
    want_loss = backprop.step(twin, X, T, lr, red)
    assert_within(got_loss, want_loss, c * eps * M_loss, "step loss")
    for l in range(1, net.L + 1):
        for name, p_fast, p_ref, M in [("W", net.W[l], twin.W[l], M_dW[l]),
                                       ("b", net.b[l], twin.b[l], M_db[l])]:
            assert p_fast.dtype == dtype
            # the update's own rounding: 1 ulp of the new value either way
            bound = c * eps * lr * M + 2 * eps * np.abs(p_ref.astype(np.float64))
            assert_within(p_fast, p_ref, bound, f"step {name}[{l}]")


@settings(max_examples=60, deadline=None)
@given(problems(), st.lists(st.integers(1, 9), min_size=2, max_size=5))
def test_steps_of_changing_batch_sizes_reuse_no_stale_buffer(p, sizes):
    # fast keeps buffers for at most two batch sizes; every step must still be the reference's.
    net, rng = build(p)
    red, eps = p["reduction"], float(np.finfo(p["dtype"]).eps)
    for size in sizes:
        X, T = batch(p, rng, size)
        c = c_of(net, size)
        M_loss, M_dW, M_db, relu_margin = magnitudes(net, X, T, red)
        assume(relu_margin > c * eps)
        twin = net.copy()
        got = net.step(X, T, 0.1, red)
        want = backprop.step(twin, X, T, 0.1, red)
        assert_within(got, want, c * eps * M_loss, "loss")
        for l in range(1, net.L + 1):
            for name, M in (("W", M_dW[l]), ("b", M_db[l])):
                p_ref = getattr(twin, name)[l]
                bound = c * eps * 0.1 * M + 2 * eps * np.abs(p_ref.astype(np.float64))
                assert_within(getattr(net, name)[l], p_ref, bound, f"{name}[{l}]")
        assert len(net._buffers) <= 2


def test_the_paths_are_the_ones_documented(monkeypatch):
    calls = []

    def spy(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls.append(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    spy(fast, "scaled_gradients")
    spy(backprop, "backward")
    net = bc.MLP([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    X, T = np.array([[0.1, 0.2]]), np.array([[0.3]])
    for call, path in [
        (lambda: net.backprop(X, T), ["backward"]),
        (lambda: net.gradients(X, T), ["scaled_gradients"]),
        (lambda: net.step(X, T), ["scaled_gradients"]),
        (lambda: net.fit(X, T, epochs=2), ["scaled_gradients"] * 2),
        (lambda: (net.forward(X), net.loss(X, T), net.trace(X)), []),
    ]:
        calls.clear()
        call()
        assert calls == path
    custom = bc.MLP([2, 1], bc.Activation("mine", lambda a: a, lambda a: np.ones_like(a)))
    assert not fast.supports(custom)
    for call in (lambda: custom.gradients(X, T), lambda: custom.step(X, T)):
        calls.clear()
        call()
        assert calls == ["backward"]  # a custom activation goes through the reference


def test_supports_only_the_builtin_activation_objects():
    assert fast.supports(bc.MLP([2, 2, 2], ["relu", "softmax"]))
    sig = bc.get_activation("sigmoid")
    lookalike = bc.Activation("sigmoid", sig.f, sig.df, sig.df_from_output)
    assert not fast.supports(bc.MLP([2, 2, 2], ["relu", lookalike]))
    assert set(fast.FAST_ACTIVATIONS) == set(bc.ACTIVATIONS)
