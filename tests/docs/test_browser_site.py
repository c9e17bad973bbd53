"""The built site in headless chromium: every page opens with no console error and no request
to another origin; the diagram's links work; Try-it reaches the sandbox under ``docs serve`` and
replays the recorded exchange when the site is served without one; light and dark both render.
Screenshots go to ``artifacts/screenshots/site/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Watched, launch, site_pages

from explorer.contract import ERRORS
from explorer.docs.serve import ServedSite
from explorer.sandbox import SandboxConfig

from . import sitebuild

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "site"


@pytest.fixture(scope="module")
def site(sandbox, tmp_path_factory) -> Path:
    return sitebuild.built(sandbox.base_url, tmp_path_factory.mktemp("site"))[1]


@pytest.fixture(scope="module")
def live(site: Path) -> Iterator[ServedSite]:
    with ServedSite(site, sandbox=SandboxConfig(seed=7, clock="2026-01-01T00:00:00Z")) as served:
        yield served


@pytest.fixture(scope="module")
def static(site: Path) -> Iterator[ServedSite]:
    with ServedSite(site, sandbox=None) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with launch() as b:
        yield b


def test_every_page_opens_clean_and_stays_on_its_origin(browser, live: ServedSite, site) -> None:
    pages = site_pages(site)
    assert len(pages) >= 7
    for scheme in ("light", "dark"):
        w = Watched(browser, scheme)
        try:
            for path in pages:
                w.page.goto(live.base_url + path, wait_until="networkidle")
                assert w.page.locator("h1").first.is_visible(), path
                name = path.strip("/").replace("/", "-") or "home"
                w.page.screenshot(path=str(SHOTS / f"{name}-{scheme}.png"), full_page=True)
            assert w.errors == [], (scheme, w.errors)
            assert w.origins == {live.base_url}, w.origins
        finally:
            w.close()


def test_palette_toggle_switches_light_and_dark(browser, live: ServedSite) -> None:
    w = Watched(browser, "light")
    try:
        w.page.goto(live.base_url + "/reference/", wait_until="networkidle")
        scheme = lambda: w.page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
        assert scheme() == "default"
        w.page.locator("label.md-header__button[for^='__palette']:visible").first.click()
        assert scheme() == "slate"
        bg = w.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert bg != "rgb(255, 255, 255)"
    finally:
        w.close()


def test_diagram_nodes_open_the_status_pages(browser, live: ServedSite) -> None:
    w = Watched(browser)
    try:
        w.page.goto(live.base_url + "/diagram/", wait_until="networkidle")
        w.page.locator("#node-SUCCESS a").click()
        w.page.wait_for_url("**/status/success/")
        assert "SUCCESS (test page)" in w.page.locator("h1").first.inner_text()
        w.page.goto(live.base_url + "/diagram/", wait_until="networkidle")
        w.page.locator("#node-MFA_AUTH a").click()
        w.page.wait_for_url("**/reference/#status-mfa-auth")
        assert w.errors == []
    finally:
        w.close()


@pytest.mark.parametrize("path,outcome", [("/status/success/", "SUCCESS"),
                                          ("/errors/param-0026/", "IDAAS.SDK.PARAM.0026")])
def test_try_it_reaches_the_sandbox_under_docs_serve(browser, live: ServedSite, path, outcome):
    w = Watched(browser)
    try:
        w.page.goto(live.base_url + path, wait_until="networkidle")
        w.page.locator(".wx-tryit-send").click()
        w.page.wait_for_selector(".wx-tryit[data-mode]")
        panel = w.page.locator(".wx-tryit")
        assert panel.get_attribute("data-mode") == "live"
        assert "Live answer from the sandbox" in panel.locator(".wx-tryit-note").inner_text()
        assert outcome in panel.locator(".wx-badge").inner_text()
        assert "as this page expects" in panel.inner_text()
        panel.screenshot(path=str(SHOTS / f"tryit-live-{outcome}.png"))
        # an error page's example is an HTTP error, which chromium reports on the console itself
        allowed = f"status of {ERRORS[outcome].http_status}" if outcome in ERRORS else None
        assert all(allowed and allowed in e for e in w.errors), w.errors
        assert w.origins == {live.base_url}
    finally:
        w.close()


def test_try_it_replays_the_recorded_exchange_without_a_sandbox(browser, static: ServedSite):
    w = Watched(browser, "dark")
    try:
        w.page.goto(static.base_url + "/status/success/", wait_until="networkidle")
        w.page.locator(".wx-tryit-send").click()
        w.page.wait_for_selector(".wx-tryit[data-mode]")
        panel = w.page.locator(".wx-tryit")
        assert panel.get_attribute("data-mode") == "replay"
        note = panel.locator(".wx-tryit-note").inner_text()
        assert "Replayed: no sandbox answered" in note and "recorded" in note
        assert "SUCCESS" in panel.locator(".wx-badge").inner_text()
        panel.screenshot(path=str(SHOTS / "tryit-replay-dark.png"))
        # the only console error is the browser's own report of the sandbox's absence
        assert all("404" in e for e in w.errors), w.errors
        assert w.origins == {static.base_url}
    finally:
        w.close()
