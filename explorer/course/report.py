"""The trainer's view: learners × exercises from a team's progress files, as one offline HTML
page (no script, no fetch) or JSON.

Any ``*.json`` under the given folders that looks like a ``progress.json`` counts (a trainer may
collect them renamed, ``alice.json``); the learner's name is the file's ``learner``, else the
file name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Iterable

from .exercises import EXERCISES


@dataclass(frozen=True)
class Learner:
    name: str
    source: str
    exercises: dict[str, dict[str, Any]]

    def cell(self, number: int) -> dict[str, Any]:
        entry = self.exercises.get(str(number), {})
        return {"started": bool(entry), "done": bool(entry.get("done")),
                "attempts": int(entry.get("attempts", 0)),
                "attempts_to_first_pass": entry.get("attempts_to_first_pass"),
                "seconds_to_first_pass": entry.get("seconds_to_first_pass"),
                "last_result": entry.get("last_result"),
                "last_failed_rules": entry.get("last_failed_rules", [])}

    @property
    def done(self) -> int:
        return sum(1 for n in EXERCISES if self.cell(n)["done"])


def _progress_files(folders: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*.json"))
        found += [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    return found


def collect(folders: Iterable[Path]) -> list[Learner]:
    """Every readable progress file under ``folders`` (others are skipped), sorted by name."""
    learners = []
    for path in _progress_files(folders):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
            continue
        name = str(data.get("learner") or path.stem)
        if path.stem not in ("progress", name):
            name = f"{name} ({path.stem})"
        learners.append(Learner(name, str(path), data["exercises"]))
    return sorted(learners, key=lambda learner: learner.name.lower())


def as_data(learners: list[Learner]) -> dict[str, Any]:
    return {
        "exercises": [{"number": n, "title": ex.title.en, "title_zh": ex.title.zh}
                      for n, ex in EXERCISES.items()],
        "learners": [{"name": l.name, "source": l.source, "done": l.done,
                      "exercises": {str(n): l.cell(n) for n in EXERCISES}} for l in learners],
    }


def to_json(learners: list[Learner]) -> str:
    return json.dumps(as_data(learners), ensure_ascii=False, indent=1) + "\n"


def duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else (f"{minutes} min {secs:02d} s" if minutes
                                                          else f"{secs} s")


_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccd;padding:4px 8px;text-align:center}
th.name,td.name{text-align:left}td.done{background:#e3f5e8}td.tried{background:#fff3d6}
td small,th small{color:#555;display:block;font-weight:normal}caption{text-align:left;font-weight:bold;margin-bottom:6px}
"""


def _cell(cell: dict[str, Any]) -> str:
    if not cell["started"]:
        return '<td class="none">–</td>'
    if cell["done"]:
        return (f'<td class="done">✔<small>{cell["attempts_to_first_pass"] or cell["attempts"]} '
                f'attempt(s) · {escape(duration(cell["seconds_to_first_pass"]))}</small></td>')
    return (f'<td class="tried">{cell["attempts"]} attempt(s)<small>'
            f'{escape(", ".join(cell["last_failed_rules"]) or "started")}</small></td>')


def to_html(learners: list[Learner]) -> str:
    """One self-contained page: the table, its legend, no script."""
    head = "".join(f'<th title="{escape(ex.title.en)}">{n}<small>{escape(ex.title.en)}</small>'
                   "</th>" for n, ex in EXERCISES.items())
    rows = "".join(
        f'<tr><td class="name">{escape(l.name)}</td><td>{l.done}/{len(EXERCISES)}</td>'
        + "".join(_cell(l.cell(n)) for n in EXERCISES) + "</tr>" for l in learners)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Weibo login course — team progress</title>"
        f"<style>{_STYLE}</style></head><body><h1>Weibo login course — team progress</h1>"
        f"<p>{len(learners)} learner(s) · {len(EXERCISES)} exercises. ✔ = passed, with the "
        "attempts and the time from <code>course start</code> to the first pass; an orange cell "
        "is an exercise started but not passed yet, with the rules that failed last.</p>"
        f'<table id="report"><caption>Learners × exercises</caption><thead><tr>'
        f'<th class="name">learner</th><th>done</th>{head}</tr></thead><tbody>{rows}'
        "</tbody></table></body></html>\n")
