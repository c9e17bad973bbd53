"""Normalised views of a text, each mapping its positions back to the original.

The detector (``explorer.redact.detect``) matches in the text and in these: Unicode NFKC (the
full-width ``１３８`` as ``138``), HTML character references, lines joined where a token was
wrapped (a terminal panel's borders), and the runs worth decoding (percent-escapes, base64).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import html
import re
import unicodedata
from functools import lru_cache

from .rules import JWT

MAX_DECODE = 1 << 20
"""A base64 run longer than this (an image) is not decoded."""


class View:
    """A normalised copy of a text that maps its positions back to the original."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._starts: list[int] = []
        self._origins: list[tuple[int, int, bool]] = []
        self._length = 0

    def add(self, piece: str, start: int, end: int) -> None:
        self._starts.append(self._length)
        self._origins.append((start, end, len(piece) == end - start))
        self.parts.append(piece)
        self._length += len(piece)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def origin(self, at: int, *, end: bool = False) -> int:
        i = bisect.bisect_right(self._starts, at - (1 if end and at else 0)) - 1
        i = max(i, 0)
        start, stop, linear = self._origins[i]
        if linear:
            return start + at - self._starts[i]
        return stop if end else start


@lru_cache(maxsize=1)
def _nfkc_changing() -> re.Pattern[str]:
    """The characters NFKC turns into the stuff of a value (full-width and circled digits and
    letters, ``＠``, ``＋``, ``．``, ``％``…), as one character class: found by regex, not char by
    char, and a Chinese page's full-width commas and colons leave the text as it is."""
    codes = [c for c in range(0x80, 0x20000) if not 0xD800 <= c <= 0xDFFF
             and VALUE_CHARS.fullmatch(unicodedata.normalize("NFKC", chr(c)))]
    ranges: list[list[int]] = []
    for code in codes:  # as ranges: a class of single characters is slow to match
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" if a < b
                                    else re.escape(chr(a)) for a, b in ranges) + "]")


VALUE_CHARS = re.compile(r"[0-9A-Za-z@.+%_-]+")


def nfkc(text: str) -> View | None:
    """Full-width digits, letters and signs as their plain forms (None: nothing changes)."""
    if text.isascii():
        return None
    view, last = View(), 0
    for m in _nfkc_changing().finditer(text):
        view.add(text[last:m.start()], last, m.start())
        view.add(unicodedata.normalize("NFKC", m.group(0)), m.start(), m.end())
        last = m.end()
    if last == 0:
        return None
    view.add(text[last:], last, len(text))
    return view


ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def entities(text: str) -> View | None:
    """HTML character references as the characters a reader sees (``&#49;`` → ``1``)."""
    if "&" not in text:
        return None
    view, last = View(), 0
    for m in ENTITY.finditer(text):
        char = html.unescape(m.group(0))
        if char == m.group(0):
            continue
        view.add(text[last:m.start()], last, m.start())
        view.add(char, m.start(), m.end())
        last = m.end()
    if last == 0:
        return None
    view.add(text[last:], last, len(text))
    return view


WRAP = re.compile(r"(?<=[A-Za-z0-9_.-])[ \t]*[│┃║|]?[ \t]*\r?\n[ \t]*[│┃║|]?[ \t]*"
                  r"(?=[A-Za-z0-9_.-])")
"""A line break inside a wrapped token, with a panel's border and padding around it."""


def joined(text: str) -> View | None:
    if "\n" not in text or "eyJ" not in text:
        return None
    view, last = View(), 0
    for m in WRAP.finditer(text):
        view.add(text[last:m.start()], last, m.start())
        view.add("", m.start(), m.end())
        last = m.end()
    if last == 0:
        return None
    view.add(text[last:], last, len(text))
    return view


JWT_GLUED = re.compile(JWT.pattern.removeprefix(r"\b"))
"""A JWT in joined lines, where the word before it may now touch it."""
PERCENT_RUN = re.compile(r"(?<![^\s\"'<>])[^\s\"'<>%]*(?:%[0-9A-Fa-f]{2}[^\s\"'<>%]*)+")
"""A word with percent-escapes in it (linear: it starts only where a word starts)."""
PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}")


def decoded_base64(run: str) -> str | None:
    if len(run) > MAX_DECODE:
        return None
    body = run.rstrip("=")
    padded = body + "=" * (-len(body) % 4)
    try:
        raw = (base64.urlsafe_b64decode(padded) if ("-" in body or "_" in body)
               else base64.b64decode(padded, validate=True))
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    printable = sum(c.isprintable() or c in "\n\r\t" for c in text)
    return text if text and printable >= 0.95 * len(text) else None


__all__ = ["BASE64_RUN", "JWT_GLUED", "MAX_DECODE", "PERCENT", "PERCENT_RUN", "View",
           "decoded_base64", "entities", "joined", "nfkc"]
