"""The sandbox's front door: who may call it, and how much they may send.

One ASGI middleware, inside the request log and outside everything else, that answers in the API's
envelope from the request head alone — before anything waits for a body byte (a request whose
``Content-Length`` promises more than it sends gets its answer at once, not at the timeout):

- ``Host`` must name the sandbox (Starlette's ``TrustedHostMiddleware`` decides; its plain-text
  400 becomes ``SANDBOX.HTTP.0400``) — a DNS-rebinding page sends its own host name. (``Host``
  sent twice never gets here: h11 refuses it, and ``server.py``'s h11 protocol answers
  ``SANDBOX.HTTP.0401``.)
- A single-valued header sent twice answers ``SANDBOX.HTTP.0401`` (400), on every route.
- On the admin API (``/sandbox/*``) only: a foreign ``Origin``, or a browser's ``Sec-Fetch-Site``
  of ``cross-site`` or ``same-site`` (an ``<img>`` or ``<script>`` of another page sends no
  ``Origin``), answers ``SANDBOX.ADMIN.0004`` (403); a missing or wrong bearer token
  ``SANDBOX.ADMIN.0005`` (401) when one is configured. (A write without ``Content-Type:
  application/json`` gets ``SANDBOX.ADMIN.0006``, 415, from the admin routes themselves, after
  routing: a wrong method still answers 405.) The login and its follow-up calls answer any
  origin, as the real API does.
- A declared ``Content-Length`` over ``MAX_BODY_BYTES`` answers ``SANDBOX.BODY.0004`` (413), on
  every route. No handler ever receives more than ``MAX_BODY_BYTES`` + 1 bytes of body either: the
  stream is cut there, and every route that reads a body judges its size
  (``flow_rules.read_bounded``; the login does it in the contract's order of checks).

The request log: every call the sandbox answered, for "what did my app just send?".

``RecordingMiddleware`` (pure ASGI, outermost) wraps the tenant's app and the in-process fake
Weibo. On the login's hot path it only keeps references and appends one tuple to a bounded
``deque`` — no copying of headers, no JSON, no SQLite. It never reads the body itself: it keeps
what the app inside reads, so the guard answers before a single body byte is awaited.
``BodyPrefetch`` (inside the guard) reads the first ``BODY_CAP`` bytes for the log before the
route runs, so a body the route refused unread is still logged.

``RequestLog.page`` turns the raw facts into JSON on read, one bounded page at a time
(``LIMIT_DEFAULT``, at most ``LIMIT_MAX`` entries), each entry capped (``PATH_CAP``,
``QUERY_CAP``, ``HEADER_CAP`` and ``HEADERS_CAP``, ``BODY_CAP``) and masked as the routes parse:
``client_secret`` after percent-decoding a form (media type in any letter case) or the query, or
after decoding a JSON key's escapes; a value cut by the cap is masked whole. ``Authorization``,
``Proxy-Authorization`` and ``Cookie`` are masked. ``reset`` of the tenant clears the log.
"""

from __future__ import annotations

import hmac
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..contract import DEVICE_HEADERS, MAX_BODY_BYTES
from .admin_schema import ADMIN_PREFIX, BAD_HOST, FOREIGN_ORIGIN, NO_TOKEN, REPEATED, TOO_LARGE
from .config import SandboxConfig
from .flow_rules import error_response

if TYPE_CHECKING:
    from .config import Clock


# ------------------------------------------------------------ guard
FOREIGN_FETCH = frozenset({"cross-site", "same-site"})
"""``Sec-Fetch-Site`` values a browser sends for another page's request (``same-origin`` and
``none`` — a page of the sandbox, an address typed by hand — pass; curl sends none)."""

SINGLE_VALUED: frozenset[str] = frozenset(
    name.lower() for name in (
        "host", "content-type", "content-length", "authorization", "origin", "x-client-id",
        "x-device-ip", "x-l", "x-state-token", "session-token", *DEVICE_HEADERS))
"""Headers that carry one value: a second copy is refused rather than one of them guessed."""

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def _host_name(host: str) -> str:
    """A host as it appears in a ``Host`` header: IPv6 in brackets, lower case."""
    host = host.lower()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_hosts(config: SandboxConfig) -> list[str]:
    """The names a ``Host`` header may use: loopback, the bind address, the public URL's host."""
    names = [*LOOPBACK_NAMES, _host_name(config.host)]
    if config.public_url:
        names.append(_host_name(urlsplit(config.public_url).hostname or ""))
    return sorted({n for n in names if n and n not in ("0.0.0.0", "[::]")})


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Guard:
    """ASGI middleware applying the rules of this module's docstring (see ``create_app``)."""

    def __init__(self, app: ASGIApp, config: SandboxConfig) -> None:
        self.app = app
        self.config = config
        self.hosts = allowed_hosts(config)
        self._trusted = TrustedHostMiddleware(self._host_ok, allowed_hosts=self.hosts,
                                              www_redirect=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused: list[Message] = []

        async def refusal(message: Message) -> None:
            if scope.get("wx.host_ok"):
                await send(message)
            else:  # TrustedHostMiddleware's plain-text answer: replaced by the envelope
                refused.append(message)

        await self._trusted(scope, receive, refusal)
        if refused and not scope.get("wx.host_ok"):
            await self._refuse(scope, receive, send, BAD_HOST,
                               Headers(scope=scope).get("host", "(none)")[:100])

    async def _host_ok(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["wx.host_ok"] = True
        headers = Headers(scope=scope)
        repeated = _repeated(scope["headers"])
        if repeated:
            await self._refuse(scope, receive, send, REPEATED, repeated)
            return
        if scope["path"].startswith(ADMIN_PREFIX):
            code = self._admin_refusal(scope, headers)
            if code is not None:
                await self._refuse(scope, receive, send, code)
                return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            await self._refuse(scope, receive, send, TOO_LARGE)
            return
        await self.app(scope, _bounded(receive), send)

    def _admin_refusal(self, scope: Scope, headers: Headers) -> str | None:
        origin = headers.get("origin")
        if origin is not None and origin.strip().lower() not in self._own_origins(scope):
            return FOREIGN_ORIGIN
        if headers.get("sec-fetch-site", "").strip().lower() in FOREIGN_FETCH:
            return FOREIGN_ORIGIN
        token = self.config.admin_token
        if token is not None:
            scheme, _, given = headers.get("authorization", "").strip().partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                    given.strip().encode(), token.encode()):
                return NO_TOKEN
        return None

    def _own_origins(self, scope: Scope) -> set[str]:
        """``http://{allowed host}:{port}`` for the port this request came in on, and the
        public URL's origin."""
        server = scope.get("server")
        port = server[1] if server else self.config.port
        origins = {f"http://{host}:{port}" for host in self.hosts}
        if self.config.public_url:
            origins.add(_origin(self.config.public_url))
        return origins

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, code: str,
                      detail: str | None = None) -> None:
        headers = Headers(scope=scope)
        response = error_response(code, headers.get("x-l") if code != REPEATED else None, detail)
        if code == NO_TOKEN:
            response.headers["WWW-Authenticate"] = 'Bearer realm="weibo-explorer sandbox admin"'
        response.headers["Connection"] = "close"  # the unread body is not worth draining
        await response(scope, receive, send)


def _repeated(raw: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The first single-valued header sent more than once, if any."""
    seen: set[str] = set()
    for name, _ in raw:
        key = name.decode("latin-1").lower()
        if key in SINGLE_VALUED:
            if key in seen:
                return key
            seen.add(key)
    return None


def _bounded(receive: Receive, limit: int = MAX_BODY_BYTES) -> Receive:
    """``receive`` whose body ends after ``limit + 1`` bytes: enough for a handler to tell that
    it is too large, never more held in memory (the rest is not read; the connection closes)."""
    size = 0

    async def bounded() -> Message:
        nonlocal size
        if size > limit:
            return {"type": "http.request", "body": b"", "more_body": False}
        message = await receive()
        if message["type"] == "http.request":
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                keep = len(body) - (size - limit - 1)
                return {"type": "http.request", "body": body[:keep], "more_body": False}
        return message

    return bounded


# ------------------------------------------------------------ requestlog
CAPACITY = 1000
"""Entries kept; the oldest go first."""
BODY_CAP = 4096
"""Bytes kept of each request and response body."""
PATH_CAP, QUERY_CAP = 1024, 1024
"""Characters shown of an entry's path and query string."""
HEADER_CAP, HEADERS_CAP = 2048, 6144
"""Characters shown of one header value, and of all of an entry's header names and values."""
LIMIT_DEFAULT, LIMIT_MAX = 100, 100
"""Entries in one read of ``GET /sandbox/requests`` when ``limit`` is not given, and at most: 12
concurrent reads of the largest page of worst-case entries peak near 110 MB of the process
(``benchmarks/request_log_memory.py``; 184 MB with pages of 200)."""
MASK = "***"
CUT = "…"
"""Ends a header value, path or query the caps cut."""
NOT_LOGGED = frozenset({"/sandbox/requests", "/healthz"})
"""Reading the log (and the readiness probe) would only fill the log with itself."""
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
SECRET_FIELDS = frozenset({"client_secret"})
FORM = "application/x-www-form-urlencoded"


class RequestLog:
    """A bounded, in-memory record of the tenant's calls; ``page(since, limit)`` reads it."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._raw: deque[tuple[Any, ...]] = deque(maxlen=capacity)
        self._ids = itertools.count(1)

    def record(self, kind: str, scope: Scope, sandbox_time: float, wall_time: float,
               request_body: bytes, request_cut: bool, status: int, answer: bytes,
               answer_cut: bool, duration: float) -> None:
        self._raw.append((next(self._ids), kind, scope["method"], scope["path"],
                          scope.get("query_string", b""), scope["headers"], sandbox_time,
                          wall_time, request_body, request_cut, status, answer, answer_cut,
                          duration))

    def clear(self) -> None:
        """Forget every entry (ids keep counting, so a reader's ``since`` stays meaningful)."""
        self._raw.clear()

    def page(self, since: int | None = None, limit: int = LIMIT_DEFAULT) -> list[dict[str, Any]]:
        """At most ``limit`` entries as JSON-ready dicts, oldest first: the first ones with an id
        above ``since``, or without ``since`` the newest ones (what just happened)."""
        raw = list(self._raw)  # a snapshot: ids are consecutive in it
        if since is None:
            chosen = raw[-limit:] if limit else []
        else:
            start = max(0, since - raw[0][0] + 1) if raw else 0
            chosen = raw[start:start + limit]
        return [_entry(entry) for entry in chosen]


def _iso(seconds: float) -> str:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{stamp}.{int(seconds * 1000) % 1000:03d}Z"


def _cut(text: str, cap: int) -> tuple[str, bool]:
    return (text, False) if len(text) <= cap else (text[:cap] + CUT, True)


def _headers(raw: list[tuple[bytes, bytes]]) -> tuple[dict[str, str], bool]:
    """Lower-case names to values (repeats joined), secrets masked, within the caps."""
    headers: dict[str, str] = {}
    room, cut = HEADERS_CAP, False
    for name, value in raw:
        key = name.decode("latin-1").lower()[:HEADER_CAP]
        text, long = _cut(MASK if key in SECRET_HEADERS else value.decode("latin-1"), HEADER_CAP)
        cut |= long
        room -= len(key) + len(text)
        if room < 0:
            return headers, True
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers, cut


def media_type(content_type: str) -> str:
    """``Application/X-WWW-Form-Urlencoded; charset=utf-8`` → ``application/x-www-form-urlencoded``:
    the comparison every route makes."""
    return content_type.split(";", 1)[0].strip().lower()


def mask_form(text: str) -> str:
    """A form or query string with each ``client_secret`` value masked, judged by its name after
    percent-decoding (``client%5Fsecret``), as the form routes parse it; unchanged without one."""
    pairs = parse_qsl(text, keep_blank_values=True)
    if not any(name in SECRET_FIELDS for name, _ in pairs):
        return text
    return urlencode([(k, MASK if k in SECRET_FIELDS else v) for k, v in pairs], safe="*")


_STRING = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\?\Z)')
"""A JSON string literal, or one the body cap cut (it runs to the end)."""
_COLON = re.compile(r"\s*:\s*")
_SCALAR = re.compile(r"[^,}\]\s\[{]*")


def _decoded(literal: str) -> str | None:
    try:
        value = json.loads(literal)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def mask_json(text: str) -> str:
    """JSON text (whole or cut) with the value of each ``client_secret`` member masked, the key
    judged after its escapes are decoded (``client\\u005fsecret``); the rest kept byte for byte."""
    parts: list[str] = []
    done = 0
    found = _STRING.search(text)
    while found is not None:
        colon = _COLON.match(text, found.end())
        if colon is not None and _decoded(found.group()) in SECRET_FIELDS:
            value = _STRING.match(text, colon.end()) or _SCALAR.match(text, colon.end())
            assert value is not None  # _SCALAR matches the empty string
            parts += [text[done:colon.end()], f'"{MASK}"']
            done = value.end()
        else:
            parts.append(text[done:found.end()])
            done = found.end()
        found = _STRING.search(text, done)
    parts.append(text[done:])
    return "".join(parts)


def mask_body(body: bytes, content_type: str) -> str:
    """The body as text, ``client_secret`` masked as the routes parse it: a form by its media
    type (any letter case), anything else as JSON text in the encoding ``json.loads`` detects."""
    if media_type(content_type) == FORM:
        return mask_form(body.decode("utf-8", "replace"))
    return mask_json(body.decode(json.detect_encoding(body), "replace"))


def _entry(raw: tuple[Any, ...]) -> dict[str, Any]:
    (id_, kind, method, path, query, headers, sandbox_time, wall_time, body, body_cut, status,
     answer, answer_cut, duration) = raw
    request_headers, headers_cut = _headers(headers)
    shown_path, _ = _cut(path, PATH_CAP)  # the cut shows as its CUT mark
    shown_query, query_cut = _cut(mask_form(query.decode("latin-1")), QUERY_CAP)
    return {
        "id": id_, "kind": kind, "admin": kind == "admin",
        "sandbox_time": _iso(sandbox_time), "sandbox_timestamp": round(sandbox_time, 3),
        "wall_time": _iso(wall_time),
        "method": method, "path": shown_path, "query": shown_query,
        "query_truncated": query_cut,
        "headers": request_headers, "headers_truncated": headers_cut,
        "body": mask_body(body, request_headers.get("content-type", ""))[:BODY_CAP],
        "body_truncated": body_cut,
        "status": status,
        "answer": mask_body(answer, "application/json")[:BODY_CAP],
        "answer_truncated": answer_cut,
        "duration_ms": round(duration * 1000, 2),
    }


class RecordingMiddleware:
    """Records each HTTP call through ``app`` into ``log``; ``kind`` "weibo" for the fake Weibo,
    else "admin" for ``/sandbox/*`` and "api" for the rest. Keeps the first ``BODY_CAP`` bytes
    of what the app reads; reads nothing itself."""

    def __init__(self, app: ASGIApp, log: RequestLog, clock: Clock, kind: str | None = None,
                 ) -> None:
        self.app, self.log, self.clock, self.kind = app, log, clock, kind

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NOT_LOGGED:
            await self.app(scope, receive, send)
            return
        sandbox_time, wall_time, started = self.clock.now(), time.time(), time.perf_counter()
        body: list[bytes] = []
        answer: list[bytes] = []
        sizes = [0, 0]
        status = [500]

        async def receive_and_keep() -> Message:
            message = await receive()
            chunk = message.get("body", b"")
            if chunk and sizes[0] <= BODY_CAP:
                body.append(chunk)
            sizes[0] += len(chunk)
            return message

        async def send_and_keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if chunk and sizes[1] <= BODY_CAP:
                    answer.append(chunk)
                sizes[1] += len(chunk)
            await send(message)

        try:
            await self.app(scope, receive_and_keep, send_and_keep)
        finally:
            kind = self.kind or ("admin" if scope["path"].startswith("/sandbox/") else "api")
            self.log.record(kind, scope, sandbox_time, wall_time, b"".join(body)[:BODY_CAP],
                            sizes[0] > BODY_CAP, status[0], b"".join(answer)[:BODY_CAP],
                            sizes[1] > BODY_CAP, time.perf_counter() - started)


class BodyPrefetch:
    """Reads the first ``BODY_CAP`` + 1 bytes of a logged request before the route runs, and
    replays them: the log then holds what was sent even when the route refuses it unread. Sits
    inside the guard, so nothing waits for a body the guard refuses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NOT_LOGGED:
            await self.app(scope, receive, send)
            return
        early: list[Message] = []
        size = 0
        while True:
            message = await receive()
            early.append(message)
            size += len(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body") or \
                    size > BODY_CAP:
                break

        async def replay() -> Message:
            return early.pop(0) if early else await receive()

        await self.app(scope, replay, send)


def parse_since(value: str | None) -> int | None:
    """``?since=`` is the id of the last entry the reader has seen (None: not given)."""
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise ValueError(f"since: {value!r} is not an entry id (a non-negative integer)")
    return int(value)


def parse_limit(value: str | None) -> int:
    """``?limit=``: entries in one read, 1 to ``LIMIT_MAX`` (``LIMIT_DEFAULT`` when not given)."""
    if value is None or value == "":
        return LIMIT_DEFAULT
    if not value.isdigit() or not 1 <= int(value) <= LIMIT_MAX:
        raise ValueError(f"limit: {value!r} is not a whole number from 1 to {LIMIT_MAX}")
    return int(value)
