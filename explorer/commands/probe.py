"""``weibo-explorer probe``: compare a tenant's answers with the documented contract.

Credential-free by default: a fixed set of requests that cannot change the tenant's data, printed
before anything is sent (``--dry-run`` prints them and stops). ``--access-token``/``--uid``
without a value read ``WEIBO_ACCESS_TOKEN``/``WEIBO_UID`` or prompt (the token hidden), so a real
login never has to sit in the shell's history. The probe's bounds (bytes per answer, seconds per
request and per run, bytes of the report) are printed with the plan and each is a flag. Exit
status: 0 nothing differs, 1 something differs, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from ..catalogue import Msg

ENV_TOKEN, ENV_UID = "WEIBO_ACCESS_TOKEN", "WEIBO_UID"
ASK = "\0ask"


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    parser = subparsers.add_parser(
        "probe", help=Msg("compare a tenant's answers with the documented contract")(said),
        description=Msg(
            "Send a small fixed set of requests that cannot change the tenant's data "
           "(the five parameter errors, the JWKS, the other language, methods other "
           "than POST) and compare each answer with the contract.")(said))
    parser.add_argument("--base-url", required=True,
                        help=Msg("the tenant, e.g. https://TENANT")(said))
    parser.add_argument("--client-id", required=True,
                        help=Msg("your app's client id (public)")(said))
    parser.add_argument("--lang", default=None,
                        help=Msg("X-L for the error requests, e.g. zh")(said))
    parser.add_argument("--report", default=None, metavar="FILE.html",
                        help=Msg("also write an offline HTML report (its data embedded, "
                                 "redacted)")(said))
    parser.add_argument("--dry-run", action="store_true",
                        help=Msg("print the requests, send none")(said))
    parser.add_argument("--access-token", nargs="?", const=ASK, default=None,
                        help=Msg("opt in to one real login; without a value: ${env} or a "
                                 "hidden prompt (a value here lands in your shell history)")(said)
                        .format(env=ENV_TOKEN))
    parser.add_argument("--uid", nargs="?", const=ASK, default=None,
                        help=Msg("the Weibo uid of that login; without a value: ${env} "
                                 "or a prompt")(said)
                        .format(env=ENV_UID))
    parser.add_argument("--resolve", action="append", default=[], metavar="HOST:ADDRESS[:PORT]",
                        help=Msg("connect to ADDRESS for HOST, like curl --resolve (repeatable)")(
                            said))
    # defaults: explorer.probe.limits.Limits (printed with the plan; not imported here, so
    # the CLI starts without httpx)
    parser.add_argument("--max-answer-bytes", metavar="SIZE",
                        help=Msg("read at most this much of each answer, counted after "
                                 "decompression (e.g. 1048576, 512KiB, 2MiB; default 1MiB)")(said))
    parser.add_argument("--request-seconds", type=float, metavar="S",
                        help=Msg("wall-clock deadline of each request, its whole answer "
                                 "included (default 10)")(said))
    parser.add_argument("--run-seconds", type=float, metavar="S",
                        help=Msg("wall-clock deadline of the whole probe (default 60)")(said))
    parser.add_argument("--max-report-bytes", metavar="SIZE",
                        help=Msg("the most the --report file may hold; embedded answers are cut "
                                 "to fit (default 2MiB, at least 64KiB)")(said))
    parser.set_defaults(run=run)


def _secret(value: str | None, env: str, prompt: str, hidden: bool) -> str | None:
    if value is None:
        return None
    if value != ASK:
        print(f"weibo-explorer probe: a value given on the command line stays in your shell "
              f"history; prefer ${env} or the prompt", file=sys.stderr)
        return value
    if os.environ.get(env):
        return os.environ[env]
    return getpass.getpass(prompt) if hidden else input(prompt)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..client.resolve import ResolvingTransport, parse_resolve
    from ..i18n import cli_language, x_l
    from ..probe import Limits, plan, run_probe
    from ..probe.judge import say

    console, errors = Console(), Console(stderr=True)
    language = cli_language(args.lang)
    asked = args.lang or x_l(language)  # the X-L the probe's requests send: the locale's too
    try:
        limits = Limits.of(language, answer=args.max_answer_bytes,
                           request_seconds=args.request_seconds, run_seconds=args.run_seconds,
                           report=args.max_report_bytes)
    except ValueError as exc:
        errors.print(f"weibo-explorer probe: {exc}", markup=False, highlight=False)
        return 2
    if (args.access_token is None) != (args.uid is None):
        errors.print("weibo-explorer probe: --access-token and --uid go together")
        return 2
    try:
        hosts = parse_resolve(args.resolve)
    except ValueError as exc:
        errors.print(f"weibo-explorer probe: {exc}", markup=False)
        return 2
    if args.dry_run:
        masked = "x" if args.access_token is not None else None
        requests = plan(args.client_id, asked, access_token=masked, uid=masked)
        console.print(say("dry_run", language, n=len(requests), url=args.base_url),
                      markup=False, highlight=False)
        for planned in requests:
            console.print(planned.line(language), markup=False, highlight=False,
                          soft_wrap=True)
        console.print(limits.describe(language), markup=False, highlight=False, soft_wrap=True)
        return 0
    token = _secret(args.access_token, ENV_TOKEN, "Weibo access_token (hidden): ", True)
    uid = _secret(args.uid, ENV_UID, "Weibo uid: ", False)
    transport = ResolvingTransport(hosts) if hosts else None
    report = run_probe(args.base_url, args.client_id, asked, access_token=token, uid=uid,
                       transport=transport, limits=limits, output=language,
                       announce=lambda line: errors.print(line, markup=False, highlight=False,
                                                          soft_wrap=True))
    console.print(report)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            handle.write(report.to_html())
        errors.print(say("written", language, path=args.report), markup=False)
    return 0 if report.ok else 1
