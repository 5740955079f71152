"""Open every chapter in JupyterLab (with jupyterlab-myst), run it, and check what a reader sees.

For each notebook of _toc.yml, in order, in a private JupyterLab server (tests/jupyterlab_driver.py)
driven by headless Chromium: Kernel > Restart Kernel and Run All Cells, wait until idle, then
- no cell has an error output (or anything on stderr);
- every markdown cell is rendered by MyST: no raw MyST syntax left, no math error, every
  {eval} expression shown with its value;
- every widget view rendered (no "Loading widget...", no missing model);
- every explorer (a VBox: a row of controls, an HTML readout, an Image) redraws its figure
  when its first slider is moved with the keyboard;
- the chapter follows the pattern of the notes for JupyterLab (exercise solutions are
  non-gated dropdowns; every {ref}/{eq} resolves inside the notebook, cross-chapter links are
  links to the notebook): chapters not converted yet are expected to fail this (strict xfail).
The wall time of Run All is printed per chapter and summed up at the end of the run.

Needs Debian's chromium; without it the tests skip, except under CI=true, where they fail.
LAB_SCREENSHOTS=<dir> saves a PNG of each whole chapter after Run All.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from chromium import chromium, require_chromium
from jupyterlab_driver import (
    lab_server,
    open_notebook,
    run_all,
    screenshot_notebook,
    wait_idle,
)

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
pytestmark = pytest.mark.browser
# Chapters still written for the HTML only (gated solutions, cross-chapter {ref}/{eq}); remove a
# chapter from here when it is converted (see CONTRIBUTING.md), the strict xfail then says so.
NOT_CONVERTED: set[str] = set()  # fmt: skip
RAW_MYST = ("{eq}", "{ref}", "{numref}", "{glue", "{eval}", "{exercise", "{solution",
            ":label:", ":class:", "```{", ":::{")  # fmt: skip
# A display equation that Sphinx leaves unnumbered but jupyterlab-myst numbers: $$...$$ with no
# (label) after it, or a starred AMS environment other than equation* at the top level.
UNLABELLED_MATH = re.compile(
    r"^\$\$\n(?:(?!^\$\$).)*^\$\$$|^\\begin\{(align|gather|multline|eqnarray)\*\}", re.S | re.M
)
TIMES: dict[str, float] = {}  # Run All wall time per chapter, reported by conftest.py


def chapters() -> list[str]:
    """The notebooks of _toc.yml in reading order, as paths relative to book/."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    # The API reference (book/api.md) is a Markdown page, not a notebook: nothing to run.
    names = [str(Path(f).relative_to("book")) + ".ipynb" for f in files]
    return [n for n in names if (BOOK / n).exists()]


@pytest.fixture(scope="module")
def lab():
    require_chromium("the JupyterLab test")
    with lab_server(BOOK) as server, chromium() as browser:
        yield server, browser


# What the notebook shows once it has run, read from JupyterLab's own models and DOM.
STATE = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const state = {errors: [], markdown: [], views: []};
  nb.widgets.forEach((cell, i) => {
    if (cell.model.type === 'markdown') {
      const myst = cell.inputArea.node.querySelector('.myst');
      const clone = myst ? myst.cloneNode(true) : null;
      if (clone) clone.querySelectorAll('.katex-mathml, annotation').forEach(e => e.remove());
      state.markdown.push({
        cell: i, rendered: cell.rendered, myst: myst !== null,
        text: clone ? clone.textContent : '',
        source: cell.model.sharedModel.getSource(),
        expressions: cell.model.getMetadata('user_expressions') || [],
        mathErrors: myst ? myst.querySelectorAll('.katex-error').length : 0,
        gated: myst ? /(Start|End) of Solution/.test(myst.textContent) : false,
        // A {ref}/{eq} jupyterlab-myst could not resolve in this notebook: a warning sign and
        // the bare label, or, given an explicit text, a link to "#".
        unresolved: myst ? Array.from(myst.querySelectorAll(
            '[title="Cross Reference Not Found"], a.hover-link[href="#"]'))
            .map(e => e.textContent) : [],
      });
      return;
    }
    if (cell.model.type !== 'code') return;
    cell.model.outputs.toJSON().forEach((out, k) => {
      if (out.output_type === 'error') {
        state.errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      } else if (out.output_type === 'stream' && out.name === 'stderr') {
        state.errors.push(`cell ${i} stderr: ${[].concat(out.text).join('').slice(0, 300)}`);
      }
      if (out.data && out.data['application/vnd.jupyter.widget-view+json']) {
        const panel = cell.outputArea.widgets[k];
        const node = panel ? panel.node : null;
        state.views.push({
          cell: i,
          rendered: node !== null && node.querySelector('.jupyter-widgets') !== null,
          text: node ? node.textContent.slice(0, 200) : '(no output node)',
        });
      }
    });
  });
  return state;
}"""

# Indices of the explorers: a VBox whose first child is a row holding a slider, then an HTML
# readout, then an Image.
EXPLORERS = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output .widget-vbox'))
  .filter(box => {
    const [row, readout, image] = box.children;
    return row && row.classList.contains('widget-hbox') && row.querySelector('.widget-slider')
      && readout && readout.classList.contains('widget-html')
      && image && image.tagName === 'IMG' && image.classList.contains('widget-image');
  }).map(box => { box.dataset.explorer = 'yes'; return box.children[2].src; })"""


class Chapter:
    """One chapter, opened and run once; the tests below read what it shows."""

    def __init__(self, name: str, page, seconds: float, state: dict) -> None:
        self.name, self.page, self.seconds, self.state = name, page, seconds, state


@pytest.fixture(scope="module", params=chapters())
def chapter(request, lab) -> Chapter:
    server, browser = lab
    name = request.param
    page = open_notebook(browser, server, name)
    seconds = run_all(page)
    TIMES[name] = seconds
    print(f"\n{name}: Run All {seconds:.1f} s")
    # Widget views and MyST markdown render asynchronously after the kernel is idle.
    page.wait_for_function(
        """() => {
          const nb = window.jupyterapp.shell.currentWidget.content;
          return nb.widgets.every(c => c.model.type !== 'markdown'
              || (c.rendered && c.inputArea.node.querySelector('.myst')));
        }""",
        timeout=30000,
    )
    wait_idle(page)
    page.wait_for_timeout(500)
    state = page.evaluate(STATE)
    if os.environ.get("LAB_SCREENSHOTS"):
        out = Path(os.environ["LAB_SCREENSHOTS"]) / (Path(name).stem + ".png")
        out.parent.mkdir(parents=True, exist_ok=True)
        screenshot_notebook(page, str(out))
    yield Chapter(name, page, seconds, state)
    page.context.close()


def test_runs_without_errors(chapter: Chapter) -> None:
    assert not chapter.state["errors"], f"{chapter.name}: {chapter.state['errors']}"


def test_markdown_rendered_by_myst(chapter: Chapter) -> None:
    problems = []
    for md in chapter.state["markdown"]:
        where = f"markdown cell {md['cell']}"
        if not (md["rendered"] and md["myst"]):
            problems.append(f"{where} is not rendered by jupyterlab-myst")
            continue
        problems += [f"{where} shows raw {raw!r}" for raw in RAW_MYST if raw in md["text"]]
        if md["mathErrors"]:
            problems.append(f"{where} has {md['mathErrors']} math error(s)")
        problems += _expression_problems(where, md)
    assert not problems, f"{chapter.name}:\n" + "\n".join(problems)


def _expression_problems(where: str, md: dict) -> list[str]:
    """Every {eval} of the cell evaluated without error, its value on screen."""
    wanted = re.findall(r"\{eval\}`([^`]+)`", md["source"])
    results = {e["expression"]: e["result"] for e in md["expressions"]}
    problems = []
    for expression in wanted:
        result = results.get(expression)
        if result is None or result.get("status") != "ok":
            problems.append(f"{where}: {{eval}}`{expression}` not evaluated: {result}")
            continue
        shown = re.sub(r"^([\"'])(.*)\1$", r"\2", result["data"].get("text/plain", ""))
        if shown not in md["text"]:
            problems.append(f"{where}: value {shown!r} of {{eval}}`{expression}` not shown")
    return problems


def test_widgets_rendered(chapter: Chapter) -> None:
    broken = [v for v in chapter.state["views"]
              if not v["rendered"] or re.search(r"Loading widget|Error displaying widget|"
                                                r"model not found", v["text"])]  # fmt: skip
    assert not broken, f"{chapter.name}: widget views not rendered: {broken}"


def test_explorers_redraw(chapter: Chapter) -> None:
    page = chapter.page
    sources = page.evaluate(EXPLORERS)
    if not sources:
        pytest.skip(f"{chapter.name} has no explorer")
    for k, before in enumerate(sources):
        box = page.locator('[data-explorer="yes"]').nth(k)
        handle = box.locator(".widget-slider .noUi-handle").first
        handle.scroll_into_view_if_needed()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.press("ArrowLeft" if at_max else "ArrowRight")
        page.wait_for_function(
            """([k, before]) => {
              const box = document.querySelectorAll('[data-explorer="yes"]')[k];
              return box.children[2].src !== before;
            }""",
            arg=[k, before],
            timeout=60000,
        )
        wait_idle(page)
    errors = chapter.page.evaluate(STATE)["errors"]
    assert not errors, f"{chapter.name}: moving a slider raised: {errors}"


def test_stand_ins_show_their_frames(chapter: Chapter) -> None:
    """Each animation stand-in shows its frame, not only its controls (a frame without a
    layout box is what JupyterLab gave before base.player's relayout script)."""
    page = chapter.page
    # The players of the outputs Run All made (trusted); the file's own outputs render
    # untrusted, their scripts stripped, and JupyterLab may keep such a copy out of the cells.
    players = page.locator(".jp-OutputArea-output.jp-mod-trusted .animation")
    if players.count() == 0:
        pytest.skip(f"{chapter.name} has no animation")
    page.wait_for_function(  # each player's script has set its first frame
        "() => Array.from(document.querySelectorAll("
        "'.jp-OutputArea-output.jp-mod-trusted .animation img')).every(i => i.src)",
        timeout=30000,
    )
    blank = []
    for k in range(players.count()):
        # Scroll by script: the image may have no box, which Playwright's own scrolling waits on.
        players.nth(k).evaluate("player => player.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(600)  # the relayout script runs when the player is laid out
        size = players.nth(k).locator("img").evaluate(
            "img => [img.naturalWidth, img.getBoundingClientRect().width,"
            " img.getBoundingClientRect().height]"
        )
        if min(size) == 0:
            blank.append((k, size))
    assert not blank, f"{chapter.name}: stand-ins without a visible frame: {blank}"


def test_follows_the_jupyterlab_pattern(chapter: Chapter, request) -> None:
    if chapter.name in NOT_CONVERTED:
        request.applymarker(pytest.mark.xfail(strict=True, reason="not converted yet"))
    gated = [md["cell"] for md in chapter.state["markdown"] if md["gated"]]
    # jupyterlab-myst numbers every display equation but `equation*`; Sphinx only labelled ones.
    numbered_only_in_lab = [md["cell"] for md in chapter.state["markdown"]
                            if UNLABELLED_MATH.search(md["source"])]  # fmt: skip
    unresolved = [(md["cell"], md["unresolved"]) for md in chapter.state["markdown"]
                  if md["unresolved"]]  # fmt: skip
    assert not gated, f"{chapter.name}: gated solutions (not folded in JupyterLab) in cells {gated}"
    assert not unresolved, f"{chapter.name}: references JupyterLab cannot resolve: {unresolved}"
    assert not numbered_only_in_lab, (
        f"{chapter.name}: unlabelled display math (numbered in JupyterLab only; write "
        f"\\begin{{equation*}}) in cells {numbered_only_in_lab}"
    )
