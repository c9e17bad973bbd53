"""``weibo-explorer``: the command line.

Each sub-command lives in its own module under ``explorer.commands`` and exposes
``add(subparsers)``, which registers its parser and sets ``run=<function(args) -> int>``.
Modules are found by name, so adding a command never edits this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import __version__, commands
from .import_costs import skip_unused_format_checkers


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="weibo-explorer",
        description="Learn, try and document the IDaaS 'Sign in with Weibo' call.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{commands.__name__}.{info.name}").add(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    skip_unused_format_checkers()  # ≈ 2 s of every command's start (explorer/import_costs.py)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # only a command that hands its rest to another program takes unknown arguments
        if not getattr(args, "pass_through", False):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.extra = extra
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
