"""``weibo-explorer login``: one Weibo Login call, its outcome printed readably.

Against a sandbox (it answers ``GET /sandbox/clock``) the id_token is checked at the sandbox's
clock, and the output says so; against a real tenant, at the wall clock. ``--fixture NAME``
arranges the sandbox for one of the docs fixtures (``weibo-explorer fixtures``) and sends its
request, so every outcome is reachable from the terminal.

Exit status: 0 for any of the five login statuses (the call was answered as documented, even
ACCESS_DENIED), 1 for a documented error (``IdaasError``) or a SUCCESS whose id_token did not
verify, 2 for a transport failure (no answer, or an answer that is neither a status nor the error
envelope) or a fixture that cannot be arranged.
"""

from __future__ import annotations

import argparse
from typing import Any

from .. import i18n
from ..catalogue import Msg
from ..contract import WEIBO_LOGIN

EXIT_ERROR, EXIT_TRANSPORT = 1, 2


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    def example(name: str) -> str:
        return WEIBO_LOGIN.header(name).example

    def field(name: str) -> str:
        return WEIBO_LOGIN.field(name).example

    parser = subparsers.add_parser(
        "login", help=Msg("call POST /api/v2/sdk/login/weibo and print the outcome")(said),
        description=Msg(
            "Sign in with Weibo against a tenant or the sandbox. Defaults are the "
           "vendor page's examples, which the sandbox's docs fixtures accept. Against a "
           "sandbox the id_token is checked at the sandbox's clock (GET /sandbox/clock), "
           "against a tenant at this machine's. Exit status: 0 a login status, 1 a "
           "documented error or an id_token that did not verify, 2 a transport failure.")(said))
    parser.add_argument("--base-url", default="http://127.0.0.1:8600")
    parser.add_argument("--fixture", metavar="NAME", default=None,
                        help=Msg("sandbox only: arrange this docs fixture (POST /sandbox/reset, "
                                 "then its admin calls) and send its request as is; the request "
                                 "options below are then ignored. Names: `weibo-explorer "
                                 "fixtures`")(said))
    parser.add_argument("--client-id", default=example("X-client-id"))
    parser.add_argument("--access-token", default=field("access_token"))
    parser.add_argument("--uid", default=field("uid"))
    device = parser.add_argument_group(
        Msg("device (the X- headers)")(said),
        Msg("Each is sent as its header and must be present and well-formed (else a PARAM "
            "error). Only X-device-ip can change the outcome: a tenant whose policy denies the "
            "device's network answers ACCESS_DENIED (--fixture access-denied arranges one).")(said))
    device.add_argument("--os-version", default=example("X-operating-sys-version"))
    device.add_argument("--fingerprint", default=example("X-device-fingerprint"))
    device.add_argument("--agent", default=example("X-agent"))
    device.add_argument("--device-ip", default=example("X-device-ip"),
                        help=Msg("X-device-ip, checked against the tenant's denied networks; "
                                 "'' leaves the optional header out")(said))
    i18n.add_lang_option(parser, said)
    parser.add_argument("--retries", type=int, default=2,
                        help=Msg("retries on IDAAS.SDK.COM.0002 (0: off)")(said))
    parser.add_argument("--no-verify", action="store_true",
                        help=Msg("do not verify the id_token against the JWKS")(said))
    parser.add_argument("--curl", action="store_true",
                        help=Msg("also print the request as curl")(said))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..client import (
        CallFailed,
        DeviceInfo,
        IdaasClient,
        IdaasError,
        Success,
        sandbox_clock,
        to_curl,
        wall_clock,
    )
    from ..client.replay_data import replay
    from ..rendering import to_rich
    from ..sandbox.tenant_admin import SandboxAdmin

    console, errors = Console(), Console(stderr=True)
    lang = i18n.cli_language(args.lang)

    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)

    clock = sandbox_clock(args.base_url)
    fixture: dict[str, Any] | None = None
    if args.fixture is not None:
        if clock is None:
            errors.print(i18n.word("fixture_needs_sandbox", lang, url=args.base_url),
                         markup=False, highlight=False, soft_wrap=True)
            return EXIT_TRANSPORT
        try:
            with SandboxAdmin(args.base_url) as admin:
                arranged = admin.apply(args.fixture)
        except (KeyError, RuntimeError) as exc:
            errors.print(f"weibo-explorer login: {str(exc).strip(chr(34))}", markup=False,
                         highlight=False, soft_wrap=True)
            errors.print(i18n.word("fixture_names", lang), markup=False, highlight=False)
            return EXIT_TRANSPORT
        fixture = arranged.fixture
        clock = sandbox_clock(args.base_url) or clock  # the reset put the clock back at its start
        say(i18n.word("arranged_fixture", lang, name=args.fixture,
                      title=i18n.fixture_title(fixture, lang) if fixture else ""))
        for step in arranged.steps:
            say(f"  {step.method} {step.path} -> {step.status_code}")
    device = DeviceInfo(args.os_version, args.fingerprint, args.agent, args.device_ip or None)
    client_id = fixture["client_id"] if fixture else args.client_id
    with IdaasClient(args.base_url, client_id, device, i18n.x_l(lang), retries=args.retries,
                     verify_id_token=not args.no_verify, clock=clock or wall_clock) as idaas:
        try:
            if fixture is not None:
                result = replay(idaas, fixture["request"])
            else:
                if args.curl:
                    say(to_curl(idaas.build_request(args.access_token, args.uid)))
                result = idaas.login_weibo(args.access_token, args.uid)
        except CallFailed as exc:
            errors.print(to_rich(exc, lang))
            errors.print(i18n.word("transport_failed", lang, error=str(exc)), markup=False,
                         highlight=False, soft_wrap=True)
            return EXIT_TRANSPORT
    if fixture is not None and args.curl:
        say(to_curl(result))
    console.print(to_rich(result, lang))  # in the reader's language, the pseudo-locale too
    if clock is not None:
        say(i18n.word("sandbox_clock_note", lang, clock=clock.describe(lang)))
    if fixture is None and clock is not None and result.status != "ACCESS_DENIED":
        say(_device_ip_note(args.base_url, args.device_ip, lang))
    if isinstance(result, IdaasError):
        say(i18n.word("hint_error", lang))
        return EXIT_ERROR
    # Success.ok is the trust rule (UNCHECKED only when --no-verify asked for it).
    untrusted = isinstance(result, Success) and result.id_token_check is not None and not result.ok
    return EXIT_ERROR if untrusted else 0


def _device_ip_note(base_url: str, device_ip: str, lang: str) -> str:
    """Why X-device-ip did not change the outcome: the sandbox's denied networks."""
    import httpx

    from ..sandbox.config import admin_headers

    try:
        denied = httpx.get(f"{base_url.rstrip('/')}/sandbox/policy", timeout=10,
                           headers=admin_headers()).json()["deny_ips"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return ""
    said = (i18n.word("device_ip_denied", lang, ranges=", ".join(denied)) if denied
            else i18n.word("device_ip_none", lang))
    return i18n.word("device_ip_note", lang, ip=device_ip or i18n.word("device_ip_unsent", lang),
                     denied=said)
