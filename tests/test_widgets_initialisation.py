"""Chapter 'Initialisation': the explorer shows Var a^(l) and Var delta^(l) per layer, measured
and predicted, checked against sample-by-sample loops and mpmath recursions
(tests/init_oracles.py) on networks built here from bc.MLP."""

import numpy as np
from init_oracles import measure, predict

import backprop_core as bc
from backprop_core.depth import short
from backprop_core.widgets import INIT_SCHEMES, animate, init_explorer
from backprop_core.widgets.initialisation import _ratio_text

from float_oracles import STAND_IN_LIMIT

WIDTH, SEEDS, SAMPLES = 5, 2, 6
VARIANCE = {"lecun": lambda n: 1 / n, "xavier": lambda n: 2 / (2 * n), "he": lambda n: 2 / n}


def oracle(depth, act, init, gain):
    nets = []
    for seed in range(SEEDS):
        net = bc.MLP([WIDTH] * (depth + 1), [act] * (depth - 1) + ["identity"], seed=seed,
                     init=init)  # fmt: skip
        net.weights = [gain * W for W in net.weights]
        nets.append(net)
    rng = np.random.default_rng(0)
    X, G = rng.standard_normal((SAMPLES, WIDTH)), rng.standard_normal((SAMPLES, WIDTH))
    a_square, _, delta_square, _ = measure(nets, X, G)
    variances = [gain**2 * VARIANCE[init](WIDTH)] * depth
    q, r = predict([WIDTH] * (depth + 1), [act] * (depth - 1) + ["identity"], variances)
    return a_square, delta_square, q, r


def check(explorer, depth, act, init, gain):
    a_square, delta_square, q, r = oracle(depth, act, init, gain)
    left, right = explorer.fig.axes
    layers = np.arange(1, depth + 1)
    for ax, measured, predicted in ((left, a_square, q), (right, delta_square, r)):
        dots, line = ax.lines
        np.testing.assert_allclose(dots.get_xydata(), np.column_stack([layers, measured]),
                                   rtol=1e-10, atol=0)  # fmt: skip
        np.testing.assert_allclose(line.get_xydata(), np.column_stack([layers, predicted]),
                                   rtol=1e-10, atol=0)  # fmt: skip
    readout = explorer.readout.value
    forward = f"{short(a_square[-1] / a_square[0])} (predicted {short(q[-1] / q[0])}): "
    backward = f"{short(delta_square[0] / delta_square[-1])} (predicted {short(r[0] / r[-1])}): "
    assert f"Var a^({depth}) / Var a^(1) = {forward}" in readout
    assert f"Var δ^(1) / Var δ^({depth}) = {backward}" in readout
    assert f"{depth} layers, {act}, {init} x gain {gain:.2f}, width {WIDTH}" in (
        explorer.fig._suptitle.get_text())


def test_init_explorer_follows_its_controls():
    w = init_explorer(depth=4, activation="tanh", init="lecun", width=WIDTH, seeds=SEEDS,
                      samples=SAMPLES)  # fmt: skip
    assert repr(w) == "InitExplorer(depth=4, activation='tanh', init='lecun', gain=1)"
    check(w, 4, "tanh", "lecun", 1.0)
    first_png = w.image.value
    w.controls["activation"].value = "relu"
    w.controls["init"].value = "he"
    w.controls["gain"].value = 3.0
    w.controls["depth"].value = 6
    check(w, 6, "relu", "he", 3.0)
    assert w.readout.value.count(": explodes") == 2  # ReLU at 9 x He's variance: 9^5
    assert w.image.value != first_png
    assert w.children[0].layout.flex_flow == "row wrap"
    w.controls["init"].value = "xavier"
    w.controls["activation"].value = "sigmoid"
    w.controls["gain"].value = 1.0
    check(w, 6, "sigmoid", "xavier", 1.0)
    assert tuple(w.controls["init"].options) == INIT_SCHEMES == ("lecun", "xavier", "he")


def test_stand_in_with_the_chapters_arguments_is_light():
    w = init_explorer(depth=20, activation="tanh", init="lecun")
    html = animate(w, "gain", [0.5, 1.0, 2.0], interval=1200)
    assert html.count("data:image/png;base64") == 3 and len(html) <= STAND_IN_LIMIT
    assert w.controls["gain"].value == 1.0


def test_readout_text_cannot_be_tipped_by_rounding():
    # ratios a hair apart on either side of a bound or of a rounding boundary read the same
    for x in (10.0, 1e-3, 0.25, 1.5e3):
        texts = {_ratio_text(x * (1 + e), 1.0) for e in (-1e-9, 0.0, 1e-9)}
        assert len(texts) == 1, texts
    assert _ratio_text(10.0, 1.0).endswith(": at the bound 10")
    assert _ratio_text(0.36, 0.5) == "0.4 (predicted 0.5): stays within 10x"
    assert _ratio_text(0.0, 1.0).endswith(": not measurable")
