"""The deprecated ticket route over HTTP: app token (a form) → session_token → sso_ticket → user,
session refresh; a ticket works once, for 300 s, on the session's device, for its app."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from explorer.contract import WEIBO_LOGIN
from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.seed import CLIENT_ID, CLIENT_SECRET, SEED_USER

from .flows import docs_reset, login
from .helpers import assert_error, ok

DEVICE = {"operating_sys_version": "windows10.1.1", "device_ip": "192.168.1.2",
          "device_fingerprint": WEIBO_LOGIN.header("X-device-fingerprint").example}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with EmbeddedSandbox(seed=5, clock="2024-05-01T08:00:00Z") as server:
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            yield http


@pytest.fixture(autouse=True)
def _docs(client):
    docs_reset(client)


def _bearer(client: httpx.Client, client_id: str = CLIENT_ID,
            secret: str = CLIENT_SECRET) -> dict[str, str]:
    token = ok(client.post("/api/v2/tenant/token", data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}))
    assert token["token_type"] == "Bearer" and token["expires_in"] == 1800
    return {"Authorization": f"Bearer {token['access_token']}"}


def _ticket(client: httpx.Client, bearer: dict, session_token: str,
            **device: str) -> httpx.Response:
    return client.post("/api/v2/tenant/sso/session-token/sso-ticket", headers=bearer,
                       json={"session_token": session_token, **DEVICE, **device})


def _verify(client: httpx.Client, bearer: dict, ticket: str, **device: str) -> httpx.Response:
    return client.post("/api/v2/tenant/sso/sso-ticket/verify", headers=bearer,
                       json={"sso_ticket": ticket, **DEVICE, **device})


def test_ticket_to_user_info_and_a_ticket_works_once(client):
    bearer = _bearer(client)
    issued = ok(_ticket(client, bearer, login(client, "seed")["session_token"]))
    assert issued["expire"] == 300
    assert ok(_verify(client, bearer, issued["sso_ticket"])) == {
        "id": SEED_USER["id"], "userName": "louxi", "name": "", "mobile": "+86-15907132852",
        "email": "11@qq.com"}
    assert_error(_verify(client, bearer, issued["sso_ticket"]), "SANDBOX.TICKET.0001")


def test_a_ticket_expires_after_300_seconds(client):
    bearer = _bearer(client)
    ticket = ok(_ticket(client, bearer, login(client, "seed")["session_token"]))["sso_ticket"]
    ok(client.post("/sandbox/clock", json={"advance": 300}))
    assert_error(_verify(client, bearer, ticket), "SANDBOX.TICKET.0001")


def test_the_device_must_stay_the_one_the_session_was_created_on(client):
    bearer = _bearer(client)
    session_token = login(client, "seed")["session_token"]
    assert_error(_ticket(client, bearer, session_token, device_fingerprint="another"),
                 "SANDBOX.DEVICE.0001")
    ticket = ok(_ticket(client, bearer, session_token))["sso_ticket"]
    assert_error(_verify(client, bearer, ticket, device_fingerprint="another"),
                 "SANDBOX.DEVICE.0001")
    assert_error(_verify(client, bearer, ticket), "SANDBOX.TICKET.0001")  # that try spent it


def test_another_apps_token_cannot_use_the_session_or_the_ticket(client):
    other = ok(client.post("/sandbox/apps", json={"client_id": "other-app"}))
    assert ok(client.get("/sandbox/apps/other-app"))["client_secret"] == other["client_secret"]
    other_bearer = _bearer(client, "other-app", other["client_secret"])
    session_token = login(client, "seed")["session_token"]
    assert_error(_ticket(client, other_bearer, session_token), "IDAAS.SDK.PARAM.0023")
    ticket = ok(_ticket(client, _bearer(client), session_token))["sso_ticket"]
    assert_error(_verify(client, other_bearer, ticket), "SANDBOX.TICKET.0001")


@pytest.mark.parametrize("case", ["revoked", "expired"])
def test_a_revoked_or_expired_session_gets_no_ticket(client, case):
    bearer = _bearer(client)
    session_token = login(client, "seed")["session_token"]
    if case == "revoked":
        ok(client.post(f"/sandbox/sessions/{session_token}/revoke", json={}))
    else:
        ok(client.post("/sandbox/clock", json={"advance": 604800}))
        bearer = _bearer(client)
    assert_error(_ticket(client, bearer, session_token), "IDAAS.SDK.PARAM.0023")


def test_refresh_gives_the_session_its_full_lifetime_again(client):
    session_token = login(client, "seed")["session_token"]
    ok(client.post("/sandbox/clock", json={"advance": 600000}))
    refreshed = ok(client.post("/api/v2/tenant/sso/session-token/refresh",
                               headers=_bearer(client),
                               json={"session_token": session_token, **DEVICE}))
    assert refreshed == {"expire": 604800, "session_token": session_token}
    ok(client.post("/sandbox/clock", json={"advance": 10000}))  # past the first expiry
    ok(_ticket(client, _bearer(client), session_token))


@pytest.mark.parametrize("form, code", [
    ({"grant_type": "password", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
     "SANDBOX.TENANT.0001"),
    ({"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": "wrong"},
     "SANDBOX.TENANT.0002"),
    ({"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"},
     "SANDBOX.TENANT.0002"),
    ({"grant_type": "client_credentials", "client_id": CLIENT_ID}, "SANDBOX.PARAM.0001"),
])
def test_the_app_token_call_refuses_bad_credentials(client, form, code):
    assert_error(client.post("/api/v2/tenant/token", data=form), code)


def test_the_app_token_call_takes_a_form_and_the_others_a_bearer(client):
    assert_error(client.post("/api/v2/tenant/token", json={"grant_type": "client_credentials"}),
                 "SANDBOX.BODY.0006")
    for bearer in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        assert_error(_ticket(client, bearer, "x"), "SANDBOX.TENANT.0003")
    bearer = _bearer(client)
    ok(client.post("/sandbox/clock", json={"advance": 1800}))
    assert_error(_ticket(client, bearer, "x"), "SANDBOX.TENANT.0003")


@pytest.mark.parametrize("drop, code", [("device_fingerprint", "IDAAS.SDK.PARAM.0001"),
                                        ("session_token", "IDAAS.SDK.PARAM.0023")])
def test_missing_ticket_fields_get_their_codes(client, drop, code):
    body = {"session_token": login(client, "seed")["session_token"], **DEVICE}
    del body[drop]
    response = client.post("/api/v2/tenant/sso/session-token/sso-ticket",
                           headers=_bearer(client), json=body)
    assert_error(response, code)


@pytest.mark.parametrize("change", ["revoke the session", "disable the user"])
def test_a_ticket_issued_before_its_session_was_revoked_or_its_user_disabled_fails(client,
                                                                                   change):
    bearer = _bearer(client)
    session_token = login(client, "seed")["session_token"]
    ticket = ok(_ticket(client, bearer, session_token))["sso_ticket"]
    if change == "revoke the session":
        ok(client.post(f"/sandbox/sessions/{session_token}/revoke", json={}))
    else:
        ok(client.patch(f"/sandbox/users/{SEED_USER['id']}", json={"disabled": True}))
    assert_error(_verify(client, bearer, ticket), "SANDBOX.TICKET.0001")
