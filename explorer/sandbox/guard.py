"""The sandbox's front door: who may call it, and how much they may send.

One ASGI middleware, inside the request log and outside everything else, that answers in the API's
envelope from the request head alone — before anything waits for a body byte (a request whose
``Content-Length`` promises more than it sends gets its answer at once, not at the timeout):

- ``Host`` must name the sandbox (Starlette's ``TrustedHostMiddleware`` decides; its plain-text
  400 becomes ``SANDBOX.HTTP.0400``) — a DNS-rebinding page sends its own host name. (``Host``
  sent twice never gets here: h11 refuses it, and ``deadline.py`` answers ``SANDBOX.HTTP.0401``.)
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
  stream is cut there, and every route that reads a body judges its size (``body.read_bounded``;
  the login does it in the contract's order of checks).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..contract import DEVICE_HEADERS, MAX_BODY_BYTES
from .admin_schema import ADMIN_PREFIX, BAD_HOST, FOREIGN_ORIGIN, NO_TOKEN, REPEATED, TOO_LARGE
from .config import SandboxConfig
from .errors import error_response

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
