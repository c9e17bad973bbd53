"""The sandbox's admin API from the caller's side: its fixtures, arranging its tenant, its clock.

Over HTTP only — httpx, never the server's modules (Starlette, the store) — so it works against any
sandbox a URL points at: the embedded one, ``weibo-explorer sandbox`` on another port, a
colleague's. The notebooks, the form's presets and ``weibo-explorer demo`` all arrange a tenant
through it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from .. import plain_get
from .admin_auth import admin_headers

TIMEOUT = 10.0
RESET: dict[str, Any] = {"method": "POST", "path": "/sandbox/reset", "json": {"fixtures": "docs"}}
"""Back to the docs data: the first step of every arrangement, so replays give the same answers."""


@dataclass(frozen=True)
class Step:
    """One admin call as it was made, with the sandbox's answer."""

    method: str
    path: str
    json: Any
    status_code: int
    response: Any = None


@dataclass(frozen=True)
class Arrangement:
    """What ``arrange`` did: the fixture it followed (if any) and each admin call."""

    base_url: str
    steps: tuple[Step, ...]
    fixture: dict[str, Any] | None = field(default=None)

    @property
    def request(self) -> dict[str, Any] | None:
        """The fixture's request (``{"headers", "body"}``), ready for ``replay``."""
        return self.fixture["request"] if self.fixture else None

    def _repr_html_(self) -> str:
        from ..i18n import edition, word

        language = edition()  # the docs edition's language (English outside a docs build)
        title = (word("arranged_for", language, name=html.escape(self.fixture["name"]))
                 if self.fixture else "")
        rows = "".join(
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td><pre>{}</pre></td>"
            "<td>{}</td></tr>".format(
                html.escape(s.method), html.escape(s.path),
                html.escape(json.dumps(s.json, ensure_ascii=False, indent=1)) if s.json else "",
                s.status_code,
            )
            for s in self.steps
        )
        return (
            '<div class="wx-arrange"><p>'
            + word("arranged", language, title=title, n=str(len(self.steps)),
                   url=html.escape(self.base_url))
            + "</p><table><thead><tr>"
            + "".join(f"<th>{word(c, language)}</th>" for c in ("method", "path", "body", "status"))
            + "</tr>"
            f"</thead><tbody>{rows}</tbody></table></div>"
        )

    def __repr__(self) -> str:
        name = f" for {self.fixture['name']}" if self.fixture else ""
        lines = [f"Arranged {self.base_url}{name}"]
        lines += [f"  {s.method} {s.path} -> {s.status_code}" for s in self.steps]
        return "\n".join(lines)


def fixtures(base_url: str, *, http: httpx.Client | None = None,
             admin_token: str | None = None) -> list[dict[str, Any]]:
    """The sandbox's docs fixtures (``GET /sandbox/fixtures``); raises ``httpx.HTTPError`` when
    the target does not answer it. ``http``: a client (with its base_url) to ask instead;
    ``admin_token`` defaults to ``$WEIBO_EXPLORER_ADMIN_TOKEN``."""
    if http is not None:
        response = http.get("/sandbox/fixtures", headers=admin_headers(admin_token))
    else:
        response = plain_get.get(f"{base_url.rstrip('/')}/sandbox/fixtures", timeout=TIMEOUT,
                                 headers=admin_headers(admin_token))
    response.raise_for_status()
    found: list[dict[str, Any]] = response.json()
    return found


def fixture(base_url: str, name: str, *, http: httpx.Client | None = None,
            admin_token: str | None = None) -> dict[str, Any]:
    """One fixture by name; ``KeyError`` listing the names the sandbox has."""
    by_name = {f["name"]: f for f in fixtures(base_url, http=http, admin_token=admin_token)}
    if name not in by_name:
        raise KeyError(f"no fixture {name!r}; the sandbox has: {', '.join(sorted(by_name))}")
    return by_name[name]


def arrange(
    base_url: str,
    fixture_or_steps: str | dict[str, Any] | Sequence[dict[str, Any]],
    *,
    reset: bool = True,
    http: httpx.Client | None = None,
    admin_token: str | None = None,
) -> Arrangement:
    """Put the sandbox in the state an example needs, through its admin API.

    ``fixture_or_steps`` is a fixture (or its name from ``GET /sandbox/fixtures``) or a list of
    ``{"method", "path", "json"}`` steps. With ``reset`` (the default) the tenant is first reset to
    the docs data, so running an example twice gives the same answers. A step the sandbox refuses
    raises ``RuntimeError`` with its answer: the example would not give its outcome.
    ``http``: an open client (with its base_url, e.g. over an in-process transport) to use.
    ``admin_token`` (default: ``$WEIBO_EXPLORER_ADMIN_TOKEN``) is sent when the sandbox needs one.
    """
    base_url = base_url.rstrip("/")
    own = http is None
    client = httpx.Client(base_url=base_url, timeout=TIMEOUT) if http is None else http
    try:
        return _arrange(base_url, fixture_or_steps, reset, client, admin_token)
    finally:
        if own:
            client.close()


def _arrange(base_url: str, fixture_or_steps: str | dict[str, Any] | Sequence[dict[str, Any]],
             reset: bool, http: httpx.Client, admin_token: str | None) -> Arrangement:
    chosen = (fixture(base_url, fixture_or_steps, http=http, admin_token=admin_token)
              if isinstance(fixture_or_steps, str)
              else fixture_or_steps if isinstance(fixture_or_steps, dict) else None)
    planned = list(chosen["arrange"] if chosen is not None else fixture_or_steps)
    if reset:
        planned.insert(0, RESET)
        _ARRANGED[base_url] = []
    done: list[Step] = []
    for step in planned:
        write = step["method"].upper() not in ("GET", "HEAD")
        body = step.get("json")
        response = http.request(
            step["method"], step["path"], headers=admin_headers(admin_token, write=write),
            content=None if body is None else json.dumps(
                body, ensure_ascii=False, separators=(",", ":")).encode())
        try:
            answer = response.json()
        except ValueError:
            answer = response.text
        if response.status_code >= 400:
            raise RuntimeError(
                f"{step['method']} {step['path']} -> {response.status_code}: {answer}")
        done.append(Step(step["method"], step["path"], step.get("json"),
                         response.status_code, answer))
        _ARRANGED.setdefault(base_url, []).append(
            {"method": step["method"], "path": step["path"], "json": step.get("json")})
    return Arrangement(base_url, tuple(done), chosen)


_ARRANGED: dict[str, list[dict[str, Any]]] = {}
"""Per sandbox URL, the admin calls ``arrange`` made since its last reset (the reset included)."""


def arranged_since_reset(url: str) -> list[dict[str, Any]]:
    """The admin calls this process made through ``arrange`` on the sandbox serving ``url`` (a
    base URL or any URL under it), from its last reset on: replayed in that order against the
    same seed and clock, they put a fresh sandbox in the same state. Empty when none was made."""
    for base, steps in _ARRANGED.items():
        if url == base or url.startswith(base + "/"):
            return [dict(step) for step in steps]
    return []


def sandbox_now(base_url: str) -> datetime | None:
    """The sandbox's clock (``GET /sandbox/clock``), so tokens are checked at its instant even
    when it is frozen; None when the target does not say (it is not a sandbox, or it is down)."""
    try:
        response = plain_get.get(f"{base_url.rstrip('/')}/sandbox/clock", timeout=TIMEOUT,
                                 headers=admin_headers())
        now = response.json()["now"] if response.status_code == 200 else None
        return datetime.fromisoformat(now.replace("Z", "+00:00")) if isinstance(now, str) else None
    except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError):
        return None
