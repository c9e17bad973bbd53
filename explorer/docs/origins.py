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

from ..catalogue import Msg

_LOOPBACK_ORIGIN = re.compile(r"https?://(?:127\.0\.0\.1|localhost|\[::1\]):\d+")


def recorded_origins(texts: Iterable[str]) -> list[str]:
    """The loopback origins (scheme://host:port) a page's text holds, in first-seen order."""
    seen: dict[str, None] = {}
    for text in texts:
        for found in _LOOPBACK_ORIGIN.findall(text):
            seen.setdefault(found, None)
    return list(seen)


RECORDED = Msg(
    "Recorded when these docs were built, against the build-time sandbox at {shown} (it ran only "
   "during the build). Served by {serve}, every address on this page becomes the page's own "
   "origin, where a live sandbox answers.")
LIVE = Msg(
    "Served by {serve}: every address on this page is this page's own origin, {here}, where a "
   "live sandbox answers (recorded at build time against {origins}).")
"""What ``origin.js`` says instead when a live sandbox answers: ``{here}`` and ``{origins}`` are
filled in the browser."""


def marker(origins: list[str], language: str = "en") -> str:
    """The note a page starts its examples with: where they were recorded. ``origin.js``
    rewrites the addresses (and this note, with ``LIVE`` in ``data-live``) when the page is served
    with a live sandbox."""
    if not origins:
        return ""
    shown = ", ".join(f"<code>{html.escape(o)}</code>" for o in origins)
    data = html.escape(json.dumps(origins), quote=True)
    live = html.escape(LIVE(language).format(serve="weibo-explorer docs serve", here="{here}",
                                             origins="{origins}"), quote=True)
    said = RECORDED(language).format(shown=shown, serve="<code>weibo-explorer docs serve</code>")
    return f'<p class="wx-recorded" data-origins="{data}" data-live="{live}">{said}</p>'
