"""Interactive explorers for the chapters, built on ipywidgets, and their static stand-ins.

`base` holds the `Explorer` and `animate`; each chapter's explorer lives in a module of its
own, named after the chapter. Explorers only draw and wire controls: every number they show
is computed by the package's mathematical modules.
"""

from ..examples import WORKED_ARCHITECTURES
from .base import Explorer, animate, palette_png, player, slider
from .general import DEPTH_ACTIVATIONS, depth_explorer
from .gradcheck import STEP_GRID, step_explorer
from .hidden_layer import backward_flow_explorer
from .initialisation import INIT_SCHEMES, init_explorer
from .loss import loss_explorer
from .losses import saturation_explorer
from .network import forward_explorer
from .output_layer import delta_explorer
from .reverse_mode import sweep_explorer
from .sigmoid import sigmoid_explorer
from .worked_example import training_animation, worked_example_explorer

__all__ = [
    "DEPTH_ACTIVATIONS",
    "INIT_SCHEMES",
    "STEP_GRID",
    "WORKED_ARCHITECTURES",
    "Explorer",
    "animate",
    "backward_flow_explorer",
    "delta_explorer",
    "depth_explorer",
    "forward_explorer",
    "init_explorer",
    "loss_explorer",
    "palette_png",
    "player",
    "saturation_explorer",
    "sigmoid_explorer",
    "slider",
    "step_explorer",
    "sweep_explorer",
    "training_animation",
    "worked_example_explorer",
]
