"""The probe over real HTTP against two stand-ins: the sandbox as a foreign tenant (everything
credential-free matches) and a drifting server (each drift reported precisely)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from standins import drifting_tenant, foreign_tenant

from explorer.probe import load_report, plan, run_probe
from explorer.sandbox.seed import ACCOUNTS, CLIENT_ID

CREDENTIAL_FREE = 9


@pytest.fixture(scope="module")
def foreign():
    with foreign_tenant() as tenant:
        yield tenant


@pytest.fixture(scope="module")
def drift():
    with drifting_tenant() as base_url:
        yield base_url


def _by_request(report):
    return {c.request: c for c in report.checks if c.request is not None}


def test_plan_is_small_fixed_and_built_from_the_contract():
    requests = plan("any-app")
    assert len(requests) == CREDENTIAL_FREE
    assert [p.expect for p in requests if p.kind == "error"] == [
        "IDAAS.SDK.PARAM.0001", "IDAAS.SDK.PARAM.0002", "IDAAS.SDK.PARAM.0003",
        "IDAAS.SDK.PARAM.0026", "IDAAS.SDK.PARAM.0027"]
    assert {p.method for p in requests} == {"GET", "POST", "PUT"}
    assert all(p.body is None or "probe" in p.body.get("access_token", "probe") for p in requests)
    assert len(plan("any-app", access_token="t", uid="u")) == CREDENTIAL_FREE + 1


@pytest.mark.parametrize("lang", [None, "zh"])
def test_foreign_sandbox_matches_everything_credential_free(foreign, lang):
    announced = []
    report = run_probe(foreign.base_url, CLIENT_ID, lang, transport=foreign.transport,
                       announce=announced.append)
    assert announced[0].startswith(f"探测将向 {foreign.base_url} 发送 {CREDENTIAL_FREE} 个请求"
                                   if lang else f"The probe sends {CREDENTIAL_FREE} requests")
    assert len(announced) == CREDENTIAL_FREE + 2  # the plan, then the limits
    assert announced[-1].startswith("上限：" if lang else "Limits: each answer at most 1 MiB")
    tested = [c for c in report.checks if c.verdict != "untestable"]
    assert len(tested) == CREDENTIAL_FREE
    assert all(c.verdict == "matches" for c in tested), report.differs
    assert report.ok
    untestable = {c.subject for c in report.checks if c.verdict == "untestable"}
    assert ({"状态 SUCCESS", "状态 MFA_AUTH", "id_token 签名"} if lang else
            {"status SUCCESS", "status MFA_AUTH", "id_token signature"}) <= untestable
    assert all(urls.startswith("http://tenant.test/")
               for urls in (e["url"] for e in report.exchanges))


def test_foreign_sandbox_with_a_real_login_verifies_the_id_token(foreign):
    token, uid, _, _ = ACCOUNTS["seed"]
    report = run_probe(foreign.base_url, CLIENT_ID, access_token=token, uid=uid,
                       transport=foreign.transport)
    rows = {c.subject: c for c in report.checks}
    assert rows["outcome"].observed == "SUCCESS"
    assert rows["id_token signature"].verdict == "matches"
    assert rows["id_token signature"].observed == "VERIFIED"
    assert "status SUCCESS" not in rows  # tested now
    saved = report.to_html()
    assert token not in saved and uid not in saved  # the opt-in credentials are redacted


def test_drifting_server_each_drift_reported_precisely(drift):
    report = run_probe(drift, "drift-app", access_token="a" * 32, uid="1234567890")
    rows = _by_request(report)
    assert not report.ok
    jwks = rows[1]
    assert jwks.verdict == "differs"
    assert "keys[0].kid missing: an id_token's kid cannot pick it" in jwks.how
    assert rows[2].verdict == "matches"  # PARAM.0001 answered as documented
    no_client = rows[3]
    assert no_client.verdict == "differs"
    assert "HTTP 200, the contract says 400" in no_client.how
    assert rows[5].verdict == "differs"
    assert "error_msg missing from the envelope" in rows[5].how
    language = rows[7]
    assert "English answer 'clientId cannot be empty' where X-L: zh was asked" in language.how
    assert "HTTP 200 for GET, expected 405" in rows[8].how
    login = [c for c in report.checks if c.subject == "your real login"][0]
    assert "status 'SUCCESS ' has stray spaces" in login.how
    assert "expire missing from a SUCCESS answer" in login.how


def test_cli_dry_run_sends_nothing_and_lists_the_requests():
    done = subprocess.run([sys.executable, "-m", "explorer", "probe", "--base-url",
                           "http://tenant.invalid", "--client-id", "x", "--dry-run"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"would send {CREDENTIAL_FREE} requests" in done.stdout
    assert done.stdout.count("/api/v2/sdk/login/weibo") == CREDENTIAL_FREE - 1


def test_cli_probe_writes_an_offline_report(foreign, tmp_path):
    out = tmp_path / "probe.html"
    address = foreign.admin_url.split("//", 1)[1]
    done = subprocess.run([sys.executable, "-m", "explorer", "probe", "--base-url",
                           foreign.base_url, "--client-id", CLIENT_ID, "--lang", "zh",
                           "--resolve", f"tenant.test:{address}", "--report", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "它们都不会改变租户的数据" in done.stderr  # --lang zh: the probe speaks Chinese
    page = out.read_text()
    assert "<link" not in page and "src=" not in page  # offline: nothing to fetch
    again = load_report(out)
    assert again.counts()["matches"] == CREDENTIAL_FREE and again.language == "zh"


def test_cli_probe_exits_1_on_drift(drift):
    done = subprocess.run([sys.executable, "-m", "explorer", "probe", "--base-url", drift,
                           "--client-id", "drift-app"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert "differs" in done.stdout
