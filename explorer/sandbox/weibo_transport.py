"""``InProcessTransport``: an httpx transport that hands a request to an ASGI app in this process.

The same job as ``httpx.ASGITransport`` for the one call the login makes per request — a small form
POST to the fake Weibo — without the parts that call does not need: no async-library detection, no
completion event, no streamed response (the body arrives whole, in an ``httpx.ByteStream`` the
caller reads as from any transport). The request and the answer are still HTTP in
httpx's own models: method, path, headers and body bytes go in; status, headers and body bytes
come back.
"""

from __future__ import annotations

from typing import Any

import httpx
from starlette.types import ASGIApp, Message


class InProcessTransport(httpx.AsyncBaseTransport):
    """Send each request to ``app`` as one ASGI HTTP call; exceptions of the app propagate."""

    def __init__(self, app: ASGIApp, client: tuple[str, int] = ("127.0.0.1", 123)) -> None:
        self.app = app
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        stream = request.stream  # a request built with bytes holds them whole: no async read
        body = b"".join(stream) if isinstance(stream, httpx.ByteStream) else await request.aread()
        scope: dict[str, Any] = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "scheme": url.scheme, "path": url.path, "raw_path": url.raw_path.split(b"?")[0],
            "query_string": url.query, "server": (url.host, url.port), "client": self.client,
            "root_path": "",
        }
        sent = False
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        parts: list[bytes] = []

        async def receive() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body" and request.method != "HEAD":
                parts.append(message.get("body", b""))

        await self.app(scope, receive, send)
        # ``stream=``, as httpx's own transports answer: the caller reads it as any answer, and
        # the headers are the app's own, with no Content-Length added.
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(b"".join(parts)),
                              request=request)
