"""Chapter 'Backprop is reverse-mode differentiation': the sweep explorer steps through the
backward pass of the 2-3-2 network; its numbers are checked against the index formulas looped
in mpmath (tests/oracles.py)."""

from backprop_core import examples
from backprop_core.plots import graph
from backprop_core.widgets import animate, sweep_explorer

import oracles as ref
from float_oracles import STAND_IN_LIMIT

SAMPLE = examples.sample_232()
WANT = ref.backprop(ref.Net.of(examples.network_232()), *SAMPLE)
U = examples.network_232().W[2]


def test_sweep_explorer_follows_its_slider():
    w = sweep_explorer()
    assert repr(w) == "SweepExplorer(step=1)"
    assert w.readout.value == "step 1 of 18: the loss ℒ itself &nbsp; dℒ/dℒ = 1"
    first_png = w.image.value
    w.controls["step"].value = 12  # h_2: used by a^(2)_1 and a^(2)_2
    d_out = WANT.delta[1][0]
    grad_h2 = d_out[0] * U[1, 0] + d_out[1] * U[1, 1]  # dL/dh_j = sum_k delta_k u_jk
    assert "step 12 of 18: h_2 (used by a^(2)_1, a^(2)_2)" in w.readout.value
    assert w.readout.value.endswith(f"= {grad_h2:.4g}")
    assert f"({d_out[0]:.4g})({U[1, 0]:.4g}) + ({d_out[1]:.4g})({U[1, 1]:.4g})" in w.readout.value
    assert w.image.value != first_png
    w.controls["step"].value = 15  # a^(1)_2: its delta, then what reaches w_12, w_22, b^(1)_2
    assert w.readout.value.split("<br>")[0].endswith(f"= {WANT.delta[0][0, 1]:.4g}")
    dW, db = WANT.dW[0], WANT.db[0]
    assert f"w_12: {dW[0, 1]:.4g}, w_22: {dW[1, 1]:.4g}, b^(1)_2: {db[1]:.4g}" in w.readout.value
    faces = [c.get_facecolor() for c in w.fig.axes[0].patches if hasattr(c, "radius")]
    assert sum(f == graph.plt.matplotlib.colors.to_rgba(graph.DONE) for f in faces) == 14


def test_stand_in_with_the_chapters_arguments_is_light():
    w = sweep_explorer()
    ends = [1, 2, 4, 6, 8, 10, 13, 16, 18]  # the last node of each column
    html = animate(w, "step", ends, interval=900)
    assert html.count("data:image/png;base64") == len(ends) and len(html) <= STAND_IN_LIMIT
    assert w.controls["step"].value == 1


def _oracle_gradients() -> dict[str, float]:
    """dL/d(node) of every drawn node, from the oracle's deltas and the chain rule by hand."""
    net = examples.network_232()
    _, (t,) = SAMPLE
    y, d1, d2 = WANT.h[2][0], WANT.delta[0][0], WANT.delta[1][0]
    want = {"loss": 1.0, "sum": 0.5}
    for k in (1, 2):
        e = y[k - 1] - t[k - 1]  # dL/de_k = 0.5 * 2 e_k, and y_k passes it on times 1
        want |= {f"e_{k}^2": 0.5, f"e_{k}": e, f"y_{k}": e, f"a^(2)_{k}": d2[k - 1]}
    for j in (1, 2, 3):
        want[f"h_{j}"] = sum(d2[k] * U[j - 1, k] for k in range(2))
        want[f"a^(1)_{j}"] = d1[j - 1]
    for i in (1, 2):
        want[f"x_{i}"] = sum(d1[j] * net.W[1][i - 1, j] for j in range(3))
    return want


def test_every_step_of_the_slider_shows_the_oracle_s_gradient():
    w, want = sweep_explorer(), _oracle_gradients()
    slider = w.controls["step"]
    assert (slider.min, slider.max) == (1, len(want)) == (1, 18)
    done_rgba = graph.plt.matplotlib.colors.to_rgba(graph.DONE)
    now_rgba = graph.plt.matplotlib.colors.to_rgba(graph.CURRENT)
    seen = []
    for k in range(1, slider.max + 1):  # a reader dragging the slider to the end
        slider.value = k
        head = w.readout.value.split("<br>")[0]
        assert head.startswith(f"step {k} of 18: ")
        name = head.removeprefix(f"step {k} of 18: ").split(" ")[0]
        name = "loss" if name == "the" else name
        seen.append(name)
        got = 1.0 if name == "loss" else float(head.rsplit("= ", 1)[1])
        assert abs(got - want[name]) <= 5e-4 * abs(want[name]), (k, name)  # 4 digits shown
        faces = [c.get_facecolor() for c in w.fig.axes[0].patches if hasattr(c, "radius")]
        assert faces.count(done_rgba) == k - 1 and faces.count(now_rgba) == 1
    assert sorted(seen) == sorted(want)  # each node once
    # each node after all its users: the loss first, the inputs last
    assert seen.index("sum") < seen.index("e_1^2") < seen.index("e_1") < seen.index("y_1")
    assert seen.index("a^(2)_2") < seen.index("h_1") < seen.index("a^(1)_1")
    assert set(seen[-2:]) == {"x_1", "x_2"}
