"""What the request log costs on the login's hot path: one ASGI call through
``RecordingMiddleware`` beside the same call unwrapped (in-process, no network), and what reading
the largest page of the log (LIMIT_MAX entries, serialised and masked on read) costs.

    python3 benchmarks/request_log.py [--calls 50000]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from explorer.sandbox._middleware import LIMIT_MAX, RecordingMiddleware, RequestLog
from explorer.sandbox.config import Clock

BODY = (b'{"access_token":"8B11C37B7894C5E2347E1606DC7CCFDC",'
        b'"uid":"D8924F7071DC1D29A6822C794D848D9C"}')
SCOPE: dict[str, Any] = {"type": "http", "method": "POST", "path": "/api/v2/sdk/login/weibo",
                         "query_string": b"", "headers": [(b"x-agent", b"Mozilla/5.0")] * 8}


async def login_like(scope: Any, receive: Any, send: Any) -> None:
    await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b'{"status":"SUCCESS"}'})


async def receive() -> dict[str, Any]:
    return {"type": "http.request", "body": BODY, "more_body": False}


async def send(message: Any) -> None:
    return None


async def per_call(app: Any, calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        await app(SCOPE, receive, send)
    return (time.perf_counter() - started) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=50_000)
    calls = parser.parse_args().calls
    recorded = RecordingMiddleware(login_like, RequestLog(), Clock())
    bare = asyncio.run(per_call(login_like, calls))
    wrapped = asyncio.run(per_call(recorded, calls))
    print(f"unwrapped ASGI call   {bare:8.2f} µs")
    print(f"recorded ASGI call    {wrapped:8.2f} µs   (+{wrapped - bare:.2f} µs per call)")
    started = time.perf_counter()
    entries = recorded.log.page(0, LIMIT_MAX)
    print(f"read {len(entries)} entries   {(time.perf_counter() - started) * 1000:8.1f} ms "
          "(serialised and masked on read)")


if __name__ == "__main__":
    main()
