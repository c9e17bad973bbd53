"""The request log: every call the sandbox answered, for "what did my app just send?".

``RecordingMiddleware`` (pure ASGI) wraps the tenant's app and the in-process fake Weibo. On the
login's hot path it only keeps references and appends one tuple to a bounded ``deque`` — no
copying of headers, no JSON, no SQLite. ``RequestLog.entries`` turns the raw facts into JSON on
read, masking the sandbox's secrets (``client_secret`` in bodies and answers, any
``Authorization`` header). Bodies are capped at ``BODY_CAP`` bytes, the log at ``CAPACITY``
entries; ``reset`` of the tenant clears it.
"""

from __future__ import annotations

import itertools
import re
import time
from collections import deque
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from .clock import Clock

CAPACITY = 1000
"""Entries kept; the oldest go first."""
BODY_CAP = 4096
"""Bytes kept of each request and response body."""
MASK = "***"
NOT_LOGGED = frozenset({"/sandbox/requests", "/healthz"})
"""Reading the log (and the readiness probe) would only fill the log with itself."""
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_SECRET_JSON = re.compile(r'("client_secret"\s*:\s*)"(?:[^"\\]|\\.)*"')


class RequestLog:
    """A bounded, in-memory record of the tenant's calls; ``entries(since)`` reads it."""

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

    @property
    def last_id(self) -> int:
        return self._raw[-1][0] if self._raw else 0

    def entries(self, since: int = 0) -> list[dict[str, Any]]:
        """The entries with an id above ``since``, oldest first, as JSON-ready dicts."""
        return [_entry(raw) for raw in list(self._raw) if raw[0] > since]


def _iso(seconds: float) -> str:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{stamp}.{int(seconds * 1000) % 1000:03d}Z"


def _headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        text = MASK if key in SECRET_HEADERS else value.decode("latin-1")
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers


def mask_body(body: bytes, content_type: str) -> str:
    """The body as text, ``client_secret`` masked in a form or in JSON."""
    text = body.decode("utf-8", "replace")
    if "client_secret" not in text:
        return text
    if content_type.startswith("application/x-www-form-urlencoded"):
        pairs = parse_qsl(text, keep_blank_values=True)
        return urlencode([(k, MASK if k == "client_secret" else v) for k, v in pairs], safe="*")
    return _SECRET_JSON.sub(lambda m: f'{m.group(1)}"{MASK}"', text)


def _entry(raw: tuple[Any, ...]) -> dict[str, Any]:
    (id_, kind, method, path, query, headers, sandbox_time, wall_time, body, body_cut, status,
     answer, answer_cut, duration) = raw
    request_headers = _headers(headers)
    return {
        "id": id_, "kind": kind, "admin": kind == "admin",
        "sandbox_time": _iso(sandbox_time), "sandbox_timestamp": round(sandbox_time, 3),
        "wall_time": _iso(wall_time),
        "method": method, "path": path, "query": query.decode("latin-1"),
        "headers": request_headers,
        "body": mask_body(body, request_headers.get("content-type", "")),
        "body_truncated": body_cut,
        "status": status,
        "answer": mask_body(answer, "application/json"),
        "answer_truncated": answer_cut,
        "duration_ms": round(duration * 1000, 2),
    }


class RecordingMiddleware:
    """Records each HTTP call through ``app`` into ``log``; ``kind`` "weibo" for the fake Weibo,
    else "admin" for ``/sandbox/*`` and "api" for the rest."""

    def __init__(self, app: ASGIApp, log: RequestLog, clock: Clock, kind: str | None = None,
                 ) -> None:
        self.app, self.log, self.clock, self.kind = app, log, clock, kind

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NOT_LOGGED:
            await self.app(scope, receive, send)
            return
        sandbox_time, wall_time, started = self.clock.now(), time.time(), time.perf_counter()
        answer: list[bytes] = []
        sizes = [0, 0]
        status = [500]
        # Read the first BODY_CAP bytes now, so the log holds what was sent even when the
        # handler refuses before reading the body; the app gets the same messages replayed.
        early: list[Message] = []
        body: list[bytes] = []
        while True:
            message = await receive()
            early.append(message)
            chunk = message.get("body", b"")
            body.append(chunk)
            sizes[0] += len(chunk)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
            if sizes[0] > BODY_CAP:
                break

        async def receive_and_keep() -> Message:
            if early:
                return early.pop(0)
            message = await receive()
            sizes[0] += len(message.get("body", b""))
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
            request_body = b"".join(body)[:BODY_CAP]
            response_body = b"".join(answer)[:BODY_CAP]
            self.log.record(kind, scope, sandbox_time, wall_time, request_body,
                            sizes[0] > BODY_CAP, status[0], response_body, sizes[1] > BODY_CAP,
                            time.perf_counter() - started)


def parse_since(value: str | None) -> int:
    """``?since=`` is the id of the last entry the reader has seen (0: everything)."""
    if value is None or value == "":
        return 0
    if not value.isdigit():
        raise ValueError(f"since: {value!r} is not an entry id (a non-negative integer)")
    return int(value)
