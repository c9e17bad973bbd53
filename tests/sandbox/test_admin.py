"""The admin API: validation, not-found and duplicates answer in the envelope; state changes
hold."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import jsonschema
import pytest

from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.admin_schema import ADMIN_OPERATIONS, SANDBOX_ERRORS

from .helpers import CLIENT_ID, empty_tenant, login, ok, user_with_weibo


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with EmbeddedSandbox(seed=5, clock="2023-01-01T00:00:00+00:00") as server:
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            yield http


def _error(response: httpx.Response, code: str, *fragments: str) -> None:
    assert response.status_code == SANDBOX_ERRORS[code].http_status, response.text
    body = response.json()
    assert body["error_code"] == code and set(body) == {"error_code", "error_msg"}
    for fragment in fragments:
        assert fragment in body["error_msg"], body


@pytest.mark.parametrize("method, path, body, fragment", [
    ("POST", "/sandbox/apps", {}, "client_id"),
    ("POST", "/sandbox/apps", {"client_id": "  "}, "client_id"),
    ("POST", "/sandbox/apps", {"client_id": "a", "extra": 1}, "extra"),
    ("POST", "/sandbox/users", {"user_name": "u", "disabled": "yes"}, "disabled"),
    ("PATCH", "/sandbox/users/whoever", {}, "body"),
    ("PUT", "/sandbox/policy", {"unbound_social": "maybe"}, "unbound_social"),
    ("PUT", "/sandbox/policy", {"deny_ips": ["10.0.0.0/99"]}, "deny_ips/0"),
    ("PUT", "/sandbox/policy", {"session_expire": 0}, "session_expire"),
    ("POST", "/sandbox/faults", {"busy": -1}, "busy"),
    ("POST", "/sandbox/clock", {"advance": "soon"}, "advance"),
    ("POST", "/sandbox/reset", {"fixtures": "all"}, "fixtures"),
    ("POST", "/sandbox/users/x/social", {"provider": "qq", "uid": "1"}, "provider"),
])
def test_invalid_admin_bodies_are_400_in_the_envelope(client, method, path, body, fragment):
    _error(client.request(method, path, json=body), "SANDBOX.ADMIN.0001", fragment)


def test_admin_body_that_is_not_json_or_not_an_object(client):
    _error(client.post("/sandbox/apps", content=b"{oops",
                       headers={"content-type": "application/json"}), "SANDBOX.ADMIN.0001")
    _error(client.post("/sandbox/apps", json=["a"]), "SANDBOX.ADMIN.0001", "object")


def test_unknown_user_is_404_and_duplicates_are_409(client):
    empty_tenant(client)
    _error(client.get("/sandbox/users/nobody"), "SANDBOX.ADMIN.0002", "nobody")
    _error(client.patch("/sandbox/users/nobody", json={"mfa": True}), "SANDBOX.ADMIN.0002")
    _error(client.post("/sandbox/users/nobody/social", json={"provider": "weibo", "uid": "1"}),
           "SANDBOX.ADMIN.0002")
    _error(client.post("/sandbox/apps", json={"client_id": CLIENT_ID}), "SANDBOX.ADMIN.0003")
    user = user_with_weibo(client, "tok", "1001")
    _error(client.post("/sandbox/users", json={"user_name": user["user_name"]}),
           "SANDBOX.ADMIN.0003")
    _error(client.post("/sandbox/weibo/tokens", json={"access_token": "tok", "uid": "9"}),
           "SANDBOX.ADMIN.0003")
    other = ok(client.post("/sandbox/users", json={"user_name": "other"}))
    _error(client.post(f"/sandbox/users/{other['id']}/social",
                       json={"provider": "weibo", "uid": "1001"}), "SANDBOX.ADMIN.0003")


def test_unknown_routes_and_methods_answer_in_the_envelope_in_chinese_too(client):
    _error(client.get("/nowhere", headers={"X-L": "zh"}), "SANDBOX.HTTP.0404", "路由不存在")
    _error(client.delete("/sandbox/policy"), "SANDBOX.HTTP.0405")


def test_responses_match_the_published_schemas(client):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001")
    by_route = {(op["method"], op["path"]): op for op in ADMIN_OPERATIONS}
    user = ok(client.post("/sandbox/users", json={"user_name": "plain"}))
    checks = [
        ("POST", "/sandbox/users", user),
        ("GET", "/sandbox/users/{id}", ok(client.get(f"/sandbox/users/{user['id']}"))),
        ("PATCH", "/sandbox/users/{id}",
         ok(client.patch(f"/sandbox/users/{user['id']}", json={"mfa": True}))),
        ("GET", "/sandbox/policy", ok(client.get("/sandbox/policy"))),
        ("GET", "/sandbox/fixtures", ok(client.get("/sandbox/fixtures"))),
        ("POST", "/sandbox/weibo/tokens",
         ok(client.post("/sandbox/weibo/tokens", json={"access_token": "t2", "uid": "7"}))),
        ("POST", "/sandbox/clock", ok(client.post("/sandbox/clock", json={"advance": 0}))),
        ("POST", "/sandbox/faults", ok(client.post("/sandbox/faults", json={"busy": 0}))),
    ]
    for method, path, body in checks:
        jsonschema.validate(body, by_route[method, path]["response_schema"])


def test_generated_user_ids_have_the_vendor_shape(client):
    empty_tenant(client)
    user = ok(client.post("/sandbox/users", json={"user_name": "shape"}))
    stamp, short, long = user["id"].split("-")
    assert stamp.startswith("20230101000000") and len(stamp) == 17
    assert len(short) == 4 and len(long) == 9 and (short + long).isupper()


def test_policy_updates_are_partial(client):
    empty_tenant(client)
    before = ok(client.get("/sandbox/policy"))
    after = ok(client.put("/sandbox/policy", json={"unbound_social": "bind"}))
    assert after == {**before, "unbound_social": "bind"}
    assert before["weibo_appkey"] == "sandbox-appkey" and before["session_expire"] == 604800


def test_patch_user_changes_the_login_outcome(client):
    empty_tenant(client)
    user = user_with_weibo(client, "tok", "1001")
    ok(client.patch(f"/sandbox/users/{user['id']}", json={"disabled": True}))
    assert login(client).json()["error_code"] == "IDAAS.SDK.USER.0039"
    ok(client.patch(f"/sandbox/users/{user['id']}", json={"disabled": False, "mfa": True}))
    assert login(client).json()["status"] == "MFA_AUTH"


def test_reset_restores_the_clock_and_the_random_sequence(client):
    def run() -> tuple[str, str]:
        reset = ok(client.post("/sandbox/reset", json={"fixtures": "none"}))
        ok(client.post("/sandbox/clock", json={"advance": 3600}))
        return reset["now"], ok(client.post("/sandbox/users", json={"user_name": "u"}))["id"]

    first = run()
    assert first == run()
    assert first[0] == "2023-01-01T00:00:00Z"


def test_reset_to_docs_lists_fixtures_that_match_their_schema(client):
    reset = ok(client.post("/sandbox/reset", json={}))
    assert reset["fixtures"] == "docs"
    fixtures = ok(client.get("/sandbox/fixtures"))
    assert len({f["name"] for f in fixtures}) == len(fixtures) >= 14
    listed = next(o for o in ADMIN_OPERATIONS if o["path"] == "/sandbox/fixtures")
    jsonschema.validate(fixtures, listed["response_schema"])  # each item: FIXTURE_SCHEMA
    with pytest.raises(jsonschema.ValidationError):  # the schema has teeth
        jsonschema.validate([{**fixtures[0], "request": {"method": "GET"}}],
                            listed["response_schema"])
