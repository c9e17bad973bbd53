"""``create_app(config)``: the sandbox as one Starlette application.

Each module contributes its routes (``ROUTE_MODULES``); a new flow adds a module there and its
tables to ``store.SCHEMA``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..contract import JWKS_PATH
from . import acceptlog, admin_routes, captcha, codes, login, mfa, session, social, tickets, weibo
from .config import SandboxConfig
from .context import Sandbox
from .errors import EXCEPTION_HANDLERS
from .guard import Guard
from .requestlog import BodyPrefetch, RecordingMiddleware

JWKS_CACHE = "public, max-age=300"
"""Clients may keep the keys five minutes; a token naming an unknown kid is their cue to refetch."""


async def jwks(request: Request) -> JSONResponse:
    """The tenant's public signing keys: verify an id_token against these."""
    return JSONResponse(request.app.state.sandbox.keys.jwks, headers={"Cache-Control": JWKS_CACHE})


async def healthz(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    return JSONResponse({"status": "ok", "now": sandbox.clock.isoformat()})


def _core_routes() -> list[BaseRoute]:
    return [Route(JWKS_PATH, jwks, methods=["GET"]), Route("/healthz", healthz, methods=["GET"])]


ROUTE_MODULES = (login, weibo, admin_routes, session, captcha, codes, social, mfa, tickets)


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A sandbox tenant: opens (or creates) its store now, closes it when the server stops."""
    sandbox = Sandbox.open(config or SandboxConfig())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        acceptlog.install()  # the server's own loop: one line a second when out of descriptors
        yield
        await sandbox.aclose()

    routes = _core_routes() + [route for module in ROUTE_MODULES for route in module.routes()]
    # The log is outermost, so it also records what the guard refused (a cross-site write, a bad
    # Host); it reads no body itself. The guard answers from the head; only then does
    # BodyPrefetch read the body's first bytes for the log, before the route.
    recording = Middleware(RecordingMiddleware, log=sandbox.requests, clock=sandbox.clock)
    app = Starlette(routes=routes, exception_handlers=EXCEPTION_HANDLERS, lifespan=lifespan,
                    middleware=[recording, Middleware(Guard, config=sandbox.config),
                                Middleware(BodyPrefetch)])
    app.state.sandbox = sandbox
    return app
