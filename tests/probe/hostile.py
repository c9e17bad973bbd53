"""Hostile tenants: real HTTP/1.1 servers on 127.0.0.1 that answer every request badly.

Raw asyncio servers (no framework would send these): an endless chunked body, a body or a header
that trickles one byte at a time, a gzip bomb, a broken gzip body, a 20 MB answer, answers of NUL
bytes, a JWKS whose ``kid`` is a list or an object. Every loop is bounded, so a server stops by
itself even if the probe never does, and ``hostile_tenant`` cancels whatever is still running when
it exits.
"""

from __future__ import annotations

import asyncio
import json
import struct
import threading
import zlib
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import cache

MIB = 1 << 20
ENDLESS_BOUND = 512 * MIB
"""What the endless body sends at most per request (the old probe read all of it)."""
BOMB_INFLATED = 512 * MIB
TRICKLE_BYTES = 400
TRICKLE_PAUSE = 0.25
TWENTY_MB = 20_000_000

Behaviour = Callable[[str, asyncio.StreamWriter], Awaitable[None]]


def _head(*headers: str, status: str = "200 OK") -> bytes:
    lines = (f"HTTP/1.1 {status}", *headers, "Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def endless(path: str, writer: asyncio.StreamWriter) -> None:
    """A chunked JSON body that does not end (until ``ENDLESS_BOUND``)."""
    writer.write(_head("Content-Type: application/json", "Transfer-Encoding: chunked"))
    chunk = b" " * (64 * 1024)
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    for _ in range(ENDLESS_BOUND // len(chunk)):
        writer.write(framed)
        await writer.drain()


async def trickle(path: str, writer: asyncio.StreamWriter) -> None:
    """A body announced as 400 bytes, sent one byte every ``TRICKLE_PAUSE`` seconds."""
    writer.write(_head("Content-Type: application/json", f"Content-Length: {TRICKLE_BYTES}"))
    for _ in range(TRICKLE_BYTES):
        writer.write(b" ")
        await writer.drain()
        await asyncio.sleep(TRICKLE_PAUSE)


async def trickle_head(path: str, writer: asyncio.StreamWriter) -> None:
    """A status line, then a header that trickles one byte at a time."""
    writer.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(TRICKLE_BYTES):
        writer.write(b"a")
        await writer.drain()
        await asyncio.sleep(TRICKLE_PAUSE)


@cache
def gzip_bomb(inflated: int = BOMB_INFLATED) -> bytes:
    """Zeros, gzipped: about 1000 times smaller than they inflate. Made fast: after a full flush
    the compressor starts afresh, so every MiB of zeros compresses to the same bytes."""
    block = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)[:-8]  # the trailer of two blocks: replaced below
    crc = 0
    for _ in range(inflated // MIB):
        crc = zlib.crc32(block, crc)
    return first + piece * (inflated // MIB - 1) + end + struct.pack("<II", crc,
                                                                     inflated & 0xFFFFFFFF)


async def bomb(path: str, writer: asyncio.StreamWriter) -> None:
    """A JSON answer whose gzip body (about 0.5 MiB) inflates to 512 MiB."""
    body = gzip_bomb()
    writer.write(_head("Content-Type: application/json", "Content-Encoding: gzip",
                       f"Content-Length: {len(body)}"))
    for start in range(0, len(body), 64 * 1024):
        writer.write(body[start:start + 64 * 1024])
        await writer.drain()


async def broken_gzip(path: str, writer: asyncio.StreamWriter) -> None:
    """A body that says gzip, starts like gzip, and then is not."""
    body = zlib.compress(b'{"keys": []}', wbits=16 + zlib.MAX_WBITS)[:10] + b"\xff" * 64
    writer.write(_head("Content-Type: application/json", "Content-Encoding: gzip",
                       f"Content-Length: {len(body)}") + body)
    await writer.drain()


def nul_bytes(size: int) -> Behaviour:
    """A plain-text answer of ``size`` NUL bytes: small on the wire, six times larger once JSON
    escapes it (``\\u0000``) in a report."""
    body = b"\0" * size

    async def answer(path: str, writer: asyncio.StreamWriter) -> None:
        writer.write(_head("Content-Type: text/plain", f"Content-Length: {size}") + body)
        await writer.drain()
    return answer


def envelope(size: int) -> Behaviour:
    """A well-formed error envelope of about ``size`` bytes (its error_msg is the bulk)."""
    body = b'{"error_code":"IDAAS.SDK.PARAM.0001","error_msg":"' + b"x" * size + b'"}'

    async def answer(path: str, writer: asyncio.StreamWriter) -> None:
        writer.write(_head("Content-Type: application/json", f"Content-Length: {len(body)}",
                           status="400 Bad Request"))
        for start in range(0, len(body), MIB):
            writer.write(body[start:start + MIB])
            await writer.drain()
    return answer


def odd_kid(kid: object) -> Behaviour:
    """A JWKS whose only key has ``kid`` = ``kid``; every other request a small 400 envelope."""
    async def answer(path: str, writer: asyncio.StreamWriter) -> None:
        if path.endswith("/oauth2/keys"):
            body = json.dumps({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
                                         "n": "sXch", "e": "AQAB"}]}).encode()
            status = "200 OK"
        else:
            body = b'{"error_code":"IDAAS.SDK.PARAM.0001","error_msg":"no"}'
            status = "400 Bad Request"
        writer.write(_head("Content-Type: application/json", f"Content-Length: {len(body)}",
                           status=status) + body)
        await writer.drain()
    return answer


async def _handle(behaviour: Behaviour, reader: asyncio.StreamReader,
                  writer: asyncio.StreamWriter) -> None:
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        lines = head.decode("latin-1").split("\r\n")
        length = next((int(line.split(":", 1)[1]) for line in lines
                       if line.lower().startswith("content-length:")), 0)
        if length:
            await asyncio.wait_for(reader.readexactly(length), 30)
        await behaviour(lines[0].split(" ")[1], writer)
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
            TimeoutError):
        pass
    finally:
        writer.close()


@contextmanager
def hostile_tenant(behaviour: Behaviour) -> Iterator[str]:
    """A server answering every request with ``behaviour``; yields its base URL."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="hostile-tenant", daemon=True)
    thread.start()
    handlers: set[asyncio.Task[None]] = set()

    async def track(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)
        try:
            await _handle(behaviour, reader, writer)
        except asyncio.CancelledError:  # the server is closing: end quietly (asyncio would
            pass                        # log a cancelled connection callback as an error)
        finally:
            handlers.discard(task)

    async def close(server: asyncio.Server) -> None:
        server.close()
        for task in list(handlers):
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)

    server = asyncio.run_coroutine_threadsafe(
        asyncio.start_server(track, "127.0.0.1", 0), loop).result(30)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        asyncio.run_coroutine_threadsafe(close(server), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


__all__ = ["TWENTY_MB", "bomb", "broken_gzip", "endless", "envelope", "gzip_bomb",
           "hostile_tenant", "nul_bytes", "odd_kid", "trickle", "trickle_head"]
