"""Reading a JSON request body safely: bounded size, a clear code for each way it can be wrong."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from ..contract import MAX_BODY_BYTES
from .errors import ApiError


async def read_bounded(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, or ``SANDBOX.BODY.0004`` (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError("SANDBOX.BODY.0004")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError("SANDBOX.BODY.0004")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_capped(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, cut as soon as it passes ``limit`` bytes (so an over-large body reads as
    ``limit + 1`` bytes): for callers that judge the size in their own order of checks."""
    chunks, size = [], 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)[: limit + 1]


def parse_json(raw: bytes, not_json: str, *, detail: bool = False) -> Any:
    """The parsed body, or the error ``not_json`` (with the parser's complaint if ``detail``)."""
    try:
        value = json.loads(raw)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # a lone surrogate is no text
        return value
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ApiError(not_json, str(exc)[:120] if detail else None) from None
