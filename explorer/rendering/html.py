"""The ``Card`` as static HTML: no script, no event handler, every string escaped.

Small components, one per part of a card. The stylesheet (``style.css``) is inlined into each
output, scoped under ``div.wle``, so an output looks the same in JupyterLab, nbconvert, a static
site or VS Code, with no file or network fetch.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from importlib.resources import files

from .card import Badge, Card, Code, Rich, Row, Section
from .labels import LABELS


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The package's CSS, read once."""
    return files(__package__).joinpath("style.css").read_text(encoding="utf-8")


def card_html(card: Card) -> str:
    """A whole card, its ``<style>`` included."""
    lang = "zh" if card.language.lower().startswith("zh") else "en"
    parts = [
        f'<div class="wle wle-{card.badge.tone}" lang="{lang}">',
        f"<style>{stylesheet()}</style>",
        f'<div class="wle-head">{badge(card.badge)}'
        f'<span class="wle-headline">{escape(card.headline)}</span></div>',
    ]
    if card.next_step:
        parts.append('<p class="wle-next"><span '
                     f'class="wle-key">{escape(LABELS[card.next_label](card.language))}'
                     f"</span>{escape(card.next_step)}</p>")
    parts += [note(n) for n in card.notes]
    parts += [section(s) for s in card.sections]
    parts.append("</div>")
    return "".join(parts)


def badge(b: Badge) -> str:
    return f'<span class="wle-badge wle-{b.tone}">{escape(b.text)}</span>'


def inline(run: Rich | str) -> str:
    """Text with quoted values as ``<code>``; everything escaped."""
    if isinstance(run, str):
        return escape(run)
    return "".join(f"<code>{escape(p.text)}</code>" if isinstance(p, Code) else escape(p)
                   for p in run)


def note(run: Rich | str) -> str:
    return f'<p class="wle-note">{inline(run)}</p>'


def rows(items: tuple[Row, ...]) -> str:
    if not items:
        return ""
    body = "".join(row(r) for r in items)
    return ('<table class="wle-rows"><colgroup><col class="wle-k"><col></colgroup>'
            f"<tbody>{body}</tbody></table>")


def row(r: Row) -> str:
    value = (f"<code>{escape(r.value)}</code>" if r.code and isinstance(r.value, str)
             else inline(r.value))
    hint = f'<span class="wle-hint">{escape(r.hint)}</span>' if r.hint else ""
    return f"<tr><th>{escape(r.label)}</th><td>{value}{hint}</td></tr>"


def section(s: Section) -> str:
    title = escape(s.title) + (badge(s.badge) if s.badge else "")
    inner = "".join([
        *(note(n) for n in s.notes),
        rows(s.rows),
        *(section(c) for c in s.children),
        *(f'<div class="wle-caption">{escape(caption)}</div><pre>{escape(text)}</pre>'
          for caption, text in s.pre),
        *(image(caption, data) for caption, data in s.images),
    ])
    if s.collapsed:
        return (f'<details class="wle-section wle-{s.tone}"><summary>{title}</summary>'
                f"{inner}</details>")
    return (f'<div class="wle-section wle-{s.tone}"><div class="wle-title">{title}</div>'
            f"{inner}</div>")


_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")


def image(caption: str, data: str) -> str:
    """A PNG from base64 as an inline ``data:`` image; a value that is not base64 is not drawn."""
    if not data or not _BASE64.match(data):
        return f'<div class="wle-caption">{escape(caption)}</div>'
    return (f'<figure class="wle-image"><img alt="{escape(caption)}" '
            f'src="data:image/png;base64,{"".join(data.split())}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")
