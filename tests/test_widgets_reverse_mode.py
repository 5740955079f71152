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
