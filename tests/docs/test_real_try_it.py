"""The real site under ``docs serve`` (issue 9, stumbles 4 and 5): on every status and error page,
the examples carry the served origin, and Try-it sends exactly the page's request and gets the
page's outcome. Screenshots of the home page and a status page go to
``artifacts/screenshots/first-minutes/``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import Watched, launch, site_pages

from explorer.docs.build import BuildReport
from explorer.docs.page_snippets import headers_of
from explorer.docs.serve import ServedSite
from explorer.notebook import CLOCK, SEED
from explorer.sandbox import SandboxConfig

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "first-minutes"
LOGIN = "/api/v2/sdk/login/weibo"


@pytest.fixture(scope="module")
def built(real_docs) -> tuple[BuildReport, Path]:
    return real_docs


def test_every_try_it_sends_its_pages_request_and_gets_its_outcome(built):
    report, site = built
    assert report.ok, report.failure
    pages = [p for p in site_pages(site) if p.startswith(("/status/", "/errors/"))]
    assert len(pages) >= 14
    SHOTS.mkdir(parents=True, exist_ok=True)
    with ServedSite(site, sandbox=SandboxConfig(seed=SEED, clock=CLOCK)) as served, \
            launch() as browser:
        w = Watched(browser)
        sent: list = []
        w.page.on("request", lambda r: sent.append(r) if r.url.endswith(LOGIN) else None)
        try:
            w.page.goto(served.base_url + "/", wait_until="networkidle")
            w.page.screenshot(path=str(SHOTS / "home.png"), full_page=True)
            w.page.goto(served.base_url + "/diagram/", wait_until="networkidle")
            w.page.screenshot(path=str(SHOTS / "diagram.png"), full_page=True)
            failures = []
            for path in pages:
                sent.clear()
                w.page.goto(served.base_url + path, wait_until="networkidle")
                w.page.wait_for_selector("body[data-wx-origin='live']")
                code = "\n".join(w.page.locator(".md-content pre code").all_inner_texts())
                built_at = json.loads(
                    w.page.locator(".wx-recorded").first.get_attribute("data-origins"))
                if any(origin in code for origin in built_at):
                    failures.append(f"{path}: a build-time address is left in the code")
                recorded = json.loads(w.page.locator(".wx-tryit-data").text_content())["recorded"]
                w.page.locator(".wx-tryit-send").click()
                w.page.wait_for_selector(".wx-tryit[data-mode]")
                panel = w.page.locator(".wx-tryit")
                if panel.get_attribute("data-mode") != "live" or \
                        "as this page expects" not in panel.inner_text():
                    failures.append(f"{path}: {panel.inner_text()[:300]}")
                    continue
                got = sent[-1]
                shown = {k.lower(): v for k, v in headers_of(recorded).items()}
                headers = got.all_headers()
                if (got.post_data or "") != recorded["request_body"] or \
                        {k: headers.get(k) for k in shown} != shown:
                    failures.append(f"{path}: Try-it sent another request than the page shows")
                if path == "/status/mfa-auth/":
                    panel.screenshot(path=str(SHOTS / "status-mfa-auth-tryit.png"))
                    w.page.evaluate("window.scrollTo(0, 0)")  # the sticky header at the top
                    w.page.screenshot(path=str(SHOTS / "status-mfa-auth.png"), full_page=True)
            assert failures == []
        finally:
            w.close()
