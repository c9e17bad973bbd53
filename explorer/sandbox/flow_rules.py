"""What every follow-up call shares: the client checks, reading fields in the contract's order,
and the state_token's rules.

A flow ends through ``outcome.conclude``, the login's own ending, so it ends exactly as a login of
that user would; its client headers are judged by ``precheck.check_headers``, as the login's are.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import jwt
from starlette.requests import Request

from ..catalogue import Msg
from ..contract import Endpoint
from ..precheck import check_headers, is_json_content_type
from .body import parse_json, read_bounded
from .errors import ApiError

if TYPE_CHECKING:
    from .context import Sandbox

MISSING, NOT_STRING, BOTH = "SANDBOX.PARAM.0001", "SANDBOX.BODY.0007", "SANDBOX.PARAM.0003"
BAD_STATE = "IDAAS.SDK.COMMON.1007"
USER_DISABLED = "IDAAS.SDK.USER.0039"


# ----------------------------------------------------------------------------- phones, e-mails
def canonical(sender: str) -> str:
    """One spelling per phone or e-mail: ``+86-15907132852`` for a mainland number written with
    or without ``+86``, other ``+`` numbers as digits, e-mail lower-cased."""
    value = sender.strip()
    if "@" in value:
        return value.lower()
    compact = re.sub(r"[\s\-()]", "", value)
    if compact.startswith("+86"):
        return "+86-" + compact[3:]
    return compact if compact.startswith("+") else "+86-" + compact


def mask(mobile: str) -> str:
    """``+86-15907132852`` → ``+86-159****2852``: the country code, 3 digits, ****, 4 digits."""
    phone = canonical(mobile)
    prefix, _, number = phone.rpartition("-")
    if len(number) < 8:
        return phone
    return f"{prefix}-{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}" if prefix else (
        f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}")


def user_by(sandbox: Sandbox, channel: str, recipient: str) -> dict[str, Any] | None:
    """The user whose mobile (``channel="mobile"``) or email matches ``recipient`` canonically."""
    rows = sandbox.store.all(f"SELECT id, {channel} FROM users WHERE {channel} != '' ORDER BY seq")
    for row in rows:
        if canonical(row[channel]) == recipient:
            return sandbox.store.user(row["id"])
    return None


# ------------------------------------------------------------------------------- the requests
def check_client(request: Request, sandbox: Sandbox) -> tuple[str, dict[str, Any]]:
    """Device headers, then the client id and its app, as the login checks them."""
    wrong = check_headers(request.headers, content_type=False,
                          app_exists=lambda client_id: sandbox.store.app(client_id) is not None)
    if wrong is not None:
        raise ApiError(wrong.code)
    client_id = request.headers["x-client-id"].strip()
    app = sandbox.store.app(client_id)
    if app is None:  # check_headers found it a moment ago: only a concurrent reset removes it
        raise ApiError("IDAAS.SDK.PARAM.0003")
    return client_id, app


def _checked(values: dict[str, Any], endpoint: Endpoint) -> dict[str, str]:
    """Types, then the first missing field in the order of ``endpoint.errors``, then one-of."""
    for f in endpoint.body:
        value = values.get(f.name)
        if value is not None and not isinstance(value, str):
            raise ApiError(NOT_STRING, f.name)
    fields = {f.name: (values.get(f.name) or "").strip() for f in endpoint.body}
    missing = [f for f in endpoint.body if f.required and not fields[f.name]]
    if missing:
        first = min(missing, key=lambda f: endpoint.errors.index(f.error_code))
        raise ApiError(first.error_code or MISSING,
                       first.name if first.error_code in (MISSING, None) else None)
    for group in endpoint.one_of:
        given = [name for name in group if fields[name]]
        if not given:
            raise ApiError(MISSING, " | ".join(group))
        if len(given) > 1:
            raise ApiError(BOTH)
    return fields


async def json_fields(request: Request, endpoint: Endpoint) -> dict[str, str]:
    """The endpoint's body fields from a JSON object (extra fields ignored, as the login does)."""
    if not is_json_content_type(request.headers.get("content-type")):
        raise ApiError("SANDBOX.BODY.0005")
    body = parse_json(await read_bounded(request), "SANDBOX.BODY.0001")
    if not isinstance(body, dict):
        raise ApiError("SANDBOX.BODY.0002")
    return _checked(body, endpoint)


async def form_fields(request: Request, endpoint: Endpoint) -> dict[str, str]:
    """The endpoint's fields from an ``application/x-www-form-urlencoded`` body."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise ApiError("SANDBOX.BODY.0006")
    raw = (await read_bounded(request)).decode("utf-8", "replace")
    form = {name: values[0] for name, values in parse_qs(raw, keep_blank_values=True).items()}
    return _checked(form, endpoint)


# --------------------------------------------------------------------------------- state_token
_ISSUED_FOR = Msg("issued for {issued}, this call needs {needed}")
_OR = Msg(" or ")
_STATE_REASONS = {
    "missing": Msg("missing"),
    "invalid": Msg("not a state_token of this tenant"),
    "expired": Msg("expired"),
    "spent": Msg("already used: its flow is complete"),
    "other app": Msg("issued to another app (X-client-id)"),
    "other device": Msg("issued to another device (X-device-fingerprint)"),
    "no user": Msg("its user no longer exists"),
    "no account": Msg("its Weibo account no longer exists"),
}


def _reason(request: Request, key: str) -> str:
    return _STATE_REASONS[key](request.headers.get("x-l"))


def state(request: Request, sandbox: Sandbox, *statuses: str) -> dict[str, Any]:
    """The claims of the request's ``X-state-token`` if it is this tenant's, live, unspent and
    issued for one of ``statuses``; else ``IDAAS.SDK.COMMON.1007`` with the reason."""
    token = request.headers.get("x-state-token", "").strip()
    if not token:
        raise ApiError(BAD_STATE, _reason(request, "missing"))
    try:
        claims = sandbox.keys.read_state_token(token, sandbox.clock.timestamp())
    except jwt.ExpiredSignatureError:
        raise ApiError(BAD_STATE, _reason(request, "expired")) from None
    except (jwt.InvalidTokenError, ValueError, TypeError, KeyError):
        raise ApiError(BAD_STATE, _reason(request, "invalid")) from None
    subject = claims.get("sub")
    if not isinstance(subject, dict) or subject.get("status") not in statuses:
        issued = subject.get("status") if isinstance(subject, dict) else None
        language = request.headers.get("x-l")
        raise ApiError(BAD_STATE, _ISSUED_FOR(language).format(
            issued=issued, needed=(_OR(language)).join(statuses)))
    _same_origin_login(request, claims)
    claims["token_hash"] = hashlib.sha256(token.encode()).hexdigest()
    if is_spent(sandbox, claims):
        raise ApiError(BAD_STATE, _reason(request, "spent"))
    return claims


def _same_origin_login(request: Request, claims: dict[str, Any]) -> None:
    """A state_token continues the login that issued it: same app (``cid``), same device
    (``dfp``). Tokens without these claims (none of this tenant's) are judged as before."""
    from .outcome import fingerprint_digest

    cid, dfp = claims.get("cid"), claims.get("dfp")
    if cid is not None and cid != request.headers.get("x-client-id", "").strip():
        raise ApiError(BAD_STATE, _reason(request, "other app"))
    if dfp is not None and dfp != fingerprint_digest(request):
        raise ApiError(BAD_STATE, _reason(request, "other device"))


def state_user(request: Request, sandbox: Sandbox, claims: dict[str, Any]) -> dict[str, Any]:
    """The user an MFA state_token names, or ``IDAAS.SDK.COMMON.1007`` when they were removed
    (a reset) since the token was issued."""
    from .store import NotFound

    try:
        return sandbox.store.user(str(claims["sub"].get("userId")))
    except NotFound:
        raise ApiError(BAD_STATE, _reason(request, "no user")) from None


def gone(request: Request, what: str) -> ApiError:
    """``IDAAS.SDK.COMMON.1007`` for a state_token whose ``what`` ("no user", "no account") was
    removed since it was issued."""
    return ApiError(BAD_STATE, _reason(request, what))


def is_spent(sandbox: Sandbox, claims: dict[str, Any]) -> bool:
    return sandbox.store.one("SELECT 1 FROM spent_state_tokens WHERE token_hash = ?",
                             claims["token_hash"]) is not None


def spend(db: sqlite3.Connection, claims: dict[str, Any], now: int) -> None:
    """Mark the state_token used, inside the transaction that completes its flow. The primary
    key is the backstop: a second spender gets ``sqlite3.IntegrityError`` and rolls back."""
    db.execute("INSERT INTO spent_state_tokens VALUES (?, ?, ?)",
               (claims["token_hash"], str(claims.get("jti")), now))


def spent_error(request: Request) -> ApiError:
    return ApiError(BAD_STATE, _reason(request, "spent"))
