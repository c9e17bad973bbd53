"""POST /api/v2/sdk/login/weibo on a real sandbox over HTTP: every status and every seed error,
through the docs fixtures and through scenarios arranged with the admin API, in both languages."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from explorer.contract import LOGIN_PATH, SEED_ERRORS, STATUSES
from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.seed import FIXTURES

from .helpers import (
    LANGUAGES,
    assert_error,
    assert_outcome,
    device_headers,
    empty_tenant,
    login,
    ok,
    replay,
    user_with_weibo,
)


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with EmbeddedSandbox(seed=11, clock="2024-05-01T08:00:00Z") as server:
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            yield http


# ----------------------------------------------------------------------------- docs fixtures
def test_fixtures_cover_every_status_and_seed_error(client):
    outcomes = {f["outcome"] for f in ok(client.get("/sandbox/fixtures"))}
    assert set(STATUSES) | set(SEED_ERRORS) | {"SANDBOX.WEIBO.0001"} <= outcomes


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", [f["name"] for f in FIXTURES])
def test_each_docs_fixture_gives_its_outcome(client, name, language):
    fixture = next(f for f in ok(client.get("/sandbox/fixtures")) if f["name"] == name)
    ok(client.post("/sandbox/reset", json={"fixtures": "docs"}))
    assert_outcome(replay(client, fixture, language), fixture["outcome"], language)


@pytest.mark.parametrize("order", ["listed", "reversed"])
def test_fixtures_replayed_back_to_back_in_any_order_still_give_their_outcomes(client, order):
    fixtures = ok(client.get("/sandbox/fixtures"))
    ok(client.post("/sandbox/reset", json={"fixtures": "docs"}))
    for fixture in fixtures if order == "listed" else fixtures[::-1]:
        assert_outcome(replay(client, fixture, "en"), fixture["outcome"], "en")


def test_docs_fixtures_reproduce_the_seed_values(client):
    ok(client.post("/sandbox/reset", json={"fixtures": "docs"}))
    success = ok(replay(client, FIXTURES[0], "en"))
    api = json.loads(_claims(success["id_token"])["api"])
    assert api == {"name": "", "mobile": "+86-15907132852",
                   "id": "20220425140138519-BF1B-528B0551B", "userName": "louxi",
                   "email": "11@qq.com"}
    register = ok(replay(client, _named("user-register"), "en"))
    assert json.loads(_claims(register["state_token"])["sub"]) == {
        "socialUid": "o3DuE5SrIuhu9Hdqnpwtsv9kgdHQ", "status": "USER_REGISTER"}
    assert register["data"] == '{"socialBindOrRegisterFlow":["VERIFY_PHONE","VERIFY_EMAIL"]}'
    mfa = ok(replay(client, _named("mfa-auth"), "en"))
    assert json.loads(_claims(mfa["state_token"])["sub"]) == {
        "userId": "20220120094310434-847C-A1D9BF9B0", "status": "MFA_AUTH"}
    assert mfa["data"] == '["SMS"]'


# ------------------------------------------------------------------- scenarios via admin API
def _scenario(client: httpx.Client, outcome: str, language: str) -> httpx.Response:
    """Arrange ``outcome`` from an empty tenant with admin calls only, then log in."""
    empty_tenant(client)
    if outcome in ("SUCCESS", "MFA_AUTH", "ACCESS_DENIED", "IDAAS.SDK.USER.0039",
                   "IDAAS.SDK.COM.0002"):
        user_with_weibo(client, "tok", "1001", mfa=outcome == "MFA_AUTH",
                        disabled=outcome == "IDAAS.SDK.USER.0039")
    else:
        ok(client.post("/sandbox/weibo/tokens", json={"access_token": "tok", "uid": "1001"}))
    policy = {"USER_REGISTER": {"unbound_social": "register"},
              "SOCIAL_BIND": {"unbound_social": "bind"},
              "IDAAS.SDK.USER.0001": {"unbound_social": "reject"},
              "ACCESS_DENIED": {"deny_ips": ["10.0.0.0/8"]}}.get(outcome)
    if policy:
        ok(client.put("/sandbox/policy", json=policy))
    if outcome == "IDAAS.SDK.COM.0002":
        ok(client.post("/sandbox/faults", json={"busy": 1}))
    headers = {"X-L": language}
    if outcome == "ACCESS_DENIED":
        headers["X-device-ip"] = "10.1.2.3"
    body = {"access_token": "tok", "uid": "1001"}
    request_headers = device_headers(**headers)
    if outcome == "IDAAS.SDK.PARAM.0001":
        del request_headers["X-device-fingerprint"]
    elif outcome == "IDAAS.SDK.PARAM.0002":
        del request_headers["X-client-id"]
    elif outcome == "IDAAS.SDK.PARAM.0003":
        request_headers["X-client-id"] = "not-registered"
    elif outcome == "IDAAS.SDK.PARAM.0026":
        body["access_token"] = ""
    elif outcome == "IDAAS.SDK.PARAM.0027":
        del body["uid"]
    return client.post(LOGIN_PATH, headers=request_headers, json=body)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome", STATUSES + SEED_ERRORS)
def test_every_outcome_can_be_arranged_with_the_admin_api(client, outcome, language):
    response = _scenario(client, outcome, language)
    assert_outcome(response, outcome, language)
    if outcome == "ACCESS_DENIED":
        assert response.json()["data"] == ("拒绝访问" if language == "zh" else "Access Denied")


def test_app_allow_list_denies_other_users(client):
    empty_tenant(client)
    user = user_with_weibo(client, "tok", "1001")
    ok(client.post("/sandbox/apps", json={"client_id": "narrow", "allowed_user_ids": ["x"]}))
    ok(client.post("/sandbox/apps", json={"client_id": "wide", "allowed_user_ids": [user["id"]]}))
    assert login(client, client_id="narrow").json()["status"] == "ACCESS_DENIED"
    assert login(client, client_id="wide").json()["status"] == "SUCCESS"


def test_mfa_lists_the_policy_factors_and_success_uses_the_policy_lifetimes(client):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001", mfa=True)
    ok(client.put("/sandbox/policy", json={"mfa_methods": ["SMS", "EMAIL"],
                                           "session_expire": 3600, "id_token_ttl": 60}))
    assert login(client).json()["data"] == '["SMS","EMAIL"]'
    ok(client.put("/sandbox/policy", json={"mfa_methods": []}))
    success = login(client).json()
    assert success["expire"] == 3600 and len(success["session_token"]) == 32
    claims = _claims(success["id_token"])
    assert claims["exp"] - claims["iat"] == 60 and claims["iat"] - claims["nbf"] == 120


# -------------------------------------------------------------------------------- precedence
@pytest.mark.parametrize("drop, code", [
    (("X-agent", "X-client-id"), "IDAAS.SDK.PARAM.0001"),
    (("X-operating-sys-version",), "IDAAS.SDK.PARAM.0001"),
    (("X-client-id",), "IDAAS.SDK.PARAM.0002"),
])
def test_missing_headers_follow_the_seed_order(client, drop, code):
    empty_tenant(client)
    headers = {k: v for k, v in device_headers().items() if k not in drop}
    assert_error(client.post(LOGIN_PATH, headers=headers, json={}), code)


@pytest.mark.parametrize("header", ["X-device-fingerprint", "X-agent", "X-operating-sys-version"])
def test_blank_device_header_counts_as_missing(client, header):
    empty_tenant(client)
    assert_error(login(client, **{header: ""}), "IDAAS.SDK.PARAM.0001")


def test_blank_client_id_counts_as_missing_and_is_checked_before_the_body(client):
    empty_tenant(client)
    response = client.post(LOGIN_PATH, headers=device_headers(client_id=""), content=b"{")
    assert_error(response, "IDAAS.SDK.PARAM.0002")


@pytest.mark.parametrize("ip, code", [("999.1.1.1", "IDAAS.SDK.PARAM.0001"),
                                      ("not-an-ip", "IDAAS.SDK.PARAM.0001"),
                                      ("::1", None), ("", None)])
def test_malformed_device_ip_is_incomplete_device_information(client, ip, code):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001")
    response = login(client, **{"X-device-ip": ip})
    if code:
        assert_error(response, code)
    else:
        assert response.json()["status"] == "SUCCESS"


def test_unknown_client_beats_body_errors_and_missing_token_beats_missing_uid(client):
    empty_tenant(client)
    assert_error(client.post(LOGIN_PATH, headers=device_headers(client_id="nope"), content=b"x"),
                 "IDAAS.SDK.PARAM.0003")
    assert_error(login(client, access_token=" ", uid=""), "IDAAS.SDK.PARAM.0026")
    assert_error(login(client, access_token=None, uid=None), "IDAAS.SDK.PARAM.0026")


# ------------------------------------------------------------------------------- body errors
@pytest.mark.parametrize("content, content_type, code", [
    (b"{not json", "application/json", "SANDBOX.BODY.0001"),
    (b"\xff\xfe", "application/json", "SANDBOX.BODY.0001"),
    (b'["tok", "1001"]', "application/json", "SANDBOX.BODY.0002"),
    (b'"tok"', "application/json", "SANDBOX.BODY.0002"),
    (b'{"access_token": "tok", "uid": 1001}', "application/json", "SANDBOX.BODY.0003"),
    (b'{"access_token": ["tok"], "uid": "1"}', "application/json", "SANDBOX.BODY.0003"),
    (b'{"access_token": "tok", "uid": "1001"}', "text/plain", "SANDBOX.BODY.0005"),
    (b'{"access_token": "tok", "uid": "1001"}', None, "SANDBOX.BODY.0005"),
    (b'{"access_token": "' + b"a" * 70000 + b'"}', "application/json", "SANDBOX.BODY.0004"),
])
@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_bodies_answer_in_the_envelope(client, content, content_type, code, language):
    empty_tenant(client)
    headers = device_headers(**{"X-L": language})
    if content_type:
        headers["content-type"] = content_type
    assert_error(client.post(LOGIN_PATH, headers=headers, content=content), code, language)


def test_content_type_with_charset_is_json(client):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001")
    headers = device_headers(**{"content-type": "Application/JSON; charset=utf-8"})
    response = client.post(LOGIN_PATH, headers=headers,
                           content=b'{"access_token":"tok","uid":"1001"}')
    assert response.json()["status"] == "SUCCESS"


def test_oversized_body_without_content_length_is_refused_while_streaming(client):
    empty_tenant(client)

    def chunks():
        yield b'{"access_token": "'
        for _ in range(20):
            yield b"a" * 8192

    response = client.post(LOGIN_PATH, headers=device_headers(**{"content-type":
                                                                "application/json"}),
                           content=chunks())
    assert_error(response, "SANDBOX.BODY.0004")


# ------------------------------------------------------------------------- Weibo rejections
@pytest.mark.parametrize("language", LANGUAGES)
def test_weibo_rejections_have_their_own_code_and_reason(client, language):
    empty_tenant(client)
    ok(client.post("/sandbox/weibo/tokens", json={"access_token": "short", "uid": "1001",
                                                  "expires_in": 60}))
    ok(client.post("/sandbox/weibo/tokens", json={"access_token": "other", "uid": "1001",
                                                  "appkey": "someone-else"}))
    ok(client.post("/sandbox/weibo/tokens", json={"access_token": "tok", "uid": "2002"}))
    zh = language == "zh"
    cases = [("unknown", "1001", "未知的授权token" if zh else "unknown access token"),
             ("other", "1001", "该token属于其他微博应用" if zh else "another Weibo app"),
             ("tok", "1001", "该token属于其他uid" if zh else "another uid")]
    for token, uid, reason in cases:
        response = login(client, token, uid, **{"X-L": language})
        assert_error(response, "SANDBOX.WEIBO.0001", language)
        assert reason in response.json()["error_msg"]
    assert login(client, "short", "1001").json()["status"] == "USER_REGISTER"
    ok(client.post("/sandbox/clock", json={"advance": 61}))
    response = login(client, "short", "1001", **{"X-L": language})
    assert_error(response, "SANDBOX.WEIBO.0001", language)
    assert ("已过期" if zh else "expired") in response.json()["error_msg"]


def test_tenant_appkey_is_a_policy_field(client):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001")
    ok(client.put("/sandbox/policy", json={"weibo_appkey": "new-appkey"}))
    assert_error(login(client), "SANDBOX.WEIBO.0001")
    ok(client.post("/sandbox/weibo/tokens", json={"access_token": "tok2", "uid": "1001"}))
    assert login(client, "tok2").json()["status"] == "SUCCESS"


# ------------------------------------------------------------------------------- busy fault
def test_busy_fault_is_spent_only_by_calls_that_reach_it(client):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001")
    ok(client.post("/sandbox/faults", json={"busy": 2}))
    assert_error(login(client, client_id=""), "IDAAS.SDK.PARAM.0002")
    assert_error(login(client, uid=""), "IDAAS.SDK.PARAM.0027")
    assert_error(login(client), "IDAAS.SDK.COM.0002")
    assert_error(login(client, **{"X-L": "zh-CN"}), "IDAAS.SDK.COM.0002", "zh")
    assert login(client).json()["status"] == "SUCCESS"


def _named(name: str) -> dict:
    return next(f for f in FIXTURES if f["name"] == name)


def _claims(token: str) -> dict:
    import jwt
    return jwt.decode(token, options={"verify_signature": False})
