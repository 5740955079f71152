"""Copy the JavaScript the book serves itself from node_modules/ into _vendor/.

The built book must read offline, so MathJax 3, RequireJS, the Jupyter widgets HTML manager
and mathjs (which reads and evaluates the formulas readers type, book/_assets/formula_check.js)
are served from the build's own _static/ folder instead of a CDN. They come from the npm
registry (`npm ci`, pinned by package-lock.json) and are never committed. _vendor/ is Sphinx's
html_static_path; it is deliberately not called _static, because Jupyter Book adds a <script>
tag for every .js file under a root _static/ folder.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "_vendor"

COPIES = [
    # (source inside node_modules, destination inside _vendor, files to leave out)
    ("mathjax/es5", "mathjax", ("*.map",)),
    (
        "@jupyter-widgets/html-manager/dist",
        "widgets",
        ("*.map", "embed.js", "embed.js.LICENSE.txt"),
    ),
    ("requirejs/require.js", "widgets/require.js", ()),
    ("mathjs/lib/browser/math.js", "mathjs/math.js", ()),
    ("mathjs/lib/browser/math.js.LICENSE.txt", "mathjs/math.js.LICENSE.txt", ()),
    ("mathjs/LICENSE", "mathjs/LICENSE", ()),
]


def main() -> int:
    missing = [src for src, _, _ in COPIES if not (MODULES / src).exists()]
    if missing:
        print(f"missing in node_modules: {missing}; run `npm ci` first", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for src, dst, skip in COPIES:
        source, target = MODULES / src, VENDOR / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(*skip))
        else:
            shutil.copy2(source, target)
    n_files = sum(1 for p in VENDOR.rglob("*") if p.is_file())
    print(f"vendored {n_files} files into {VENDOR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
