"""``weibo-explorer course``: the onboarding course — list, start, check, hint, reset, report.

The learner works in a workspace (default ``./weibo-course/``); the trainer runs ``report`` over
the progress files of a team.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import LANG_CHOICES, LANG_METAVAR


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("course", help="the onboarding course: exercises graded on "
                                   "the wire")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    def with_workspace(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--dir", type=Path, default=None,
                       help="the workspace (default ./weibo-course/)")
        p.add_argument("--lang", choices=LANG_CHOICES, metavar=LANG_METAVAR, default=None,
                       help="language of texts and verdicts (default: the one picked at "
                       "start, else from LANG/LC_ALL)")
        return p

    with_workspace(actions.add_parser("list", help="the exercises and your progress"))
    start = with_workspace(actions.add_parser("start", help="copy exercise N's notebook into "
                                              "the workspace"))
    start.add_argument("number", type=int)
    check = with_workspace(actions.add_parser("check", help="grade your solution to N"))
    check.add_argument("number", type=int)
    check.add_argument("--file", type=Path, default=None,
                       help="a .py file defining the function (default: the workspace notebook); "
                       "modules beside it import")
    check.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help="seconds your code may spend in the whole check (default 30); it "
                       "runs in a process of its own")
    hint = with_workspace(actions.add_parser("hint", help="what to look at for exercise N"))
    hint.add_argument("number", type=int)
    reset = with_workspace(actions.add_parser("reset", help="start exercise N over (your "
                                              "notebook is kept as a .bak copy)"))
    reset.add_argument("number", type=int)
    report = actions.add_parser("report", help="trainer's view: learners x exercises")
    report.add_argument("dirs", nargs="*", type=Path, default=[Path(".")],
                        help="folders holding progress files (searched recursively)")
    report.add_argument("--format", choices=("html", "json"), default="html")
    report.add_argument("--lang", choices=LANG_CHOICES, metavar=LANG_METAVAR, default=None,
                        help="language of the HTML page (default: from LANG/LC_ALL, else en)")
    report.add_argument("--out", type=Path, default=None,
                        help="the file to write (default: ./course-report.html or .json; "
                        "'-' for stdout)")
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
