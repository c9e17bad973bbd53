"""The slider puzzle's two PNGs, drawn with Pillow: a background with a gap, and the piece.

Pure drawing, no state: the same ``seed`` gives the same bytes (Pillow's PNG encoder is
deterministic for the same pixels), so a seeded sandbox serves byte-identical captchas.
"""

from __future__ import annotations

import base64
import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

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
