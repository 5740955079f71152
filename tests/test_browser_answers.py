"""The formula exercises of chapter 3 in the built HTML book, offline in headless Chromium.

A reader types a right answer, a wrong one and a malformed one into an answer box; the test
checks the three replies, that the live preview was typeset by MathJax, that the HTML shows the
static checker (not a frozen widget) for the exercises while the chapter's explorer still
renders as a widget, and that nothing left file://. Same setup as tests/test_browser.py (which
it reuses); BOOK_SCREENSHOTS=<dir> saves the exercise at 1280 and 420 px wide.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from chromium import offline_context
from test_browser import HTML, browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser
PAGE = HTML / "book" / "ch03_loss.html"
BOX = "#bc-formula-ex-loss-type-dw"


def open_page(browser, width: int):  # noqa: F811
    if not PAGE.exists():
        pytest.fail(f"no built chapter 3 at {PAGE}: run `jupyter-book build .` first")
    problems: list[str] = []  # requests that left file://, then console errors
    context = offline_context(browser, width, refused=problems)
    tab = context.new_page()
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.goto(PAGE.as_uri(), wait_until="load")
    tab.wait_for_function("() => window.MathJax && window.MathJax.startup", timeout=30000)
    tab.evaluate("() => window.MathJax.startup.promise")
    tab.wait_for_selector(f"{BOX}.bc-ready", timeout=10000)
    return context, tab, problems


def answer(tab, text: str) -> dict:
    """Type `text` like a reader, press Enter, and read the reply once MathJax is done."""
    box = tab.locator(BOX)
    box.locator(".bc-answer-input").fill("")
    box.locator(".bc-answer-input").press_sequentially(text, delay=5)
    box.locator(".bc-answer-input").press("Enter")
    tab.wait_for_function(
        f"""() => {{
        const r = document.querySelector('{BOX} .bc-answer-reply');
        return r.dataset.status && r.innerText.trim().length > 0;
    }}"""
    )
    tab.wait_for_timeout(400)  # the preview waits 150 ms after the last key, then MathJax
    return tab.evaluate(
        f"""() => {{
        const box = document.querySelector('{BOX}');
        const reply = box.querySelector('.bc-answer-reply');
        return {{
          status: reply.dataset.status, kind: reply.dataset.kind, text: reply.innerText,
          replyMath: reply.querySelectorAll('mjx-container').length,
          preview: box.querySelectorAll('.bc-answer-preview mjx-container').length,
          previewLetters: box.querySelectorAll('.bc-answer-preview mjx-mi').length,
          previewErrors: box.querySelectorAll('.bc-answer-preview mjx-merror').length,
        }};
    }}"""
    )


def section_screenshot(tab, path: Path) -> None:
    """The section of the exercises, cut from a full-page shot (no sticky header over it)."""
    tab.evaluate("() => window.scrollTo(0, 0)")
    box = tab.evaluate(
        """() => { const r = document.querySelector('section#type-the-derivative')
                       .getBoundingClientRect();
                   return {x: r.left, y: r.top + window.scrollY, width: r.width,
                           height: r.height}; }"""
    )
    tab.screenshot(path=str(path), full_page=True, clip=box)


def test_formula_exercise_in_the_html_book(browser) -> None:  # noqa: F811
    context, tab, problems = open_page(browser, 1280)
    state = tab.evaluate(
        """() => ({
        boxes: document.querySelectorAll('.bc-formula[data-spec]').length,
        ready: document.querySelectorAll('.bc-formula.bc-ready').length,
        promptMath: document.querySelectorAll('.bc-answer-prompt mjx-container').length,
        offlineNoteShown: Array.from(document.querySelectorAll('.bc-answer-offline'))
            .some(e => e.offsetParent !== null),
        widgetViews: document.querySelectorAll(
            'script[type="application/vnd.jupyter.widget-view+json"]').length,
        renderedWidgets: document.querySelectorAll('.jupyter-widgets').length,
        exerciseWidgets: document.querySelectorAll('.bc-formula-widget').length,
    })"""
    )
    # two static checkers, wired and typeset; the explorer is the page's only widget view
    assert state["boxes"] == state["ready"] == 2, state
    assert state["promptMath"] == 2 and not state["offlineNoteShown"], state
    assert state["widgetViews"] == 1 and state["renderedWidgets"] > 0, state
    assert state["exerciseWidgets"] == 0, state

    right = answer(tab, "(y-t)y(1-y)x")
    assert (right["status"], right["text"]) == ("correct", "Correct."), right
    # typeset: (y - t) y (1 - y) x has five letters, each an <mjx-mi>
    assert right["preview"] == 1 and right["previewLetters"] == 5, right
    assert right["previewErrors"] == 0, right

    wrong = answer(tab, "(y - t) x")
    assert (wrong["status"], wrong["kind"]) == ("wrong", "hint"), wrong
    assert wrong["text"].startswith("Not quite. The sigmoid's slope is missing"), wrong
    assert wrong["replyMath"] >= 2, "the hint's TeX was not typeset"
    assert wrong["preview"] == 1

    sign = answer(tab, "(t - y) y (1 - y) x")
    assert (sign["status"], sign["text"]) == ("wrong", "Not quite. The sign is wrong."), sign

    bad = answer(tab, "(y-t)y(1-y")
    assert bad["status"] == "malformed", bad
    assert bad["text"] == "Could not read (y-t)y(1-y: unbalanced parenthesis.", bad
    assert bad["preview"] == 0, "a formula that cannot be read has no preview"

    unknown = answer(tab, "(y-t)y(1-y)z")
    assert unknown["text"] == "z is not a symbol of this exercise; use y, t, x.", unknown

    if os.environ.get("BOOK_SCREENSHOTS"):
        out = Path(os.environ["BOOK_SCREENSHOTS"])
        out.mkdir(parents=True, exist_ok=True)
        answer(tab, "(y - t) x")
        tab.locator(BOX).screenshot(path=str(out / "ch03_exercise_1280.png"))
        section_screenshot(tab, out / "ch03_section_1280.png")
    context.close()
    assert not problems, problems


def test_formula_exercise_on_a_narrow_screen(browser) -> None:  # noqa: F811
    context, tab, problems = open_page(browser, 420)
    reply = answer(tab, "2(y-t)y(1-y)x")
    assert reply["status"] == "wrong" and "cancels the 2" in reply["text"], reply
    widths = tab.evaluate(
        f"""() => {{
        const box = document.querySelector('{BOX}');
        return {{box: box.getBoundingClientRect().right, page: window.innerWidth,
                 scroll: box.scrollWidth - box.clientWidth}};
    }}"""
    )
    assert widths["box"] <= widths["page"] and widths["scroll"] <= 0, widths
    if os.environ.get("BOOK_SCREENSHOTS"):
        out = Path(os.environ["BOOK_SCREENSHOTS"])
        out.mkdir(parents=True, exist_ok=True)
        tab.locator(BOX).screenshot(path=str(out / "ch03_exercise_420.png"))
        section_screenshot(tab, out / "ch03_section_420.png")
    context.close()
    assert not problems, problems
