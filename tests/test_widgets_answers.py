"""The formula exercise's widget, driven as a reader would: type, press Enter or Check, read."""

from __future__ import annotations

import html
import json
import re

from backprop_core.answer_view import FormulaExercise, Hint, message_html, static_html


def exercise() -> FormulaExercise:
    return FormulaExercise(
        "ex-slope",
        r"\sigma'(a) =",
        "s(1-s)",
        {"s": (0.05, 0.95)},
        hints=[Hint("s^2", "Differentiate $s$ itself, not $s^2$.")],
    )


def status_classes(ex: FormulaExercise) -> list[str]:
    return [c for c in ex.reply._dom_classes if c.startswith("bc-") and c != "bc-answer-reply"]


def test_enter_checks_the_answer() -> None:
    ex = exercise()
    ex.input.value = "s - s^2"  # what Enter sends (continuous_update=False)
    assert ex.verdict.status == "correct"
    assert "Correct." in ex.reply.value and r"(read as \(s - s^{2}\))" in ex.reply.value
    assert status_classes(ex) == ["bc-correct"]

    ex.input.value = "s"
    assert ex.verdict.kind == "missing"
    assert r"Not quite. A factor \(1 - s\) is missing." in ex.reply.value
    assert status_classes(ex) == ["bc-wrong"]

    ex.input.value = "s^2"
    assert r"Differentiate \(s\) itself, not \(s^2\)." in ex.reply.value

    ex.input.value = "s(1-"
    assert "Could not read <code>s(1-</code>: unbalanced parenthesis." in ex.reply.value
    assert "read as" not in ex.reply.value
    assert status_classes(ex) == ["bc-malformed"]


def test_check_button() -> None:
    ex = exercise()
    ex.input.value = "z"
    ex.reply.value = ""
    ex.check_button.click()  # the same text, checked again
    assert "<code>z</code> is not a symbol of this exercise; use s." in ex.reply.value
    assert ex.check("s*(1-s)").status == "correct" and ex.input.value == "z"


def test_classes_to_drive_the_dom() -> None:
    ex = exercise()
    assert "bc-answer-input" in ex.input._dom_classes
    assert "bc-answer-check" in ex.check_button._dom_classes
    assert "bc-answer-reply" in ex.reply._dom_classes
    assert "bc-formula-widget" in ex._dom_classes
    assert ex.input.continuous_update is False


def test_one_output_for_both_readers() -> None:
    ex = exercise()
    bundle = ex._repr_mimebundle_()
    assert set(bundle) == {
        "text/plain",
        "application/vnd.jupyter.widget-view+json",
        "text/html",
    }
    assert bundle["text/plain"] == "FormulaExercise('ex-slope')"
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == ex.model_id
    page = bundle["text/html"]
    assert page == static_html(ex.spec)  # deterministic: the same every time
    spec = json.loads(html.unescape(re.search(r'data-spec="([^"]*)"', page).group(1)))
    assert spec == json.loads(json.dumps(ex.spec.to_json()))
    for cls in ("bc-answer-input", "bc-answer-check", "bc-answer-reply", "bc-answer-preview"):
        assert f'class="{cls}"' in page
    assert r'<span class="math notranslate nohighlight">\(\sigma&#x27;(a) =\)</span>' in page


def test_message_html() -> None:
    assert message_html("`a<b` is $x^2$") == r"<code>a&lt;b</code> is \(x^2\)"
