""""Your tenant": a probe report and redacted recordings turned into pages of the docs site.

A user drops ``probe.html`` (from ``weibo-explorer probe --report``) and recordings
(``record=PATH`` of the client or the form) into ``tenant/`` beside ``mkdocs.yml``; ``docs build``
adds a "Your tenant" section: the probe's table on ``tenant/index.md`` and one page per recording,
each marked as recorded from the tenant on its date. Nothing there is executed at build time: the
pages show the files as they are. The same folder goes through the publish gate (``gate_paths``).

Every string from those files — a body that is not JSON, a header, a title, an ``error_msg`` — is
tenant data: it reaches the page only through ``explorer.untrusted`` (``as_text`` and the helpers
around it), never as Markdown or HTML, and a title reaches the navigation only as a ``label``.
Under ``docs serve`` these pages also get their own Content-Security-Policy (``csp.for_path``).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..catalogue import Msg
from ..client.recording import Recording, load_recording
from ..probe.report import ProbeReport, load_report
from ..untrusted import as_block, as_code, as_text, label, one_line
from . import tryit

FOLDER = "tenant"
SECTION = Msg("Your tenant")
_PROBE = Msg("Probe")
_RECORDED = Msg("Recorded from your tenant {host} on {when}")
_SHOWN_AS_RECORDED = Msg(
    "These answers came from a real tenant, not from the sandbox. They were redacted before they "
   "were written (see [Redaction](../redaction.md)) and are shown as recorded: nothing on this "
   "page ran when the site was built.")
_PROBED = Msg(
    "`weibo-explorer probe` sent {n} requests to {url} (client id {client}) and compared each "
   "answer with the contract: **{matches}** match, **{differs}** differ, **{untestable}** are "
   "not testable without credentials.")
_REQUESTS = Msg("The requests")


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


def _banner(host: str, when: str, language: str) -> str:
    title = _RECORDED(language).format(host=as_text(host), when=as_text(when))
    return f'!!! warning "{title}"\n    {_SHOWN_AS_RECORDED(language)}\n'


def probe_page(report: ProbeReport, language: str = "en") -> str:
    counts = {k: str(v) for k, v in report.counts().items()}
    return "\n".join([
        f"# {SECTION(language)}", "",
        _banner(urlsplit(report.base_url).netloc or report.base_url, report.probed_at, language),
        _PROBED(language).format(n=str(len(report.requests)), url=as_code(report.base_url),
                                 client=as_code(report.client_id), **counts), "",
        report.to_markdown(language), "", f"## {_REQUESTS(language)}", "",
        *(f"{i}. {as_code(line.split('. ', 1)[-1])}" for i, line in enumerate(report.requests, 1)),
        ""])


def recording_page(recording: Recording, language: str = "en") -> str:
    host = next((urlsplit(s.exchange.url).netloc for s in recording.steps), "")
    out = [f"# {as_text(recording.title or recording.source)}", "",
           _banner(host, recording.recorded_at, language)]
    recorded_on = _date(recording.recorded_at)
    for step in recording.steps:
        ex = step.exchange
        headers = "\n".join(f"{k}: {v}" for k, v in ex.request_headers
                            if k.lower() not in ("host", "content-length", "accept-encoding",
                                                 "connection", "user-agent", "accept"))
        out += [f"## {step.number}. {as_code(f'{ex.method} {step.path}')} → HTTP "
                f"{ex.status_code} {as_code(step.outcome)}", "",
                as_block(f"{ex.method} {step.path}\n{headers}\n\n{_pretty(ex.request_body)}"), "",
                as_block(_pretty(ex.response_body)), ""]
        result = step.result(recorded_on) if recorded_on is not None else None
        if result is not None:
            from ..rendering import to_html

            out += [one_line(to_html(result)), "",
                    one_line(tryit.panel(step.outcome, None, _recorded(ex), language)), ""]
    return "\n".join(out)


def _date(text: str) -> datetime | None:
    """When the recording was made, or None when the file's date is not one."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _recorded(ex: Any) -> dict[str, Any]:
    return {"method": ex.method, "url": ex.url, "request_headers": dict(ex.request_headers),
            "request_body": ex.request_body, "status_code": ex.status_code,
            "response_body": ex.response_body}


def _pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return body


def write(root: Path, stage: Path, language: str = "en") -> list[Any]:
    """Write the tenant pages into the staged docs_dir, in ``language``; their nav section
    (empty: none)."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    entries: list[dict[str, str]] = []
    reports = _reports(folder)
    if reports:
        _write(stage / FOLDER / "index.md", probe_page(load_report(reports[-1]), language))
        entries.append({_PROBE(language): f"{FOLDER}/index.md"})
    taken: set[str] = {"index"}
    for path in _recordings(folder):
        recording = load_recording(path)
        slug = _slug(path.stem, taken)
        src = f"{FOLDER}/{slug}.md"
        _write(stage / src, recording_page(recording, language))
        entries.append({label(recording.title or path.stem, slug): src})
    return [{SECTION(language): entries}] if entries else []


def _slug(stem: str, taken: set[str]) -> str:
    """A page name from a file name: letters, digits, ``._-`` only, and not one already taken."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "recording"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name.lower())
    return name


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


__all__ = ["FOLDER", "gate_paths", "probe_page", "recording_page", "write"]
