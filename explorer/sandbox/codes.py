"""Verification codes: ``POST /api/v2/sdk/sms/send`` and ``/email/send`` deliver a code into the
sandbox outbox (``GET /sandbox/outbox``), and ``check`` is the one place the code rules live.

Rules: a code is six digits, lives ``CODE_TTL`` seconds, proves one type for one recipient once,
and dies after ``MAX_TRIES`` wrong tries; a new code of the same type and recipient replaces the
old. A send needs a captcha pass (``captcha.py``) for that very recipient, used once.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..catalogue import Msg
from ..contract import EMAIL_SEND, EMAIL_TYPES, SMS_SEND, SMS_TYPES, Endpoint
from .errors import ApiError
from .flow_rules import canonical, check_client, json_fields, mask, state, state_user

if TYPE_CHECKING:
    from .context import Sandbox

CODE_TTL = 300
MAX_TRIES = 5
SEND_FAILED, UNKNOWN_TYPE = "IDAAS.SDK.CAPTCHA.0006", "SANDBOX.PARAM.0002"
WRONG, EXPIRED, NONE, BURNED = ("SANDBOX.CODE.0001", "SANDBOX.CODE.0002", "SANDBOX.CODE.0003",
                                "SANDBOX.CODE.0004")
MFA_TYPE = "MFA_AUTH_SMS"

_SEND_REASONS = {
    "captcha": Msg("captcha_token is unknown, used or expired"),
    "sender": Msg("captcha_token was verified for another sender"),
    "mfa_phone": Msg("not the phone of this login"),
}


def spend_captcha_pass(db: sqlite3.Connection, captcha_token: str, recipient: str,
                       now: int) -> str | None:
    """Use the pass for ``recipient``; the reason it cannot be used, or None."""
    row = db.execute("SELECT * FROM captcha_passes WHERE captcha_token = ?",
                     (captcha_token,)).fetchone()
    if row is None or row["used"] or row["expires_at"] <= now:
        return "captcha"
    db.execute("UPDATE captcha_passes SET used = 1 WHERE captcha_token = ?", (captcha_token,))
    if row["sender"] != recipient:
        return "sender"
    return None


def _send(sandbox: Sandbox, db: sqlite3.Connection, channel: str, recipient: str,
          kind: str) -> None:
    code = sandbox.rng.choice("0123456789", 6)
    db.execute("INSERT INTO verify_codes (channel, recipient, type, code, sent_at, expires_at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (channel, recipient, kind, code, sandbox.clock.isoformat(),
                sandbox.clock.timestamp() + CODE_TTL))


async def _send_endpoint(request: Request, endpoint: Endpoint, channel: str,
                         types: tuple[str, ...]) -> Response:
    sandbox: Sandbox = request.app.state.sandbox
    language = request.headers.get("x-l")
    check_client(request, sandbox)
    fields = await json_fields(request, endpoint)
    address = fields["mobile" if channel == "sms" else "email"]
    kind = fields["type"]
    if kind not in types:
        raise ApiError(UNKNOWN_TYPE, kind)
    recipient = canonical(address)
    if kind == MFA_TYPE:  # the code goes to the phone on file of the login being completed
        claims = state(request, sandbox, "MFA_AUTH")
        user = state_user(request, sandbox, claims)  # 1007 when the user was removed since
        if address.strip() != mask(user["mobile"]) and recipient != canonical(user["mobile"]):
            raise ApiError(SEND_FAILED, _SEND_REASONS["mfa_phone"](language))
        recipient = canonical(user["mobile"])
        sender = canonical(address)
    else:
        sender = recipient
    now = sandbox.clock.timestamp()
    with sandbox.store.transaction() as db:
        reason = spend_captcha_pass(db, fields["captcha_token"], sender, now)
        if reason is None:
            _send(sandbox, db, channel, recipient, kind)
    if reason is not None:
        raise ApiError(SEND_FAILED, _SEND_REASONS[reason](language))
    return Response(status_code=200)


async def sms_send(request: Request) -> Response:
    return await _send_endpoint(request, SMS_SEND, "sms", SMS_TYPES)


async def email_send(request: Request) -> Response:
    return await _send_endpoint(request, EMAIL_SEND, "email", EMAIL_TYPES)


def check(db: sqlite3.Connection, recipient: str, kind: str, code: str,
          now: int) -> tuple[str, str | None] | None:
    """Check ``code`` for this recipient and type inside the caller's transaction: None when it
    is right (and now used), else ``(error code, detail)``. A wrong try is counted."""
    row = db.execute("SELECT * FROM verify_codes WHERE recipient = ? AND type = ? "
                     "ORDER BY id DESC LIMIT 1", (recipient, kind)).fetchone()
    if row is None or row["used"]:
        other = db.execute("SELECT type FROM verify_codes WHERE recipient = ? AND type != ? "
                           "AND used = 0 AND expires_at > ? AND code = ? ORDER BY id DESC "
                           "LIMIT 1", (recipient, kind, now, code)).fetchone()
        if other is not None:
            return NONE, f"{other['type']} ≠ {kind}"
        return NONE, ("used" if row is not None else kind)
    if row["tries"] >= MAX_TRIES:
        return BURNED, None
    if row["expires_at"] <= now:
        return EXPIRED, None
    if row["code"] != code:
        tries = row["tries"] + 1
        db.execute("UPDATE verify_codes SET tries = ? WHERE id = ?", (tries, row["id"]))
        return (BURNED, None) if tries >= MAX_TRIES else (WRONG, str(MAX_TRIES - tries))
    db.execute("UPDATE verify_codes SET used = 1 WHERE id = ?", (row["id"],))
    return None


def outbox(sandbox: Sandbox) -> list[dict[str, Any]]:
    """Every code sent, oldest first: what a phone or mailbox would have received."""
    return [{"channel": r["channel"], "to": r["recipient"], "type": r["type"], "code": r["code"],
             "sent_at": r["sent_at"]}
            for r in sandbox.store.all("SELECT * FROM verify_codes ORDER BY id")]


def routes() -> list[BaseRoute]:
    return [Route(SMS_SEND.path, sms_send, methods=["POST"]),
            Route(EMAIL_SEND.path, email_send, methods=["POST"])]
