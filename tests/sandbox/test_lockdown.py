"""Issue 8, "Why": each way the sandbox gave way, tried again through real HTTP against a real
``weibo-explorer sandbox`` process — and refused in the envelope now."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from explorer.contract import JWKS_PATH, LOGIN_PATH, MOBILE_BY_TOKEN, SOCIAL_REGISTER_BIND
from explorer.openapi import build as openapi

from .helpers import CLIENT_ID, device_headers, empty_tenant, login, ok, user_with_weibo
from .process import SandboxProcess

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxProcess]:
    with SandboxProcess("--request-timeout", "2") as process:
        yield process


@pytest.fixture()
def client(server: SandboxProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        yield http


def envelope(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error_code", "error_msg"} and body["error_code"] == code, body
    return body


# ---------------------------------------------------------------- any web page drove the admin API
@pytest.mark.parametrize("path, body", [
    ("/sandbox/faults", '{"busy":0.0}'),
    ("/sandbox/users", '{"user_name":"planted"}'),
    ("/sandbox/reset", '{"fixtures":"none"}'),
])
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
def test_a_simple_cross_site_post_cannot_write(client, path, body, content_type):
    headers = {"content-type": content_type} if content_type else {}
    envelope(client.post(path, content=body, headers=headers), 415, "SANDBOX.ADMIN.0006")
    assert not any(u["user_name"] == "planted" for u in ok(client.get("/sandbox/users")))


def test_a_foreign_origin_is_refused_on_the_admin_api_only(client, server):
    for origin in ("http://evil.example", "null", "http://127.0.0.1:1"):
        envelope(client.post("/sandbox/reset", json={}, headers={"Origin": origin}),
                 403, "SANDBOX.ADMIN.0004")
        envelope(client.get("/sandbox/outbox", headers={"Origin": origin}),
                 403, "SANDBOX.ADMIN.0004")
        # the login and its follow-ups answer any origin, like the real API
        answer = client.post(LOGIN_PATH, headers={**device_headers("nobody"), "Origin": origin},
                             json={"access_token": "a", "uid": "b"})
        assert answer.json()["error_code"] == "IDAAS.SDK.PARAM.0003"
    for own in (server.base_url, server.base_url.replace("127.0.0.1", "localhost")):
        ok(client.get("/sandbox/fixtures", headers={"Origin": own}))


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.nip.io",
                                  "localhost.evil.example", ""])
def test_a_host_that_does_not_name_the_sandbox_is_refused(server, host):
    """DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(f"GET /sandbox/outbox HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        answer = _read_all(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer[:200]
    assert json.loads(body)["error_code"] == "SANDBOX.HTTP.0400"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "LOCALHOST"])
def test_every_loopback_name_is_the_sandbox(server, host):
    response = httpx.get(f"{server.base_url}/healthz", headers={"Host": f"{host}:{server.port}"})
    assert response.status_code == 200


def test_an_admin_token_guards_every_admin_route_but_not_the_login():
    with SandboxProcess("--admin-token", "s3cret-token") as server, \
            httpx.Client(base_url=server.base_url, timeout=10) as http:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-token"}):
            body = envelope(http.get("/sandbox/outbox", headers=headers), 401, "SANDBOX.ADMIN.0005")
            assert "s3cret" not in body["error_msg"]
        assert http.get("/sandbox/outbox").headers["www-authenticate"].startswith("Bearer")
        ok(http.get("/sandbox/outbox", headers={"Authorization": "Bearer s3cret-token"}))
        assert http.post(LOGIN_PATH, headers=device_headers("nobody"),
                         json={"access_token": "a", "uid": "b"}).status_code == 400
        assert "s3cret-token" not in server.output  # a given token is never echoed


def test_bound_beyond_loopback_a_token_is_generated_and_the_exposure_said():
    with SandboxProcess("--host", "0.0.0.0", "--seed", "7") as server:
        output = server.output
        assert "WARNING" in output and "client_secret" in output and "outbox" in output
        assert "signing key is the PUBLISHED sandbox-only key" in output
        token = output.split("Admin token (generated, shown once): ")[1].split()[0]
        envelope(httpx.get(server.base_url + "/sandbox/apps/docs"), 401, "SANDBOX.ADMIN.0005")
        assert httpx.get(server.base_url + "/sandbox/fixtures",
                         headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert output.count(token) == 1  # printed once


def test_the_project_tools_send_the_token_from_the_environment(monkeypatch):
    from explorer.sandbox import AdminError, SandboxAdmin

    with SandboxProcess("--admin-token", "tool-token") as server:
        with SandboxAdmin(server.base_url) as admin, pytest.raises(AdminError) as refused:
            admin.fixtures()
        assert refused.value.error_code == "SANDBOX.ADMIN.0005"
        monkeypatch.setenv("WEIBO_EXPLORER_ADMIN_TOKEN", "tool-token")
        with SandboxAdmin(server.base_url) as admin:
            done = admin.apply("success")
            assert [s.status_code for s in done.steps][0] == 200
            assert admin.outbox() == []
        monkeypatch.delenv("WEIBO_EXPLORER_ADMIN_TOKEN")
        with SandboxAdmin(server.base_url, admin_token="tool-token") as admin:
            assert admin.outbox() == []


# ------------------------------------------------------------------ loose input turned into 500s
@pytest.mark.parametrize("path, body, field", [
    ("/sandbox/faults", {"busy": 0.0}, "busy"),
    ("/sandbox/faults", {"busy": True}, "busy"),
    ("/sandbox/faults", {"busy": 1e2}, "busy"),
    ("/sandbox/clock", {"advance": 1.5}, "advance"),
    ("/sandbox/weibo/tokens", {"access_token": "t", "uid": "1", "expires_in": 60.0}, "expires_in"),
])
def test_admin_integers_are_json_integers(client, path, body, field):
    error = envelope(client.post(path, json=body), 400, "SANDBOX.ADMIN.0001")
    assert field in error["error_msg"]


@pytest.mark.parametrize("field", ["session_expire", "id_token_ttl"])
@pytest.mark.parametrize("value", [600.0, 0, -1, True, "600", 10**12])
def test_lifetimes_are_positive_integers_with_bounds(client, field, value):
    envelope(client.put("/sandbox/policy", json={field: value}), 400, "SANDBOX.ADMIN.0001")
    assert isinstance(ok(client.get("/sandbox/policy"))[field], int)


def test_busy_zero_point_zero_no_longer_breaks_every_login(client):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001")
    client.post("/sandbox/faults", json={"busy": 0.0})
    assert ok(login(client))["status"] == "SUCCESS"


@pytest.mark.parametrize("header", ["X-client-id", "X-device-ip", "X-agent", "X-L",
                                    "Content-Type", "X-device-fingerprint"])
def test_a_repeated_single_valued_header_is_a_400_not_a_500(server, header):
    with httpx.Client(base_url=server.base_url) as http:
        empty_tenant(http)
    values = {"X-client-id": (CLIENT_ID, "other"), "X-device-ip": ("1.2.3.4", "not-an-ip"),
              "X-agent": ("a", "b"), "X-L": ("en", "zh"),
              "Content-Type": ("application/json", "text/plain"),
              "X-device-fingerprint": ("f1", "f2")}[header]
    base = {**device_headers(), "Content-Type": "application/json"}
    base.pop(header, None)
    raw = [(k, v) for k, v in base.items()] + [(header, values[0]), (header, values[1])]
    response = httpx.post(server.base_url + LOGIN_PATH, headers=raw,
                          content=b'{"access_token":"tok","uid":"1001"}')
    body = envelope(response, 400, "SANDBOX.HTTP.0401")
    assert header.lower() in body["error_msg"]


def test_a_state_token_whose_user_was_removed_answers_1007(client):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001", mfa=True, mobile="+86-15907132852")
    token = ok(login(client))["state_token"]
    empty_tenant(client)  # the user is gone, the app is back
    answer = client.get(MOBILE_BY_TOKEN.path, headers={**device_headers(), "X-state-token": token})
    body = envelope(answer, 400, "IDAAS.SDK.COMMON.1007")
    assert "no longer exists" in body["error_msg"]


def test_a_wrong_method_names_the_allowed_ones(client):
    for method, path, allowed in (("DELETE", "/sandbox/users", {"GET", "POST", "HEAD"}),
                                  ("POST", "/sandbox/policy", {"GET", "PUT", "HEAD"}),
                                  ("GET", LOGIN_PATH, {"POST"}),
                                  ("PUT", JWKS_PATH, {"GET", "HEAD"})):
        response = client.request(method, path)
        envelope(response, 405, "SANDBOX.HTTP.0405")
        assert {m.strip() for m in response.headers["allow"].split(",")} == allowed


def test_openapi_and_server_agree_on_required_bodies(client):
    paths = openapi()["paths"]
    assert paths["/sandbox/reset"]["post"]["requestBody"]["required"] is False
    ok(client.post("/sandbox/reset", headers=JSON))  # no body: the docs data
    assert paths["/sandbox/apps"]["post"]["requestBody"]["required"] is True
    envelope(client.post("/sandbox/apps", headers=JSON), 400, "SANDBOX.ADMIN.0001")


def test_openapi_refuses_a_whitespace_uid_as_the_server_does(client):
    import jsonschema

    document = openapi()
    schema = document["components"]["schemas"]["LoginRequest"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"access_token": "tok", "uid": "   "}, schema)
    answer = client.post(LOGIN_PATH, headers=device_headers("docs-demo-app"),
                         json={"access_token": "tok", "uid": "   "})
    assert answer.status_code == 400


# --------------------------------------------------------------------------- slow and huge
def test_the_fake_weibo_caps_its_body(client):
    envelope(client.post("/oauth2/get_token_info", content=b"access_token=" + b"x" * 300_000,
                         headers={"content-type": "application/x-www-form-urlencoded"}),
             413, "SANDBOX.BODY.0004")


def test_a_connection_that_never_finishes_its_request_is_closed(server):
    """--request-timeout 2: half a request head, or a declared body never sent, is cut off."""
    for partial in (b"", b"POST /api/v2/sdk/login/weibo HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                    b"POST /oauth2/get_token_info HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Length: 100\r\n\r\naccess_token="):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            started = time.monotonic()
            sock.sendall(partial)
            _read_all(sock)  # returns when the server closes
            waited = time.monotonic() - started
        assert 1.5 < waited < 8, (partial, waited)


def test_an_idle_keep_alive_connection_is_closed(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        started = time.monotonic()
        data = _read_all(sock)
        assert data.startswith(b"HTTP/1.1 200") and time.monotonic() - started < 8


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------- state tokens floated between apps
@pytest.mark.parametrize("change, reason", [
    ({"X-client-id": "app-b"}, "another app"),
    ({"X-device-fingerprint": "another-device"}, "another device"),
])
def test_a_state_token_works_only_for_the_app_and_device_it_was_issued_to(client, change, reason):
    empty_tenant(client)
    ok(client.post("/sandbox/apps", json={"client_id": "app-b"}))
    ok(client.post("/sandbox/weibo/tokens", json={"access_token": "tok", "uid": "1001"}))
    answer = ok(login(client))
    assert answer["status"] == "USER_REGISTER"
    headers = {**device_headers(), **change, "X-state-token": answer["state_token"]}
    body = envelope(client.post(SOCIAL_REGISTER_BIND.path, headers=headers,
                                json={"mobile": "+86-15907132852", "verify_code": "123456"}),
                    400, "IDAAS.SDK.COMMON.1007")
    assert body["error_msg"].split(": ", 1)[1].startswith(f"issued to {reason}")
    assert ok(client.get("/sandbox/users")) == []


# -------------------------------------------------------------- two processes, one signing key
def test_two_processes_on_one_fresh_database_serve_one_kid(tmp_path):
    db = str(tmp_path / "fresh.sqlite")
    first = SandboxProcess("--db", db, wait=False)
    second = SandboxProcess("--db", db, wait=False)  # the same instant, near enough: no wait
    try:
        first.wait_ready()
        second.wait_ready()
        kids = {httpx.get(p.base_url + JWKS_PATH).json()["keys"][0]["kid"] for p in (first, second)}
        assert len(kids) == 1
        assert httpx.get(first.base_url + JWKS_PATH).headers["cache-control"].startswith("public")
    finally:
        first.stop()
        second.stop()


# ------------------------------------------------------------------------------ --public-url
def test_public_url_sets_the_issuer_the_printed_urls_and_an_accepted_host():
    from explorer.client import IdaasClient

    from .helpers import user_with_weibo as bound_user

    public = "http://sandbox.test:8080"
    with SandboxProcess("--public-url", public) as server, \
            httpx.Client(base_url=server.base_url, timeout=10) as http:
        assert f"Sandbox tenant: {public}" in server.output
        assert http.get("/healthz", headers={"Host": "sandbox.test:8080"}).status_code == 200
        empty_tenant(http)
        bound_user(http, "tok", "1001")
        with IdaasClient(server.base_url, CLIENT_ID, issuer=public) as idaas:
            result = idaas.login_weibo("tok", "1001")
            assert result.ok and result.id_token_check.claims["iss"] == public
        with IdaasClient(server.base_url, CLIENT_ID) as idaas:  # expects its base URL
            result = idaas.login_weibo("tok", "1001")
            assert not result.ok and public in result.untrusted
