"""``weibo-explorer fixtures``: the sandbox's docs fixtures, one per status and per error.

Each name works with ``weibo-explorer login --fixture NAME`` (arrange the sandbox, then send the
fixture's request) and ``weibo-explorer demo --only NAME``. Read from a running sandbox
(``--base-url``), or from the package's own copy when none is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .. import i18n
from ..catalogue import Msg


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    parser = subparsers.add_parser(
        "fixtures", help=Msg("list the sandbox's docs fixtures (names for login --fixture)")(said),
        description=Msg(
            "List the docs fixtures: one scenario per login status and per documented "
           "error. `weibo-explorer login --fixture NAME` arranges one and sends its request.")(
            said))
    parser.add_argument("--base-url", default=None,
                        help=Msg("ask a running sandbox (GET /sandbox/fixtures); default: the "
                                 "fixtures this package ships")(said))
    parser.add_argument("--json", action="store_true",
                        help=Msg("print the fixtures as JSON")(said))
    i18n.add_lang_option(parser, said)
    parser.set_defaults(run=run)


def load(base_url: str | None) -> list[dict[str, Any]]:
    """The fixtures of the sandbox at ``base_url``, or the package's when it is None."""
    if base_url is None:
        from ..sandbox.seed import FIXTURES

        return [dict(f) for f in FIXTURES]
    from ..sandbox.tenant_admin import SandboxAdmin

    with SandboxAdmin(base_url) as admin:
        return admin.fixture_data()


def run(args: argparse.Namespace) -> int:
    import httpx
    from rich.console import Console
    from rich.table import Table

    say = i18n.words_in(i18n.cli_language(args.lang))
    try:
        fixtures = load(args.base_url)
    except httpx.HTTPError as exc:
        print("weibo-explorer fixtures: " + say("fixtures_no_sandbox", url=str(args.base_url),
                                                error=str(exc)), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(fixtures, ensure_ascii=False, indent=2))
        return 0
    lang = i18n.cli_language(args.lang)
    table = Table(say("fixtures_name"), say("outcome"), title=say("fixtures_title"),
                  caption="weibo-explorer login --fixture NAME  ·  weibo-explorer demo --only NAME")
    table.add_column(say("fixtures_arranges"), overflow="fold")
    for fixture in fixtures:
        steps = (", ".join(f"{s['method']} {s['path']}" for s in fixture["arrange"])
                 or say("fixtures_docs_data"))
        paren = "\n{}" if lang == "zh" else " ({})"
        table.add_row(fixture["name"], fixture["outcome"],
                      i18n.fixture_title(fixture, lang) + paren.format(steps))
    Console().print(table)
    return 0
