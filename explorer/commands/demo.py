"""``weibo-explorer demo``: every outcome of Weibo Login, live, on an embedded sandbox.

Starts a sandbox with the docs fixtures on a free loopback port, and for each fixture resets the
tenant, arranges it through the admin API and sends its request through ``IdaasClient`` (checking
tokens at the sandbox's clock). Ends on the closing screen (``_closing``): the six outcomes at a
glance and the three next commands. ``--full`` prints one panel per outcome before it; ``--curl``
prints each outcome as curl commands (its admin calls, then the login) for a sandbox the user
starts with ``weibo-explorer sandbox``, so they still work once the demo's own sandbox is gone.
Speaks English or Chinese (``--lang``, else ``LANG``). Exit status 1 when an outcome differs from
the fixture's.
"""

from __future__ import annotations

import argparse
from typing import Any

from .. import i18n
from ..catalogue import Msg
from ._closing import SANDBOX_URL, print_closing, replay_fixtures


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    parser = subparsers.add_parser(
        "demo",
        help=Msg("show one login of each status and each error on an embedded sandbox")(said),
        description=Msg(
            "Start an embedded sandbox with the docs fixtures and replay every fixture "
           "through the client: one login per status and per documented error. Ends on "
           "a summary and the next commands; --full shows one panel per outcome first.")(said))
    i18n.add_lang_option(parser, said)
    parser.add_argument("--full", action="store_true",
                        help=Msg("print one panel per outcome (request, answer, tokens) first")(
                            said))
    parser.add_argument("--curl", action="store_true",
                        help=Msg("print each outcome as curl commands for a sandbox at {url} "
                                 "(start it with: weibo-explorer sandbox)")(said)
                        .format(url=SANDBOX_URL))
    parser.add_argument("--brief", action="store_true",
                        help=Msg("the summary alone (the default; kept for scripts that pass it)")(
                            said))
    parser.add_argument("--only", action="append", metavar="NAME",
                        help=Msg("replay only this fixture (repeatable; names: "
                                 "weibo-explorer fixtures)")(said))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..rendering import to_rich
    from ..sandbox import EmbeddedSandbox

    console = Console()
    lang = i18n.cli_language(args.lang)
    with EmbeddedSandbox(fixtures="docs") as sandbox:
        done = replay_fixtures(sandbox.base_url, lang, args.only)
        demo_url = sandbox.base_url
    if args.full:
        for fixture, result in done:
            console.rule(f"[bold]{fixture['outcome']}[/] · {fixture['name']}")
            console.print(to_rich(result, lang))  # in the reader's language, qps included
    if args.curl:
        console.print(i18n.word("curl_intro", lang, url=SANDBOX_URL), markup=False,
                      highlight=False, soft_wrap=True)
        for fixture, result in done:
            console.print(f"\n# {fixture['outcome']} · {fixture['name']}", markup=False,
                          highlight=False)
            console.print(_as_curl(fixture, result, demo_url), markup=False, highlight=False,
                          soft_wrap=True)
        console.print()
    differ = print_closing(console, done, lang)
    return 0 if done and not differ else 1


def _as_curl(fixture: dict[str, Any], result: object, demo_url: str) -> str:
    """The fixture's admin calls (reset first) and its login, as curl for ``SANDBOX_URL``."""
    import httpx

    from ..client import to_curl
    from ..sandbox.tenant_admin import RESET

    steps = [RESET, *fixture["arrange"]]
    commands = [to_curl(httpx.Request(step["method"], SANDBOX_URL + step["path"],
                                      json=step.get("json")))
                for step in steps]
    commands.append(to_curl(result).replace(demo_url, SANDBOX_URL, 1))
    return "\n".join(commands)
