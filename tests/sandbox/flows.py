"""Walking the follow-up flows over HTTP: log in, solve the captcha, send a code, read it from the
outbox. Shared by the flow test modules."""

from __future__ import annotations

import json
from typing import Any

import httpx

from explorer.contract import LOGIN_PATH
from explorer.sandbox.seed import ACCOUNTS, CLIENT_ID

from .helpers import device_headers, ok


def headers(**extra: str) -> dict[str, str]:
    return device_headers(CLIENT_ID, **extra)


def docs_reset(client: httpx.Client, **policy: Any) -> None:
    ok(client.post("/sandbox/reset", json={"fixtures": "docs"}))
    if policy:
        ok(client.put("/sandbox/policy", json=policy))


def login(client: httpx.Client, account: str, **extra: str) -> dict[str, Any]:
    access_token, uid, _, _ = ACCOUNTS[account]
    return ok(client.post(LOGIN_PATH, headers=headers(**extra),
                          json={"access_token": access_token, "uid": uid}))


def flow_token(client: httpx.Client, flow: str) -> str:
    """A fresh state_token of the unbound docs account for USER_REGISTER or SOCIAL_BIND."""
    ok(client.put("/sandbox/policy", json={
        "unbound_social": {"USER_REGISTER": "register", "SOCIAL_BIND": "bind"}[flow]}))
    answer = login(client, "unbound")
    assert answer["status"] == flow, answer
    return answer["state_token"]


def captcha_pass(client: httpx.Client, sender: str) -> str:
    puzzle = ok(client.get("/api/v2/sdk/captcha", headers=headers()))
    gap = ok(client.get(f"/sandbox/captcha/{puzzle['token']}"))
    answer = client.post("/api/v2/sdk/captcha/verify", headers=headers(), json={
        "point_json": json.dumps(gap), "token": puzzle["token"], "sender": sender})
    return ok(answer)["captcha_token"]


def send_code(client: httpx.Client, to: str, kind: str, **extra: str) -> str:
    """Send a code of ``kind`` to a phone or e-mail; the code, read from the outbox."""
    channel, field = ("email", "email") if "@" in to else ("sms", "mobile")
    response = client.post(f"/api/v2/sdk/{channel}/send", headers=headers(**extra), json={
        field: to, "type": kind, "captcha_token": captcha_pass(client, to)})
    assert response.status_code == 200 and response.content == b"", response.text
    sent = ok(client.get("/sandbox/outbox"))[-1]
    assert sent["type"] == kind and sent["channel"] == channel
    return sent["code"]


def complete(client: httpx.Client, call: str, state_token: str, **body: str) -> httpx.Response:
    return client.post(f"/api/v2/sdk/{call}", headers=headers(**{"X-state-token": state_token}),
                       json=body)


def users(client: httpx.Client) -> list[dict[str, Any]]:
    return ok(client.get("/sandbox/users"))
