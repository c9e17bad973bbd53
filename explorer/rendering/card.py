"""What a rendered result is made of, before it becomes HTML, plain text or a Rich renderable.

The content of a card is decided once (``explorer.rendering.view``) as these plain values, then each
output format draws them (``html``, ``text``). Every string here is *text*, never markup: the
HTML writer escapes all of it, so a hostile server string stays data.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Literal

Tone = Literal["success", "warn", "error", "info", "neutral"]


@dataclass(frozen=True)
class Code:
    """A value quoted from the request or response, shown in monospace."""

    text: str


Inline = str | Code
Rich = tuple[Inline, ...]
"""A run of text with quoted values: ``("X-agent", Code("…"), " was empty")``."""


def fill(template: str, **values: object) -> Rich:
    """Split a label template at its ``{placeholders}`` and put the values in as ``Code``.

    A value that is already a ``Rich`` run or a ``str`` wrapped in ``Plain`` is inlined as is.
    """
    out: list[Inline] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            out.append(literal)
        if name is not None:
            value = values[name]
            if isinstance(value, Plain):
                out.append(value.text)
            elif isinstance(value, tuple):
                out.extend(value)
            else:
                out.append(value if isinstance(value, Code) else Code(str(value)))
    return tuple(out)


@dataclass(frozen=True)
class Plain:
    """Marks a ``fill`` value to be inlined as ordinary text, not code."""

    text: str


def plain(run: Rich | str) -> str:
    """A run as one string, quoted values in backticks (for text/plain)."""
    if isinstance(run, str):
        return run
    return "".join(f"`{part.text}`" if isinstance(part, Code) else part for part in run)


@dataclass(frozen=True)
class Badge:
    text: str
    tone: Tone


@dataclass(frozen=True)
class Row:
    """One line of a key/value table. ``code`` values are monospace and wrap anywhere."""

    label: str
    value: Rich | str
    code: bool = False
    hint: str = ""
    """A short gloss after the value, e.g. a relative time."""


@dataclass(frozen=True)
class Section:
    title: str
    badge: Badge | None = None
    notes: tuple[Rich | str, ...] = ()
    rows: tuple[Row, ...] = ()
    children: tuple[Section, ...] = ()
    pre: tuple[tuple[str, str], ...] = ()
    """Preformatted blocks as (caption, text)."""
    images: tuple[tuple[str, str], ...] = ()
    """PNG images as (caption, base64): drawn inline as ``data:`` URLs, never fetched."""
    collapsed: bool = False
    """Drawn closed (``<details>``) in HTML."""
    tone: Tone = "neutral"


@dataclass(frozen=True)
class Card:
    """One rendered result: a headline with a badge, then sections."""

    badge: Badge
    headline: str
    language: str
    next_step: str = ""
    next_label: str = "next"
    """The label key for ``next_step``: the next call, or for an error the action to take."""
    notes: tuple[Rich | str, ...] = ()
    sections: tuple[Section, ...] = field(default_factory=tuple)
