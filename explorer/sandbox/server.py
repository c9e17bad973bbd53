"""Running the sandbox with uvicorn: ``serve`` in the foreground (the CLI), ``EmbeddedSandbox`` in a
background thread (tests, notebooks, widgets).

A deadline for each request: a connection that has not finished sending one within
``request_timeout`` seconds is closed.

uvicorn closes *idle* keep-alive connections (``timeout_keep_alive``), but a client that opens a
connection and sends nothing, or sends half its headers, or declares a body and never sends it
(slowloris), keeps its socket — and its file descriptor — for ever. The ASGI app cannot help: it
is not called before the headers are complete. So the deadline lives in the HTTP protocol: a
subclass of uvicorn's h11 protocol arms a timer when a request starts (the connection opens, or
the first byte after a response arrives) and disarms it when h11 has the whole request; when the
timer fires first, the transport is closed.

The same protocol answers one refusal of h11's in the envelope: a ``Host`` header sent twice
never reaches the ASGI app (h11 refuses the request), so it would get uvicorn's plain-text 400;
it gets ``SANDBOX.HTTP.0401`` naming ``host``, as any other repeated header does at the
front door (``_middleware.py``).
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from typing import Any, ClassVar

import h11
import httpx
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import SandboxError
from .app import create_app
from .config import SandboxConfig
from .flow_rules import error_response


# ------------------------------------------------------------ server
def uvicorn_options(config: SandboxConfig) -> dict[str, Any]:
    """What every sandbox server passes uvicorn: the h11 protocol with a per-request deadline,
    and the same limit for idle keep-alive connections."""
    return {"http": _protocol_with_deadline(config.request_timeout),
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
            raise SandboxError("the sandbox is not running; call start() first")
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
        """Block until the server answers ``/healthz`` (``SandboxError`` after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self._server
            if server is not None and server.started and server.servers:
                self._port = server.servers[0].sockets[0].getsockname()[1]
                try:
                    # plain http to loopback: no TLS context (tens of ms) for a health check
                    if httpx.get(self.base_url + "/healthz", timeout=2.0,
                                 verify=False).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
            if self._thread is not None and not self._thread.is_alive():
                raise SandboxError("the sandbox server stopped while starting")
            time.sleep(0.02)
        raise SandboxError(f"the sandbox did not start within {timeout} s")

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


# ------------------------------------------------------------ deadline
_FINISHED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR)


class _DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a per-request deadline (``request_timeout`` seconds)."""

    request_timeout: float = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's plain-text 400 for what h11 refuses, except a repeated ``Host``: the
        envelope (uvicorn calls this inside its ``except``, so the refusal is at hand)."""
        refusal = sys.exc_info()[1]
        if not (isinstance(refusal, h11.RemoteProtocolError)
                and "multiple Host" in str(refusal)):
            super().send_400_response(msg)
            return
        answer = error_response("SANDBOX.HTTP.0401", None, "host")
        headers = [(b"content-type", answer.media_type.encode() if answer.media_type else b""),
                   (b"content-length", str(len(answer.body)).encode()),
                   (b"connection", b"close")]
        for event in (h11.Response(status_code=answer.status_code, headers=headers),
                      h11.Data(data=bytes(answer.body)), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

    def _receiving(self) -> bool:
        """True while a request has begun and h11 does not have all of it yet."""
        state = self.conn.their_state
        if state in _FINISHED:
            return False
        if state is h11.IDLE:
            return bool(self.conn.trailing_data[0])  # part of the next request's head
        return True  # SEND_BODY

    def _follow(self) -> None:
        if self._receiving():
            self._arm()
        else:
            self._disarm()

    def _arm(self) -> None:
        if self._deadline is None and not self.transport.is_closing():
            self._deadline = self.loop.call_later(self.request_timeout, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0] and \
                self.cycle is not None:
            return  # between requests: uvicorn's keep-alive timer owns this connection
        if not self.transport.is_closing():
            self.transport.close()


def _protocol_with_deadline(request_timeout: float) -> type[_DeadlineH11Protocol]:
    """The protocol class for ``uvicorn.Config(http=...)`` with this deadline."""
    return type("_DeadlineH11Protocol", (_DeadlineH11Protocol,),
                {"request_timeout": float(request_timeout)})
