"""``create_app(config)``: the sandbox as one Starlette application.

Each routes module contributes its ``routes()`` (``_ROUTE_MODULES``); a new flow adds its routes
to one of them and its tables to ``_store.SCHEMA``.

Refused accepts, logged at most once a second with a count instead of once each.

When the process runs out of file descriptors, asyncio's selector loop logs a full traceback for
every ``accept()`` that fails with ``EMFILE`` (it keeps calling ``accept`` up to the backlog, 2048
in uvicorn, each time the listening socket wakes up): about 2 MB of log a second while it lasts.
``_AcceptErrors`` replaces that for those errors only — one line, then one summary a second naming
how many were refused — and passes every other error to the loop's default handler.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..catalogue import Msg
from ..contract import JWKS_PATH
from ..i18n import from_locale
from . import _admin_routes, _challenges, _flows, _weibo, tokens
from ._context import Sandbox
from ._middleware import BodyPrefetch, Guard, RecordingMiddleware
from .config import SandboxConfig
from .flow_rules import EXCEPTION_HANDLERS

# ------------------------------------------------------------ app
_JWKS_CACHE = "public, max-age=300"
"""Clients may keep the keys five minutes; a token naming an unknown kid is their cue to refetch."""


async def jwks(request: Request) -> JSONResponse:
    """The tenant's public signing keys: verify an id_token against these."""
    return JSONResponse(request.app.state.sandbox.keys.jwks, headers={"Cache-Control": _JWKS_CACHE})


async def healthz(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    return JSONResponse({"status": "ok", "now": sandbox.clock.isoformat()})


def _core_routes() -> list[BaseRoute]:
    return [Route(JWKS_PATH, jwks, methods=["GET"]), Route("/healthz", healthz, methods=["GET"])]


_ROUTE_MODULES = (_flows, _weibo, _admin_routes, tokens, _challenges)


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A sandbox tenant: opens (or creates) its store now, closes it when the server stops."""
    sandbox = Sandbox.open(config or SandboxConfig())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        install()  # the server's own loop: one line a second when out of descriptors
        yield
        await sandbox.aclose()

    routes = _core_routes() + [route for module in _ROUTE_MODULES for route in module.routes()]
    # The log is outermost, so it also records what the guard refused (a cross-site write, a bad
    # Host); it reads no body itself. The guard answers from the head; only then does
    # BodyPrefetch read the body's first bytes for the log, before the route.
    recording = Middleware(RecordingMiddleware, log=sandbox.requests, clock=sandbox.clock)
    app = Starlette(routes=routes, exception_handlers=EXCEPTION_HANDLERS, lifespan=lifespan,
                    middleware=[recording, Middleware(Guard, config=sandbox.config),
                                Middleware(BodyPrefetch)])
    app.state.sandbox = sandbox
    return app


# ------------------------------------------------------------ acceptlog
_OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
"""The errors asyncio's accept loop reports and retries (``selector_events``)."""
INTERVAL = 1.0
"""Seconds between two lines about refused accepts."""
_LOGGER = logging.getLogger("uvicorn.error")
_REFUSED = Msg("accept() refused {n} time(s) since the last such line: {error} (one line a "
               "second at most; raise the open-file limit, ulimit -n, or open fewer connections)")


class _AcceptErrors:
    """A loop exception handler: ``accept()`` out of resources is counted and reported at most
    once per ``INTERVAL`` of ``clock``; anything else goes to the loop's default handler."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 report: Callable[[str], None] = _LOGGER.error, language: str | None = None
                 ) -> None:
        self.clock, self.report = clock, report
        self.language = language or from_locale()
        self.pending = 0
        self.last_error = ""
        self.reported_at: float | None = None
        self.flush_armed = False

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if not (isinstance(exc, OSError) and exc.errno in _OUT_OF_RESOURCES
                and "accept" in str(context.get("message", ""))):
            loop.default_exception_handler(context)
            return
        self.pending += 1
        self.last_error = f"[Errno {exc.errno}] {exc.strerror}"
        now = self.clock()
        if self.reported_at is None or now - self.reported_at >= INTERVAL:
            self.flush(now)
        elif not self.flush_armed:  # say how many were refused even if none follow
            self.flush_armed = True
            loop.call_later(INTERVAL - (now - self.reported_at), self.flush)

    def flush(self, now: float | None = None) -> None:
        """Report the refusals counted since the last line (nothing when there were none)."""
        now = self.clock() if now is None else now
        self.flush_armed = False
        if self.pending:
            self.report(_REFUSED(self.language).format(n=self.pending, error=self.last_error))
            self.pending = 0
            self.reported_at = now


def install(loop: asyncio.AbstractEventLoop | None = None) -> _AcceptErrors | None:
    """Make ``loop`` (default: the running one) report refused accepts through ``_AcceptErrors``,
    unless it already has a handler of its own (a host application's loop keeps its choice)."""
    loop = loop or asyncio.get_running_loop()
    if loop.get_exception_handler() is not None:
        return None
    handler = _AcceptErrors()
    loop.set_exception_handler(handler)
    return handler
