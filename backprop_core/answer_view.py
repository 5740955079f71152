"""The answer box of a formula exercise: a live widget in JupyterLab, a static checker in HTML.

`FormulaExercise` is an ipywidgets box (prompt, Text, Check button, reply) whose kernel side
checks answers exactly with `FormulaSpec.check`. Its `_repr_mimebundle_` returns the usual
widget view plus `text/html`: the static checker (`static_html`), which carries the spec as
JSON for book/_assets/formula_check.js. JupyterLab renders the widget view (its widget
renderer outranks HTML); the book sets MyST-NB's ``nb_mime_priority_overrides`` so that the
HTML builder picks `text/html` for this output only (no other output has both).

The DOM is easy to drive in both: the CSS classes `bc-answer-input` (in JupyterLab, on the
widget's wrapper around the ``<input>``), `bc-answer-check` (the button), `bc-answer-reply`
(the reply, with `bc-correct`, `bc-wrong` or `bc-malformed` after a check) and
`bc-answer-preview` (HTML only: the typeset formula as typed).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping

import ipywidgets as widgets

from .answers import Formula, FormulaSpec, Hint, Verdict, tex
from .formula_syntax import FUNCTIONS

__all__ = ["FormulaExercise", "Hint", "message_html", "static_html"]
STATUSES = ("correct", "wrong", "malformed")
# JupyterLab does not load the book's CSS: the widget's reply carries its colours inline.
_COLOURS = {
    "correct": "#e3f4e3;color:#14501a",
    "wrong": "#fdf0dc;color:#6b3d00",
    "malformed": "#fbe4e4;color:#7a1313",
}


def message_html(text: str) -> str:
    """A message as HTML: `code` in <code>, $TeX$ as \\(TeX\\) for MathJax (as the JS does)."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]*)`", r"<code>\1</code>", out)
    return re.sub(r"\$([^$]*)\$", r"\\(\1\\)", out)


def help_text(spec: FormulaSpec) -> str:
    """One line on how to type: the symbols, products, powers, functions."""
    names = ", ".join(spec.ranges)
    funcs = ", ".join(f"{f}()" for f in FUNCTIONS)
    return f"Symbols: {names}. Write products as 2*x or 2x, powers as x^2; functions {funcs}."


def static_html(spec: FormulaSpec) -> str:
    """The checker for the HTML book: same prompt and classes as the widget, spec as JSON.

    Deterministic (the id is the exercise's label), so nbval can compare it.
    """
    data = json.dumps(spec.to_json(), sort_keys=True, separators=(",", ":"))
    uid = f"bc-formula-{spec.label}"
    return (
        f'<div class="bc-formula" id="{uid}" data-spec="{html.escape(data, quote=True)}">\n'
        f'<div class="bc-answer-row"><label class="bc-answer-prompt" for="{uid}-input">'
        f'<span class="math notranslate nohighlight">\\({html.escape(spec.prompt)}\\)</span>'
        f'</label><input class="bc-answer-input" id="{uid}-input" type="text" '
        f'autocomplete="off" autocapitalize="off" spellcheck="false" '
        f'aria-describedby="{uid}-help">'
        '<button class="bc-answer-check" type="button">Check</button></div>\n'
        '<div class="bc-answer-preview" aria-live="polite"></div>\n'
        '<div class="bc-answer-reply" aria-live="polite"></div>\n'
        f'<div class="bc-answer-help" id="{uid}-help">{html.escape(help_text(spec))}</div>\n'
        # Shown where no script runs (JupyterLab before the cell is run); the book's JS hides it.
        '<div class="bc-answer-offline">To check an answer, run this cell: the kernel checks '
        "it. (In the HTML book, the browser does.)</div>\n</div>"
    )


class FormulaExercise(widgets.VBox):
    """An answer box for one formula; the arguments are those of `FormulaSpec`.

    In Python: ``ex.input.value = "s(1-s)"`` (checks, as Enter does), or
    ``ex.check_button.click()``; then ``ex.verdict`` and ``ex.reply.value``.
    """

    def __init__(
        self,
        label: str,
        prompt: str,
        expected: Formula,
        symbols: Mapping[str, tuple[float, float]],
        **options: object,
    ) -> None:
        self.spec = FormulaSpec(label, prompt, expected, symbols, **options)
        self.verdict: Verdict | None = None
        # continuous_update=False: the value reaches the kernel on Enter (or leaving the box).
        self.input = widgets.Text(
            placeholder="your answer", continuous_update=False, layout={"width": "20em"}
        )
        self.check_button = widgets.Button(description="Check", layout={"width": "6em"})
        self.reply = widgets.HTMLMath(value="")
        for widget, name in ((self.input, "input"), (self.check_button, "check")):
            widget.add_class(f"bc-answer-{name}")
        self.reply.add_class("bc-answer-reply")
        prompt_view = widgets.HTMLMath(value=f"\\({self.spec.prompt}\\)")
        hint = widgets.HTML(value=html.escape(help_text(self.spec)))
        hint.add_class("bc-answer-help")
        row = widgets.HBox([prompt_view, self.input, self.check_button])
        super().__init__([row, self.reply, hint])
        self.add_class("bc-formula-widget")
        self.input.observe(lambda change: self._on_check(), names="value")
        self.check_button.on_click(lambda button: self._on_check())

    def check(self, text: str) -> Verdict:
        """The verdict on `text`, without touching the widget."""
        return self.spec.check(text)

    def _on_check(self) -> None:
        text = self.input.value
        self.verdict = verdict = self.spec.check(text)
        reply = message_html(verdict.message)
        if verdict.answer is not None:
            reply += f" <span class='bc-answer-read'>(read as \\({tex(verdict.answer)}\\))</span>"
        for status in STATUSES:
            self.reply.remove_class(f"bc-{status}")
        self.reply.add_class(f"bc-{verdict.status}")
        style = f"padding:0.2em 0.5em;border-radius:4px;background:{_COLOURS[verdict.status]}"
        self.reply.value = f'<div style="{style}">{reply}</div>'

    def __repr__(self) -> str:
        return f"FormulaExercise({self.spec.label!r})"

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        data = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = static_html(self.spec)
        return data
