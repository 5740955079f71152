"""Chapter 'Backprop is reverse-mode differentiation': one backward sweep of the 2-3-2 network,
node by node (:eq:`eq-rev-chain`)."""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import examples, notation
from ..autodiff_nets import mlp_graph, sweep
from ..plots.graph import draw_graph
from .base import Explorer


class _StillCanvas(FigureCanvasAgg):
    """An Agg canvas that draws only when asked to save (the explorer's PNGs, the stand-in's
    frames). Kept by the figure, its renderer keeps matplotlib's cache of parsed mathtext
    labels from one frame to the next, which makes each frame several times faster than on
    the fresh canvas a bare Figure gets for every savefig."""

    def draw_idle(self, *args: object, **kwargs: object) -> None:
        """Nothing: the animation's own redraw request would render every frame twice."""


def sweep_explorer(step: int = 1) -> Explorer:
    """A slider for the step of the backward sweep over the graph of `examples.network_232` on
    `examples.sample_232` (`autodiff_nets.sweep`). The figure (`plots.graph.draw_graph`) colours
    the nodes whose gradient is known, the current one darkest, with its arrows to the nodes
    that use it in red; the readout writes the current node's gradient as upstream times
    local, summed over its uses, and what it passes on to the weights and biases it reads."""
    graph = mlp_graph(examples.network_232(), *examples.sample_232(),
                      weight_names=notation.SOURCES_LETTERS)  # fmt: skip
    fig = Figure(figsize=(9.0, 4.0))
    fig.set_layout_engine("none")  # the axes fill the figure; no layout engine to run
    _StillCanvas(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.92))
    drawing = draw_graph(graph.loss, ax=ax, title="One backward sweep, node by node")
    drawn = {id(v) for v in drawing.nodes}
    steps = [s for s in sweep(graph.loss) if id(s.node) in drawn]

    def update(values: dict[str, object]) -> str:
        k = int(values["step"])
        now = steps[k - 1]
        drawing.mark([s.node for s in steps[: k - 1]], now.node)
        name, uses = now.node.label, [u.label for u, _, _ in now.uses]
        if not uses:
            return f"step {k} of {len(steps)}: the loss ℒ itself &nbsp; dℒ/dℒ = 1"
        line = (
            f"step {k} of {len(steps)}: {name} (used by {', '.join(uses)}) &nbsp; "
            f"dℒ/d{name} = {now.terms()} = {now.node.grad:.4g}"
        )
        leaves = drawing.tags[id(now.node)]
        if any(leaf.label for leaf in leaves):
            passed = ", ".join(f"{leaf.label}: {leaf.grad:.4g}" for leaf in leaves if leaf.label)
            line += f"<br>passes on to the leaves it reads: {passed}"
        return line

    controls = {
        "step": widgets.IntSlider(
            value=step, min=1, max=len(steps), step=1, description="step",
            continuous_update=False,
        )
    }
    return Explorer(controls, fig, update, "SweepExplorer")
