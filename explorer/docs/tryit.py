"""The "Try it" panel of a status or error page, as static HTML for the vendored script.

The panel carries everything it needs inline: which sandbox fixture to send (its arrange steps and
request come from ``GET /sandbox/fixtures`` on the site's own origin when a sandbox answers there)
and the exchange recorded at build time, which ``assets/tryit.js`` replays — saying so — when no
sandbox answers (the site hosted statically). No kernel, no framework, nothing from another origin.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from ..contract import LOGIN_PATH


def panel(outcome: str, fixture: str | None, recorded: Mapping[str, Any]) -> str:
    """The panel's HTML: a button, an answer area, and the recorded exchange as inline JSON."""
    data = json.dumps({"outcome": outcome, "fixture": fixture, "login_path": LOGIN_PATH,
                       "recorded": dict(recorded)},
                      ensure_ascii=False, sort_keys=True)
    data = data.replace("</", "<\\/")  # never close the script element early
    what = (f"the sandbox fixture <code>{html.escape(fixture)}</code>" if fixture
            else "the recorded request")
    return "\n".join([
        f'<div class="wx-tryit" data-outcome="{html.escape(outcome)}">',
        '<div class="wx-tryit-head"><span class="wx-tryit-title">Send this example</span>'
        f'<span class="wx-tryit-what">sends {what}, expects <code>{html.escape(outcome)}</code>'
        '</span></div>',
        '<button type="button" class="md-button md-button--primary wx-tryit-send">'
        "Send to the sandbox</button>",
        '<div class="wx-tryit-note" aria-live="polite"></div>',
        '<div class="wx-tryit-answer"></div>',
        f'<script type="application/json" class="wx-tryit-data">{data}</script>',
        "</div>",
    ])
