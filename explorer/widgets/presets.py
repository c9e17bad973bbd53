"""Presets: the sandbox's docs fixtures (one per status and per documented error), read from the
target's ``GET /sandbox/fixtures``. A target that does not answer that route is not a sandbox and
gets no presets.

Sending a preset first puts the tenant in the state it needs: ``POST /sandbox/reset`` to the docs
data, then the fixture's own ``arrange`` calls. Each admin call is kept as a ``Step`` so the form
can show what it did to the tenant.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

import httpx

from ..contract import Text

TIMEOUT = 10.0
RESET = {"method": "POST", "path": "/sandbox/reset", "json": {"fixtures": "docs"}}
ARRANGED = Text("Arranged the sandbox for preset {name}", "已为预设 {name} 准备沙箱")


@dataclass(frozen=True)
class Step:
    """One admin call as made, with the sandbox's status code."""

    method: str
    path: str
    json: Any
    status_code: int


def load(base_url: str) -> list[dict[str, Any]]:
    """The target's docs fixtures; [] when the target is not a sandbox (or is down)."""
    try:
        response = httpx.get(f"{base_url}/sandbox/fixtures", timeout=TIMEOUT)
        fixtures = response.json() if response.status_code == 200 else []
    except (httpx.HTTPError, ValueError):
        return []
    if not isinstance(fixtures, list):
        return []
    return [f for f in fixtures if isinstance(f, dict) and {"name", "request"} <= set(f)]


def arrange(base_url: str, fixture: dict[str, Any]) -> tuple[Step, ...]:
    """Reset the tenant to the docs data and make the fixture's admin calls, in order.

    A call the sandbox refuses raises ``RuntimeError`` with its answer: the preset would not
    give its outcome.
    """
    done = []
    with httpx.Client(base_url=base_url, timeout=TIMEOUT) as http:
        for step in (RESET, *fixture.get("arrange", ())):
            response = http.request(step["method"], step["path"], json=step.get("json"))
            if response.status_code >= 400:
                raise RuntimeError(f"{step['method']} {step['path']} -> "
                                   f"{response.status_code}: {response.text}")
            done.append(Step(step["method"], step["path"], step.get("json"),
                             response.status_code))
    return tuple(done)


def sandbox_now(base_url: str) -> datetime | None:
    """The sandbox's clock (``GET /healthz``), so tokens are checked at its instant even when
    it is frozen; None when it does not say."""
    try:
        now = httpx.get(f"{base_url}/healthz", timeout=TIMEOUT).json()["now"]
        return datetime.fromisoformat(now.replace("Z", "+00:00"))
    except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError):
        return None


def steps_html(name: str, steps: tuple[Step, ...], language: str) -> str:
    """The admin calls as a compact list (static HTML, escaped)."""
    items = "".join(
        f"<li><code>{escape(s.method)} {escape(s.path)}</code>"
        + (f" <code>{escape(json.dumps(s.json, ensure_ascii=False))}</code>" if s.json else "")
        + f" → {s.status_code}</li>"
        for s in steps)
    title = escape(ARRANGED(language).format(name=name))
    return f'<div class="wle-form-arranged">{title}:<ul>{items}</ul></div>'
