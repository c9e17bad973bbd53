"""``weibo-explorer demo``: every outcome of Weibo Login, live, on an embedded sandbox.

Starts a sandbox with the docs fixtures on a free loopback port, and for each fixture resets the
tenant, arranges it through the admin API and sends its request through ``IdaasClient``; prints
each outcome, then a summary. Exit status 1 when an outcome differs from the fixture's.
"""

from __future__ import annotations

import argparse

from .. import i18n


def add(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="show one login of each status and each error on an embedded sandbox",
        description="Start an embedded sandbox with the docs fixtures and replay every fixture "
                    "through the client: one login per status and per documented error.")
    i18n.add_lang_option(parser)
    parser.add_argument("--curl", action="store_true", help="print each request as curl")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="replay only this fixture (repeatable)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..client import IdaasClient, replay, sandbox_admin, to_curl
    from ..sandbox import EmbeddedSandbox

    console = Console()
    lang = i18n.cli_language(args.lang)
    word = lambda key, **values: i18n.word(key, lang, **values)  # noqa: E731
    rows = []
    with EmbeddedSandbox(fixtures="docs") as sandbox:
        for fixture in sandbox_admin.fixtures(sandbox.base_url):
            if args.only and fixture["name"] not in args.only:
                continue
            sandbox_admin.arrange(sandbox.base_url, fixture)
            with IdaasClient(sandbox.base_url, fixture["client_id"], language=i18n.x_l(lang),
                             retries=0) as idaas:
                result = replay(idaas, fixture["request"])
            console.rule(f"[bold]{fixture['name']}[/]: {fixture['title']}")
            if args.curl:
                console.print(to_curl(result), markup=False, highlight=False, soft_wrap=True)
            console.print(result)
            rows.append((fixture["name"], fixture["outcome"], result.status))
    table = Table(word("fixture"), word("expected"), word("got"),
                  title=word("summary_title", host=sandbox.config.host))
    for name, expected, got in rows:
        table.add_row(name, expected, got if got == expected else f"[red]{got}[/]")
    console.print(table)
    differ = sum(expected != got for _, expected, got in rows)
    console.print(word("differs", n=str(differ)) if differ else word("all_as_expected"))
    console.print(word("hint_error"), word("hint_docs"), sep="\n", markup=False, highlight=False)
    return 0 if rows and not differ else 1
