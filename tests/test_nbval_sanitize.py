"""The sanitizers of tests/nbval_sanitize.cfg replace what their comments say, and all of it."""

import re
from pathlib import Path

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure
from nbval.plugin import get_sanitize_patterns

PATTERNS = get_sanitize_patterns((Path(__file__).parent / "nbval_sanitize.cfg").read_text())


def sanitize(text: str) -> str:
    for regex, replace in PATTERNS:  # as nbval applies them
        text = re.sub(regex, replace, text)
    return text


def player(scale: float) -> str:
    fig = Figure(figsize=(2, 2))
    (line,) = fig.subplots().plot([0, 1], [0, 1])
    frames = [scale * k for k in (1.0, 1.3, 1.7)]
    return FuncAnimation(fig, lambda y: line.set_ydata([0, y]), frames=frames).to_jshtml()


def test_animation_frames_are_skipped_whole():
    a, b = player(1.0), player(1.05)  # the same player, other pixels in its frames
    ids = PATTERNS[0]  # the player's random ids, alone
    assert re.sub(*ids, a) != re.sub(*ids, b)  # so the frames differ
    clean = sanitize(a)
    assert clean.count('data:image/png;base64,FRAME"') == 3
    assert not re.search(r"[A-Za-z0-9+/]{40}", clean)  # no line of any frame survives
    assert clean == sanitize(b)  # only the frames and the random ids differed


def test_object_addresses():
    assert sanitize("<Figure at 0x7f3a2c>") == "<Figure at 0xADDRESS>"
    assert sanitize(f"{np.pi:.17g}") == "3.1415926535897931"  # numbers are never touched
