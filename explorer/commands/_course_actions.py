"""What each ``weibo-explorer course`` action does (kept apart from the argument parser)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue import Msg
from ..course import EXERCISES, exercise
from ..course import hint as hint_text
from ..course.checker import run_check
from ..course.isolation import DEFAULT_TIMEOUT, Solution
from ..course.loader import NoFunction
from ..course.progress import Progress, find_workspace
from ..course.workspace import notebook_name
from ..course.workspace import reset as reset_exercise
from ..course.workspace import start as start_exercise


def _language(args: argparse.Namespace, progress: Progress) -> str:
    return args.lang or progress.language


WORDS = {
    "set_aside": Msg("{path} did not read; it is kept as {kept} and a new progress file starts"),
    "skipped": Msg("skipped {path}: {why}"),
    "timeout": Msg("--timeout must be more than 0 seconds"),
    "workspace": Msg("Workspace: {path}"),
    "columns": Msg("exercise|done|attempts|last"),
    "yes": Msg("yes"),
    "ready": Msg("Exercise {n} is ready: {path}"),
    "kept": Msg("{path} is already there: kept as you left it (start over with: {command})"),
    "open_lab": Msg("Open it in JupyterLab:"),
    "or_py": Msg("or edit a .py file and run:"),
}


def _load(workspace: Path, language: str | None) -> Progress:
    """The workspace's progress, saying so when an unreadable file was kept aside."""
    progress = Progress.load(workspace)
    if progress.set_aside is not None:
        print("weibo-explorer course: " + WORDS["set_aside"](language).format(
            path=workspace / "progress.json", kept=progress.set_aside), file=sys.stderr)
    return progress


def list(args: argparse.Namespace) -> int:  # noqa: A001 - the action's name
    workspace = find_workspace(args.dir)
    progress = _load(workspace, args.lang)
    lang = _language(args, progress)
    print(WORDS["workspace"](lang).format(path=workspace))
    exercise_, done_, attempts, last = WORDS["columns"](lang).split("|")
    print(f"{'#':>3}  {exercise_:<44} {done_:<5} {attempts:>8}  {last}")
    for number, ex in EXERCISES.items():
        entry = progress.exercises.get(str(number), {})
        done = WORDS["yes"](lang) if entry.get("done") else ("…" if entry else "")
        print(f"{number:>3}  {ex.title(lang):<44} {done:<5} {entry.get('attempts', 0):>8}  "
              f"{entry.get('last_result', '')}")
    return 0


def start(args: argparse.Namespace) -> int:
    workspace = find_workspace(args.dir)
    chosen = exercise(args.number)
    path, created = start_exercise(workspace, chosen, args.lang)
    lang = args.lang or Progress.load(workspace).language
    if created:
        print(WORDS["ready"](lang).format(n=chosen.number, path=path))
    else:
        print(WORDS["kept"](lang).format(
            path=path, command=f"weibo-explorer course reset {chosen.number}"))
    print(WORDS["open_lab"](lang))
    print(f"  weibo-explorer lab --dir {workspace}")
    print(WORDS["or_py"](lang))
    print(f"  weibo-explorer course check {chosen.number} --file solution.py")
    return 0


def check(args: argparse.Namespace) -> int:
    workspace = find_workspace(args.dir)
    chosen = exercise(args.number)
    progress = _load(workspace, args.lang)
    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    if timeout <= 0:
        print(f"weibo-explorer course check: {WORDS['timeout'](args.lang)}", file=sys.stderr)
        return 2
    try:
        if args.file is not None:
            solution = Solution.file(args.file, chosen.function)
        else:
            notebook = workspace / notebook_name(chosen)
            if not notebook.is_file():
                print(f"no {notebook}: run weibo-explorer course start {chosen.number}, or "
                      "give --file", file=sys.stderr)
                return 1
            solution = Solution.notebook(notebook, chosen.function)
        verdict = run_check(chosen, solution, language=_language(args, progress),
                            timeout=timeout)
    except NoFunction as exc:
        print(f"weibo-explorer course check: {exc}", file=sys.stderr)
        return 1
    progress.record(verdict)
    if sys.stdout.isatty():
        from rich.console import Console

        Console().print(verdict)
    else:
        print(verdict)
    return 0 if verdict.passed else 1


def hint(args: argparse.Namespace) -> int:
    progress = _load(find_workspace(args.dir), args.lang)
    print(hint_text(args.number, _language(args, progress)))
    return 0


def reset(args: argparse.Namespace) -> int:
    workspace = find_workspace(args.dir)
    kept = reset_exercise(workspace, exercise(args.number))
    if kept is not None:
        print(f"Your previous notebook is kept as {kept}")
    print(f"Exercise {args.number} starts over in "
          f"{workspace / notebook_name(exercise(args.number))}")
    return 0


def report(args: argparse.Namespace) -> int:
    from ..course.report import collect, to_html, to_json

    learners, unreadable = collect(args.dirs)
    for path, why in unreadable:
        print("weibo-explorer course report: "
              + WORDS["skipped"](args.lang).format(path=path, why=why(args.lang)),
              file=sys.stderr)
    if not learners:
        print("weibo-explorer course report: no progress.json under "
              + ", ".join(map(str, args.dirs)), file=sys.stderr)
        return 1
    text = (to_html(learners, args.lang or "en") if args.format == "html"
            else to_json(learners))
    if str(args.out) == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out or f"course-report.{args.format}")
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out.resolve()} ({len(learners)} learner(s))")
    return 0
