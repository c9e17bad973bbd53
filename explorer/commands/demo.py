"""``weibo-explorer demo``: every outcome of Weibo Login, live, on an embedded sandbox.

Starts a sandbox with the docs fixtures on a free loopback port, and for each fixture resets the
tenant, arranges it through the admin API and sends its request through ``IdaasClient`` (checking
tokens at the sandbox's clock). Prints the summary table first — one row per outcome, with the
command that shows it alone — then, unless ``--brief``, one panel per outcome. Speaks English or
Chinese (``--lang``, else ``LANG``): the table, the hints and, through ``X-L``, the API's own
messages. Exit status 1 when an outcome differs from the fixture's.
"""

from __future__ import annotations

import argparse

from .. import i18n


def add(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="show one login of each status and each error on an embedded sandbox",
        description="Start an embedded sandbox with the docs fixtures and replay every fixture "
                    "through the client: one login per status and per documented error. The "
                    "summary comes first; then one panel per outcome (none with --brief).")
    i18n.add_lang_option(parser)
    parser.add_argument("--curl", action="store_true", help="print each request as curl")
    parser.add_argument("--brief", action="store_true",
                        help="print only the summary table, no panel per outcome")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="replay only this fixture (repeatable; names: weibo-explorer fixtures)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..client import IdaasClient, replay, sandbox_clock, to_curl, wall_clock
    from ..sandbox import EmbeddedSandbox, admin_client

    console = Console()
    lang = i18n.cli_language(args.lang)

    def word(key: str, **values: str) -> str:
        return i18n.word(key, lang, **values)

    done = []
    with EmbeddedSandbox(fixtures="docs") as sandbox:
        for fixture in admin_client.fixtures(sandbox.base_url):
            if args.only and fixture["name"] not in args.only:
                continue
            admin_client.arrange(sandbox.base_url, fixture)
            clock = sandbox_clock(sandbox.base_url) or wall_clock
            with IdaasClient(sandbox.base_url, fixture["client_id"], language=i18n.x_l(lang),
                             retries=0, clock=clock) as idaas:
                done.append((fixture, replay(idaas, fixture["request"])))
        host = sandbox.config.host
    table = Table(word("outcome"), word("fixture"), word("what_happens"), word("got"),
                  title=word("outcomes_title", host=host, n=str(len(done))),
                  caption=word("demo_caption"))
    for fixture, result in done:
        got = result.status
        table.add_row(fixture["outcome"], fixture["name"], fixture["title"],
                      f"[green]{word('as_expected')}[/]" if got == fixture["outcome"]
                      else f"[red]{got}[/]")
    console.print(table)
    differ = sum(result.status != fixture["outcome"] for fixture, result in done)
    console.print(word("differs", n=str(differ)) if differ else word("all_as_expected"))
    console.print(word("hint_error"), word("hint_docs"), sep="\n", markup=False, highlight=False)
    if not args.brief:
        for fixture, result in done:
            console.rule(f"[bold]{fixture['outcome']}[/] · {fixture['name']}")
            if args.curl:
                console.print(to_curl(result), markup=False, highlight=False, soft_wrap=True)
            console.print(result)
    return 0 if done and not differ else 1
