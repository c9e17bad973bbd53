"""Find Debian's chromium and launch it headless through Playwright, for every browser test.

``chromium_path()`` returns the browser; without it the test fails loudly with the command that
installs it (a browser test is never skipped in silence, and installing is ``scripts/install.sh``'s
job, never a test's). ``launch()`` is a context
manager that yields a Playwright ``Browser``, so a fixture is just
``with launch() as browser: yield browser``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def chromium_path() -> str:
    """The Debian chromium binary, else the test fails with the command that installs it."""
    found = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if found:
        return found
    pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/install.sh test` as root "
                "(or `apt-get install chromium`). Browser tests are never skipped.", pytrace=False)


@contextmanager
def launch(**options) -> Iterator[playwright.sync_api.Browser]:  # noqa: F821
    """A headless chromium for the duration of the ``with`` block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=ARGS, headless=True, **options)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """A page with its console errors and the origins it requested recorded."""

    def __init__(self, browser, scheme: str = "light") -> None:
        self.context = browser.new_context(color_scheme=scheme,
                                           viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.origins: set[str] = set()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.origins.add(_origin(r.url)))

    def close(self) -> None:
        self.context.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def site_pages(site: Path) -> list[str]:
    """Every page of a built mkdocs site, as URL paths (``/``, ``/status/success/``...)."""
    paths = ("/" + str(p.parent.relative_to(site)).replace(".", "").strip("/") + "/"
             for p in site.rglob("index.html"))
    return sorted(path.replace("//", "/") for path in paths)
