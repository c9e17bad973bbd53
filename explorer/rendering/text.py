"""The ``Card`` as readable text/plain and as a Rich renderable for the terminal.

Rich objects are built from ``Text`` values, never from markup strings, so a server string with
``[brackets]`` stays data here too.
"""

from __future__ import annotations

import unicodedata

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from .card import Card, Code, Rich, Row, Section, plain
from .labels import LABELS

INDENT = "  "
TONE_STYLES = {"success": "green", "error": "red", "warn": "yellow", "info": "blue",
               "neutral": "grey50"}


# ----------------------------------------------------------------------------------- text/plain
def card_text(card: Card) -> str:
    """A card as plain text: headline, next call, then each section indented."""
    lines = [f"[{card.badge.text}] {card.headline}"]
    if card.next_step:
        lines.append(f"{LABELS[card.next_label](card.language)}: {card.next_step}")
    lines += [f"! {plain(n)}" for n in card.notes]
    for s in card.sections:
        lines += ["", *_section_lines(s, 0)]
    return "\n".join(lines)


def _section_lines(s: Section, depth: int) -> list[str]:
    pad = INDENT * depth
    title = s.title + (f" [{s.badge.text}]" if s.badge else "")
    lines = [f"{pad}{'==' if depth == 0 else '--'} {title}"]
    lines += [f"{pad}{INDENT}! {plain(n)}" for n in s.notes]
    width = min(max((_width(r.label) for r in s.rows), default=0), 24)
    lines += [f"{pad}{INDENT}{r.label}{' ' * (width - _width(r.label))}  {_value(r)}"
              for r in s.rows]
    for child in s.children:
        lines += _section_lines(child, depth + 1)
    for caption, text in s.pre:
        lines.append(f"{pad}{INDENT}{caption}:")
        lines += [f"{pad}{INDENT * 2}{line}" for line in text.splitlines()]
    lines += [f"{pad}{INDENT}{caption}: {png_size(data)}" for caption, data in s.images]
    return lines


def png_size(data: str) -> str:
    """``PNG 310×155, 12,345 bytes`` from base64 (its IHDR), for where no image can be drawn."""
    import base64
    import binascii

    try:
        raw = base64.b64decode(data)
    except (binascii.Error, ValueError):
        return "not base64"
    if raw[:8] != b"\x89PNG\r\n\x1a\n" or len(raw) < 24:
        return f"not a PNG, {len(raw):,} bytes"
    width, height = int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
    return f"PNG {width}×{height}, {len(raw):,} bytes"


def _width(label: str) -> int:
    """Columns a label takes in a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in label)


def _value(r: Row) -> str:
    value = r.value if isinstance(r.value, str) else plain(r.value)
    return f"{value}  ({r.hint})" if r.hint else value


# ----------------------------------------------------------------------------------------- rich
def card_rich(card: Card) -> Panel:
    """A card as a Rich panel coloured by its status."""
    # in the body: wraps, never cut
    parts: list[RenderableType] = [RichText(card.headline, style="bold")]
    if card.next_step:
        parts.append(RichText.assemble((LABELS[card.next_label](card.language) + ": ", "bold"),
                                       card.next_step))
    parts += [_rich_run(n, prefix="! ") for n in card.notes]
    parts += [_rich_section(s) for s in card.sections]
    # A panel title is cut to one line; only the short badge goes there.
    title = RichText.assemble((f" {card.badge.text} ", _badge_style(card.badge.tone)))
    return Panel(Group(*parts), title=title, title_align="left",
                 border_style=TONE_STYLES[card.badge.tone])


def _rich_section(s: Section, depth: int = 0) -> Panel | Group:
    """A top-level section as a panel; a nested one as a titled, indented block."""
    parts: list[RenderableType] = [_rich_run(n, prefix="! ") for n in s.notes]
    if s.rows:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True, max_width=24)
        grid.add_column(overflow="fold")
        for r in s.rows:
            value = _rich_run(r.value) if not r.code else RichText(str(r.value), style="cyan")
            if r.hint:
                value.append(f"  ({r.hint})", style="dim")
            grid.add_row(RichText(r.label), value)
        parts.append(grid)
    parts += [_rich_section(c, depth + 1) for c in s.children]
    for caption, text in s.pre:
        parts += [RichText(caption, style="bold dim"), RichText(text, overflow="fold")]
    parts += [RichText(f"{caption}: {png_size(data)}") for caption, data in s.images]
    title = RichText(s.title, style="bold")
    if s.badge:
        title.append("  ").append(f" {s.badge.text} ", style=_badge_style(s.badge.tone))
    if depth:
        return Group(title, Padding(Group(*parts), (0, 0, 0, 2)))
    return Panel(Group(*parts), title=title, title_align="left",
                 border_style=TONE_STYLES[s.tone])


def _rich_run(run: Rich | str, prefix: str = "") -> RichText:
    if isinstance(run, str):
        return RichText(prefix + run)
    out = RichText(prefix)
    for part in run:
        out.append(part.text, style="cyan") if isinstance(part, Code) else out.append(part)
    return out


def _badge_style(tone: str) -> str:
    return f"bold white on {TONE_STYLES[tone]}"
