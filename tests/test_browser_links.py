"""Click from three equations of the built book to the code that computes them, and back.

For the hidden-layer recurrence (eq-general-hidden-delta), the output layer's weight gradient in
matrix form (eq-output-matrix) and the update rule (eq-update-rule): open the chapter at the
equation, click each link of the "Implemented by" line under it, check that the API page opens
at that function's entry, scrolled into view; then click the link to the same equation in the
entry's docstring and check that the chapter opens at the equation, scrolled into view. One
click each way. Needs the built book (`jupyter-book build .`) and Debian's chromium, like
tests/test_browser.py; BOOK_SCREENSHOTS=<dir> saves what each click shows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from chromium import chromium, offline_context, require_chromium

ROOT = Path(__file__).resolve().parent.parent
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
pytestmark = pytest.mark.browser

# (chapter page, equation label, the API entries its "Implemented by" line links to)
TRIPS = [
    ("ch06_general", "eq-general-hidden-delta",
     ["backprop_core.deltas.hidden_delta", "backprop_core.backprop.backward"]),
    ("ch04_output_layer", "eq-output-matrix", ["backprop_core.deltas.weight_gradient"]),
    ("ch04_output_layer", "eq-update-rule",
     ["backprop_core.mlp.MLP.step", "backprop_core.backprop.step"]),
]  # fmt: skip
CASES = [(page, label, target) for page, label, targets in TRIPS for target in targets]


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    if not (HTML / "book" / "api.html").exists():
        pytest.fail(f"no built book at {HTML}: run `jupyter-book build .` first")
    with chromium() as b:
        yield b


# The "Implemented by" paragraph after the equation (the first such paragraph among the
# equation's next siblings, before any other display equation), and its links' targets.
BACKLINK = """(id) => {
  let e = document.getElementById(id);
  if (!e) return null;
  for (e = e.nextElementSibling; e; e = e.nextElementSibling) {
    if (e.matches('div.math')) return null;
    if (e.matches('p') && e.textContent.trim().startsWith('Implemented by'))
      return Array.from(e.querySelectorAll('a')).map(a => a.getAttribute('href'));
  }
  return null;
}"""

# Where the element with this id is: on screen (its top within the upper part of the window,
# below the theme's sticky header) and what it is.
PLACE = """(id) => {
  const e = document.getElementById(id);
  if (!e) return null;
  const r = e.getBoundingClientRect();
  return {top: r.top, height: window.innerHeight, tag: e.tagName.toLowerCase(),
          classes: e.className, hash: decodeURIComponent(location.hash),
          path: location.pathname};
}"""


def _settle(tab) -> None:
    """Wait for MathJax on a page with math (typesetting changes the page's layout)."""
    if tab.evaluate("() => document.querySelector('script[src*=\"mathjax/tex-chtml\"]') !== null"):
        tab.wait_for_function("() => window.MathJax && window.MathJax.startup "
                              "&& window.MathJax.startup.promise", timeout=30000)
        tab.evaluate("() => window.MathJax.startup.promise")
    tab.wait_for_timeout(300)


def _assert_in_view(place: dict, what: str) -> None:
    assert place is not None, f"{what}: no such element"
    assert -2 <= place["top"] < 0.5 * place["height"], f"{what} is not scrolled into view: {place}"


def _shot(tab, name: str) -> None:
    if os.environ.get("BOOK_SCREENSHOTS"):
        out = Path(os.environ["BOOK_SCREENSHOTS"]) / f"links_{name}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(out))


@pytest.mark.parametrize(("page", "label", "target"), CASES, ids=[c[2] for c in CASES])
def test_equation_to_code_and_back(browser, page: str, label: str, target: str) -> None:
    outside: list[str] = []
    context = offline_context(browser, 1280, refused=outside)
    tab = context.new_page()
    equation = f"equation-{label}"
    tab.goto((HTML / "book" / f"{page}.html").as_uri() + f"#{equation}", wait_until="load")
    _settle(tab)
    tab.evaluate("(id) => document.getElementById(id).scrollIntoView()", equation)
    links = tab.evaluate(BACKLINK, equation)
    assert links is not None, f"no 'Implemented by' line after {label} in {page}"
    assert f"api.html#{target}" in links, f"{label}: the line links to {links}, not {target}"

    # Click 1: the equation's backlink to the function's entry in the API reference.
    tab.click(f'a[href="api.html#{target}"]')
    tab.wait_for_url(f"**/book/api.html#{target}")
    _settle(tab)
    place = tab.evaluate(PLACE, target)
    assert place["path"].endswith("/book/api.html") and place["hash"] == f"#{target}"
    assert place["tag"] == "dt" and "sig" in place["classes"], place  # an autodoc entry
    _assert_in_view(place, target)
    _shot(tab, f"{label}_{target}_entry")

    # Click 2: the docstring's link to the same equation, back in its chapter.
    back = f'dt[id="{target}"] + dd a[href="{page}.html#{equation}"]'
    assert tab.locator(back).count() >= 1, f"{target}'s docstring does not link to {label}"
    tab.locator(back).first.click()
    tab.wait_for_url(f"**/book/{page}.html#{equation}")
    _settle(tab)
    place = tab.evaluate(PLACE, equation)
    assert place["path"].endswith(f"/book/{page}.html") and place["hash"] == f"#{equation}"
    assert place["tag"] == "div" and "math" in place["classes"], place
    _assert_in_view(place, label)
    _shot(tab, f"{label}_{target}_back")
    assert not outside, f"requests left the machine: {outside}"
    context.close()
