"""The sandbox in this process, with no port: httpx transports straight into its ASGI app.

For code that takes an httpx client: ``httpx.Client(transport=box.transport,
base_url=box.base_url)`` (or ``box.http()``), ``httpx.AsyncClient(transport=box.async_transport,
...)``, or
``IdaasClient(box.base_url, client_id, transport=box.transport)``. The answers are the real
server's (same app, same SQLite store, same signed JWTs); only the socket is gone.

httpx ships ``ASGITransport`` for async clients only. ``SyncASGITransport`` is the missing sync
half: the app and its lifespan run on an event loop in one background thread, and each sync
request is handed to that loop and waited for.

It buys against Starlette's ``TestClient`` (an anyio portal per call; its transport is private,
and Starlette 1.10 warns when it is used with httpx): ``benchmarks/sandbox_flows.py
--in-process``, medians of 3 runs on a shared 2-core machine, one USER_REGISTER walk 14.9 → 10.9
ms, ``captcha/verify`` 1.19 → 0.54 ms.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

import httpx

from .app import create_app
from .config import SandboxConfig

T = TypeVar("T")
BASE_URL = "http://idaas.sandbox.localhost"
"""The in-process tenant's address: never resolved, only carried in requests and the id_token's
``iss``. A ``.localhost`` name (RFC 6761), so a client knows it as this machine and does not warn
that real data leaves it (``ForeignTargetWarning``)."""


class SyncASGITransport(httpx.BaseTransport):
    """An ``httpx.BaseTransport`` that answers from an ASGI app running on ``loop``."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop,
                 client: tuple[str, int] = ("127.0.0.1", 50000)) -> None:
        self._asgi = httpx.ASGITransport(app=app, client=client)
        self._loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._loop.is_closed():  # as a stopped server refuses connections
            raise httpx.ConnectError("the in-process sandbox is closed", request=request)
        body = request.read()  # a byte stream both sync and async code can iterate

        async def answer() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            inner = httpx.Request(request.method, request.url, headers=request.headers,
                                  content=body, extensions=request.extensions)
            response = await self._asgi.handle_async_request(inner)
            content = await response.aread()
            return response.status_code, response.headers.raw, content

        future = asyncio.run_coroutine_threadsafe(answer(), self._loop)
        status, headers, content = future.result()
        return httpx.Response(status, headers=headers, content=content, request=request)


class InProcessSandbox:
    """A sandbox tenant served in-process. Takes ``SandboxConfig``'s fields; ``public_url``
    defaults to ``base_url``. Use as a context manager, or ``close()`` it."""

    def __init__(self, base_url: str = BASE_URL, **fields: Any) -> None:
        self.base_url = base_url.rstrip("/")
        fields.setdefault("public_url", self.base_url)
        self.config = SandboxConfig(**fields)
        self.app = create_app(self.config)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="sandbox-inprocess",
                                        daemon=True)
        self._thread.start()
        self._lifespan: AbstractAsyncContextManager[Any] = \
            self.app.router.lifespan_context(self.app)
        self._run(self._lifespan.__aenter__())
        self.transport = SyncASGITransport(self.app, self._loop)
        """For ``httpx.Client`` and ``IdaasClient``."""
        self.async_transport = httpx.ASGITransport(app=self.app, client=("127.0.0.1", 50000))
        """For ``httpx.AsyncClient`` and ``AsyncIdaasClient``."""

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def http(self, **options: Any) -> httpx.Client:
        """An ``httpx.Client`` on this tenant (close it, or use ``with``)."""
        return httpx.Client(transport=self.transport, base_url=self.base_url, **options)

    def close(self) -> None:
        """Run the app's shutdown (closes the store), then stop the loop's thread."""
        if self._thread.is_alive():
            self._run(self._lifespan.__aexit__(None, None, None))
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()

    def __enter__(self) -> InProcessSandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<InProcessSandbox {self.base_url} (no port)>"
