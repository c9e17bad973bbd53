"""A deadline for each request: a connection that has not finished sending one within
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
it gets ``SANDBOX.HTTP.0401`` naming ``host``, as any other repeated header does in ``guard.py``.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import error_response

_FINISHED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR)


class DeadlineH11Protocol(H11Protocol):
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


def protocol_with_deadline(request_timeout: float) -> type[DeadlineH11Protocol]:
    """The protocol class for ``uvicorn.Config(http=...)`` with this deadline."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,),
                {"request_timeout": float(request_timeout)})
