"""One request of the probe, read within bounds: at most ``cap`` bytes after decompression, and
nothing after a wall-clock ``deadline``.

httpx's timeouts are per read, so an answer that trickles one byte at a time never ends, and its
decoders inflate a whole network chunk at once (a 64 KiB gzip chunk can become 64 MB). Here the
raw bytes are inflated by ``zlib`` with ``max_length``, so no step makes more than the room left
under the cap; and the request runs in a worker thread that the caller leaves at the deadline,
whatever the worker is blocked on (a trickled header included). Each read also times out at the
time left, so an abandoned worker ends by itself soon after.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, replace
from typing import Literal

import httpx

from ..client.core import exchange_of
from ..results import Exchange

Stop = Literal["complete", "cap", "deadline", "broken", "failed"]
INFLATED = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
"""The content codings the probe inflates itself (the ones httpx would decode without extras)."""


@dataclass(frozen=True)
class Fetched:
    """How one request ended: ``complete``, or stopped at the ``cap``, at the ``deadline``, on a
    ``broken`` content coding, or ``failed`` (no answer). ``exchange`` holds what was read (None
    when no status line and headers arrived)."""

    stop: Stop
    exchange: Exchange | None
    received: int
    """Bytes of the body read, after decompression."""
    error: str = ""
    coding: str = ""


class _Inflater:
    """A body's content coding undone with a bounded output (identity and unknown codings pass
    through, as httpx passes them)."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        wbits = INFLATED.get(coding)
        self._zlib = zlib.decompressobj(wbits) if wbits is not None else None
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Up to ``room`` bytes of the decoded body; zlib.error on a broken coding."""
        if self._zlib is None:
            return data[:room]
        try:
            out = self._zlib.decompress(data, room)
        except zlib.error:
            if self.coding != "deflate" or self._started:
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # deflate sent without its header
            out = self._zlib.decompress(data, room)
        self._started = True
        return out


class _Progress:
    """What the worker has read so far; the caller reads it when the worker ends or at the
    deadline (then ``abandoned`` tells the worker to stop at its next chunk)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.response: httpx.Response | None = None
        self.body = bytearray()
        self.stop: Stop | None = None
        self.error = ""
        self.coding = ""
        self.abandoned = False

    def finish(self, stop: Stop, error: str = "") -> None:
        with self.lock:
            if self.stop is None:
                self.stop, self.error = stop, error


def _read(http: httpx.Client, request: httpx.Request, cap: int, progress: _Progress) -> None:
    try:
        response = http.send(request, stream=True)
        try:
            coding = response.headers.get("content-encoding", "").strip().lower()
            inflater = _Inflater(coding)
            with progress.lock:
                progress.response, progress.coding = response, coding
            for raw in response.iter_raw():
                room = cap + 1 - len(progress.body)
                try:
                    decoded = inflater.feed(raw, room)
                except zlib.error as exc:
                    progress.finish("broken", str(exc))
                    return
                with progress.lock:
                    if progress.abandoned:
                        return
                    progress.body += decoded[: cap - len(progress.body)]
                if len(decoded) >= room:
                    progress.finish("cap")
                    return
        finally:
            response.close()
        progress.finish("complete")
    except httpx.HTTPError as exc:
        progress.finish("failed", f"{type(exc).__name__}: {exc}" if str(exc)
                        else type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a worker's error must reach the caller as data
        progress.finish("failed", f"{type(exc).__name__}: {exc}")


def fetch(http: httpx.Client, request: httpx.Request, *, cap: int, deadline: float) -> Fetched:
    """Send ``request`` and read its answer until it is complete, ``cap`` bytes (decoded) are
    read, or ``time.monotonic()`` reaches ``deadline``."""
    started = time.monotonic()
    left = max(deadline - started, 0.001)
    request.extensions["timeout"] = httpx.Timeout(left).as_dict()  # each read: the time left
    progress = _Progress()
    worker = threading.Thread(target=_read, args=(http, request, cap, progress),
                              name="probe-request", daemon=True)
    worker.start()
    worker.join(timeout=left)
    with progress.lock:
        if worker.is_alive():
            progress.abandoned = True
            if progress.stop is None:
                progress.stop = "deadline"
        stop = progress.stop or "failed"
        response, body = progress.response, bytes(progress.body)
    elapsed = time.monotonic() - started
    exchange = None
    if response is not None:
        shell = exchange_of(request, httpx.Response(response.status_code,
                                                    headers=response.headers, request=request))
        exchange = replace(shell, response_body=body.decode("utf-8", "replace"),
                           elapsed_ms=round(elapsed * 1000, 3))
    return Fetched(stop, exchange, len(body), progress.error, progress.coding)


__all__ = ["Fetched", "Stop", "fetch"]
