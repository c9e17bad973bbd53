"""Running the sandbox with uvicorn: ``serve`` in the foreground (the CLI), ``EmbeddedSandbox`` in a
background thread (tests, notebooks, widgets)."""

from __future__ import annotations

import threading
import time
from typing import Any, ClassVar

import httpx
import uvicorn

from .. import plain_get
from .app import create_app
from .config import SandboxConfig
from .deadline import protocol_with_deadline


def uvicorn_options(config: SandboxConfig) -> dict[str, Any]:
    """What every sandbox server passes uvicorn: the h11 protocol with a per-request deadline,
    and the same limit for idle keep-alive connections."""
    return {"http": protocol_with_deadline(config.request_timeout),
            "timeout_keep_alive": config.request_timeout}


def serve(config: SandboxConfig, *, access_log: bool = False) -> None:
    """Run the sandbox until interrupted (``weibo-explorer sandbox``). The per-request access log
    is off unless asked for: writing a line per request cost about 17 % of the throughput."""
    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="info",
                access_log=access_log,
                date_header=config.clock is None,  # a frozen clock sends no wall-clock Date
                **uvicorn_options(config))


class EmbeddedSandbox:
    """A sandbox on a free loopback port in a background thread.

    Use as a context manager, or ``start()`` / ``stop()``. Takes ``SandboxConfig``'s fields; the
    port defaults to 0 (any free port) and ``base_url`` tells where it landed.
    """

    _shared: ClassVar[EmbeddedSandbox | None] = None
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, **fields: Any) -> None:
        fields.setdefault("port", 0)
        self.config = SandboxConfig(**fields)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    @classmethod
    def shared(cls) -> EmbeddedSandbox:
        """One process-wide sandbox with the docs fixtures, started on first use."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls(fixtures="docs").start()
            return cls._shared

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        return f"http://{self.config.host}:{self._port}"

    def start(self) -> EmbeddedSandbox:
        if self._port is not None:  # running
            return self
        self.stop()  # one asked to stop without waiting: wait now
        config = uvicorn.Config(create_app(self.config), host=self.config.host,
                                port=self.config.port, log_level="warning", lifespan="on",
                                date_header=False,  # wall-clock Date breaks same-bytes docs
                                **uvicorn_options(self.config))
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="sandbox", daemon=True)
        self._thread.start()
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 15.0) -> None:
        """Block until the server answers ``/healthz`` (RuntimeError after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self._server
            if server is not None and server.started and server.servers:
                self._port = server.servers[0].sockets[0].getsockname()[1]
                try:
                    # plain http to loopback: no TLS context (tens of ms) for a health check
                    if plain_get.get(self.base_url + "/healthz", timeout=2.0).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
            if self._thread is not None and not self._thread.is_alive():
                raise RuntimeError("the sandbox server stopped while starting")
            time.sleep(0.02)
        raise RuntimeError(f"the sandbox did not start within {timeout} s")

    def stop(self, *, wait: bool = True) -> None:
        """Shut down cleanly: finish open requests, run the lifespan's shutdown, join.

        With ``wait=False`` only ask: uvicorn winds down in its thread (about 0.15 s: its 0.1 s
        tick, then a 0.1 s grace for open connections) and frees the port after; a later
        ``stop()`` or ``start()`` waits for it. The docs build's workers go on to their next
        notebook meanwhile."""
        if self._server is not None:
            self._server.should_exit = True
        self._port = None
        if wait:
            if self._thread is not None:
                self._thread.join(timeout=15.0)
            self._server = self._thread = None

    def __enter__(self) -> EmbeddedSandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.base_url if self._port else "stopped"
        return f"<EmbeddedSandbox {where} db={self.config.db!r} seed={self.config.seed!r}>"
