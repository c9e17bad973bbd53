""""Your tenant": a probe report and redacted recordings turned into pages of the docs site.

A user drops ``probe.html`` (from ``weibo-explorer probe --report``) and recordings
(``record=PATH`` of the client or the form) into ``tenant/`` beside ``mkdocs.yml``; ``docs build``
adds a "Your tenant" section: the probe's table on ``tenant/index.md`` and one page per recording,
each marked as recorded from the tenant on its date. Nothing there is executed at build time: the
pages show the files as they are. The same folder goes through the publish gate (``gate_paths``).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..client.recording import Recording, load_recording
from ..probe.report import ProbeReport, load_report
from . import tryit

FOLDER = "tenant"
SECTION = "Your tenant"


def _reports(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.html")) + sorted(
        p for p in folder.glob("*.json") if _kind(p) == "weibo-explorer-probe")


def _recordings(folder: Path) -> list[Path]:
    found = sorted(folder.glob("recordings/*.json")) + sorted(folder.glob("*.json"))
    return [p for p in found if _kind(p) == "weibo-explorer-recording"]


def _kind(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    return data.get("kind") if isinstance(data, dict) else None


def gate_paths(root: Path) -> list[Path]:
    """What the publish gate reads besides the notebooks: the hand-written pages and tenant/."""
    return [p for p in (root / "docs", root / FOLDER) if p.is_dir()]


def _banner(host: str, when: str) -> str:
    return (f'!!! warning "Recorded from your tenant {html.escape(host)} on {html.escape(when)}"\n'
            "    These answers came from a real tenant, not from the sandbox. They were redacted "
            "before they were written (see [Redaction](../redaction.md)) and are shown as "
            "recorded: nothing on this page ran when the site was built.\n")


def probe_page(report: ProbeReport) -> str:
    counts = report.counts()
    return "\n".join([
        f"# {SECTION}", "", _banner(urlsplit(report.base_url).netloc or report.base_url,
                                     report.probed_at),
        f"`weibo-explorer probe` sent {len(report.requests)} requests to `{report.base_url}` "
        f"(client id `{report.client_id}`) and compared each answer with the contract: "
        f"**{counts['matches']}** match, **{counts['differs']}** differ, "
        f"**{counts['untestable']}** are not testable without credentials.", "",
        report.to_markdown(), "", "## The requests", "",
        *(f"{i}. `{line.split('. ', 1)[-1]}`" for i, line in enumerate(report.requests, 1)), ""])


def recording_page(recording: Recording) -> str:
    host = next((urlsplit(s.exchange.url).netloc for s in recording.steps), "")
    out = [f"# {recording.title or recording.source}", "", _banner(host, recording.recorded_at)]
    for step in recording.steps:
        ex = step.exchange
        headers = "\n".join(f"{k}: {v}" for k, v in ex.request_headers
                            if k.lower() not in ("host", "content-length", "accept-encoding",
                                                 "connection", "user-agent", "accept"))
        out += [f"## {step.number}. `{ex.method} {step.path}` → HTTP {ex.status_code} "
                f"`{step.outcome}`", "", "```http", f"{ex.method} {step.path}", headers, "",
                _pretty(ex.request_body), "```", "", "```json", _pretty(ex.response_body), "```",
                ""]
        result = step.result(recording.recorded_on)
        if result is not None:
            from ..rendering import to_html

            out += [to_html(result), "", tryit.panel(step.outcome, None, _recorded(ex)), ""]
    return "\n".join(out)


def _recorded(ex: Any) -> dict[str, Any]:
    return {"method": ex.method, "url": ex.url, "request_headers": dict(ex.request_headers),
            "request_body": ex.request_body, "status_code": ex.status_code,
            "response_body": ex.response_body}


def _pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return body


def write(root: Path, stage: Path) -> list[Any]:
    """Write the tenant pages into the staged docs_dir; their nav section (empty: none)."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    entries: list[dict[str, str]] = []
    reports = _reports(folder)
    if reports:
        _write(stage / FOLDER / "index.md", probe_page(load_report(reports[-1])))
        entries.append({"Probe": f"{FOLDER}/index.md"})
    for path in _recordings(folder):
        recording = load_recording(path)
        src = f"{FOLDER}/{path.stem}.md"
        _write(stage / src, recording_page(recording))
        entries.append({recording.title or path.stem: src})
    return [{SECTION: entries}] if entries else []


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


__all__ = ["FOLDER", "gate_paths", "probe_page", "recording_page", "write"]
