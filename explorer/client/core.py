"""The client's logic without I/O: build the request, read the answer, decide what to do next.

``call_flow`` (the login's ``login_flow`` and every follow-up call of ``flows``) is a generator
that yields what it needs — ``Send(request)`` (answer it with the
``httpx.Response``) or ``Sleep(seconds)`` — and returns the result. ``IdaasClient`` drives it with
``httpx.Client`` and ``time.sleep``, ``AsyncIdaasClient`` with ``httpx.AsyncClient`` and
``asyncio.sleep``: one copy of the behaviour, two ways to run it (as httpx's auth flows do).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

import httpx
import jwt

from ..contract import JWKS_PATH, LOGIN_PATH
from ..errors import CallFailed
from ..results import (
    AccessDenied,
    Exchange,
    IdaasError,
    MfaAuth,
    Result,
    SocialBind,
    Success,
    TokenCheck,
    UserRegister,
)
from .clocks import clock_name
from .device import DeviceInfo
from .token_checks import (
    check_id_token,
    expected_issuers,
    open_state_token,
    parse_jwks,
    unchecked_id_token,
)

BUSY = "IDAAS.SDK.COM.0002"
T = TypeVar("T")


@dataclass(frozen=True)
class Send:
    request: httpx.Request


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass
class Settings:
    """What a client is built from; shared by the sync and async clients."""

    base_url: str
    client_id: str
    device: DeviceInfo
    language: str | None
    retries: int
    backoff: float
    verify_id_token: bool
    leeway: float
    clock: Callable[[], datetime]
    issuer: str | None = None
    """The ``iss`` an id_token must carry; None: the base URL (see ``tokens.expected_issuers``)."""


class JwksCache:
    """The tenant's signing keys: fetched on first need, kept, and fetched again when a token
    names a kid the cached set lacks or fails its signature with a cached key — at most once per
    ``refetch_interval`` seconds, as pyjwt's ``PyJWKClient`` does, so a key rotation does not
    turn genuine tokens INVALID and a flood of forged ones does not flood the tenant.

    The keys are parsed by pyjwt (``PyJWKSet``); the fetching is ours rather than
    ``PyJWKClient``'s urllib, so it goes through the client's own httpx transport (tests, ASGI,
    proxies, history) and works the same for the sync and the async client.
    """

    def __init__(self, refetch_interval: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.keys: jwt.PyJWKSet | None = None
        self.error: str | None = None
        self.refetch_interval = refetch_interval
        self.fetches = 0
        self._monotonic = monotonic
        self._fetched_at: float | None = None

    def fetch(self, base_url: str, *, force: bool = False
              ) -> Generator[Send, httpx.Response | None, None]:
        """Fetch when nothing is cached, or when ``force`` and the last fetch is old enough."""
        if self.keys is not None and not (force and self.may_refetch()):
            return
        self._fetched_at = self._monotonic()
        self.fetches += 1
        response = yield Send(httpx.Request("GET", base_url + JWKS_PATH,
                                            headers={"accept": "application/json"}))
        if response is None:
            raise TypeError("fetch was resumed without the JWKS response")
        try:
            self.keys, self.error = parse_jwks(response.json()), None
        except ValueError as exc:  # a failed refetch keeps the keys it had
            self.error = f"GET {JWKS_PATH} answered {response.status_code}: {exc}"

    def may_refetch(self) -> bool:
        return (self._fetched_at is None
                or self._monotonic() - self._fetched_at >= self.refetch_interval)


def verify_flow(s: Settings, jwks: JwksCache, token: str,
                now: datetime | None = None) -> Generator[Send, httpx.Response | None, TokenCheck]:
    """Check an id_token, fetching the JWKS as needed (again, rate-limited, after a signature
    failure: the tenant may have rotated its key)."""
    issuers = expected_issuers(s.base_url, s.issuer)

    def check() -> TokenCheck:
        return check_id_token(token, jwks.keys, issuer=issuers, audience=s.client_id,
                              now=now or s.clock(), leeway=s.leeway, unavailable=jwks.error,
                              clock=None if now else clock_name(s.clock))

    yield from jwks.fetch(s.base_url)
    result = check()
    if result.verdict == "INVALID" and result.reason == "signature" and jwks.may_refetch():
        yield from jwks.fetch(s.base_url, force=True)
        result = check()
    return result


Flow = Generator["Send | Sleep", "httpx.Response | None", T]
"""A call as steps: yields ``Send``/``Sleep``, receives each response, returns the result ``T``."""


# ------------------------------------------------------------------------------------ requests
def login_body(access_token: str | None, uid: str | None) -> bytes:
    """The login's JSON body; a ``None`` field is left out."""
    return json_body({"access_token": access_token, "uid": uid})


def build_request(
    s: Settings,
    method: str,
    path: str,
    *,
    content: bytes | None = None,
    content_type: str | None = "application/json",
    form: Mapping[str, str] | None = None,
    extra: Mapping[str, str] | None = None,
    headers: Mapping[str, str | None] | None = None,
    client_headers: bool = True,
) -> httpx.Request:
    """A request of the ``/api/v2`` family exactly as it goes over the wire.

    Every call carries the client's device headers, ``X-L``, ``X-client-id`` and, for a call with
    a body, its ``content_type`` (``form=`` sends a form), then ``extra`` (e.g. ``X-state-token``).
    ``headers`` overrides any of them (names case-insensitive; ``None`` drops one), so every error
    of the contract can be reproduced. ``client_headers=False`` leaves out the device, X-L and
    X-client-id headers: the server-to-server calls of the ticket route carry none.
    """
    values: dict[str, str | None] = {
        **(s.device.headers() if client_headers else {}),
        "X-L": s.language if client_headers else None,
        "X-client-id": s.client_id if client_headers else None,
        "content-type": FORM if form is not None else content_type,
        **(extra or {}),
    }
    lookup = {name.lower(): name for name in values}
    for name, value in (headers or {}).items():
        values[lookup.get(name.lower(), name)] = value
    sent = {name: value for name, value in values.items() if value is not None}
    if form is not None:
        content = urlencode(form).encode()
    return httpx.Request(method, s.base_url + path, headers=sent, content=content or b"")


FORM = "application/x-www-form-urlencoded"


def json_body(fields: Mapping[str, Any]) -> bytes:
    """A JSON body, compact as httpx's ``json=`` writes it; a ``None`` field is left out."""
    body = {k: v for k, v in fields.items() if v is not None}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def build_login_request(
    s: Settings,
    access_token: str | None,
    uid: str | None,
    *,
    headers: Mapping[str, str | None] | None = None,
    raw_body: bytes | str | None = None,
) -> httpx.Request:
    """The login request exactly as it goes over the wire.

    ``headers`` overrides the client's (names case-insensitive; ``None`` drops one) and
    ``raw_body`` replaces the JSON body, so every error of the contract can be reproduced.
    """
    if raw_body is None:
        content = login_body(access_token, uid)
    else:
        content = raw_body.encode() if isinstance(raw_body, str) else raw_body
    return build_request(s, "POST", LOGIN_PATH, content=content, headers=headers)


# ----------------------------------------------------------------------------------- responses
def _raw(headers: httpx.Headers) -> tuple[tuple[str, str], ...]:
    """Headers as sent, names in their original case."""
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw)


def exchange_of(request: httpx.Request, response: httpx.Response) -> Exchange:
    """The request and response as plain data (bodies decoded as UTF-8, bad bytes replaced)."""
    try:
        elapsed = response.elapsed.total_seconds() * 1000
    except RuntimeError:
        elapsed = 0.0
    return Exchange(
        method=request.method,
        url=str(request.url),
        request_headers=_raw(request.headers),
        request_body=request.content.decode("utf-8", "replace"),
        status_code=response.status_code,
        response_headers=_raw(response.headers),
        response_body=response.content.decode("utf-8", "replace"),
        elapsed_ms=round(elapsed, 3),
    )


_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def loads_lenient(text: str) -> Any:
    """JSON, tolerating the seed's trailing comma (``{"a": 1,}``); ValueError otherwise."""
    try:
        return json.loads(text)
    except ValueError:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text))


def parse_data(data: Any) -> Any:
    """``data`` decoded: a JSON string gives its value; plain text (or non-JSON) stays as is."""
    if isinstance(data, str):
        try:
            return json.loads(data)
        except ValueError:
            return data
    return data


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, str) and value:
        return (value,)
    return ()


def _flows(data: Any) -> tuple[str, ...]:
    decoded = parse_data(data)
    if isinstance(decoded, dict):
        decoded = decoded.get("socialBindOrRegisterFlow", [])
    return _strings(decoded)


def _text(data: Any) -> str:
    return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)


def read_envelope(exchange: Exchange, *, empty_ok: bool = False) -> dict[str, Any] | IdaasError:
    """The JSON object of an answer, or the ``IdaasError`` its error envelope holds.

    ``empty_ok``: a 200 with an empty body reads as ``{}`` (the send-code calls answer so).
    Anything else that is not a JSON object raises ``CallFailed``.
    """
    if empty_ok and exchange.status_code == 200 and not exchange.response_body.strip():
        return {}
    try:
        body = loads_lenient(exchange.response_body)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise CallFailed(f"HTTP {exchange.status_code}: the body is not a JSON object",
                             exchange)
    if "error_code" in body:
        return IdaasError(str(body["error_code"]), str(body.get("error_msg", "")),
                          exchange.status_code, exchange)
    return body


def parse_response(exchange: Exchange, now: datetime) -> Result:
    """The typed result of a login answer; CallFailed when it is no documented answer.

    Tolerated quirks of the vendor's page: a status with stray spaces, a trailing comma, and a
    ``data`` sent as JSON text, a JSON value, or plain text. Bind, register-bind and MFA answer
    the same shapes and are read here too.
    """
    body = read_envelope(exchange)
    if isinstance(body, IdaasError):
        return body
    status = str(body.get("status", "")).strip()
    if exchange.status_code != 200 or not status:
        raise CallFailed(
            f"HTTP {exchange.status_code}: neither a login status nor the error envelope", exchange)
    data = body.get("data", "")
    if status == "SUCCESS":
        return Success(status=status, exchange=exchange,
                       session_token=str(body.get("session_token", "")),
                       expire=int(body.get("expire") or 0), id_token=str(body.get("id_token", "")),
                       received_at=now)
    if status == "ACCESS_DENIED":
        return AccessDenied(status=status, exchange=exchange, message=_text(parse_data(data)))
    token = str(body.get("state_token", ""))
    check = open_state_token(token, now=now) if token else None
    if status == "USER_REGISTER":
        return UserRegister(status=status, exchange=exchange, state_token=token, data=_text(data),
                            state_token_check=check, flows=_flows(data))
    if status == "SOCIAL_BIND":
        return SocialBind(status=status, exchange=exchange, state_token=token, data=_text(data),
                          state_token_check=check, flows=_flows(data))
    if status == "MFA_AUTH":
        return MfaAuth(status=status, exchange=exchange, state_token=token, data=_text(data),
                       state_token_check=check, factors=_strings(parse_data(data)))
    raise CallFailed(f"unknown login status {status!r}", exchange)


# ---------------------------------------------------------------------------------------- flow
Parser = Callable[[Exchange, datetime], T]
"""Reads one answer into its result type ``T`` (``CallFailed`` for no documented answer)."""


def call_flow(s: Settings, request: httpx.Request, parse: Parser[T], jwks: JwksCache) -> Flow[T]:
    """Send any call, retry ``COM.0002`` with exponential backoff, verify a SUCCESS id_token."""
    clock = clock_name(s.clock)
    for attempt in range(s.retries + 1):
        response = yield Send(request)
        if response is None:
            raise TypeError("call_flow was resumed without a response")
        result = parse(exchange_of(request, response), s.clock())
        if not (isinstance(result, IdaasError) and result.error_code == BUSY):
            break
        if attempt < s.retries:
            yield Sleep(s.backoff * 2**attempt)
    state_check = getattr(result, "state_token_check", None)
    if isinstance(state_check, TokenCheck) and clock is not None:
        stamped = replace(state_check, clock=clock)
        result = replace(result, state_token_check=stamped)  # type: ignore[type-var]
    if isinstance(result, Success):  # a login (or a refreshed id_token) is trusted only verified
        if s.verify_id_token:
            check = yield from verify_flow(s, jwks, result.id_token)
        else:
            check = unchecked_id_token(result.id_token, now=s.clock(), clock=clock)
        result = cast(T, replace(result, id_token_check=check))  # a Success is still a T
    return result


def login_flow(s: Settings, request: httpx.Request, jwks: JwksCache) -> Flow[Result]:
    """The login: ``call_flow`` with the login's statuses."""
    return call_flow(s, request, parse_response, jwks)
