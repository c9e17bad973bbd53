"""The request log (``GET /sandbox/requests``): what the tenant saw, bounded, secrets masked."""

from __future__ import annotations

import httpx
import pytest

from explorer.contract import LOGIN_PATH
from explorer.openapi import build
from explorer.sandbox.fixtures import ACCOUNTS, CLIENT_ID
from explorer.sandbox.requestlog import BODY_CAP, RequestLog
from explorer.sandbox.server import EmbeddedSandbox

from .helpers import device_headers, ok


@pytest.fixture(scope="module")
def client() -> httpx.Client:
    with EmbeddedSandbox(seed=7) as sandbox, httpx.Client(base_url=sandbox.base_url) as http:
        yield http


def _login(client: httpx.Client) -> httpx.Response:
    access_token, uid, _, _ = ACCOUNTS["seed"]
    return client.post(LOGIN_PATH, headers=device_headers(CLIENT_ID, **{"X-L": "zh"}),
                       json={"access_token": access_token, "uid": uid})


def test_a_login_is_logged_with_the_weibo_call_it_made(client: httpx.Client) -> None:
    ok(client.post("/sandbox/reset", json={}))
    answer = ok(_login(client))
    entries = ok(client.get("/sandbox/requests"))
    assert [(e["kind"], e["method"], e["path"]) for e in entries] == [
        ("admin", "POST", "/sandbox/reset"),
        ("weibo", "POST", "/oauth2/get_token_info"),
        ("api", "POST", LOGIN_PATH)]
    login = entries[-1]
    assert login["admin"] is False and entries[0]["admin"] is True
    assert login["headers"]["x-client-id"] == CLIENT_ID and login["headers"]["x-l"] == "zh"
    assert '"uid"' in login["body"] and login["status"] == 200
    assert answer["session_token"] in login["answer"]
    assert login["sandbox_time"].endswith("Z") and login["wall_time"].endswith("Z")


def test_since_reads_only_newer_entries_and_reset_clears(client: httpx.Client) -> None:
    ok(client.post("/sandbox/reset", json={}))
    last = ok(client.get("/sandbox/requests"))[-1]["id"]
    _login(client)
    newer = ok(client.get("/sandbox/requests", params={"since": last}))
    assert [e["path"] for e in newer] == ["/oauth2/get_token_info", LOGIN_PATH]
    ok(client.post("/sandbox/reset", json={}))
    assert [e["path"] for e in ok(client.get("/sandbox/requests"))] == ["/sandbox/reset"]


def test_a_bad_since_is_an_admin_error(client: httpx.Client) -> None:
    response = client.get("/sandbox/requests", params={"since": "yesterday"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "SANDBOX.ADMIN.0001"


def test_client_secrets_and_authorization_are_masked(client: httpx.Client) -> None:
    ok(client.post("/sandbox/reset", json={}))
    ok(client.post("/sandbox/apps", json={"client_id": "log-app", "client_secret": "s3cr3t-XYZ"}))
    client.post("/api/v2/tenant/token", headers={"Authorization": "Bearer t0ken-ABC"}, data={
        "grant_type": "client_credentials", "client_id": "log-app", "client_secret": "s3cr3t-XYZ"})
    text = client.get("/sandbox/requests").text
    assert "s3cr3t-XYZ" not in text and "t0ken-ABC" not in text
    entries = ok(client.get("/sandbox/requests"))
    assert entries[-1]["body"].endswith("client_secret=***")
    assert entries[-1]["headers"]["authorization"] == "***"


def test_the_log_is_bounded_in_entries_and_body_size() -> None:
    log = RequestLog(capacity=3)
    scope = {"method": "POST", "path": "/x", "headers": [], "query_string": b""}
    for _ in range(5):
        log.record("api", scope, 0.0, 0.0, b"a" * BODY_CAP, True, 200, b"{}", False, 0.001)
    assert [e["id"] for e in log.entries()] == [3, 4, 5]
    with EmbeddedSandbox(seed=1) as sandbox, httpx.Client(base_url=sandbox.base_url) as http:
        http.post(LOGIN_PATH, headers=device_headers(CLIENT_ID), content=b"x" * (3 * BODY_CAP))
        entry = ok(http.get("/sandbox/requests"))[-1]
    assert entry["body_truncated"] is True and len(entry["body"]) == BODY_CAP


def test_the_log_is_in_the_openapi_document() -> None:
    operation = build()["paths"]["/sandbox/requests"]["get"]
    assert operation["parameters"][0]["name"] == "since"
    assert operation["parameters"][0]["in"] == "query"


def test_a_body_the_handler_never_read_is_logged(client: httpx.Client) -> None:
    ok(client.post("/sandbox/reset", json={}))
    client.post("/api/v2/sdk/social/register-bind", headers=device_headers(CLIENT_ID),
                json={"mobile": "13800138000", "verify_code": "123456"})
    entry = ok(client.get("/sandbox/requests"))[-1]
    assert entry["status"] == 400 and '"verify_code":"123456"' in entry["body"].replace(" ", "")
