"""The slider captcha: ``GET /api/v2/sdk/captcha`` serves a puzzle, ``POST
/api/v2/sdk/captcha/verify`` checks where the piece was dropped and hands out a captcha pass for
one sender. ``answer`` backs the admin route ``GET /sandbox/captcha/{token}`` that reveals it.

A puzzle takes one answer, right or wrong (a wrong one cannot be refined by trying again), and
lives ``CAPTCHA_TTL`` seconds; so does the pass, which ``sms/send``/``email/send`` use once.

Verification codes: ``POST /api/v2/sdk/sms/send`` and ``/email/send`` deliver a code into the
sandbox outbox (``GET /sandbox/outbox``), and ``check`` is the one place the code rules live.

Rules: a code is six digits, lives ``CODE_TTL`` seconds, proves one type for one recipient once,
and dies after ``MAX_TRIES`` wrong tries; a new code of the same type and recipient replaces the
old. A send needs a captcha pass (the captcha above) for that very recipient, used once.

The slider puzzle's two PNGs, drawn with Pillow: a background with a gap, and the piece.

Pure drawing, no state: the same ``seed`` gives the same bytes (Pillow's PNG encoder is
deterministic for the same pixels), so a seeded sandbox serves byte-identical captchas.
"""

from __future__ import annotations

import base64
import io
import json
import math
import random
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw, ImageFilter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..catalogue import Msg
from ..contract import (
    CAPTCHA,
    CAPTCHA_VERIFY,
    EMAIL_SEND,
    EMAIL_TYPES,
    SMS_SEND,
    SMS_TYPES,
    Endpoint,
)
from ._store import NotFound
from .flow_rules import ApiError, canonical, check_client, json_fields, mask, state, state_user

if TYPE_CHECKING:
    from ._context import Sandbox


# ------------------------------------------------------------ captcha
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
    puzzle = draw(int.from_bytes(sandbox.rng.bytes(8), "big"))
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


def _routes_captcha() -> list[BaseRoute]:
    return [Route(CAPTCHA.path, get_captcha, methods=["GET"]),
            Route(CAPTCHA_VERIFY.path, verify_captcha, methods=["POST"])]


# ------------------------------------------------------------ codes
CODE_TTL = 300
MAX_TRIES = 5
SEND_FAILED, UNKNOWN_TYPE = "IDAAS.SDK.CAPTCHA.0006", "SANDBOX.PARAM.0002"
WRONG, EXPIRED, NONE, BURNED = ("SANDBOX.CODE.0001", "SANDBOX.CODE.0002", "SANDBOX.CODE.0003",
                                "SANDBOX.CODE.0004")
MFA_TYPE = "MFA_AUTH_SMS"

_SEND_REASONS = {
    "captcha": Msg("captcha_token is unknown, used or expired"),
    "sender": Msg("captcha_token was verified for another sender"),
    "mfa_phone": Msg("not the phone of this login"),
}


def spend_captcha_pass(db: sqlite3.Connection, captcha_token: str, recipient: str,
                       now: int) -> str | None:
    """Use the pass for ``recipient``; the reason it cannot be used, or None."""
    row = db.execute("SELECT * FROM captcha_passes WHERE captcha_token = ?",
                     (captcha_token,)).fetchone()
    if row is None or row["used"] or row["expires_at"] <= now:
        return "captcha"
    db.execute("UPDATE captcha_passes SET used = 1 WHERE captcha_token = ?", (captcha_token,))
    if row["sender"] != recipient:
        return "sender"
    return None


def _send(sandbox: Sandbox, db: sqlite3.Connection, channel: str, recipient: str,
          kind: str) -> None:
    code = sandbox.rng.choice("0123456789", 6)
    db.execute("INSERT INTO verify_codes (channel, recipient, type, code, sent_at, expires_at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (channel, recipient, kind, code, sandbox.clock.isoformat(),
                sandbox.clock.timestamp() + CODE_TTL))


async def _send_endpoint(request: Request, endpoint: Endpoint, channel: str,
                         types: tuple[str, ...]) -> Response:
    sandbox: Sandbox = request.app.state.sandbox
    language = request.headers.get("x-l")
    check_client(request, sandbox)
    fields = await json_fields(request, endpoint)
    address = fields["mobile" if channel == "sms" else "email"]
    kind = fields["type"]
    if kind not in types:
        raise ApiError(UNKNOWN_TYPE, kind)
    recipient = canonical(address)
    if kind == MFA_TYPE:  # the code goes to the phone on file of the login being completed
        claims = state(request, sandbox, "MFA_AUTH")
        user = state_user(request, sandbox, claims)  # 1007 when the user was removed since
        if address.strip() != mask(user["mobile"]) and recipient != canonical(user["mobile"]):
            raise ApiError(SEND_FAILED, _SEND_REASONS["mfa_phone"](language))
        recipient = canonical(user["mobile"])
        sender = canonical(address)
    else:
        sender = recipient
    now = sandbox.clock.timestamp()
    with sandbox.store.transaction() as db:
        reason = spend_captcha_pass(db, fields["captcha_token"], sender, now)
        if reason is None:
            _send(sandbox, db, channel, recipient, kind)
    if reason is not None:
        raise ApiError(SEND_FAILED, _SEND_REASONS[reason](language))
    return Response(status_code=200)


async def sms_send(request: Request) -> Response:
    return await _send_endpoint(request, SMS_SEND, "sms", SMS_TYPES)


async def email_send(request: Request) -> Response:
    return await _send_endpoint(request, EMAIL_SEND, "email", EMAIL_TYPES)


def check(db: sqlite3.Connection, recipient: str, kind: str, code: str,
          now: int) -> tuple[str, str | None] | None:
    """Check ``code`` for this recipient and type inside the caller's transaction: None when it
    is right (and now used), else ``(error code, detail)``. A wrong try is counted."""
    row = db.execute("SELECT * FROM verify_codes WHERE recipient = ? AND type = ? "
                     "ORDER BY id DESC LIMIT 1", (recipient, kind)).fetchone()
    if row is None or row["used"]:
        other = db.execute("SELECT type FROM verify_codes WHERE recipient = ? AND type != ? "
                           "AND used = 0 AND expires_at > ? AND code = ? ORDER BY id DESC "
                           "LIMIT 1", (recipient, kind, now, code)).fetchone()
        if other is not None:
            return NONE, f"{other['type']} ≠ {kind}"
        return NONE, ("used" if row is not None else kind)
    if row["tries"] >= MAX_TRIES:
        return BURNED, None
    if row["expires_at"] <= now:
        return EXPIRED, None
    if row["code"] != code:
        tries = row["tries"] + 1
        db.execute("UPDATE verify_codes SET tries = ? WHERE id = ?", (tries, row["id"]))
        return (BURNED, None) if tries >= MAX_TRIES else (WRONG, str(MAX_TRIES - tries))
    db.execute("UPDATE verify_codes SET used = 1 WHERE id = ?", (row["id"],))
    return None


def outbox(sandbox: Sandbox) -> list[dict[str, Any]]:
    """Every code sent, oldest first: what a phone or mailbox would have received."""
    return [{"channel": r["channel"], "to": r["recipient"], "type": r["type"], "code": r["code"],
             "sent_at": r["sent_at"]}
            for r in sandbox.store.all("SELECT * FROM verify_codes ORDER BY id")]


def _routes_codes() -> list[BaseRoute]:
    return [Route(SMS_SEND.path, sms_send, methods=["POST"]),
            Route(EMAIL_SEND.path, email_send, methods=["POST"])]


# ------------------------------------------------------------ captcha_image
WIDTH, HEIGHT = 310, 155
"""The background's size, as the AJ-Captcha slider the vendor's field names come from."""
PIECE = 47
"""The piece's bounding box: a 35 px square with a round tab on its right and top."""
_BODY, _TAB = 35, 12


@dataclass(frozen=True)
class Puzzle:
    x: int
    y: int
    background_png: bytes
    piece_png: bytes

    def base64(self) -> tuple[str, str]:
        return (base64.b64encode(self.background_png).decode(),
                base64.b64encode(self.piece_png).decode())


def _mask() -> Image.Image:
    """The jigsaw shape as a PIECE×PIECE alpha mask."""
    shape = Image.new("L", (PIECE, PIECE), 0)
    draw = ImageDraw.Draw(shape)
    top = PIECE - _BODY
    draw.rectangle((0, top, _BODY - 1, PIECE - 1), fill=255)
    r = _TAB // 2 + 1
    cx, cy = _BODY // 2, top
    draw.ellipse((cx - r, cy - r - 3, cx + r, cy + r - 3), fill=255)  # the tab on top
    cx, cy = _BODY, top + _BODY // 2
    draw.ellipse((cx - r - 2, cy - r, cx + r - 2, cy + r), fill=255)  # the tab on the right
    return shape


def _background(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    a = [rng.randrange(40, 200) for _ in range(3)]
    b = [rng.randrange(40, 200) for _ in range(3)]
    for column in range(WIDTH):  # a diagonal-ish gradient
        t = column / (WIDTH - 1)
        draw.line((column, 0, column, HEIGHT),
                  fill=tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3)))
    for _ in range(14):  # shapes, so that the gap's edges show against texture
        x0, y0 = rng.randrange(-30, WIDTH), rng.randrange(-30, HEIGHT)
        size = rng.randrange(18, 70)
        colour = tuple(rng.randrange(0, 256) for _ in range(3))
        box = (x0, y0, x0 + size, y0 + size)
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return image.filter(ImageFilter.SMOOTH)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def draw(seed: int) -> Puzzle:
    """A puzzle whose gap's top-left corner is at ``(x, y)`` on the background."""
    rng = random.Random(seed)
    background = _background(rng)
    x = rng.randrange(PIECE + 20, WIDTH - PIECE - 5)
    y = rng.randrange(5, HEIGHT - PIECE - 5)
    shape = _mask()
    box = (x, y, x + PIECE, y + PIECE)

    piece = Image.new("RGBA", (PIECE, HEIGHT), (0, 0, 0, 0))
    cut = background.crop(box).convert("RGBA")
    cut.putalpha(shape)
    piece.alpha_composite(cut, (0, y))
    outline = shape.filter(ImageFilter.FIND_EDGES)
    piece.paste((255, 255, 255, 255), (0, y), outline)

    shade = Image.new("RGB", (PIECE, PIECE), (0, 0, 0))
    gap = Image.blend(background.crop(box), shade, 0.55)
    background.paste(gap, box[:2], shape)
    background.paste((255, 255, 255), box[:2], outline)
    return Puzzle(x, y, _png(background), _png(piece))


def routes() -> list[BaseRoute]:
    return [*_routes_captcha(), *_routes_codes()]
