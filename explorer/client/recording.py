"""Recording a client's exchanges to a file, redacted before anything is written.

``Recorder(path)`` takes each ``Exchange`` as it happens, runs it through one ``Redactor`` for the
whole recording (the same secret gets the same placeholder in every exchange, so the flow still
reads; what it replaces is what the publish gate would refuse: both use ``explorer.redact``'s one
detector, headers such as ``Set-Cookie`` and ``Location`` included) and rewrites the file
atomically: the file never holds an unredacted value, not even half-written.
``load_recording(path)`` reads it back as a ``Recording`` that shows itself (HTML, Rich, text)
and turns its login answers into the client's typed results, so the renderers and the
docs' Try-it panel replay it like the sandbox's recorded exchanges.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..contract import LOGIN_PATH
from ..errors import CallFailed
from ..redact import Redactor
from ..results import Exchange, Result
from .core import parse_response

KIND = "weibo-explorer-recording"
VERSION = 1


def exchange_dict(exchange: Exchange) -> dict[str, Any]:
    """An exchange as plain JSON data (headers as ``[name, value]`` pairs, in sent order)."""
    return {"method": exchange.method, "url": exchange.url,
            "request_headers": [list(p) for p in exchange.request_headers],
            "request_body": exchange.request_body, "status_code": exchange.status_code,
            "response_headers": [list(p) for p in exchange.response_headers],
            "response_body": exchange.response_body, "elapsed_ms": exchange.elapsed_ms}


def exchange_from(data: dict[str, Any]) -> Exchange:
    def pairs(value: Any) -> tuple[tuple[str, str], ...]:
        items = value.items() if isinstance(value, dict) else (value or [])
        return tuple((str(k), str(v)) for k, v in items)

    return Exchange(method=str(data["method"]), url=str(data["url"]),
                    request_headers=pairs(data.get("request_headers")),
                    request_body=str(data.get("request_body") or ""),
                    status_code=int(data.get("status_code") or 0),
                    response_headers=pairs(data.get("response_headers")),
                    response_body=str(data.get("response_body") or ""),
                    elapsed_ms=float(data.get("elapsed_ms") or 0.0))


class Recorder:
    """Writes redacted exchanges to ``path`` (JSON), one ``Redactor`` per recording."""

    def __init__(self, path: str | os.PathLike[str], *, title: str = "",
                 redactor: Redactor | None = None,
                 clock: Any = None) -> None:
        self.path = Path(path)
        self.redactor = redactor or Redactor()
        now = clock() if clock else datetime.now(UTC)
        self.document: dict[str, Any] = {"kind": KIND, "version": VERSION, "title": title,
                                         "recorded_at": now.isoformat(timespec="seconds"),
                                         "exchanges": []}

    def add(self, exchange: Exchange) -> None:
        """Redact ``exchange`` and rewrite the file with it appended."""
        redacted = self.redactor.exchange(exchange_dict(exchange))
        self.document["exchanges"].append(redacted)
        text = json.dumps(self.document, ensure_ascii=False, indent=1)
        _write_atomic(self.path, self.redactor.finish(text))


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


@dataclass(frozen=True)
class Step:
    """One recorded exchange with what it was: ``outcome`` is a login status, an error code or
    ``HTTP <status>``."""

    number: int
    exchange: Exchange
    outcome: str

    @property
    def path(self) -> str:
        return urlsplit(self.exchange.url).path

    def as_request(self) -> dict[str, Any]:
        """The request as ``client.replay`` takes it (``{"headers": ..., "body": ...}``), so a
        recorded login can be sent again, e.g. to the sandbox; transport headers left out."""
        transport = {"host", "content-length", "accept", "accept-encoding", "connection",
                     "user-agent"}
        headers = {k: v for k, v in self.exchange.request_headers if k.lower() not in transport}
        try:
            body: Any = json.loads(self.exchange.request_body)
        except ValueError:
            body = self.exchange.request_body
        return {"headers": headers, "body": body}

    def result(self, now: datetime) -> Result | None:
        """The login's typed result (for the renderers), None for other calls."""
        if self.path != LOGIN_PATH:
            return None
        try:
            return parse_response(self.exchange, now)
        except CallFailed:
            return None


@dataclass(frozen=True)
class Recording:
    """A recording read back: its title, when it was recorded, and its numbered steps."""

    title: str
    recorded_at: str
    steps: tuple[Step, ...] = field(default_factory=tuple)
    source: str = ""

    @property
    def recorded_on(self) -> datetime:
        return datetime.fromisoformat(self.recorded_at)

    def results(self) -> list[Result]:
        """The login answers as typed results, checked at the recording's instant."""
        found = (step.result(self.recorded_on) for step in self.steps)
        return [r for r in found if r is not None]

    def to_text(self) -> str:
        lines = [f"Recording {self.title or self.source} — recorded {self.recorded_at}, redacted"]
        for s in self.steps:
            lines.append(f"{s.number}. {s.exchange.method} {s.path} → {s.exchange.status_code} "
                         f"{s.outcome}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def __rich__(self) -> Any:
        from rich.table import Table

        table = Table(title=f"{self.title or self.source} · recorded {self.recorded_at} (redacted)")
        for column in ("#", "call", "HTTP", "outcome"):
            table.add_column(column)
        for s in self.steps:
            table.add_row(str(s.number), f"{s.exchange.method} {s.path}",
                          str(s.exchange.status_code), s.outcome)
        return table

    def _repr_html_(self) -> str:
        rows = []
        for s in self.steps:
            ex = s.exchange
            headers = "\n".join(f"{k}: {v}" for k, v in ex.request_headers)
            rows.append(
                f"<li><b>{html.escape(ex.method)} {html.escape(s.path)}</b> → "
                f"HTTP {ex.status_code} <code>{html.escape(s.outcome)}</code>"
                f"<details><summary>request</summary><pre>{html.escape(headers)}\n\n"
                f"{html.escape(_pretty(ex.request_body))}</pre></details>"
                f"<details open><summary>answer</summary><pre>"
                f"{html.escape(_pretty(ex.response_body))}</pre></details></li>")
        return (f'<div class="wx-recording"><p><b>{html.escape(self.title or self.source)}</b> '
                f"— recorded from a tenant on {html.escape(self.recorded_at)}, redacted.</p>"
                f"<ol>{''.join(rows)}</ol></div>")


def _pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return body


def outcome_of(exchange: Exchange) -> str:
    """What an answer was: its login ``status``, its ``error_code``, or ``HTTP <status>``."""
    data = exchange.response_json()
    if isinstance(data, dict):
        if "error_code" in data:
            return str(data["error_code"])
        if "status" in data:
            return str(data["status"]).strip()
    return f"HTTP {exchange.status_code}"


def load_recording(path: str | os.PathLike[str]) -> Recording:
    """A recording file read back (ValueError when it is not one)."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or doc.get("kind") != KIND:
        raise ValueError(f"{path} is not a {KIND} file")
    exchanges = [exchange_from(e) for e in doc.get("exchanges", [])]
    steps = tuple(Step(i, ex, outcome_of(ex)) for i, ex in enumerate(exchanges, 1))
    return Recording(str(doc.get("title") or ""), str(doc.get("recorded_at") or ""), steps,
                     Path(path).stem)


__all__ = ["Recorder", "Recording", "Step", "exchange_dict", "exchange_from", "load_recording"]
