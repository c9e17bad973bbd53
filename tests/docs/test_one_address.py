"""One address (issue 9, stumbles 4 and 5), in chromium on the test site: under ``docs serve`` the
code tabs, curl commands and outputs point at the page's own origin; on a static host they say
they were recorded and where; Try-it sends exactly the request the page shows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Watched, launch

from explorer.docs.page_snippets import headers_of
from explorer.docs.serve import ServedSite
from explorer.notebook import CLOCK, SEED
from explorer.sandbox import SandboxConfig

from . import sitebuild

LOGIN = "/api/v2/sdk/login/weibo"


@pytest.fixture(scope="module")
def site(sandbox, tmp_path_factory) -> Path:
    return sitebuild.built(sandbox.base_url, tmp_path_factory.mktemp("site"))[1]


@pytest.fixture(scope="module")
def live(site: Path) -> Iterator[ServedSite]:
    """As ``weibo-explorer docs serve`` runs it: the docs sandbox's seed and clock."""
    with ServedSite(site, sandbox=SandboxConfig(seed=SEED, clock=CLOCK)) as served:
        yield served


@pytest.fixture(scope="module")
def static(site: Path) -> Iterator[ServedSite]:
    with ServedSite(site, sandbox=None) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    with launch() as b:
        yield b


def recorded_origins(page) -> list[str]:
    return json.loads(page.locator(".wx-recorded").first.get_attribute("data-origins"))


def code_texts(page) -> str:
    return "\n".join(page.locator(".md-content pre code").all_inner_texts())


def tryit_data(page) -> dict:
    return json.loads(page.locator(".wx-tryit-data").first.text_content())


def test_under_docs_serve_every_example_carries_the_served_origin(browser, live: ServedSite):
    w = Watched(browser)
    try:
        w.page.goto(live.base_url + "/status/success/", wait_until="networkidle")
        w.page.wait_for_selector("body[data-wx-origin='live']")
        built = recorded_origins(w.page)
        assert built and live.base_url not in built
        code = code_texts(w.page)
        assert f"{live.base_url}{LOGIN}" in code  # curl, httpx and fetch tabs
        assert not any(origin in code for origin in built)
        note = w.page.locator(".wx-recorded").first.inner_text()
        assert f"this page's own origin, {live.base_url}" in note and built[0] in note
        assert w.errors == [] and w.origins == {live.base_url}
    finally:
        w.close()


def test_on_a_static_host_the_examples_say_where_they_were_recorded(browser, static: ServedSite):
    w = Watched(browser)
    try:
        w.page.goto(static.base_url + "/status/success/", wait_until="networkidle")
        w.page.wait_for_selector("body[data-wx-origin='recorded']")
        built = recorded_origins(w.page)
        assert f"{built[0]}{LOGIN}" in code_texts(w.page)
        note = w.page.locator(".wx-recorded").first.inner_text()
        assert note.startswith("Recorded when these docs were built") and built[0] in note
        assert "weibo-explorer docs serve" in note
    finally:
        w.close()


@pytest.mark.parametrize("path", ["/status/success/", "/errors/param-0026/"])
def test_try_it_sends_exactly_the_request_the_page_shows(browser, live: ServedSite, path):
    w = Watched(browser)
    sent = []
    w.page.on("request", lambda r: sent.append(r) if r.url.endswith(LOGIN) else None)
    try:
        w.page.goto(live.base_url + path, wait_until="networkidle")
        recorded = tryit_data(w.page)["recorded"]
        w.page.locator(".wx-tryit-send").click()
        w.page.wait_for_selector(".wx-tryit[data-mode]")
        assert w.page.locator(".wx-tryit").get_attribute("data-mode") == "live"
        assert "as this page expects" in w.page.locator(".wx-tryit").inner_text()
        assert len(sent) == 1
        request = sent[0]
        assert request.method == recorded["method"]
        assert request.url == live.base_url + LOGIN
        assert (request.post_data or "") == recorded["request_body"]
        shown = {k.lower(): v for k, v in headers_of(recorded).items()}
        got = request.all_headers()
        assert {k: got.get(k) for k in shown} == shown
        # the page's curl tab names the same headers and body
        curl = w.page.locator(".md-content pre code").all_inner_texts()
        curl = next(c for c in curl if c.startswith("curl"))
        for name, value in headers_of(recorded).items():
            assert f"{name}: {value}" in curl
    finally:
        w.close()
