"""The "Try it" panel of a status or error page, as static HTML for the vendored script.

The panel carries everything it needs inline: the request the page shows (sent as is, to the site's
own origin, when a sandbox answers there), the admin calls that put the sandbox in the page's state
(those the notebook made, else its fixture's from ``GET /sandbox/fixtures``), and the exchange
recorded at build time, which ``assets/tryit.js`` replays — saying so — when no sandbox answers
(the site hosted statically). No kernel, no framework, nothing from another origin.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..contract import LOGIN_PATH
from ..i18n import word
from ..untrusted import script_json
from .page_snippets import headers_of


def request_of(recorded: Mapping[str, Any]) -> dict[str, Any]:
    """The request the page shows (its code tabs), as Try-it sends it: the same method, path,
    headers (those the caller chose; the browser adds its own transport headers, as curl and
    httpx do) and body bytes — only the origin is the page's own."""
    parts = urlsplit(str(recorded["url"]))
    return {"method": recorded["method"],
            "path": parts.path + (f"?{parts.query}" if parts.query else ""),
            "headers": headers_of(recorded), "body": recorded.get("request_body") or ""}


WORDS = ("tryit_live", "tryit_replayed", "tryit_as_expected", "tryit_expects", "tryit_request_sent",
         "tryit_apart", "tryit_no_state", "tryit_answered", "tryit_no_fixture", "tryit_as_file")
"""The words ``assets/tryit.js`` says, handed to it in the page's language with the panel's data."""


def panel(outcome: str, fixture: str | None, recorded: Mapping[str, Any],
          language: str = "en") -> str:
    """The panel's HTML, in ``language``: a button, an answer area, and the recorded exchange
    (and the script's words) as inline JSON.

    Live, the script replays the admin calls the page's notebook made (``recorded["arranged"]``;
    without them, the fixture's), then sends ``request_of(recorded)``: exactly the page's request.
    """
    data = script_json({"outcome": outcome, "fixture": fixture, "login_path": LOGIN_PATH,
                        "recorded": dict(recorded), "request": request_of(recorded),
                        "arranged": list(recorded.get("arranged") or []),
                        "words": {key: word(key, language) for key in WORDS}})
    what = word("tryit_what_fixture" if fixture else "tryit_what", language,
                fixture=f"<code>{html.escape(fixture or '')}</code>",
                outcome=f"<code>{html.escape(outcome)}</code>")
    return "\n".join([
        f'<div class="wx-tryit" data-outcome="{html.escape(outcome)}">',
        f'<div class="wx-tryit-head"><span class="wx-tryit-title">{word("tryit_title", language)}'
        f'</span><span class="wx-tryit-what">{what}</span></div>',
        '<button type="button" class="md-button md-button--primary wx-tryit-send">'
        f'{word("tryit_send", language)}</button>',
        '<div class="wx-tryit-note" aria-live="polite"></div>',
        '<div class="wx-tryit-answer"></div>',
        f'<script type="application/json" class="wx-tryit-data">{data}</script>',
        "</div>",
    ])
