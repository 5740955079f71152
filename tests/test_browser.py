"""Open every page of the built book in headless Chromium, offline, and check what a reader sees.

For each page: MathJax has typeset the math (no raw TeX left), every image loaded, widgets
rendered, no console errors, and no request left file://. Needs the built book
(`jupyter-book build .`) and Debian's chromium; without chromium the test skips, except under
CI=true, where a missing browser is a failure. BOOK_SCREENSHOTS=<dir> saves a full-page PNG of
each page there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from chromium import chromium, offline_context, require_chromium

ROOT = Path(__file__).resolve().parent.parent
# BOOK_HTML=<dir> tests a book built elsewhere (jupyter-book build --path-output <dir>/..).
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
pytestmark = pytest.mark.browser


def pages() -> list[Path]:
    if not (HTML / "index.html").exists():
        return []
    skip = {"_static", "_sources"}
    return sorted(p for p in HTML.rglob("*.html") if not skip & set(p.parts))


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    if not (HTML / "index.html").exists():
        pytest.fail(f"no built book at {HTML}: run `jupyter-book build .` first")
    with chromium() as b:
        yield b


# Visible text of the page outside code blocks, where raw TeX would betray untypeset math.
VISIBLE_TEXT = """() => {
  const body = document.querySelector('main') || document.body;
  const clone = body.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .output_area')
       .forEach(e => e.remove());
  return clone.innerText;
}"""

PAGE_STATE = """() => ({
  mathSources: document.querySelectorAll('div.math, span.math').length,
  typeset: document.querySelectorAll('mjx-container').length,
  mathErrors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
  brokenImages: Array.from(document.images)
      .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src.slice(0, 80)),
  images: document.images.length,
  widgetViews: document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]').length,
  renderedWidgets: document.querySelectorAll(
      '.jupyter-widgets, .widget-box, .widget-slider').length,
})"""


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(HTML)))
def test_page_renders_offline(browser, page: Path) -> None:
    redirect = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', page.read_text())
    if redirect:  # index.html only forwards to the first chapter
        assert (page.parent / redirect.group(1)).exists(), redirect.group(1)
        return
    outside: list[str] = []
    errors: list[str] = []
    context = offline_context(browser, 1280, refused=outside)
    tab = context.new_page()
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(page.as_uri(), wait_until="load")
    has_mathjax = tab.evaluate(
        "() => document.querySelector('script[src*=\"mathjax/tex-chtml\"]') !== null"
    )
    if has_mathjax:
        tab.wait_for_function(
            "() => window.MathJax.startup && window.MathJax.startup.promise", timeout=30000
        )
        tab.evaluate("() => window.MathJax.startup.promise")
    tab.wait_for_timeout(300)  # widget views render asynchronously after load
    state = tab.evaluate(PAGE_STATE)
    text = tab.evaluate(VISIBLE_TEXT)
    if os.environ.get("BOOK_SCREENSHOTS"):
        name = str(page.relative_to(HTML)).replace("/", "_") + ".png"
        out = Path(os.environ["BOOK_SCREENSHOTS"]) / name
        out.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(out), full_page=True)
    context.close()

    assert not outside, f"requests left file:// (the page must read offline): {outside}"
    assert not errors, f"console errors: {errors}"
    if state["mathSources"]:
        assert has_mathjax, "the page has math but MathJax is not loaded"
        assert state["typeset"] >= state["mathSources"], state
        assert state["mathErrors"] == 0, "MathJax reported TeX errors"
    for raw in ("\\[", "\\(", "$$", "\\frac", "\\sigma"):
        assert raw not in text, f"raw TeX {raw!r} is visible on the page"
    assert not state["brokenImages"], f"images that did not load: {state['brokenImages']}"
    if state["widgetViews"]:
        assert state["renderedWidgets"] > 0, "widget views on the page did not render"


# ---- a narrow screen: figures keep their shape, nothing scrolls sideways ----------------------
NARROW = 420  # CSS pixels: a phone held upright

NARROW_STATE = """(limit) => {
  // Elements that clip or scroll their own overflow: code and output blocks may scroll inside.
  function scrolls(e) {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (["auto", "scroll", "hidden", "clip"].includes(s.overflowX)) return true;
    }
    return false;
  }
  const distorted = Array.from(document.images)
    .filter(img => img.naturalWidth > 0 && img.offsetWidth > 0 && img.offsetHeight > 0)
    .map(img => ({src: img.src.slice(0, 60), shown: img.offsetWidth / img.offsetHeight,
                  natural: img.naturalWidth / img.naturalHeight}))
    .filter(r => Math.abs(r.shown / r.natural - 1) > 0.02);
  const wide = Array.from(document.querySelectorAll("body *"))
    .filter(e => e.getBoundingClientRect().right > limit + 1 && !scrolls(e))
    .slice(0, 5).map(e => e.tagName + "." + e.className);
  return {scrollWidth: document.documentElement.scrollWidth, distorted, wide};
}"""


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(HTML)))
def test_page_fits_a_narrow_screen(browser, page: Path) -> None:
    if re.search(r'http-equiv="Refresh"', page.read_text()):
        return  # index.html only forwards to the first chapter
    context = offline_context(browser, NARROW, 800)
    tab = context.new_page()
    tab.goto(page.as_uri(), wait_until="load")
    if tab.evaluate("() => document.querySelector('script[src*=\"mathjax/tex-chtml\"]') !== null"):
        tab.wait_for_function(
            "() => window.MathJax.startup && window.MathJax.startup.promise", timeout=30000
        )
        tab.evaluate("() => window.MathJax.startup.promise")
    tab.wait_for_timeout(300)  # widget views render asynchronously after load
    state = tab.evaluate(NARROW_STATE, NARROW)
    context.close()
    assert not state["distorted"], f"images shown out of their aspect ratio: {state['distorted']}"
    assert state["scrollWidth"] <= NARROW + 1, (
        f"the page is {state['scrollWidth']} px wide at {NARROW} px; too wide: {state['wide']}"
    )
