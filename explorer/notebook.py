"""Helpers for the documentation notebooks: which sandbox to talk to, and how to arrange it.

``sandbox()`` answers the base URL. Under ``weibo-explorer docs build`` that is the notebook's own
deterministic sandbox (the build sets ``WEIBO_EXPLORER_SANDBOX_URL``); opened in JupyterLab, the
notebook starts one embedded sandbox in its kernel with the same seed and clock, so it runs alone.

``arrange(base_url, "success")`` replays a fixture's admin steps (or your own list of steps) and
shows each call, so readers learn the sandbox's admin API along the way.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

ENV_VAR = "WEIBO_EXPLORER_SANDBOX_URL"
SEED = 20260101
CLOCK = "2026-01-01T00:00:00Z"
"""Seed and clock of every docs sandbox: the same requests give the same bytes."""

_embedded: Any = None


def clock() -> Callable[[], datetime]:
    """The docs sandbox's frozen "now", for ``IdaasClient(..., clock=clock())``: tokens are
    checked at the sandbox's instant, and results show the same times on every run."""
    instant = datetime.fromisoformat(CLOCK.replace("Z", "+00:00"))
    return lambda: instant


def sandbox() -> str:
    """The sandbox base URL for this notebook (no trailing slash)."""
    url = os.environ.get(ENV_VAR)
    if url:
        return url.rstrip("/")
    global _embedded
    if _embedded is None:
        from .sandbox import EmbeddedSandbox

        box = EmbeddedSandbox(db=":memory:", fixtures="docs", seed=SEED, clock=CLOCK)
        box.__enter__()  # lives as long as the kernel
        import atexit

        atexit.register(box.__exit__, None, None, None)
        _embedded = box
    return _embedded.base_url.rstrip("/")


@dataclass(frozen=True)
class Step:
    """One admin call as it was made, with the sandbox's answer."""

    method: str
    path: str
    json: dict[str, Any] | None
    status_code: int
    response: Any


@dataclass(frozen=True)
class Arrangement:
    """What ``arrange`` did: the fixture it followed (if any) and each admin call."""

    base_url: str
    steps: tuple[Step, ...]
    fixture: dict[str, Any] | None = field(default=None)

    @property
    def request(self) -> dict[str, Any] | None:
        """The fixture's request (``{"headers", "body"}``), ready for the client."""
        return self.fixture["request"] if self.fixture else None

    def _repr_html_(self) -> str:
        title = f" for <code>{html.escape(self.fixture['name'])}</code>" if self.fixture else ""
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
            f'<div class="wx-arrange"><p>Arranged the sandbox{title}: '
            f"{len(self.steps)} admin call(s) to <code>{html.escape(self.base_url)}</code></p>"
            "<table><thead><tr><th>method</th><th>path</th><th>body</th><th>status</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></div>"
        )

    def __repr__(self) -> str:
        lines = [f"Arranged {self.base_url}" + (f" for {self.fixture['name']}" if self.fixture else "")]
        lines += [f"  {s.method} {s.path} -> {s.status_code}" for s in self.steps]
        return "\n".join(lines)


def fixtures(base_url: str) -> list[dict[str, Any]]:
    """The sandbox's docs fixtures (``GET /sandbox/fixtures``)."""
    import httpx

    response = httpx.get(f"{base_url.rstrip('/')}/sandbox/fixtures", timeout=10)
    response.raise_for_status()
    return response.json()


def arrange(
    base_url: str, fixture_or_steps: str | list[dict[str, Any]], *, reset: bool = True
) -> Arrangement:
    """Put the sandbox in the state an example needs, through its admin API.

    ``fixture_or_steps`` is a fixture name from ``GET /sandbox/fixtures`` or a list of
    ``{"method", "path", "json"}`` steps. With ``reset`` (the default) the tenant is first reset
    to the docs data, so running a notebook twice gives the same answers. A step the sandbox
    refuses raises ``RuntimeError`` with its answer.
    """
    import httpx

    base_url = base_url.rstrip("/")
    fixture = None
    if isinstance(fixture_or_steps, str):
        by_name = {f["name"]: f for f in fixtures(base_url)}
        if fixture_or_steps not in by_name:
            raise KeyError(
                f"no fixture {fixture_or_steps!r}; the sandbox has: {', '.join(sorted(by_name))}"
            )
        fixture = by_name[fixture_or_steps]
        planned = list(fixture["arrange"])
    else:
        planned = list(fixture_or_steps)
    if reset:
        planned.insert(0, {"method": "POST", "path": "/sandbox/reset", "json": {"fixtures": "docs"}})
    done = []
    with httpx.Client(base_url=base_url, timeout=10) as http:
        for step in planned:
            response = http.request(step["method"], step["path"], json=step.get("json"))
            try:
                body = response.json()
            except ValueError:
                body = response.text
            if response.status_code >= 400:
                raise RuntimeError(
                    f"{step['method']} {step['path']} -> {response.status_code}: {body}"
                )
            done.append(Step(step["method"], step["path"], step.get("json"),
                             response.status_code, body))
    return Arrangement(base_url, tuple(done), fixture)
