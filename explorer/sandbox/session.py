"""``POST /api/v2/sdk/sso/session-token/id-token``: a fresh id_token for a live session.

The session keeps its token and its expiry (``expire`` is the seconds left): refreshing the
id_token is not a way to stretch a session. A session belongs to the app it was created for:
another app's ``X-client-id`` gets ``IDAAS.SDK.PARAM.0023`` like an unknown token.
"""

from __future__ import annotations

import base64
import sqlite3
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..contract import ID_TOKEN_REFRESH
from .errors import ApiError
from .flow_rules import check_client
from .store import NotFound

if TYPE_CHECKING:
    from .context import Sandbox

BAD_SESSION = "IDAAS.SDK.PARAM.0023"


def session_for(sandbox: Sandbox, session_token: str, client_id: str) -> sqlite3.Row:
    """The live session of this app whose user is not disabled, or ``IDAAS.SDK.PARAM.0023``."""
    row = sandbox.store.live_session(session_token, sandbox.clock.timestamp())
    if row is None or row["client_id"] != client_id:
        raise ApiError(BAD_SESSION)
    try:
        user = sandbox.store.user(row["user_id"])
    except NotFound:  # removed since the session began
        raise ApiError(BAD_SESSION) from None
    if user["disabled"]:
        raise ApiError(BAD_SESSION)
    return row


async def refresh_id_token(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id, _ = check_client(request, sandbox)
    token = request.headers.get("session-token", "").strip()
    if not token:
        raise ApiError(BAD_SESSION)
    row = session_for(sandbox, token, client_id)
    now = sandbox.clock.timestamp()
    jti = base64.urlsafe_b64encode(sandbox.rng.bytes(16)).rstrip(b"=").decode()
    id_token = sandbox.keys.id_token(
        issuer=sandbox.issuer(request), audience=client_id,
        user=sandbox.store.user(row["user_id"]), now=now,
        ttl=sandbox.store.policy()["id_token_ttl"], jti=jti)
    return JSONResponse({"session_token": token, "expire": row["expires_at"] - now,
                         "id_token": id_token})


def routes() -> list[BaseRoute]:
    return [Route(ID_TOKEN_REFRESH.path, refresh_id_token, methods=["POST"])]
