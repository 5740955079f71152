"""Headless Debian Chromium for the browser tests (the built book, and JupyterLab).

One launcher for every browser test, with the flags this machine needs: without the
background-networking ones, Chromium's own connections are refused by the closed network.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() == "true"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium(what: str = "the browser test") -> None:
    """Skip the test without chromium, except under CI=true, where a missing browser fails."""
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail(f"chromium is not installed, and CI=true requires {what} to run")
        pytest.skip(f"chromium not found (apt-get install -y chromium); {what} needs it")


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium through Playwright (raises if chromium is missing)."""
    if CHROMIUM is None:
        raise RuntimeError("chromium not found (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


LOCAL = ("file://", "data:", "blob:")


def offline_context(
    browser: Browser, width: int, height: int = 900, refused: list[str] | None = None
) -> BrowserContext:
    """A browser context that serves only local files: every other request is refused (the
    built book must work from file:// with no network), and its URL appended to `refused`."""
    context = browser.new_context(viewport={"width": width, "height": height})

    def route(r) -> None:
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            if refused is not None:
                refused.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context
