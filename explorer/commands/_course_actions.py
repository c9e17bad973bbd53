"""What each ``weibo-explorer course`` action does (kept apart from the argument parser)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import i18n
from ..catalogue import Msg
from ..course import EXERCISES, exercise
from ..course import hint as hint_text
from ..course.checker import run_check
from ..course.isolation import DEFAULT_TIMEOUT, Solution
from ..course.progress import Progress, find_workspace
from ..course.workspace import notebook_name
from ..course.workspace import reset as reset_exercise
from ..course.workspace import start as start_exercise
from ..errors import NoFunction


def _language(args: argparse.Namespace, progress: Progress) -> str:
    """``--lang``, else the language the workspace was started in, else the locale's (a
    workspace with no progress file has picked none yet)."""
    if args.lang:
        return str(args.lang)
    if (progress.workspace / "progress.json").is_file():
        return progress.language
    return i18n.from_locale()


WORDS = {
    "set_aside": Msg("{path} did not read; it is kept as {kept} and a new progress file starts"),
    "skipped": Msg("skipped {path}: {why}"),
    "timeout": Msg("--timeout must be more than 0 seconds"),
    "workspace": Msg("Workspace: {path}"),
    "exercise": Msg("exercise"),
    "done": Msg("done"),
    "attempts": Msg("attempts"),
    "last": Msg("last"),
    "yes": Msg("yes"),
    "pass": Msg("pass"),
    "fail": Msg("fail"),
    "ready": Msg("Exercise {n} is ready: {path}"),
    "already": Msg("{path} is already there: kept as you left it (start over with: "
                   "weibo-explorer course reset {n})"),
    "open_lab": Msg("Open it in JupyterLab:"),
    "or_file": Msg("or edit a .py file and run:"),
    "no_notebook": Msg("no {notebook}: run weibo-explorer course start {n}, or give --file"),
    "kept": Msg("Your previous notebook is kept as {kept}"),
    "over": Msg("Exercise {n} starts over in {path}"),
    "no_progress": Msg("no progress.json under {dirs}"),
    "wrote": Msg("wrote {path} ({n} learner(s))"),
}


def _say(key: str, language: str, **values: object) -> str:
    return WORDS[key](language).format(**values)


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
    print(_say("workspace", lang, path=workspace))
    print(f"{'#':>3}  {_pad(_say('exercise', lang), 44)} {_pad(_say('done', lang), 5)} "
          f"{_pad(_say('attempts', lang), 8, right=True)}  {_say('last', lang)}")
    for number, ex in EXERCISES.items():
        entry = progress.exercises.get(str(number), {})
        done = _say("yes", lang) if entry.get("done") else ("…" if entry else "")
        print(f"{number:>3}  {_pad(ex.title(lang), 44)} {_pad(done, 5)} "
              f"{entry.get('attempts', 0):>8}  {_last(entry.get('last_result'), lang)}")
    return 0


def _last(result: object, language: str) -> str:
    """The last check's result (``pass``/``fail`` in the progress file) in ``language``."""
    return _say(result, language) if result in ("pass", "fail") else str(result or "")


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (a CJK character takes two)."""
    from rich.cells import cell_len

    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


def start(args: argparse.Namespace) -> int:
    workspace = find_workspace(args.dir)
    chosen = exercise(args.number)
    lang = _language(args, Progress.load(workspace))
    path, created = start_exercise(workspace, chosen, lang)
    if created:
        print(_say("ready", lang, n=chosen.number, path=path))
    else:
        print(_say("already", lang, path=path, n=chosen.number))
    print(_say("open_lab", lang))
    print(f"  weibo-explorer lab --dir {workspace}")
    print(_say("or_file", lang))
    print(f"  weibo-explorer course check {chosen.number} --file solution.py")
    return 0


def check(args: argparse.Namespace) -> int:
    workspace = find_workspace(args.dir)
    chosen = exercise(args.number)
    progress = _load(workspace, args.lang)
    lang = _language(args, progress)
    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    if timeout <= 0:
        print(f"weibo-explorer course check: {WORDS['timeout'](lang)}", file=sys.stderr)
        return 2
    try:
        if args.file is not None:
            solution = Solution.file(args.file, chosen.function)
        else:
            notebook = workspace / notebook_name(chosen)
            if not notebook.is_file():
                print(_say("no_notebook", lang, notebook=notebook, n=chosen.number),
                      file=sys.stderr)
                return 1
            solution = Solution.notebook(notebook, chosen.function)
        verdict = run_check(chosen, solution, language=lang, timeout=timeout)
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
    lang = _language(args, Progress.load(workspace))
    kept = reset_exercise(workspace, exercise(args.number))
    if kept is not None:
        print(_say("kept", lang, kept=kept))
    print(_say("over", lang, n=args.number,
               path=workspace / notebook_name(exercise(args.number))))
    return 0


def report(args: argparse.Namespace) -> int:
    from ..course.team_report import collect, to_html, to_json

    lang = args.lang or i18n.from_locale()
    learners, unreadable = collect(args.dirs)
    for path, why in unreadable:
        print("weibo-explorer course report: "
              + WORDS["skipped"](lang).format(path=path, why=why(lang)),
              file=sys.stderr)
    if not learners:
        print("weibo-explorer course report: "
              + _say("no_progress", lang, dirs=", ".join(map(str, args.dirs))), file=sys.stderr)
        return 1
    text = (to_html(learners, lang) if args.format == "html" else to_json(learners))
    if str(args.out) == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out or f"course-report.{args.format}")
    out.write_text(text, encoding="utf-8")
    print(_say("wrote", lang, path=out.resolve(), n=len(learners)))
    return 0
