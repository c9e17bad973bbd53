"""Which address a page's examples point at: recorded at build time, or the page's own origin.

Every notebook ran against its own build-time sandbox (``http://127.0.0.1:186xx``), which closes
when the build ends; that address is in the page's code tabs, curl commands and outputs. The build
marks each page with the addresses it recorded (``marker``); ``assets/origin.js`` then, under
``weibo-explorer docs serve`` (a sandbox answers ``GET /sandbox/clock`` on the page's origin),
rewrites them to the page's own origin and says so — and on a static host leaves them, saying they
were recorded and where.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

_LOOPBACK_ORIGIN = re.compile(r"https?://(?:127\.0\.0\.1|localhost|\[::1\]):\d+")


def recorded_origins(texts: Iterable[str]) -> list[str]:
    """The loopback origins (scheme://host:port) a page's text holds, in first-seen order."""
    seen: dict[str, None] = {}
    for text in texts:
        for found in _LOOPBACK_ORIGIN.findall(text):
            seen.setdefault(found, None)
    return list(seen)


def marker(origins: list[str], language: str = "en") -> str:
    """The note a page starts its examples with: where they were recorded, in ``language``.
    ``origin.js`` rewrites the addresses (and this note, from its ``data-live`` wording) when
    the page is served with a live sandbox."""
    from .. import i18n

    if not origins:
        return ""
    shown = ", ".join(f"<code>{html.escape(o)}</code>" for o in origins)
    data = html.escape(json.dumps(origins), quote=True)
    live = html.escape(i18n.word("recorded_live", language), quote=True)
    return (f'<p class="wx-recorded" data-origins="{data}" data-live="{live}">'
            + i18n.word("recorded_note", language, shown=shown) + "</p>")
