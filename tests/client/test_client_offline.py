"""The client against httpx.MockTransport: request building, parsing, retries, token checks.

The transport here is a tiny fake tenant answering from what each test sets; the real sandbox is
driven in test_client_sandbox.py. Keys and tokens are real (RSA via cryptography, pyjwt)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from explorer.client import (
    AccessDenied,
    AsyncIdaasClient,
    CallFailed,
    DeviceInfo,
    IdaasClient,
    IdaasError,
    MfaAuth,
    SocialBind,
    Success,
    UserRegister,
    to_curl,
    to_httpx,
)
from explorer.contract import JWKS_PATH, LOGIN_PATH, WEIBO_LOGIN

BASE = "http://tenant.test"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)

# These tests talk to a stand-in named tenant.test on purpose: its warning is tested elsewhere.
pytestmark = pytest.mark.filterwarnings("ignore::explorer.client.ForeignTargetWarning")


def jwks() -> dict:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    return {"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}


def id_token(key=KEY, **claims) -> str:
    t = int(NOW.timestamp())
    base = {"iss": BASE, "aud": "cid", "sub": "u1", "iat": t, "nbf": t - 120, "exp": t + 7200,
            "jti": "j", "api": json.dumps({"userName": "loux"})}
    return jwt.encode({**base, **claims}, key, algorithm="RS256", headers={"kid": "k1"})


class Tenant:
    """Answers login calls from a queue of (status, body); serves the JWKS; records requests."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == JWKS_PATH:
            return httpx.Response(200, json=jwks())
        status, body = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(body, str):
            return httpx.Response(status, content=body.encode(),
                                  headers={"content-type": "application/json"})
        return httpx.Response(status, json=body)

    def logins(self):
        return [r for r in self.requests if r.url.path == LOGIN_PATH]


def client(tenant, **options) -> IdaasClient:
    options.setdefault("backoff", 0)
    return IdaasClient(BASE, "cid", transport=httpx.MockTransport(tenant), clock=lambda: NOW,
                       **options)


def success(token: str) -> tuple[int, dict]:
    return 200, {"session_token": "s" * 32, "expire": 604800, "status": "SUCCESS",
                 "id_token": token}


BUSY = (500, {"error_code": "IDAAS.SDK.COM.0002",
              "error_msg": "System busy, please try again later"})


def test_request_carries_the_contract_headers_in_order_and_a_compact_json_body():
    tenant = Tenant(success(id_token()))
    client(tenant, language="zh").login_weibo("tok", "123")
    request = tenant.logins()[0]
    sent = [k.decode() for k, _ in request.headers.raw if k.decode().lower() not in
            ("host", "content-length")]
    assert sent == [h.name for h in WEIBO_LOGIN.headers]
    assert request.headers["X-agent"] == WEIBO_LOGIN.header("X-agent").example
    assert request.content == b'{"access_token":"tok","uid":"123"}'


def test_headers_can_be_dropped_blanked_or_added_and_the_body_replaced():
    tenant = Tenant((400, {"error_code": "IDAAS.SDK.PARAM.0001", "error_msg": "x"}))
    c = client(tenant, device=DeviceInfo(device_ip=None))
    result = c.login_weibo(None, "1", headers={"x-AGENT": None, "X-client-id": "", "X-New": "v"})
    request = tenant.logins()[0]
    assert "x-agent" not in request.headers and "x-device-ip" not in request.headers
    assert request.headers["x-client-id"] == "" and request.headers["x-new"] == "v"
    assert request.content == b'{"uid":"1"}'
    assert isinstance(result, IdaasError) and result.http_status == 400
    c.login_weibo("a", "b", raw_body=b"{")
    assert tenant.logins()[1].content == b"{"


@pytest.mark.parametrize("body, kind, attrs", [
    ({"status": "USER_REGISTER", "state_token": "t",
      "data": "{\"socialBindOrRegisterFlow\":[\"VERIFY_PHONE\",\"VERIFY_EMAIL\"]}"},
     UserRegister, {"flows": ("VERIFY_PHONE", "VERIFY_EMAIL")}),
    ({"status": " SOCIAL_BIND", "state_token": "t",
      "data": {"socialBindOrRegisterFlow": ["VERIFY_EMAIL"]}},
     SocialBind, {"status": "SOCIAL_BIND", "flows": ("VERIFY_EMAIL",)}),
    ({"status": "MFA_AUTH", "state_token": "t", "data": "[\"SMS\"]"}, MfaAuth,
     {"factors": ("SMS",)}),
    ({"status": "MFA_AUTH", "state_token": "t", "data": ["SMS", "EMAIL"]}, MfaAuth,
     {"factors": ("SMS", "EMAIL")}),
    ({"status": "ACCESS_DENIED", "data": "Access Denied"}, AccessDenied,
     {"message": "Access Denied"}),
])
def test_each_status_parses_its_data_whatever_its_shape(body, kind, attrs):
    result = client(Tenant((200, body))).login_weibo("a", "b")
    assert type(result) is kind
    for name, value in attrs.items():
        assert getattr(result, name) == value


def test_the_seeds_trailing_comma_is_tolerated_and_garbage_is_a_failed_call():
    token = id_token()
    body = f'{{"session_token": "s", "expire": 1, "status": "SUCCESS", "id_token": "{token}",}}'
    assert isinstance(client(Tenant((200, body))).login_weibo("a", "b"), Success)
    for answer in [(502, "<html>bad gateway</html>"), (200, {"status": "LATER"}), (200, [1])]:
        with pytest.raises(CallFailed) as caught:
            client(Tenant(answer)).login_weibo("a", "b")
        assert caught.value.exchange.status_code == answer[0]


def test_a_refused_connection_raises_call_failed():
    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(CallFailed, match="ConnectError"):
        client(refuse).login_weibo("a", "b")


def test_busy_is_retried_with_backoff_and_retries_zero_turns_it_off(monkeypatch):
    slept = []
    monkeypatch.setattr("time.sleep", slept.append)
    tenant = Tenant(BUSY, BUSY, success(id_token()))
    c = client(tenant, retries=2, backoff=0.5)
    assert isinstance(c.login_weibo("a", "b"), Success)
    assert len(tenant.logins()) == 3 and slept == [0.5, 1.0]
    assert [e.status_code for e in c.history][:3] == [500, 500, 200]

    tenant = Tenant(BUSY, BUSY, success(id_token()))
    result = client(tenant, retries=1).login_weibo("a", "b")
    assert isinstance(result, IdaasError) and result.error_code == "IDAAS.SDK.COM.0002"
    assert len(tenant.logins()) == 2

    tenant = Tenant(BUSY, success(id_token()))
    assert isinstance(client(tenant, retries=0).login_weibo("a", "b"), IdaasError)
    assert len(tenant.logins()) == 1


def test_other_errors_are_not_retried():
    tenant = Tenant((400, {"error_code": "IDAAS.SDK.USER.0039", "error_msg": "User is disabled"}))
    result = client(tenant, retries=3).login_weibo("a", "b")
    assert result.error_code == "IDAAS.SDK.USER.0039" and result.spec.http_status == 400
    assert len(tenant.logins()) == 1


@pytest.mark.parametrize("token, reason", [
    (id_token(), None),
    (id_token(key=OTHER_KEY), "signature"),
    (id_token()[:-4] + ("AAAA" if not id_token().endswith("AAAA") else "BBBB"), "signature"),
    (id_token(iss="http://elsewhere"), "issuer"),
    (id_token(aud="another-app"), "audience"),
    (id_token(exp=int(NOW.timestamp()) - 31), "expired"),
    (id_token(exp=int(NOW.timestamp()) - 29), None),  # within the 30 s leeway
    (id_token(nbf=int(NOW.timestamp()) + 3600), "not yet valid"),
    (jwt.encode({"iss": BASE}, "s" * 32, algorithm="HS256"), "signature"),
], ids=["valid", "other-key", "tampered", "issuer", "audience", "expired", "within-leeway",
        "not-yet-valid", "hs256"])  # stable ids: the tokens differ per process (xdist workers)
def test_id_token_is_verified_against_the_jwks(token, reason):
    result = client(Tenant(success(token))).login_weibo("a", "b")
    check = result.id_token_check
    assert (check.verdict, check.reason) == ("VERIFIED" if reason is None else "INVALID", reason)


def test_jwks_is_fetched_once_per_client_and_tokens_can_be_rechecked_later():
    tenant = Tenant(success(id_token()))
    c = client(tenant)
    c.login_weibo("a", "b")
    c.login_weibo("a", "b")
    assert [r.url.path for r in tenant.requests].count(JWKS_PATH) == 1
    later = c.check_id_token(id_token(), now=NOW + timedelta(hours=3))
    assert (later.verdict, later.reason) == ("INVALID", "expired")
    assert [r.url.path for r in tenant.requests].count(JWKS_PATH) == 1


def test_without_a_jwks_the_id_token_is_unverifiable_not_invalid():
    def tenant(request):
        if request.url.path == JWKS_PATH:
            return httpx.Response(404, json={"error_code": "X", "error_msg": "no"})
        return httpx.Response(200, json=success(id_token())[1])

    check = client(tenant).login_weibo("a", "b").id_token_check
    assert check.verdict == "UNVERIFIABLE" and "404" in check.reason
    unchecked = client(tenant, verify_id_token=False).login_weibo("a", "b")
    assert unchecked.id_token_check.verdict == "UNCHECKED" and unchecked.ok  # explicit opt-out


def test_state_token_is_decoded_but_unverifiable_by_design():
    state = jwt.encode({"sub": json.dumps({"userId": "u1", "status": "MFA_AUTH"}), "exp": 1},
                       "server-only-secret-" * 2, algorithm="HS256")
    result = client(Tenant((200, {"status": "MFA_AUTH", "state_token": state,
                                  "data": "[\"SMS\"]"}))).login_weibo("a", "b")
    check = result.state_token_check
    assert check.verdict == "UNVERIFIABLE" and check.subject == {"userId": "u1",
                                                                 "status": "MFA_AUTH"}


def test_async_client_behaves_like_the_sync_one():
    async def run():
        tenant = Tenant(BUSY, success(id_token()))
        async with AsyncIdaasClient(BASE, "cid", transport=httpx.MockTransport(tenant),
                                    clock=lambda: NOW, backoff=0) as c:
            result = await c.login_weibo("a", "b", headers={"X-L": "zh"})
            return result, tenant

    result, tenant = asyncio.run(run())
    assert isinstance(result, Success) and result.id_token_check.verdict == "VERIFIED"
    assert len(tenant.logins()) == 2 and tenant.logins()[0].headers["x-l"] == "zh"


def test_curl_and_httpx_code_name_the_same_request():
    c = client(Tenant(success(id_token())))
    request = c.build_request("a'b", "1", headers={"X-agent": "", "content-type": None})
    curl = to_curl(request)
    assert "-H 'X-agent;'" in curl and "-H 'Content-Type:'" in curl
    assert """--data-raw '{"access_token":"a'"'"'b","uid":"1"}'""" in curl
    code = to_httpx(c.build_request("a", "1"))
    assert "json={'access_token': 'a', 'uid': '1'}" in code
    compile(code, "<snippet>", "exec")
    assert "content=" in to_httpx(c.build_request("a", "1", raw_body="{"))
