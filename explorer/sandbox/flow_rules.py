"""What every follow-up call shares: the client checks, reading fields in the contract's order,
and the state_token's rules.

A flow ends through ``conclude`` (below), the login's own ending, so it ends exactly as a login of
that user would; its client headers are judged by ``precheck.check_headers``, as the login's are.

How a login ends once its user is known: ACCESS_DENIED, MFA_AUTH or SUCCESS.

The Weibo login and the follow-up flows (bind, register-bind, the second factor) end the same way
for the same user, so they share this one module: the policy checks, the state_token of a second
factor, and the session with its id_token.

The ``{error_code, error_msg}`` envelope, and the handlers that keep every failure inside it.

Messages come from ``explorer.contract.ERRORS`` (the login's codes) and
``admin_schema.SANDBOX_ERRORS`` (the sandbox's own); this module only picks the language. Unknown
routes, wrong methods and unexpected exceptions answer in the same envelope — never a traceback.
An envelope's bytes are rendered once per code, language and detail (``ENVELOPES`` of them kept):
the same error answers the same bytes every time, and most errors are the same few.

Reading a JSON request body safely: bounded size, a clear code for each way it can be wrong.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import jwt
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..catalogue import Msg
from ..contract import MAX_BODY_BYTES, Endpoint, is_chinese
from ..precheck import check_headers, is_json_content_type
from .admin_schema import ALL_ERRORS

if TYPE_CHECKING:
    from ._context import Sandbox


# ------------------------------------------------------------ flow_rules
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
            issued=issued, needed=_OR(language).join(statuses)))
    _same_origin_login(request, claims)
    claims["token_hash"] = hashlib.sha256(token.encode()).hexdigest()
    if is_spent(sandbox, claims):
        raise ApiError(BAD_STATE, _reason(request, "spent"))
    return claims


def _same_origin_login(request: Request, claims: dict[str, Any]) -> None:
    """A state_token continues the login that issued it: same app (``cid``), same device
    (``dfp``). Tokens without these claims (none of this tenant's) are judged as before."""
    cid, dfp = claims.get("cid"), claims.get("dfp")
    if cid is not None and cid != request.headers.get("x-client-id", "").strip():
        raise ApiError(BAD_STATE, _reason(request, "other app"))
    if dfp is not None and dfp != _fingerprint_digest(request):
        raise ApiError(BAD_STATE, _reason(request, "other device"))


def state_user(request: Request, sandbox: Sandbox, claims: dict[str, Any]) -> dict[str, Any]:
    """The user an MFA state_token names, or ``IDAAS.SDK.COMMON.1007`` when they were removed
    (a reset) since the token was issued."""
    from ._store import NotFound

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


# ------------------------------------------------------------ outcome
_ACCESS_DENIED_TEXT = Msg("Access Denied")
"""The seed's ``data`` for ACCESS_DENIED, and its Chinese."""

_IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def compact(value: Any) -> str:
    """JSON as the seed prints ``data``: no spaces, non-ASCII kept."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def device_ip(value: str | None) -> _IpAddress | None:
    """The X-device-ip (None when absent or blank); ``ValueError`` when malformed."""
    return ipaddress.ip_address(value.strip()) if value and value.strip() else None


def denied(user: dict[str, Any], app: dict[str, Any], ip: _IpAddress | None,
           policy: dict[str, Any]) -> bool:
    """The tenant refuses this user here: the app does not allow them, or the IP is denied."""
    allowed = app["allowed_user_ids"]
    if allowed is not None and user["id"] not in allowed:
        return True
    return ip is not None and any(
        ip in ipaddress.ip_network(cidr, strict=False) for cidr in policy["deny_ips"])


def _fingerprint_digest(request: Request) -> str:
    """What a state_token records of the device: a digest of ``X-device-fingerprint`` (the
    token is readable by anyone who holds it; the fingerprint itself need not be)."""
    fingerprint = request.headers.get("x-device-fingerprint", "").strip()
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:22]


def state_token(sandbox: Sandbox, request: Request, client_id: str,
                subject: dict[str, str]) -> str:
    """A state_token for ``subject``, bound to the app and device of ``request`` (``cid``,
    ``dfp``); its ``jti`` is milliseconds plus one digit, as the seed's."""
    millis = int(round(sandbox.clock.now() * 1000))
    jti = f"{millis}{sandbox.rng.choice('0123456789', 1)}"
    return sandbox.keys.state_token(subject=subject, now=sandbox.clock.timestamp(), jti=jti,
                                    binding={"cid": client_id,
                                             "dfp": _fingerprint_digest(request)})


def success(sandbox: Sandbox, request: Request, user: dict[str, Any], client_id: str,
            policy: dict[str, Any]) -> JSONResponse:
    """A new session for ``user``: session_token, expire, and a signed id_token."""
    now = sandbox.clock.timestamp()
    session_token = sandbox.rng.token(32)
    jti = base64.urlsafe_b64encode(sandbox.rng.bytes(16)).rstrip(b"=").decode()
    id_token = sandbox.keys.id_token(issuer=sandbox.issuer(request), audience=client_id,
                                     user=user, now=now, ttl=policy["id_token_ttl"], jti=jti)
    sandbox.store.add_session(session_token, user["id"], client_id, now,
                              now + policy["session_expire"],
                              request.headers.get("x-device-fingerprint", "").strip())
    return JSONResponse({"session_token": session_token, "expire": policy["session_expire"],
                         "status": "SUCCESS", "id_token": id_token})


def conclude(sandbox: Sandbox, request: Request, user: dict[str, Any], client_id: str,
             app: dict[str, Any], *, second_factor_done: bool = False,
             policy: dict[str, Any] | None = None) -> JSONResponse:
    """End a login of an enabled ``user``: ACCESS_DENIED, MFA_AUTH (a new state_token, unless
    this call was the second factor) or SUCCESS. A disabled user is refused before this.
    ``policy`` is the tenant's policy as this call already read it (read now when None)."""
    if policy is None:
        policy = sandbox.store.policy()
    if denied(user, app, device_ip(request.headers.get("x-device-ip")), policy):
        text = _ACCESS_DENIED_TEXT(request.headers.get("x-l"))
        return JSONResponse({"status": "ACCESS_DENIED", "data": text})
    if user["mfa"] and policy["mfa_methods"] and not second_factor_done:
        token = state_token(sandbox, request, client_id,
                            {"userId": user["id"], "status": "MFA_AUTH"})
        return JSONResponse({"status": "MFA_AUTH", "state_token": token,
                             "data": compact(policy["mfa_methods"])})
    return success(sandbox, request, user, client_id, policy)


# ------------------------------------------------------------ errors
ENVELOPES = 512
"""Rendered envelopes kept; past that the store starts empty again (details can be anything)."""
_rendered: dict[tuple[str, bool, str | None], tuple[bytes, int]] = {}


def error_response(code: str, language: str | None, detail: str | None = None) -> Response:
    """The envelope for ``code`` in the request's language; ``detail`` follows a colon.

    Rendered once per code, language and detail: that buys server CPU per error answered
    (``benchmarks/sandbox_load.py --driver wrk``, medians of 3 runs on a shared 2-core machine:
    PARAM.0001 0.220 → 0.215 ms, USER.0039 0.355 → 0.331 ms). Under 10 % alone; but without it
    and the fake Weibo's shortcut the refused logins measured 8–25 % dearer than before
    (benchmarks/NOTES.md), so it stays."""
    key = (code, is_chinese(language), detail)
    rendered = _rendered.get(key)
    if rendered is None:
        error = ALL_ERRORS[code]
        message = error.message(language)
        if detail:
            message += ("：" if key[1] else ": ") + detail
        body = JSONResponse({"error_code": code, "error_msg": message}).body
        if len(_rendered) >= ENVELOPES:
            _rendered.clear()
        rendered = _rendered[key] = (bytes(body), error.http_status)
    return Response(rendered[0], status_code=rendered[1], media_type=JSONResponse.media_type)


class ApiError(Exception):
    """Raise anywhere in a handler to answer with this code (and optional detail)."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


def api_error_response(request: Request, error: ApiError) -> Response:
    """The answer to ``error`` raised while handling ``request`` (a handler that catches its
    own saves the exception's trip through Starlette's handlers)."""
    return error_response(error.code, request.headers.get("x-l"), error.detail)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return api_error_response(request, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "SANDBOX.HTTP.0404", 405: "SANDBOX.HTTP.0405"}.get(exc.status_code,
                                                                     "SANDBOX.HTTP.0500")
    response = error_response(code, request.headers.get("x-l"))
    if exc.status_code == 405 and exc.headers:  # Starlette names the route's methods in Allow
        response.headers["Allow"] = exc.headers.get("Allow", "")
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    return error_response("SANDBOX.HTTP.0500", request.headers.get("x-l"), type(exc).__name__)


EXCEPTION_HANDLERS = {ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected}


# ------------------------------------------------------------ body
async def read_bounded(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, or ``SANDBOX.BODY.0004`` (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError("SANDBOX.BODY.0004")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError("SANDBOX.BODY.0004")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_capped(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, cut as soon as it passes ``limit`` bytes (so an over-large body reads as
    ``limit + 1`` bytes): for callers that judge the size in their own order of checks."""
    chunks, size = [], 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)[: limit + 1]


def parse_json(raw: bytes, not_json: str, *, detail: bool = False) -> Any:
    """The parsed body, or the error ``not_json`` (with the parser's complaint if ``detail``)."""
    try:
        value = json.loads(raw)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # a lone surrogate is no text
        return value
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ApiError(not_json, str(exc)[:120] if detail else None) from None
