"""``weibo-explorer course``: the onboarding course — list, start, check, hint, reset, report.

The learner works in a workspace (default ``./weibo-course/``); the trainer runs ``report`` over
the progress files of a team.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue import Msg
from ..i18n import LANG_CHOICES, LANG_METAVAR


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    parser = subparsers.add_parser(
        "course", help=Msg("the onboarding course: exercises graded on the wire")(said))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    def with_workspace(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--dir", type=Path, default=None,
                       help=Msg("the workspace (default ./weibo-course/)")(said))
        p.add_argument("--lang", choices=LANG_CHOICES, metavar=LANG_METAVAR, default=None,
                       help=Msg("language of texts and verdicts (default: the one picked at "
                                "start, else from LANG/LC_ALL)")(said))
        return p

    with_workspace(actions.add_parser("list", help=Msg("the exercises and your progress")(said)))
    start = with_workspace(actions.add_parser(
        "start", help=Msg("copy exercise N's notebook into the workspace")(said)))
    start.add_argument("number", type=int)
    check = with_workspace(actions.add_parser("check", help=Msg("grade your solution to N")(said)))
    check.add_argument("number", type=int)
    check.add_argument("--file", type=Path, default=None,
                       help=Msg("a .py file defining the function (default: the workspace "
                                "notebook); modules beside it import")(said))
    check.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help=Msg("seconds your code may spend in the whole check (default 30); "
                                "it runs in a process of its own")(said))
    hint = with_workspace(actions.add_parser(
        "hint", help=Msg("what to look at for exercise N")(said)))
    hint.add_argument("number", type=int)
    reset = with_workspace(actions.add_parser(
        "reset", help=Msg("start exercise N over (your notebook is kept as a .bak copy)")(said)))
    reset.add_argument("number", type=int)
    report = actions.add_parser("report", help=Msg("trainer's view: learners x exercises")(said))
    report.add_argument("dirs", nargs="*", type=Path, default=[Path(".")],
                        help=Msg("folders holding progress files (searched recursively)")(said))
    report.add_argument("--format", choices=("html", "json"), default="html")
    report.add_argument("--lang", choices=LANG_CHOICES, metavar=LANG_METAVAR, default=None,
                        help=Msg("language of the HTML page (default: from LANG/LC_ALL, else "
                                 "en)")(said))
    report.add_argument("--out", type=Path, default=None,
                        help=Msg("the file to write (default: ./course-report.html or .json; "
                                 "'-' for stdout)")(said))
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    from . import _course_actions as course_actions

    if not args.action:
        args.parser.print_help()
        return 2
    try:
        code: int = getattr(course_actions, args.action)(args)
        return code
    except KeyError as exc:
        print(f"weibo-explorer course: {exc.args[0]}", file=sys.stderr)
        return 1
