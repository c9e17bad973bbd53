"""The client against the real sandbox over HTTP on 127.0.0.1 (one server for the session)."""

from __future__ import annotations

import asyncio
import base64
import json
import shlex
import subprocess
import sys
from datetime import timedelta

import pytest

from explorer.client import (
    AccessDenied,
    AsyncIdaasClient,
    DeviceInfo,
    IdaasClient,
    IdaasError,
    MfaAuth,
    SocialBind,
    Success,
    UserRegister,
    replay,
    to_curl,
    to_httpx,
)
from explorer.contract import ERRORS, SEED_ERRORS, STATUSES

APP = "test-app"


def client(sandbox, client_id=APP, **options) -> IdaasClient:
    options.setdefault("backoff", 0)
    return IdaasClient(sandbox.base_url, client_id, **options)


@pytest.fixture
def tenant(admin):
    """An empty tenant with one app, one Weibo token and one bound user (id 'u1')."""
    admin.reset("none")
    admin("POST", "/sandbox/apps", {"client_id": APP, "name": "Test"})
    admin("POST", "/sandbox/weibo/tokens", {"access_token": "tok-1", "uid": "1001"})
    admin("POST", "/sandbox/users", {"id": "u1", "user_name": "ann", "email": "ann@example.com"})
    admin("POST", "/sandbox/users/u1/social", {"provider": "weibo", "uid": "1001"})
    admin("POST", "/sandbox/weibo/tokens", {"access_token": "tok-2", "uid": "2002"})
    return admin


@pytest.mark.parametrize("language", [None, "zh-CN"])
def test_every_docs_fixture_gives_its_outcome_through_the_client(sandbox, admin, language):
    fixtures = admin.fixtures()
    outcomes = {f["outcome"] for f in fixtures}
    assert set(STATUSES) | set(SEED_ERRORS) <= outcomes
    for fixture in fixtures:
        admin.reset("docs")
        for step in fixture["arrange"]:
            admin(step["method"], step["path"], step["json"])
        with client(sandbox, fixture["client_id"], language=language, retries=0) as idaas:
            result = replay(idaas, fixture["request"])
        assert result.status == fixture["outcome"], fixture["name"]
        if isinstance(result, IdaasError):
            spec = ERRORS[result.error_code]
            assert result.http_status == spec.http_status
            message = spec.message.zh if language else spec.message.en
            assert result.error_msg.startswith(message), (fixture["name"], result.error_msg)
        if isinstance(result, Success):
            assert result.id_token_check.verdict == "VERIFIED"


def test_all_five_statuses_arranged_with_the_admin_api(sandbox, tenant):
    with client(sandbox) as idaas:
        success = idaas.login_weibo("tok-1", "1001")
        assert isinstance(success, Success) and len(success.session_token) == 32
        assert success.id_token_check.verdict == "VERIFIED"
        assert success.id_token_check.claims["sub"] == "u1"
        assert success.id_token_check.api["email"] == "ann@example.com"

        tenant("PATCH", "/sandbox/users/u1", {"mfa": True})
        mfa = idaas.login_weibo("tok-1", "1001")
        assert isinstance(mfa, MfaAuth) and mfa.factors == ("SMS",)
        assert mfa.state_token_check.verdict == "UNVERIFIABLE"
        assert mfa.state_token_check.subject["status"] == "MFA_AUTH"

        tenant("PUT", "/sandbox/policy", {"deny_ips": ["10.0.0.0/8"]})
        denied = idaas.login_weibo("tok-1", "1001", headers={"X-device-ip": "10.1.2.3"})
        assert isinstance(denied, AccessDenied) and denied.message

        register = idaas.login_weibo("tok-2", "2002")
        assert isinstance(register, UserRegister)
        assert register.flows == ("VERIFY_PHONE", "VERIFY_EMAIL")
        tenant("PUT", "/sandbox/policy",
               {"unbound_social": "bind", "verify_methods": ["VERIFY_EMAIL"]})
        bind = idaas.login_weibo("tok-2", "2002")
        assert isinstance(bind, SocialBind) and bind.flows == ("VERIFY_EMAIL",)
        assert bind.state_token_check.subject["status"] == "SOCIAL_BIND"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_seed_error_arranged_with_the_admin_api(sandbox, tenant, language):
    cases = {
        "IDAAS.SDK.PARAM.0001": dict(headers={"X-device-fingerprint": ""}),
        "IDAAS.SDK.PARAM.0002": dict(headers={"X-client-id": None}),
        "IDAAS.SDK.PARAM.0003": dict(headers={"X-client-id": "nobody"}),
        "IDAAS.SDK.PARAM.0026": dict(access_token=""),
        "IDAAS.SDK.PARAM.0027": dict(uid=None),
    }
    with client(sandbox, language=language, retries=0) as idaas:
        def login(access_token="tok-1", uid="1001", **kw):
            return idaas.login_weibo(access_token, uid, **kw)

        for code, kw in cases.items():
            result = login(**kw)
            assert result.error_code == code
        tenant("PUT", "/sandbox/policy", {"unbound_social": "reject"})
        assert login("tok-2", "2002").error_code == "IDAAS.SDK.USER.0001"
        tenant("PATCH", "/sandbox/users/u1", {"disabled": True})
        assert login().error_code == "IDAAS.SDK.USER.0039"
        tenant("POST", "/sandbox/faults", {"busy": 1})
        busy = login()
        assert (busy.error_code, busy.http_status) == ("IDAAS.SDK.COM.0002", 500)
        assert busy.error_msg == ERRORS[busy.error_code].message(language)
        assert login("tok-1", "9999").error_code == "SANDBOX.WEIBO.0001"
        assert login(raw_body=b"{").error_code == "SANDBOX.BODY.0001"
        large = login(raw_body=b'{"uid":"' + b"x" * 70000 + b'"}')
        assert (large.error_code, large.http_status) == ("SANDBOX.BODY.0004", 413)


def test_parameter_errors_keep_the_seed_tables_precedence(sandbox, tenant):
    with client(sandbox) as idaas:
        everything_wrong = idaas.login_weibo(None, None, headers={"X-agent": None,
                                                                 "X-client-id": None})
        assert everything_wrong.error_code == "IDAAS.SDK.PARAM.0001"
        assert idaas.login_weibo(None, None, headers={"X-client-id": None}).error_code == \
            "IDAAS.SDK.PARAM.0002"
        assert idaas.login_weibo(None, None, headers={"X-client-id": "x"}).error_code == \
            "IDAAS.SDK.PARAM.0003"
        assert idaas.login_weibo(None, None).error_code == "IDAAS.SDK.PARAM.0026"


def test_busy_is_retried_until_it_clears_and_retries_zero_shows_it(sandbox, tenant):
    with client(sandbox, retries=2) as idaas:
        tenant("POST", "/sandbox/faults", {"busy": 2})
        assert isinstance(idaas.login_weibo("tok-1", "1001"), Success)
        assert [e.status_code for e in idaas.history][-4:-1] == [500, 500, 200]
        tenant("POST", "/sandbox/faults", {"busy": 4})  # 3 spent by 1 try + 2 retries
        assert idaas.login_weibo("tok-1", "1001").error_code == "IDAAS.SDK.COM.0002"
    with client(sandbox, retries=0) as idaas:
        assert idaas.login_weibo("tok-1", "1001").error_code == "IDAAS.SDK.COM.0002"
        assert isinstance(idaas.login_weibo("tok-1", "1001"), Success)


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return ".".join((header, forged, signature))


def test_id_token_verdicts_against_the_sandbox_jwks(sandbox, tenant):
    tenant("POST", "/sandbox/apps", {"client_id": "other-app"})
    with client(sandbox) as idaas:
        token = idaas.login_weibo("tok-1", "1001").id_token

        def verdict(t, **kw):
            checked = idaas.check_id_token(t, **kw)
            return checked.verdict, checked.reason

        assert verdict(token) == ("VERIFIED", None)
        assert verdict(_tamper(token)) == ("INVALID", "signature")
        with client(sandbox, "other-app") as other_app:
            other = other_app.login_weibo("tok-1", "1001").id_token
        assert verdict(other) == ("INVALID", "audience")
        ttl = tenant("GET", "/sandbox/policy")["id_token_ttl"]
        tenant("POST", "/sandbox/clock", {"advance": ttl + 60})
        assert verdict(token, now=tenant.now()) == ("INVALID", "expired")
        fresh = idaas.login_weibo("tok-1", "1001").id_token  # issued in the sandbox's future
        assert verdict(fresh) == ("INVALID", "not yet valid")
        assert verdict(fresh, now=tenant.now()) == ("VERIFIED", None)
    then = tenant.now() - timedelta(hours=1)
    same_machine = sandbox.base_url.replace("127.0.0.1", "localhost")
    with IdaasClient(same_machine, APP) as idaas:  # loopback names are one host
        assert idaas.check_id_token(token, now=then).verdict == "VERIFIED"
    with IdaasClient(sandbox.base_url, APP, issuer="https://login.example.com") as idaas:
        check = idaas.check_id_token(token, now=then)
        assert (check.verdict, check.reason) == ("INVALID", "issuer")
        assert "'https://login.example.com'" in check.detail and sandbox.base_url in check.detail


def test_generated_curl_and_httpx_code_reproduce_the_answer(sandbox, tenant):
    with client(sandbox, retries=0) as idaas:
        error = idaas.login_weibo("tok-1", "1001", headers={"X-agent": None, "X-L": "zh"})
        success = idaas.login_weibo("tok-1", "1001")
    curl = subprocess.run(["sh", "-c", to_curl(error) + " --silent --show-error"],
                          capture_output=True, text=True, timeout=30)
    assert curl.stdout == error.exchange.response_body
    assert json.loads(subprocess.run(["sh", "-c", to_curl(success) + " -s"], capture_output=True,
                                     text=True, timeout=30).stdout)["status"] == "SUCCESS"
    assert shlex.split(to_curl(success).replace("\\\n", ""))[:3] == ["curl", "-X", "POST"]
    code = subprocess.run([sys.executable, "-c", to_httpx(error)], capture_output=True,
                          text=True, timeout=60)
    assert code.stdout.strip() == f"400 {error.exchange.response_body}"


def test_async_client_against_the_sandbox(sandbox, tenant):
    async def run():
        async with AsyncIdaasClient(sandbox.base_url, APP, DeviceInfo(device_ip=None),
                                    "zh", backoff=0) as idaas:
            tenant("POST", "/sandbox/faults", {"busy": 1})
            return await asyncio.gather(idaas.login_weibo("tok-1", "1001"),
                                        idaas.login_weibo("tok-2", "2002"))

    success, register = asyncio.run(run())
    assert isinstance(success, Success) and success.id_token_check.verdict == "VERIFIED"
    assert isinstance(register, UserRegister)
