"""Drive JupyterLab in headless Chromium: a private server, open a notebook, run it, wait.

Reusable by any JupyterLab browser test (see tests/test_jupyterlab.py):

    with lab_server(ROOT / "book") as lab, chromium() as browser:
        tab = open_notebook(browser, lab, "ch02_sigmoid.ipynb")
        seconds = run_all(tab)

The server listens on 127.0.0.1 at a free port, without a token, and keeps its settings,
workspaces, runtime files and notebook signatures in a temporary directory, so it never reads
or writes the user's. It serves a temporary copy of the notebooks, with autosave off, so
running them in the browser never changes the repository's files.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chromium import CHROMIUM, chromium  # noqa: F401  (re-exported for the tests)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Settings that keep a test run quiet and offline: no news or update checks (they would
# reach the web), no confirmation dialog on "Restart Kernel and Run All Cells".
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/apputils-extension/sessionDialogs.jupyterlab-settings": {
        "skipKernelRestartDialog": True,
    },
    # Never write a notebook back (the server serves a copy anyway).
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


@dataclass
class Lab:
    url: str  # http://127.0.0.1:<port>/
    root: Path  # the server's root: a temporary copy of the directory asked for
    log: Path  # the server's output, for failure messages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "api/status", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise RuntimeError(f"jupyter lab did not answer within {timeout} s:\n{log.read_text()}")


@contextmanager
def lab_server(root: Path, timeout: float = 60.0) -> Iterator[Lab]:
    """Start `jupyter lab` on 127.0.0.1 serving a copy of `root` (running a notebook in the
    browser must never change the repository's); stop it, and its kernels, on exit."""
    tmp = Path(tempfile.mkdtemp(prefix="lab-test-"))
    served = tmp / "root"
    shutil.copytree(root, served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp / "settings"
    for name, value in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(value))
    port = _free_port()
    env = dict(os.environ)
    # Private config, data (notebook signatures), runtime and IPython dirs.
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ):
        env[var] = str(tmp / sub)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp / "workspaces")
    env.pop("JUPYTER_TOKEN", None)
    log = tmp / "server.log"
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={served}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run commands
        "--LabApp.extension_manager=readonly",  # it would query PyPI
        "--allow-root",  # CI runs as root
    ]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=served)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, proc, log, timeout)
        yield Lab(url=url, root=served, log=log)
    finally:
        proc.terminate()  # the server shuts its kernels down on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)




# True once the notebook panel is shown, its kernel is idle and every markdown cell has been
# rendered by jupyterlab-myst. (Run All before that loses stored {eval} values: jupyterlab-myst
# evaluates the expressions it finds in a cell's rendered MyST tree, and drops the stored
# results of a cell whose tree is still empty.)
_READY = """(path) => {
  const app = window.jupyterapp;
  if (!app) return false;
  const w = app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.content) return false;
  const s = w.sessionContext;
  if (!s || !s.session || !s.session.kernel || s.session.kernel.status !== 'idle') return false;
  const cells = w.content.widgets;
  return cells.length > 0 && cells.every(c => c.model.type !== 'markdown'
      || !c.model.sharedModel.getSource().trim()
      || (c.rendered && c.mystModel && c.mystModel.mdast
          && (c.inputArea.node.querySelector('.myst') || {}).textContent));
}"""


def open_notebook(browser: Browser, lab: Lab, path: str, *, width: int = 1280,
                  height: int = 900, timeout: float = 120.0) -> Page:
    """Open `path` (relative to the server's root) in a new tab; return the Playwright page
    once the notebook is shown, its kernel idle and its markdown rendered. Console errors are
    collected in `page.console_errors`."""
    context = browser.new_context(viewport={"width": width, "height": height})
    # The test must stay on this machine: refuse anything but the local server.
    context.route(
        "**/*",
        lambda r: r.continue_()
        if r.request.url.startswith((lab.url, "data:", "blob:"))
        else r.abort(),
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.goto(f"{lab.url}lab/tree/{path}", wait_until="domcontentloaded")
    page.wait_for_function(_READY, arg=path, timeout=timeout * 1000, polling=250)
    return page


_RUN_ALL_DONE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  // Every code cell has run: none is queued ('*') or unrun (null).
  return w.content.widgets.every(c => c.model.type !== 'code'
      || (c.model.executionCount !== null && !c.node.querySelector('.jp-InputPrompt')
            .textContent.includes('*')));
}"""


def run_all(page: Page, *, restart: bool = True, timeout: float = 600.0) -> float:
    """Run every cell (Kernel > Restart Kernel and Run All Cells, or Run All) and wait until
    the kernel is idle with every code cell executed; return the wall time in seconds."""
    command = "notebook:restart-run-all" if restart else "notebook:run-all-cells"
    start = time.perf_counter()
    page.evaluate(
        "(cmd) => { window.__runAll = window.jupyterapp.commands.execute(cmd); }", command
    )
    page.wait_for_function(
        "() => window.__runAll !== undefined", timeout=timeout * 1000
    )
    page.evaluate("() => window.__runAll")  # resolves once every cell has been executed
    page.wait_for_function(_RUN_ALL_DONE, timeout=timeout * 1000, polling=100)
    return time.perf_counter() - start


def wait_idle(page: Page, *, quiet_ms: int = 500, timeout: float = 120.0) -> None:
    """Wait until the kernel is idle and has stayed idle for `quiet_ms` (callbacks, such as a
    slider's observer, run asynchronously after the browser-side change)."""
    page.evaluate("() => { window.__busyAt = undefined; }")
    page.wait_for_function(
        """(quiet) => {
          const w = window.jupyterapp.shell.currentWidget;
          const k = w.sessionContext.session && w.sessionContext.session.kernel;
          const now = performance.now();
          if (!k || k.status !== 'idle') { window.__busyAt = now; return false; }
          if (window.__busyAt === undefined) window.__busyAt = now;
          return now - window.__busyAt >= quiet;
        }""",
        arg=quiet_ms,
        timeout=timeout * 1000,
        polling=100,
    )


def screenshot_notebook(page: Page, path: str, max_height: int = 30000) -> None:
    """A PNG of the whole notebook: the notebook scrolls inside its panel, so a full-page
    screenshot shows one screen only; grow the viewport to the notebook's height instead
    (a few times: cells off screen have estimated heights until they are laid out)."""
    size = page.viewport_size
    height = size["height"]
    for _ in range(4):
        content = page.evaluate(
            """() => {
              const nb = window.jupyterapp.shell.currentWidget.content.node;
              const outer = nb.querySelector('.jp-WindowedPanel-outer') || nb;
              return outer.scrollHeight - outer.clientHeight;
            }"""
        )
        if content <= 0 or height >= max_height:
            break
        height = min(height + content, max_height)
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(500)
    page.screenshot(path=path)
    page.set_viewport_size(size)
