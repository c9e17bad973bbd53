"""The learner's progress: one small JSON file, ``progress.json``, in their workspace.

Per exercise: when it was started, attempts (how many failed, how many were stopped as a hang, a
crash or tampering), done, the last result (and the rules that failed), when it first passed and
how long that took from the start. Nothing leaves the machine; a trainer
collects the files and runs ``weibo-explorer course report`` over them.
"""

from __future__ import annotations

import getpass
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .verdict import Verdict

FILE = "progress.json"
DEFAULT_WORKSPACE = "weibo-course"
FORMAT = 1


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def find_workspace(explicit: str | Path | None = None) -> Path:
    """``explicit``, else ``$WEIBO_COURSE_DIR``, else the current directory when it is a
    workspace (a notebook opened there), else ``./weibo-course``."""
    if explicit is not None:
        return Path(explicit)
    if os.environ.get("WEIBO_COURSE_DIR"):
        return Path(os.environ["WEIBO_COURSE_DIR"])
    if (Path.cwd() / FILE).is_file():
        return Path.cwd()
    return Path.cwd() / DEFAULT_WORKSPACE


@dataclass
class Progress:
    workspace: Path
    learner: str = ""
    language: str = "en"
    exercises: dict[str, dict[str, Any]] = field(default_factory=dict)
    set_aside: Path | None = None
    """Where an unreadable ``progress.json`` was moved before this one started afresh."""

    @classmethod
    def load(cls, workspace: Path) -> Progress:
        """The workspace's progress; a file that does not read is kept aside (renamed
        ``progress.<time>.corrupt``, see ``set_aside``) and a new one starts."""
        path = workspace / FILE
        if not path.is_file():
            return cls(workspace, learner=_learner())
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("exercises", {}), dict) \
                    or not all(isinstance(e, dict) for e in data.get("exercises", {}).values()):
                raise ValueError("not a course progress file")
        except ValueError:  # UnicodeDecodeError and JSONDecodeError included
            kept = path.with_name(f"progress.{time.strftime('%Y%m%d-%H%M%S')}.corrupt")
            path.replace(kept)
            return cls(workspace, learner=_learner(), set_aside=kept)
        return cls(workspace, str(data.get("learner", "")), str(data.get("language", "en")),
                   data.get("exercises", {}))

    def as_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "learner": self.learner, "language": self.language,
                "exercises": self.exercises}

    def save(self) -> None:
        self.workspace.mkdir(parents=True, exist_ok=True)
        path = self.workspace / FILE
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
        temporary.replace(path)

    def entry(self, number: int) -> dict[str, Any]:
        return self.exercises.setdefault(str(number), {"attempts": 0, "done": False})

    def started(self, number: int) -> None:
        self.entry(number).setdefault("started_at", now_iso())
        self.save()

    def record(self, verdict: Verdict) -> None:
        """One more attempt with ``verdict``'s result; the first pass stamps the time to it."""
        entry = self.entry(verdict.exercise.number)
        stamp = now_iso()
        entry.setdefault("started_at", stamp)
        entry["attempts"] += 1
        if not verdict.passed:
            entry["failed"] = entry.get("failed", 0) + 1
        if verdict.problem is not None:
            entry["stopped"] = entry.get("stopped", 0) + 1
        entry["last_result"] = "pass" if verdict.passed else "fail"
        entry["last_problem"] = verdict.problem.kind if verdict.problem else None
        entry["last_failed_rules"] = verdict.failed_rules
        entry["last_check_at"] = stamp
        entry["last_check_seconds"] = round(verdict.seconds, 3)
        if verdict.passed and not entry["done"]:
            entry["done"] = True
            entry["first_pass_at"] = stamp
            entry["attempts_to_first_pass"] = entry["attempts"]
            entry["seconds_to_first_pass"] = int(_epoch(stamp) - _epoch(entry["started_at"]))
        self.save()

    def reset(self, number: int) -> None:
        self.exercises.pop(str(number), None)
        self.save()


def _epoch(stamp: str) -> float:
    import calendar

    return calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ"))


def _learner() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "learner"
