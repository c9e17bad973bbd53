"""The vendor's deprecated server-to-server route: an app token, then session_token → sso_ticket →
user, and refreshing a session.

``POST /api/v2/tenant/token`` (a form, OAuth 2 client credentials) gives a bearer token for
``TOKEN_TTL`` s. The ``/api/v2/tenant/sso/*`` calls take it as ``Authorization: Bearer`` and the
user's device in the body; the fingerprint must be the one the session was created with (the
vendor's ticket page). A ticket works once, within ``TICKET_TTL`` s, for the app that asked for it,
and only while its session does: a session revoked, expired or removed, or a user disabled or
removed, since the ticket was issued fails it with ``SANDBOX.TICKET.0001``.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..contract import SESSION_REFRESH, SSO_TICKET, SSO_TICKET_VERIFY, TENANT_TOKEN, Endpoint
from .errors import ApiError
from .flow_rules import form_fields, json_fields
from .session import session_for

if TYPE_CHECKING:
    from .context import Sandbox

TOKEN_TTL = 1800
TICKET_TTL = 300
SCOPE = "sso"
BAD_GRANT, BAD_CLIENT, BAD_BEARER = ("SANDBOX.TENANT.0001", "SANDBOX.TENANT.0002",
                                     "SANDBOX.TENANT.0003")
BAD_TICKET, OTHER_DEVICE = "SANDBOX.TICKET.0001", "SANDBOX.DEVICE.0001"
DEVICE_INCOMPLETE = "IDAAS.SDK.PARAM.0001"


async def app_token(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    fields = await form_fields(request, TENANT_TOKEN)
    if fields["grant_type"] != "client_credentials":
        raise ApiError(BAD_GRANT)
    app = sandbox.store.app(fields["client_id"])
    secret = app["client_secret"] if app else ""
    if app is None or not secret or not hmac.compare_digest(secret.encode(),
                                                             fields["client_secret"].encode()):
        raise ApiError(BAD_CLIENT)
    access_token = sandbox.rng.token(32)
    with sandbox.store.transaction() as db:
        db.execute("INSERT INTO app_tokens VALUES (?, ?, ?)",
                   (access_token, app["client_id"], sandbox.clock.timestamp() + TOKEN_TTL))
    return JSONResponse({"access_token": access_token, "token_type": "Bearer",
                         "expires_in": TOKEN_TTL, "scope": SCOPE},
                        headers={"Cache-Control": "no-store"})


def _bearer_app(request: Request, sandbox: Sandbox) -> str:
    """The client id whose live app token the ``Authorization`` header carries."""
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    row = sandbox.store.one("SELECT client_id FROM app_tokens WHERE access_token = ? AND "
                            "expires_at > ?", token.strip(), sandbox.clock.timestamp())
    if scheme.lower() != "bearer" or row is None:
        raise ApiError(BAD_BEARER)
    return str(row["client_id"])


async def _device_fields(request: Request, endpoint: Endpoint) -> dict[str, str]:
    fields = await json_fields(request, endpoint)
    try:
        ipaddress.ip_address(fields["device_ip"])
    except ValueError:
        raise ApiError(DEVICE_INCOMPLETE) from None
    return fields


def _same_device(expected: str, fields: dict[str, str]) -> None:
    if not hmac.compare_digest(expected.encode(), fields["device_fingerprint"].encode()):
        raise ApiError(OTHER_DEVICE)


async def sso_ticket(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id = _bearer_app(request, sandbox)
    fields = await _device_fields(request, SSO_TICKET)
    session = session_for(sandbox, fields["session_token"], client_id)
    _same_device(session["device_fingerprint"], fields)
    ticket = "ST-" + sandbox.rng.token(32)
    with sandbox.store.transaction() as db:
        db.execute("INSERT INTO sso_tickets (sso_ticket, session_token, client_id, "
                   "device_fingerprint, expires_at) VALUES (?, ?, ?, ?, ?)",
                   (ticket, session["session_token"], client_id, fields["device_fingerprint"],
                    sandbox.clock.timestamp() + TICKET_TTL))
    return JSONResponse({"expire": TICKET_TTL, "sso_ticket": ticket})


async def verify_ticket(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id = _bearer_app(request, sandbox)
    fields = await _device_fields(request, SSO_TICKET_VERIFY)
    now = sandbox.clock.timestamp()
    with sandbox.store.transaction() as db:
        row = db.execute("SELECT * FROM sso_tickets WHERE sso_ticket = ?",
                         (fields["sso_ticket"],)).fetchone()
        usable = (row is not None and not row["used"] and row["expires_at"] > now
                  and row["client_id"] == client_id)
        if usable:  # spent by this try even if the device is wrong: a ticket is one try
            db.execute("UPDATE sso_tickets SET used = 1 WHERE sso_ticket = ?",
                       (fields["sso_ticket"],))
    if not usable:
        raise ApiError(BAD_TICKET)
    _same_device(row["device_fingerprint"], fields)
    try:  # the session must still be live, its user there and enabled, as when it was issued
        session = session_for(sandbox, row["session_token"], client_id)
    except ApiError:
        raise ApiError(BAD_TICKET) from None
    user = sandbox.store.user(session["user_id"])
    return JSONResponse({"id": user["id"], "userName": user["user_name"], "name": user["name"],
                         "mobile": user["mobile"], "email": user["email"]})


async def refresh_session(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id = _bearer_app(request, sandbox)
    fields = await _device_fields(request, SESSION_REFRESH)
    session = session_for(sandbox, fields["session_token"], client_id)
    _same_device(session["device_fingerprint"], fields)
    expire = sandbox.store.policy()["session_expire"]
    with sandbox.store.transaction() as db:
        db.execute("UPDATE sessions SET expires_at = ? WHERE session_token = ?",
                   (sandbox.clock.timestamp() + expire, session["session_token"]))
    return JSONResponse({"expire": expire, "session_token": session["session_token"]})


def routes() -> list[BaseRoute]:
    return [Route(TENANT_TOKEN.path, app_token, methods=["POST"]),
            Route(SSO_TICKET.path, sso_ticket, methods=["POST"]),
            Route(SSO_TICKET_VERIFY.path, verify_ticket, methods=["POST"]),
            Route(SESSION_REFRESH.path, refresh_session, methods=["POST"])]
