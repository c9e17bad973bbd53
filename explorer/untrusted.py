"""Text from outside — a tenant's answers, its recorded exchanges — shown as text, never as markup.

Every such byte on a "Your tenant" page or in a probe report goes through ``as_text``: each
character that is not a letter, a digit or a space becomes a numeric character reference (``<`` →
``&#60;``, a backtick → ``&#96;``, a newline → ``&#10;``). A browser shows the same characters;
Markdown finds no syntax left to read — no fence to close, no link, no attribute list, no raw HTML,
not even a line to start a block on — so the text stays text wherever it lands: a table cell, a
heading, an admonition's title, a ``<pre>`` block, an HTML file. The other helpers only wrap it:

- ``as_block`` / ``as_code``: a ``<pre>`` block / an inline ``<code>`` of ``as_text``.
- ``label``: for the one place a theme prints a string raw *after* decoding its entities (a page
  title in the navigation and in ``<title>``): letters, digits and a little punctuation only.
- ``one_line``: HTML that its maker already escaped (a result card), kept on one line so Markdown
  passes it through as one raw block instead of reading a fence in a ``<pre>`` inside it.
- ``script_json``: data for a ``<script type="application/json">`` element, which no ``<`` can end.
"""

from __future__ import annotations

import json
import re
from typing import Any

_KEEP_IN_LABEL = frozenset(" -_.,:()")
_STYLE = re.compile(r"(<style\b[^>]*>.*?</style>)", re.S | re.I)


def as_text(value: str) -> str:
    """``value`` as HTML text that neither HTML nor Markdown reads as anything but these
    characters: all but letters, digits and spaces become ``&#N;``."""
    return "".join(ch if ch == " " or ch.isalnum() else f"&#{ord(ch)};" for ch in value)


def as_code(value: str) -> str:
    """Inline code showing ``value``."""
    return f"<code>{as_text(value)}</code>"


def as_block(value: str) -> str:
    """A ``<pre>`` block showing ``value`` line by line (on one line of Markdown)."""
    return f'<pre class="wx-untrusted"><code>{as_text(value)}</code></pre>'


def label(value: str, fallback: str, limit: int = 80) -> str:
    """``value`` reduced to letters, digits, spaces and ``-_.,:()`` (at most ``limit``
    characters), or ``fallback`` when nothing is left."""
    kept = "".join(ch if ch.isalnum() or ch in _KEEP_IN_LABEL else " " for ch in value)
    kept = " ".join(kept.split())[:limit].strip()
    return kept or fallback


def one_line(fragment: str) -> str:
    """Escaped HTML on one line: a newline becomes ``&#10;`` in text (a space in a stylesheet),
    so no line of it can start a Markdown block."""
    parts = _STYLE.split(fragment)
    return "".join(re.sub(r"[\r\n]", " ", part) if i % 2 else
                   part.replace("\r", "&#13;").replace("\n", "&#10;")
                   for i, part in enumerate(parts))


def script_json(data: Any) -> str:
    """``data`` as JSON for a ``<script type="application/json">`` element: ``<``, ``>`` and
    ``&`` as ``\\u`` escapes, so no ``</script>`` or ``<!--`` can appear in it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


__all__ = ["as_block", "as_code", "as_text", "label", "one_line", "script_json"]
