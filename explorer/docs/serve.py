"""``serve``: the built site and a sandbox on one loopback origin.

One origin means the Try-it panels reach the sandbox with plain same-origin ``fetch`` — no CORS,
no second port to configure. A request goes to the sandbox when one of its routes matches the
path (its API paths, its admin API, its JWKS), and to the site's files otherwise.

Every answer carries the site's Content-Security-Policy as a header (``csp.for_path``): the pages'
own ``<meta>`` policy plus ``frame-ancestors``, and for the pages of ``tenant/`` the ``sandbox``
directive, which puts them in an opaque origin that the admin API refuses.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..sandbox import SandboxConfig
from ..sandbox import create_app as create_sandbox
from ..sandbox.config import is_loopback
from . import csp


class SiteAndSandbox:
    """An ASGI app: the sandbox for the paths its routes match, the static site for the rest."""

    def __init__(self, site_dir: Path, sandbox: Any | None = None) -> None:
        index = Path(site_dir) / "index.html"
        if not index.is_file():
            raise FileNotFoundError(f"{site_dir} holds no built site (no index.html): "
                                    "run `weibo-explorer docs build` first")
        # Inside a Starlette app, a missing file is a plain 404 (the site's 404.html when built),
        # never an unhandled exception.
        self.site: ASGIApp = Starlette(routes=[
            Mount("/", app=StaticFiles(directory=str(site_dir), html=True))])
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            if self.sandbox is not None:
                await self.sandbox(scope, receive, send)
            else:
                await _no_lifespan(receive, send)
        elif self.sandbox is not None and self._for_sandbox(scope):
            await self.sandbox(scope, receive, _with_policy(scope, send))
        else:
            await self.site(scope, receive, _with_policy(scope, send))

    def _for_sandbox(self, scope: Scope) -> bool:
        if self.sandbox is None:
            return False
        return any(route.matches(scope)[0] is not Match.NONE for route in self.sandbox.routes)


def _with_policy(scope: Scope, send: Send) -> Send:
    """``send`` with the Content-Security-Policy for this request's path added to the answer."""
    policy = csp.for_path(scope.get("path", "/")).encode("latin-1")

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", [])
                       if k.lower() != b"content-security-policy"]
            message = {**message, "headers": [*headers, (b"content-security-policy", policy)]}
        await send(message)

    return sending


async def _no_lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _loopback(host: str) -> None:
    if not is_loopback(host):
        raise ValueError(f"the docs server listens on loopback only, not {host!r}")


class ServedSite:
    """The site (and a sandbox, unless ``sandbox`` is None) served from a background thread.

    ``port=0`` picks a free port. The sandbox's ``public_url`` becomes the served origin, so the
    id_tokens it issues name the origin the reader's browser talks to."""

    def __init__(self, site_dir: Path, host: str = "127.0.0.1", port: int = 0,
                 sandbox: SandboxConfig | None = None) -> None:
        _loopback(host)
        self.site_dir = Path(site_dir)
        self.sandbox_config = sandbox
        self._sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._sock.bind((host, port))
        except OSError as exc:
            self._sock.close()
            raise OSError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
        bound = self._sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{shown}:{bound}"
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def app(self) -> SiteAndSandbox:
        sandbox = None
        if self.sandbox_config is not None:
            from dataclasses import replace

            host, port = self._sock.getsockname()[:2]
            config = replace(self.sandbox_config, host=host, port=port,
                             public_url=self.sandbox_config.public_url or self.base_url)
            sandbox = create_sandbox(config)
        return SiteAndSandbox(self.site_dir, sandbox)

    def run(self) -> None:
        """Serve in this thread until interrupted."""
        try:  # the socket is closed whatever happens, also when the site is missing
            self._server = self._uvicorn()
            self._server.run(sockets=[self._sock])
        finally:
            self._sock.close()

    def __enter__(self) -> ServedSite:
        try:  # a failed start never reaches __exit__: the socket is closed here
            self._server = self._uvicorn()
            self._thread = threading.Thread(target=self._server.run,
                                            kwargs={"sockets": [self._sock]},
                                            name=f"docs-serve {self.base_url}", daemon=True)
            self._thread.start()
            while not self._server.started:
                if not self._thread.is_alive():
                    raise RuntimeError(f"the docs server at {self.base_url} did not start")
                threading.Event().wait(0.02)
        except BaseException:
            self._sock.close()
            raise
        return self

    def wait(self) -> None:
        """Block until the server stops (Ctrl+C in this thread stops it through ``__exit__``)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.5)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._sock.close()

    def _uvicorn(self) -> Any:
        import uvicorn

        self._sock.listen(128)
        from ..sandbox.server import uvicorn_options

        config = uvicorn.Config(self.app(), log_level="warning", lifespan="on",
                                access_log=False,
                                **uvicorn_options(self.sandbox_config or SandboxConfig()))
        return uvicorn.Server(config)
