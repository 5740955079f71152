"""Sphinx extension: small fixes that let the built book read offline, with no console errors.

1. Drop duplicate <script> tags. sphinx-thebe (loaded by Jupyter Book 1) registers its inline
   configuration once per read phase; executing notebooks makes Sphinx read twice, so every page
   declared `const THEBE_JS_URL` twice, a JavaScript error.
2. Tell the Jupyter widgets HTML manager where its own files are. It fetches its fonts
   relative to the URL of its AMD module `@jupyter-widgets/html-manager/dist/...`, which
   RequireJS would resolve against the page; we map that module to `_static/widgets/` (see
   scripts/vendor_assets.py) and also set `__jupyter_widgets_assets_path__`.
3. Give the widgets manager the MathJax 2 call it makes. It typesets widget labels with
   `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`; the book serves MathJax 3, which has
   `MathJax.typesetPromise([element])` instead. The shim queues elements until MathJax is ready.
4. Load mathjs and formula_check.js on the pages with a formula exercise (a `bc-formula` box of
   backprop_core.answer_view), and only there. mathjs is a UMD bundle: loaded after RequireJS
   it would register as an anonymous AMD module (a RequireJS error) instead of `window.math`,
   so it comes first, before the widgets' RequireJS (priority 500).
"""

from __future__ import annotations

WIDGETS_PATH = """
(function () {
  const root = new URL(document.documentElement.dataset.content_root || "./", document.baseURI);
  const widgets = new URL("_static/widgets/", root).href;
  window.__jupyter_widgets_assets_path__ = widgets;
  // RequireJS reads a global `require` object defined before it loads as its configuration.
  // The manager locates its fonts relative to its own module's URL: map that module here.
  window.require = {paths: {"@jupyter-widgets/html-manager/dist": widgets.replace(/\\/$/, "")}};
})();
"""

MATHJAX2_SHIM = """
(function () {
  const pending = [];
  const hub = {
    Queue: function (...jobs) {
      for (const job of jobs) {
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) pending.push(job[2]);
      }
      flush();
    },
  };
  function flush() {
    const mj = window.MathJax;
    if (!mj || typeof mj.typesetPromise !== "function" || !pending.length) return;
    mj.typesetPromise(pending.splice(0)).catch((err) => console.warn("MathJax:", err));
  }
  const config = window.MathJax || {};
  config.Hub = hub;
  config.startup = Object.assign({}, config.startup, {
    ready: function () {
      window.MathJax.startup.defaultReady();
      window.MathJax.Hub = hub;
      window.MathJax.startup.promise.then(flush);
    },
  });
  window.MathJax = config;
})();
"""


def _dedupe(app, pagename, templatename, context, doctree) -> None:
    seen = set()
    unique = []
    for script in context["script_files"]:
        # Sphinx stores inline scripts with filename None or "", which compare unequal.
        key = repr((script.filename or "", script.priority, sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


def _formula_scripts(app, pagename, templatename, context, doctree) -> None:
    if 'class="bc-formula"' in context.get("body", ""):
        app.add_js_file("mathjs/math.js", priority=200)
        app.add_js_file("formula_check.js", priority=210)


def _add_scripts(app) -> None:
    # The shim must follow Sphinx's `window.MathJax = {...}` (priority 500) and precede MathJax
    # itself, which is deferred; the assets path must precede the widgets manager (500).
    app.add_js_file(None, body=MATHJAX2_SHIM, priority=501)
    app.add_js_file(None, body=WIDGETS_PATH, priority=499)


def _label_slugs(app, env):
    """Let a Markdown link `[text](other.ipynb#label)` reach a `(label)=` target of that
    page: MyST resolves the `#...` of such a link only among a page's heading anchors
    ("myst_slugs"), so the book's explicit labels are added there (the appendix's
    `errata-...` entries label paragraphs, not headings). A label that does not exist
    still warns, so -W still catches a broken link."""
    std = env.domaindata["std"]
    for label, (docname, labelid) in std["anonlabels"].items():
        if docname in env.all_docs and labelid:
            sectname = std["labels"].get(label, (None, None, label))[2] or label
            slugs = env.metadata[docname].setdefault("myst_slugs", {})
            slugs.setdefault(label, (0, labelid, sectname))


def setup(app):
    app.connect("builder-inited", _add_scripts)
    app.connect("env-updated", _label_slugs)
    app.connect("html-page-context", _formula_scripts)
    # Run after every other handler: some add their scripts during this same event.
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
