"""The request log (``GET /sandbox/requests``): what the tenant saw, bounded, secrets masked."""

from __future__ import annotations

import httpx
import pytest

from explorer.contract import LOGIN_PATH
from explorer.openapi import build
from explorer.sandbox import SandboxAdmin
from explorer.sandbox._middleware import (
    BODY_CAP,
    HEADER_CAP,
    HEADERS_CAP,
    LIMIT_DEFAULT,
    LIMIT_MAX,
    QUERY_CAP,
    RequestLog,
)
from explorer.sandbox.seed import ACCOUNTS, CLIENT_ID
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
    assert [e["id"] for e in log.page(0)] == [3, 4, 5]
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


# ------------------------------------------------------------ masking what the server parsed
SECRET = "Zq7-SECRET-value-4f1c9e"


def _log_text(client: httpx.Client) -> str:
    return client.get("/sandbox/requests", params={"limit": LIMIT_MAX}).text


def _token(client: httpx.Client, content: bytes, content_type: str) -> httpx.Response:
    return client.post("/api/v2/tenant/token", content=content,
                       headers={"content-type": content_type})


@pytest.mark.parametrize("content_type, content", [
    ("Application/X-WWW-Form-Urlencoded",
     f"grant_type=client_credentials&client_id=log-app&client_secret={SECRET}".encode()),
    ("application/x-www-form-urlencoded",
     f"grant_type=client_credentials&client_id=log-app&client%5Fsecret={SECRET}".encode()),
], ids=["media type in odd case", "percent-encoded key"])
def test_a_form_secret_the_server_accepted_is_masked(client: httpx.Client, content_type: str,
                                                      content: bytes) -> None:
    ok(client.post("/sandbox/reset", json={}))
    ok(client.post("/sandbox/apps", json={"client_id": "log-app", "client_secret": SECRET}))
    ok(_token(client, content, content_type))  # the server parsed the secret: it matched
    assert SECRET not in _log_text(client)
    assert ok(client.get("/sandbox/requests"))[-1]["body"].endswith("client_secret=***")


def test_a_json_secret_behind_an_escaped_key_is_masked(client: httpx.Client) -> None:
    ok(client.post("/sandbox/reset", json={}))
    body = f'{{"client_id": "esc-app", "client\\u005fsecret": "{SECRET}"}}'
    created = ok(client.post("/sandbox/apps", content=body.encode(),
                             headers={"content-type": "application/json"}))
    assert created["client_secret"] == SECRET  # the server read the escaped key as client_secret
    assert SECRET not in _log_text(client)
    assert '"client\\u005fsecret": "***"' in ok(client.get("/sandbox/requests"))[-1]["body"]


@pytest.mark.parametrize("shape", ["json", "form"])
def test_no_prefix_of_a_secret_cut_by_the_body_cap_shows(client: httpx.Client,
                                                         shape: str) -> None:
    ok(client.post("/sandbox/reset", json={}))
    if shape == "json":  # whitespace pads the key to just before the cap: the value straddles it
        head = '{"client_id": "cut-app",'
        body = head + " " * (BODY_CAP - len(head) - 24) + f'"client_secret": "{SECRET}"}}'
        ok(client.post("/sandbox/apps", content=body.encode(),
                       headers={"content-type": "application/json"}))
    else:
        ok(client.post("/sandbox/apps", json={"client_id": "cut-app", "client_secret": SECRET}))
        head = "grant_type=client_credentials&client_id=cut-app&pad="
        body = head + "x" * (BODY_CAP - len(head) - 20) + f"&client_secret={SECRET}"
        ok(_token(client, body.encode(), "application/x-www-form-urlencoded"))
    entry = ok(client.get("/sandbox/requests"))[-1]
    assert entry["body_truncated"] is True
    assert SECRET[:4] not in _log_text(client)
    assert entry["body"].endswith("***") or entry["body"].endswith('"***"')


# ----------------------------------------------------------------- caps and pagination
def test_headers_and_query_are_capped_per_entry(client: httpx.Client) -> None:
    ok(client.post("/sandbox/reset", json={}))
    many = {f"x-pad-{index}": "v" * 200 for index in range(40)}
    client.get("/sandbox/clock", params={"q": "x" * 4000},
               headers={"x-long": "é".encode("latin-1") * 4000, **many})
    entry = ok(client.get("/sandbox/requests"))[-1]
    assert entry["query_truncated"] is True and len(entry["query"]) <= QUERY_CAP + 1
    assert entry["headers_truncated"] is True
    assert len(entry["headers"]["x-long"]) <= HEADER_CAP + 1
    assert sum(len(k) + len(v) for k, v in entry["headers"].items()) <= HEADERS_CAP


def test_reads_are_paginated_and_peek_reads_every_page() -> None:
    with EmbeddedSandbox(seed=3) as sandbox, httpx.Client(base_url=sandbox.base_url) as http:
        ok(http.post("/sandbox/reset", json={}))
        for _ in range(LIMIT_MAX + 50):
            ok(http.get("/sandbox/clock"))
        newest = ok(http.get("/sandbox/requests"))
        assert len(newest) == LIMIT_DEFAULT
        last = newest[-1]["id"]
        assert [e["id"] for e in newest] == list(range(last - LIMIT_DEFAULT + 1, last + 1))
        first = ok(http.get("/sandbox/requests", params={"since": 0, "limit": LIMIT_MAX}))
        assert len(first) == LIMIT_MAX and first[0]["path"] == "/sandbox/reset"
        following = ok(http.get("/sandbox/requests", params={"since": first[-1]["id"]}))
        assert following[0]["id"] == first[-1]["id"] + 1 and following[-1]["id"] == last
        for bad in ("0", str(LIMIT_MAX + 1), "ten"):
            answer = http.get("/sandbox/requests", params={"limit": bad})
            assert answer.status_code == 400, bad
            assert answer.json()["error_code"] == "SANDBOX.ADMIN.0001"
        with SandboxAdmin(sandbox.base_url) as admin:
            everything = admin.requests()
            assert [e.id for e in everything] == list(range(first[0]["id"], last + 1))
            assert [e.id for e in admin.requests(since=last - 3)] == [last - 2, last - 1, last]
    operation = build()["paths"]["/sandbox/requests"]["get"]
    limit = next(p for p in operation["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == LIMIT_MAX and limit["schema"]["default"] == LIMIT_DEFAULT
