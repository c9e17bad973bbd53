"""A hostile tenant's answers on the "Your tenant" pages are shown as text, never run.

The tenant's body that is not JSON carries a fence, a ``<script>`` that arms a fault through the
sandbox's admin API, and a ``javascript:`` link; its ``error_msg``, error code, header and the
recording's title carry the same. The site is built (``build_site``), served by the real
``weibo-explorer docs serve`` (a process of its own, with its sandbox) and opened in chromium: the
hostile text is on the page as text, nothing ran, no link is live, every answer carries the
Content-Security-Policy, and the sandbox's logins still succeed afterwards.
"""

from __future__ import annotations

import html
import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from explorer.contract import LOGIN_PATH
from explorer.docs import csp
from explorer.docs.site import build_site
from explorer.probe import ProbeReport
from explorer.probe.judge import Check

ROOT = Path(__file__).resolve().parents[2]
ARM = ("fetch('/sandbox/faults',{method:'POST',headers:{'content-type':'application/json'},"
       "body:'{\"busy\":5}'});alert('xss')")
SCRIPT = f"<script>{ARM}</script>"
LINK = "[click](javascript:alert(2))"
ANSWER = (f"upstream said:\n```\n{SCRIPT}\n```\n{LINK}\n<img src=x onerror=\"{ARM}\">\n"
          "{: onclick=alert(5) }")


def _recording() -> dict[str, object]:
    def exchange(status: int, body: str) -> dict[str, object]:
        return {"method": "POST", "url": "https://tenant.test" + LOGIN_PATH,
                "request_headers": [["Content-Type", "application/json"], ["X-Note", SCRIPT]],
                "request_body": "{}", "status_code": status, "response_headers": [],
                "response_body": body, "elapsed_ms": 3.0}

    error = json.dumps({"error_code": f"</script>{SCRIPT}", "error_msg": f"{LINK}\n```\n{SCRIPT}"})
    return {"kind": "weibo-explorer-recording", "version": 1, "title": f"</title>{SCRIPT}",
            "recorded_at": "2026-12-01T10:00:00+00:00",
            "exchanges": [exchange(502, ANSWER), exchange(400, error)]}


def _report() -> ProbeReport:
    return ProbeReport(
        base_url="https://tenant.test", client_id=f"app{SCRIPT}", language="en",
        probed_at="2026-12-01T10:00:00Z",
        checks=(Check("status of a login", "SUCCESS", LINK, "differs", (f"```\n{SCRIPT}",), 1),
                Check(f"error_msg {SCRIPT}", "a message", ANSWER, "matches", (), 2)),
        requests=(f"1. POST {LOGIN_PATH} {SCRIPT}", f"2. POST {LOGIN_PATH} {LINK}"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile-tenant")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "explorer" / "docs" / "overrides",
                    project / "explorer" / "docs" / "overrides")
    folder = project / "tenant"
    (folder / "recordings").mkdir(parents=True)
    (folder / "probe.html").write_text(_report().to_html(), encoding="utf-8")
    (folder / "recordings" / "evil.json").write_text(json.dumps(_recording()), encoding="utf-8")
    build_site([], project / "site", root=project, stage_dir=project / "src")
    return project


class _Markup(HTMLParser):
    """What in a page could run: scripts, event-handler attributes, ``javascript:`` URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.csp: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found)
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(found.get("content") or "")
        self.handlers += [f"{tag} {k}" for k, _ in attrs if k.startswith("on")]
        self.js_urls += [f"{tag} {k}={v}" for k, v in attrs
                         if (v or "").strip().lower().startswith("javascript:")]


def _tenant_pages(project: Path) -> list[Path]:
    pages = sorted((project / "site" / "tenant").rglob("index.html"))
    assert len(pages) == 2, pages
    return pages


def test_every_tenant_byte_is_text_in_the_published_pages(project: Path) -> None:
    for page in _tenant_pages(project):
        text = page.read_text(encoding="utf-8")
        markup = _Markup()
        markup.feed(text)
        assert markup.handlers == [] and markup.js_urls == [], page
        for script in markup.scripts:  # the site's own files, and inert JSON data
            assert (script.get("src") or "").startswith("../") or \
                script.get("type") == "application/json", (page, script)
        assert markup.csp == [csp.PAGE], page
        shown = html.unescape(text)
        assert SCRIPT in shown and LINK in shown, page
    home = _Markup()
    home.feed((project / "site" / "index.html").read_text(encoding="utf-8"))
    assert home.csp == [csp.PAGE]
    assert all(s.get("src") or s.get("type") == "application/json" for s in home.scripts)


def test_the_offline_probe_report_shows_the_hostile_bytes_as_text(project: Path) -> None:
    from browser import Watched, launch

    with launch() as browser:
        w = Watched(browser)
        dialogs: list[str] = []
        w.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            w.page.goto((project / "tenant" / "probe.html").as_uri())
            shown = w.page.locator("body").inner_text()
            assert LINK in shown and SCRIPT in shown and "```" in shown
            assert w.page.locator("a, img, script:not([type='application/json'])").count() == 0
            assert w.page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
            assert dialogs == []
        finally:
            w.close()


def test_the_policy_the_pages_carry_is_the_one_the_docs_describe() -> None:
    for name in ("sandbox-choices.md", "sandbox-choices.zh.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert f"`{csp.PAGE}`" in text and "sandbox allow-scripts allow-popups" in text, name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(project: Path) -> Iterator[str]:
    """``weibo-explorer docs serve`` on the built site, with its sandbox, in its own process (the
    console script: ``python -m explorer`` in the project would import its ``explorer/`` folder)."""
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("weibo-explorer")), "docs", "serve", "--site", "site",
         "--port", str(port)], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/sandbox/clock").status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def _login(base: str) -> str:
    fixtures = httpx.get(base + "/sandbox/fixtures").json()
    request = next(f for f in fixtures if f["name"] == "success")["request"]
    answer = httpx.post(base + LOGIN_PATH, headers=request["headers"], json=request["body"])
    return str(answer.json().get("status") or answer.json().get("error_code"))


def test_docs_serve_sends_the_policy_and_sandboxes_tenant_pages(served: str) -> None:
    assert httpx.get(served + "/").headers["content-security-policy"] == csp.HEADER
    for path in ("/tenant/", "/tenant/evil/", "//tenant/evil/", "/status/../tenant/",
                 "/zh/tenant/evil/"):
        answer = httpx.get(served + path)
        assert answer.headers["content-security-policy"] == csp.TENANT, path
    assert "sandbox allow-scripts" in csp.TENANT and "allow-same-origin" not in csp.TENANT


def test_a_hostile_tenant_page_shows_its_bytes_and_reaches_no_admin_api(served: str) -> None:
    from browser import Watched, launch

    shots = ROOT / "artifacts" / "screenshots" / "tenant"
    shots.mkdir(parents=True, exist_ok=True)
    assert _login(served) == "SUCCESS"
    users = httpx.get(served + "/sandbox/users").json()
    with launch() as browser:
        w = Watched(browser)
        dialogs: list[str] = []
        w.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            for path, name in (("/tenant/", "hostile-probe"), ("/tenant/evil/", "hostile-rec")):
                w.page.goto(served + path, wait_until="networkidle")
                shown = w.page.locator("article").inner_text()
                assert LINK in shown and "<script>fetch('/sandbox/faults'" in shown, path
                assert w.page.locator("a[href^='javascript:' i]").count() == 0, path
                assert w.page.locator("article script:not([type='application/json'])").count() == 0
                assert w.errors == [], w.errors
                # whatever would run on it: the admin API refuses a tenant page (Origin: null)
                sent = w.page.evaluate(
                    "() => fetch('/sandbox/faults', {method: 'POST', headers: "
                    "{'content-type': 'application/json'}, body: '{\"busy\": 5}'})"
                    ".then(r => 'answered ' + r.status, e => 'refused ' + e)")
                assert sent.startswith("refused"), sent
                w.errors.clear()  # the browser's own report of that refusal
                assert w.page.evaluate("() => window.origin") == "null"
                w.page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            assert dialogs == []
        finally:
            w.close()
    assert _login(served) == "SUCCESS"  # no fault was armed: the next login still succeeds
    assert httpx.get(served + "/sandbox/users").json() == users


def test_the_theme_works_under_the_policy(served: str) -> None:
    """mkdocs-material under the CSP, with no violation in the console: its search (a worker and
    an index from the site's origin), its palette toggle, and on a sandboxed tenant page Try-it's
    replay, which says why it sent nothing."""
    from browser import Watched, launch

    with launch() as browser:
        w = Watched(browser)
        try:
            w.page.goto(served + "/", wait_until="networkidle")
            scheme = w.page.locator("body").get_attribute("data-md-color-scheme")
            w.page.locator("label.md-header__button[for^='__palette']:visible").first.click()
            assert w.page.locator("body").get_attribute("data-md-color-scheme") != scheme
            box = w.page.locator("input.md-search__input")
            box.click()
            box.type("sandbox", delay=20)
            w.page.locator(".md-search-result__item").first.wait_for(timeout=20000)
            w.page.goto(served + "/tenant/evil/", wait_until="networkidle")
            w.page.locator(".wx-tryit-send").first.click()
            w.page.wait_for_selector(".wx-tryit[data-mode='replay']")
            note = w.page.locator(".wx-tryit-note").first.inner_text()
            assert "kept apart from the sandbox" in note
            assert w.page.locator(".md-search").count() == 0  # needs the site's origin
            assert w.errors == [], w.errors
        finally:
            w.close()
