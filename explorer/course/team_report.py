"""The trainer's view: learners × exercises from a team's progress files, as one offline HTML
page (no script, no fetch) or JSON.

Any ``*.json`` under the given folders that looks like a ``progress.json`` counts (a trainer may
collect them renamed, ``alice.json``); the learner's name is the file's ``learner``, else the
file name. A file that is not one (corrupt, cut short, another JSON) is skipped and named. Every
attempt shows — how many, how many failed or were stopped (a hang, a crash, tampering), the last
result, the time spent — and the learners most stuck come first.
"""

from __future__ import annotations

import calendar
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from ..catalogue import Msg, Words, fill
from .exercises import EXERCISES


@dataclass(frozen=True)
class Learner:
    name: str
    source: str
    exercises: dict[str, dict[str, Any]]

    def cell(self, number: int) -> dict[str, Any]:
        entry = self.exercises.get(str(number), {})
        done, attempts = bool(entry.get("done")), _count(entry.get("attempts"))
        return {"started": bool(entry), "done": done, "attempts": attempts,
                # files from before the count was kept: every attempt but a passing last one
                "failed": _count(entry.get("failed", attempts - (
                    1 if entry.get("last_result") == "pass" else 0))),
                "stopped": _count(entry.get("stopped")),
                "attempts_to_first_pass": entry.get("attempts_to_first_pass"),
                "seconds_to_first_pass": entry.get("seconds_to_first_pass"),
                "seconds_spent": _spent(entry),
                "last_result": entry.get("last_result"),
                "last_problem": entry.get("last_problem"),
                "last_failed_rules": entry.get("last_failed_rules", [])}

    @property
    def done(self) -> int:
        return sum(1 for n in EXERCISES if self.cell(n)["done"])

    @property
    def stuck(self) -> tuple[int, int, int] | None:
        """``(exercise, failed attempts, seconds spent)`` of the unfinished exercise with the
        most failed attempts (then the most time); None when nothing started is unfinished."""
        open_ = [(self.cell(n)["failed"], self.cell(n)["seconds_spent"] or 0, n)
                 for n in EXERCISES if self.cell(n)["started"] and not self.cell(n)["done"]]
        if not open_:
            return None
        failed, seconds, number = max(open_)
        return number, failed, seconds


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _spent(entry: dict[str, Any]) -> int | None:
    """Seconds from ``course start`` to the last check."""
    try:
        start, last = (calendar.timegm(time.strptime(entry[k], "%Y-%m-%dT%H:%M:%SZ"))
                       for k in ("started_at", "last_check_at"))
    except (KeyError, TypeError, ValueError):
        return None
    return max(0, int(last - start))


def by_stuck(learner: Learner) -> tuple[int, int, int, str]:
    """Sort key: the most failed attempts on an unfinished exercise first, then the longest
    time on it, then the name; learners with nothing unfinished last."""
    stuck = learner.stuck
    if stuck is None:
        return (1, 0, 0, learner.name.lower())
    return (0, -stuck[1], -stuck[2], learner.name.lower())


def _progress_files(folders: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*.json"))
        found += [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    return found


SKIPPED = {
    "unreadable": Msg("cannot be read ({error})"),
    "not_json": Msg("is not JSON ({error})"),
    "not_progress": Msg("is not a course progress file (no exercises)"),
}


def _skipped(key: str, **values: str) -> Words:
    return fill(SKIPPED[key], **values)


def collect(folders: Iterable[Path]) -> tuple[list[Learner], list[tuple[Path, Words]]]:
    """Every readable progress file under ``folders``, most stuck first; and the files skipped,
    each with why (a ``progress.json`` that does not read; other JSON files are not named)."""
    learners, skipped = [], []
    for path in _progress_files(folders):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            skipped.append((path, _skipped("unreadable", error=type(exc).__name__)))
            continue
        except ValueError as exc:
            skipped.append((path, _skipped("not_json", error=str(exc))))
            continue
        exercises = data.get("exercises") if isinstance(data, dict) else None
        if not isinstance(exercises, dict) or not all(isinstance(e, dict)
                                                      for e in exercises.values()):
            if path.name == "progress.json" or (isinstance(data, dict) and "learner" in data):
                skipped.append((path, _skipped("not_progress")))
            continue
        name = str(data.get("learner") or path.stem)
        if path.stem not in ("progress", name):
            name = f"{name} ({path.stem})"
        learners.append(Learner(name, str(path), exercises))
    return sorted(learners, key=by_stuck), skipped


def as_data(learners: list[Learner]) -> dict[str, Any]:
    return {
        "exercises": [{"number": n, "title": ex.title('en'), "title_zh": ex.title('zh')}
                      for n, ex in EXERCISES.items()],
        "learners": [{"name": one.name, "source": one.source, "done": one.done,
                      "stuck_on": one.stuck[0] if one.stuck else None,
                      "exercises": {str(n): one.cell(n) for n in EXERCISES}} for one in learners],
    }


def to_json(learners: list[Learner]) -> str:
    return json.dumps(as_data(learners), ensure_ascii=False, indent=1) + "\n"


WORDS = {
    "title": Msg("Weibo login course — team progress"),
    "lead": Msg(
        "{learners} learner(s) · {exercises} exercises, the most stuck first. Each cell counts "
       "every attempt: how many, how many failed, how many the check stopped (a hang, a crash, "
       "tampering), the last result and the time from course start to the last check. ✔ = "
       "passed; an orange cell is started but not passed yet; a red line is a stopped attempt."),
    "caption": Msg("Learners × exercises"),
    "learner": Msg("learner"),
    "stuck": Msg("stuck on"),
    "done": Msg("done"),
    "counts": Msg("{attempts} attempt(s) · {failed} failed"),
    "stopped": Msg("{n} stopped"),
    "last": Msg("last: {result}"),
    "pass": Msg("pass"),
    "fail": Msg("fail"),
    "unchecked": Msg("not checked yet"),
    "spent": Msg("{time} spent"),
    "first": Msg("first pass after {n} · {time}"),
    "exercise": Msg("exercise {n}"),
    "stuck_cell": Msg("{failed} failed · {time}"),
    "stopped_last": Msg(" (last: {why})"),
}
PROBLEMS = {"timeout": Msg("timeout"), "crash": Msg("crash"),
            "too_big": Msg("answer too big"),
            "grader_import": Msg("imported the grader"),
            "admin_write": Msg("admin write")}
"""How the report names why the check stopped an attempt (``Problem.kind``)."""


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
td small,th small{color:#555;display:block;font-weight:normal}
caption{text-align:left;font-weight:bold;margin-bottom:6px}
td small.flag{color:#b00020;font-weight:bold}td.stuck{text-align:left}
"""


def _w(key: str, lang: str, **values: Any) -> str:
    return escape(WORDS[key](lang).format(**values))


def _cell(cell: dict[str, Any], lang: str) -> str:
    if not cell["started"]:
        return '<td class="none">–</td>'
    counts = _w("counts", lang, attempts=cell["attempts"], failed=cell["failed"])
    flag = ""
    if cell["stopped"]:
        kind = str(cell["last_problem"] or "")
        why = PROBLEMS[kind](lang) if kind in PROBLEMS else kind
        last = _w("stopped_last", lang, why=why) if why else ""
        flag = f'<small class="flag">{_w("stopped", lang, n=cell["stopped"])}{last}</small>'
    result = cell["last_result"]
    last = _w("last", lang, result=WORDS[result](lang) if result in ("pass", "fail")
              else WORDS["unchecked"](lang))
    rules = ", ".join(cell["last_failed_rules"])
    spent = duration(cell["seconds_spent"])
    spent_line = f'<small>{_w("spent", lang, time=spent)}</small>' if spent else ""
    if cell["done"]:
        first = _w("first", lang, n=cell["attempts_to_first_pass"] or cell["attempts"],
                   time=duration(cell["seconds_to_first_pass"]))
        return (f'<td class="done">✔<small>{counts}</small>{flag}<small>{first}</small>'
                f"<small>{last}</small>{spent_line}</td>")
    return (f'<td class="tried">{counts}{flag}<small>{last}'
            f'{" — " + escape(rules) if rules else ""}</small>{spent_line}</td>')


def _stuck(learner: Learner, lang: str) -> str:
    stuck = learner.stuck
    if stuck is None:
        return '<td class="stuck">–</td>'
    number, failed, seconds = stuck
    return (f'<td class="stuck">{_w("exercise", lang, n=number)}<small>'
            f'{_w("stuck_cell", lang, failed=failed, time=duration(seconds))}</small></td>')


def to_html(learners: list[Learner], language: str = "en") -> str:
    """One self-contained page: the table, its legend, no script."""
    lang = language
    head = "".join(f'<th title="{escape(ex.title(lang))}">{n}<small>{escape(ex.title(lang))}'
                   "</small></th>" for n, ex in EXERCISES.items())
    rows = "".join(
        f'<tr><td class="name">{escape(one.name)}</td>{_stuck(one, lang)}'
        f"<td>{one.done}/{len(EXERCISES)}</td>"
        + "".join(_cell(one.cell(n), lang) for n in EXERCISES) + "</tr>" for one in learners)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_w('title', lang)}</title>"
        f"<style>{_STYLE}</style></head><body><h1>{_w('title', lang)}</h1>"
        f"<p>{_w('lead', lang, learners=len(learners), exercises=len(EXERCISES))}</p>"
        f'<table id="report"><caption>{_w("caption", lang)}</caption><thead><tr>'
        f'<th class="name">{_w("learner", lang)}</th><th>{_w("stuck", lang)}</th>'
        f'<th>{_w("done", lang)}</th>{head}</tr></thead><tbody>{rows}'
        "</tbody></table></body></html>\n")
