"""The slider captcha: ``GET /api/v2/sdk/captcha`` serves a puzzle, ``POST
/api/v2/sdk/captcha/verify`` checks where the piece was dropped and hands out a captcha pass for
one sender. ``answer`` backs the admin route ``GET /sandbox/captcha/{token}`` that reveals it.

A puzzle takes one answer, right or wrong (a wrong one cannot be refined by trying again), and
lives ``CAPTCHA_TTL`` seconds; so does the pass, which ``sms/send``/``email/send`` use once.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..catalogue import Msg
from ..contract import CAPTCHA, CAPTCHA_VERIFY
from . import captcha_image
from .errors import ApiError
from .flow_rules import canonical, check_client, json_fields
from .store import NotFound

if TYPE_CHECKING:
    from .context import Sandbox

CAPTCHA_TTL = 120
TOLERANCE = 5
"""How far (in pixels, along x and along y) a drop may be from the gap and still count."""
FAILED = "IDAAS.SDK.CAPTCHA.0002"

_REASONS = {
    "unknown": Msg("unknown, answered or expired captcha"),
    "point": Msg('point_json must be JSON text such as {"x":237.0,"y":5.0}'),
    "wrong": Msg("the piece is not at the gap"),
}


async def get_captcha(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    check_client(request, sandbox)
    token = sandbox.rng.token(32)
    secret_key = sandbox.rng.token(16)
    puzzle = captcha_image.draw(int.from_bytes(sandbox.rng.bytes(8), "big"))
    with sandbox.store.transaction() as db:
        db.execute("INSERT INTO captchas (token, x, y, expires_at) VALUES (?, ?, ?, ?)",
                   (token, puzzle.x, puzzle.y, sandbox.clock.timestamp() + CAPTCHA_TTL))
    original, jigsaw = puzzle.base64()
    return JSONResponse({"token": token, "secretKey": secret_key,
                         "originalImageBase64": original, "jigsawImageBase64": jigsaw})


def _point(text: str) -> tuple[float, float] | None:
    try:
        point = json.loads(text)
        x, y = float(point["x"]), float(point["y"])
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    return (x, y) if math.isfinite(x) and math.isfinite(y) else None


async def verify_captcha(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    language = request.headers.get("x-l")
    check_client(request, sandbox)
    fields = await json_fields(request, CAPTCHA_VERIFY)
    now = sandbox.clock.timestamp()
    with sandbox.store.transaction() as db:
        row = db.execute("SELECT * FROM captchas WHERE token = ?", (fields["token"],)).fetchone()
        live = row is not None and not row["answered"] and row["expires_at"] > now
        if live:
            db.execute("UPDATE captchas SET answered = 1 WHERE token = ?", (fields["token"],))
    if not live:
        raise ApiError(FAILED, _REASONS["unknown"](language))
    point = _point(fields["point_json"])
    if point is None:
        raise ApiError(FAILED, _REASONS["point"](language))
    if abs(point[0] - row["x"]) > TOLERANCE or abs(point[1] - row["y"]) > TOLERANCE:
        raise ApiError(FAILED, _REASONS["wrong"](language))
    captcha_token = sandbox.rng.token(32)
    with sandbox.store.transaction() as db:
        db.execute("INSERT INTO captcha_passes (captcha_token, sender, expires_at) "
                   "VALUES (?, ?, ?)",
                   (captcha_token, canonical(fields["sender"]), now + CAPTCHA_TTL))
    return JSONResponse({"captcha_token": captcha_token})


def answer(sandbox: Sandbox, token: str) -> dict[str, float]:
    """Where the gap is (the sandbox's cheat sheet for notebooks and tests)."""
    row = sandbox.store.one("SELECT x, y FROM captchas WHERE token = ?", token)
    if row is None:
        raise NotFound(f"captcha {token!r}")
    return {"x": float(row["x"]), "y": float(row["y"])}


def routes() -> list[BaseRoute]:
    return [Route(CAPTCHA.path, get_captcha, methods=["GET"]),
            Route(CAPTCHA_VERIFY.path, verify_captcha, methods=["POST"])]
