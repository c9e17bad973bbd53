"""Presets: the sandbox's docs fixtures (one per status and per documented error), read from the
target's ``GET /sandbox/fixtures``. A target that does not answer that route is not a sandbox and
gets no presets.

Sending a preset first puts the tenant in the state it needs: ``POST /sandbox/reset`` to the docs
data, then the fixture's own ``arrange`` calls. Each admin call is kept as a ``Step`` so the form
can show what it did to the tenant.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import httpx

from ..catalogue import Msg
from ..sandbox.tenant_admin import AdminError, SandboxAdmin, Step

ARRANGED = Msg("Arranged the sandbox for preset {name}")


def load(base_url: str) -> list[dict[str, Any]]:
    """The target's docs fixtures; [] when the target is not a sandbox (or is down)."""
    try:
        with SandboxAdmin(base_url) as admin:
            found = admin.fixture_data()
    except (AdminError, httpx.HTTPError, ValueError):
        return []
    if not isinstance(found, list):
        return []
    return [f for f in found if isinstance(f, dict) and {"name", "request"} <= set(f)]


def steps_html(name: str, steps: tuple[Step, ...], language: str) -> str:
    """The admin calls as a compact list (static HTML, escaped)."""
    items = "".join(
        f"<li><code>{escape(s.method)} {escape(s.path)}</code>"
        + (f" <code>{escape(json.dumps(s.json, ensure_ascii=False))}</code>" if s.json else "")
        + f" → {s.status_code}</li>"
        for s in steps)
    title = escape(ARRANGED(language).format(name=name))
    return f'<div class="wle-form-arranged">{title}:<ul>{items}</ul></div>'
