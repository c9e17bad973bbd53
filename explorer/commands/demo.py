"""``weibo-explorer demo``: every outcome of Weibo Login, live, on an embedded sandbox.

Starts a sandbox with the docs fixtures on a free loopback port, and for each fixture resets the
tenant, arranges it through the admin API and sends its request through ``IdaasClient`` (checking
tokens at the sandbox's clock). Prints the summary table first — one row per outcome, with the
command that shows it alone — then, unless ``--brief``, one panel per outcome. Exit status 1 when
an outcome differs from the fixture's.
"""

from __future__ import annotations

import argparse


def add(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="show one login of each status and each error on an embedded sandbox",
        description="Start an embedded sandbox with the docs fixtures and replay every fixture "
                    "through the client: one login per status and per documented error. The "
                    "summary comes first; then one panel per outcome (none with --brief).")
    parser.add_argument("--lang", default=None, help="X-L for every call, e.g. zh")
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
    done = []
    with EmbeddedSandbox(fixtures="docs") as sandbox:
        for fixture in admin_client.fixtures(sandbox.base_url):
            if args.only and fixture["name"] not in args.only:
                continue
            admin_client.arrange(sandbox.base_url, fixture)
            clock = sandbox_clock(sandbox.base_url) or wall_clock
            with IdaasClient(sandbox.base_url, fixture["client_id"], language=args.lang,
                             retries=0, clock=clock) as idaas:
                done.append((fixture, replay(idaas, fixture["request"])))
        host = sandbox.config.host
    table = Table("outcome", "fixture", "what happens", "got",
                  title=f"Weibo Login on a sandbox at {host}: {len(done)} outcomes",
                  caption="one alone: weibo-explorer demo --only NAME · against your own sandbox: "
                          "weibo-explorer login --fixture NAME")
    for fixture, result in done:
        got = result.status
        table.add_row(fixture["outcome"], fixture["name"], fixture["title"],
                      "[green]as expected[/]" if got == fixture["outcome"] else f"[red]{got}[/]")
    console.print(table)
    if not args.brief:
        for fixture, result in done:
            console.rule(f"[bold]{fixture['outcome']}[/] · {fixture['name']}")
            if args.curl:
                console.print(to_curl(result), markup=False, highlight=False, soft_wrap=True)
            console.print(result)
    return 0 if done and all(r.status == f["outcome"] for f, r in done) else 1
