"""``weibo-explorer openapi``: print the OpenAPI 3.1 document generated from the contract."""

from __future__ import annotations

import argparse

from ..catalogue import Msg


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    parser = subparsers.add_parser(
        "openapi", help=Msg("print the OpenAPI 3.1 document (JSON)")(said),
        description=Msg("Print the OpenAPI 3.1 document of the Weibo Login call, the JWKS and "
                        "the sandbox admin API, generated from explorer.contract.")(said))
    parser.add_argument("--server", default=None, metavar="URL",
                        help=Msg("the first server URL in the document (default: the sandbox's)")(
                            said))
    parser.add_argument("--output", "-o", default=None, metavar="PATH",
                        help=Msg("write to this file instead of standard output")(said))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from ..openapi import SANDBOX_URL, build

    text = json.dumps(build(args.server or SANDBOX_URL), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
