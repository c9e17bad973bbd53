"""A probe report and a redacted recording in ``tenant/`` become "Your tenant" pages of the site:
marked as recorded from the tenant on their date, built with the tenant gone (nothing runs at
build time), holding no secret."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from standins import foreign_tenant

from explorer.client import IdaasClient, Success
from explorer.client.recording import Recorder
from explorer.docs.site import build_site
from explorer.docs.tenant_pages import gate_paths
from explorer.probe import run_probe
from explorer.publish_gate import scan_paths
from explorer.sandbox.seed import CLIENT_ID

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("tenant-project")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    overrides = ROOT / "explorer" / "docs" / "overrides"  # mkdocs.yml's theme.custom_dir
    shutil.copytree(overrides, project / "explorer" / "docs" / "overrides")
    folder = project / "tenant"
    with foreign_tenant() as tenant:
        token, uid = tenant.new_account()
        report = run_probe(tenant.base_url, CLIENT_ID, "zh", transport=tenant.transport)
        folder.mkdir()
        (folder / "probe.html").write_text(report.to_html(), encoding="utf-8")
        recorder = Recorder(folder / "recordings" / "my-login.json", title="My login")
        with pytest.warns(UserWarning), IdaasClient(
                tenant.base_url, CLIENT_ID, retries=0, transport=tenant.transport,
                record=recorder) as idaas:
            login = idaas.login_weibo(token, uid)
            assert isinstance(login, Success)
            idaas.refresh_id_token(login.session_token)
    secrets = (token, uid, login.session_token, login.id_token.rsplit(".", 1)[1])
    # the tenant is gone: the build can only show what the files hold
    build_site([], project / "site", root=project, stage_dir=project / "src")
    return project, report, recorder, secrets


def test_the_probe_page_shows_the_table_marked_with_tenant_and_date(built):
    project, report, _, _ = built
    page = html.unescape((project / "site" / "tenant" / "index.html").read_text(encoding="utf-8"))
    assert f"Recorded from your tenant tenant.test on {report.probed_at}" in page
    assert page.count("wx-probe-matches") == 9
    assert "not testable without credentials" in page


def test_one_page_per_recording_replayed_with_cards_and_try_it(built):
    project, _, recorder, _ = built
    page = html.unescape((project / "site" / "tenant" / "my-login" / "index.html")
                         .read_text(encoding="utf-8"))
    assert "My login" in page
    assert f"Recorded from your tenant tenant.test on {recorder.document['recorded_at']}" in page
    assert "wx-tryit" in page and "redacted-session_token-1" in page
    assert re.search(r"/api/v2/sdk/sso/session-token/id-token", page)
    nav = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Your tenant" in nav


def test_the_tenant_pages_hold_no_secret_and_pass_the_gate(built):
    project, _, _, secrets = built
    for path in (project / "site" / "tenant").rglob("*.html"):
        text = html.unescape(path.read_text(encoding="utf-8"))  # as a reader sees it
        assert not [s for s in secrets if s in text], path
    assert scan_paths(gate_paths(project)) == []


def test_a_person_sees_the_pages_and_the_report_in_a_browser(built):
    """Headless chromium: the tenant pages and the offline probe report render, request nothing
    from another origin, and Try-it replays the recorded answer (no sandbox behind the site)."""
    from browser import Watched, launch

    from explorer.docs.serve import ServedSite

    project, _, _, _ = built
    shots = ROOT / "artifacts" / "screenshots" / "tenant"
    shots.mkdir(parents=True, exist_ok=True)
    with ServedSite(project / "site", sandbox=None) as served, launch() as browser:
        w = Watched(browser)
        try:
            w.page.goto(served.base_url + "/tenant/", wait_until="networkidle")
            assert "Recorded from your tenant" in w.page.locator(".admonition").first.inner_text()
            assert w.page.locator("table").first.is_visible()
            w.page.screenshot(path=str(shots / "probe-page.png"), full_page=True)
            w.page.goto(served.base_url + "/tenant/my-login/", wait_until="networkidle")
            w.page.locator(".wx-tryit-send").first.click()
            w.page.wait_for_selector(".wx-tryit[data-mode]")
            panel = w.page.locator(".wx-tryit").first
            assert panel.get_attribute("data-mode") == "replay"
            assert "SUCCESS" in panel.locator(".wx-badge").inner_text()
            w.page.screenshot(path=str(shots / "recording-page.png"), full_page=True)
            assert all("404" in e for e in w.errors), w.errors  # the absent sandbox only
            assert w.origins == {served.base_url}
            report = Watched(browser)
            report.page.goto((project / "tenant" / "probe.html").as_uri())
            assert report.page.locator("td.matches").count() == 9
            assert report.origins == {"file://"} and report.errors == []
            report.page.screenshot(path=str(shots / "probe-report.png"), full_page=True)
            report.close()
        finally:
            w.close()


def test_the_chinese_edition_speaks_chinese_around_the_tenant_data(built):
    """The /zh/ edition's tenant pages: the section, the banner, the table's headings and
    verdicts in Chinese; the tenant's own bytes as they were."""
    project, report, recorder, _ = built
    build_site([], project / "site-zh", root=project, stage_dir=project / "src-zh", language="zh")
    probe = html.unescape(
        (project / "site-zh" / "tenant" / "index.html").read_text(encoding="utf-8"))
    assert f"录制自你的租户 tenant.test，时间 {report.probed_at}" in probe
    assert "| 检查项 |" not in probe and "<th>检查项</th>" in probe and "没有凭据无法测试" in probe
    assert "发送的请求" in probe and "你的租户" in probe and "Recorded from" not in probe
    page = html.unescape((project / "site-zh" / "tenant" / "my-login" / "index.html")
                         .read_text(encoding="utf-8"))
    assert f"录制自你的租户 tenant.test，时间 {recorder.document['recorded_at']}" in page
    assert "这些应答来自真实的租户" in page and "My login" in page
