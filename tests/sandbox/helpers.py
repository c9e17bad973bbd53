"""Small helpers the sandbox tests share: headers, replaying a fixture, arranging over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from explorer.contract import DEVICE_HEADERS, ERRORS, LOGIN_PATH, WEIBO_LOGIN

CLIENT_ID = "scenario-app"
LANGUAGES = ("en", "zh")


def device_headers(client_id: str | None = CLIENT_ID, **extra: str) -> dict[str, str]:
    headers = {name: WEIBO_LOGIN.header(name).example for name in DEVICE_HEADERS}
    if client_id is not None:
        headers["X-client-id"] = client_id
    headers.update(extra)
    return headers


def ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def replay(client: httpx.Client, fixture: dict[str, Any], language: str) -> httpx.Response:
    """The fixture's admin calls, then its request, in ``language``."""
    for call in fixture["arrange"]:
        ok(client.request(call["method"], call["path"], json=call["json"]))
    headers = {**fixture["request"]["headers"], "X-L": language}
    return client.post(fixture["request"]["path"], headers=headers,
                       json=fixture["request"]["body"])


def login(client: httpx.Client, access_token: Any = "tok", uid: Any = "1001",
          **headers: str) -> httpx.Response:
    return client.post(LOGIN_PATH, headers=device_headers(**headers),
                       json={"access_token": access_token, "uid": uid})


def assert_error(response: httpx.Response, code: str, language: str | None = "en") -> None:
    """The envelope with this code, its HTTP status and its message in ``language``."""
    error = ERRORS[code]
    assert response.status_code == error.http_status, response.text
    body = response.json()
    assert set(body) == {"error_code", "error_msg"}
    assert body["error_code"] == code
    assert body["error_msg"].startswith(error.message(language)), body


def assert_outcome(response: httpx.Response, outcome: str, language: str) -> None:
    if outcome in ERRORS:
        assert_error(response, outcome, language)
        return
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == outcome
    expected = set(WEIBO_LOGIN.status(outcome).fields) | {"status"}
    assert set(body) == expected, body


def empty_tenant(client: httpx.Client) -> None:
    """Reset to nothing, then one app."""
    ok(client.post("/sandbox/reset", json={"fixtures": "none"}))
    ok(client.post("/sandbox/apps", json={"client_id": CLIENT_ID, "name": "Scenario app"}))


def user_with_weibo(client: httpx.Client, access_token: str, uid: str, **fields: Any) -> dict:
    """A user bound to a Weibo uid that has a live token."""
    ok(client.post("/sandbox/weibo/tokens", json={"access_token": access_token, "uid": uid}))
    user = ok(client.post("/sandbox/users", json={"user_name": f"user-{uid}", **fields}))
    return ok(client.post(f"/sandbox/users/{user['id']}/social",
                          json={"provider": "weibo", "uid": uid}))
