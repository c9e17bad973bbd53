"""``weibo-explorer login``: one Weibo Login call, its outcome printed readably.

Exit status: 0 for any of the five login statuses (the call was answered as documented, even
ACCESS_DENIED), 1 for a documented error (``IdaasError``), 2 for a transport failure (no answer,
or an answer that is neither a status nor the error envelope).
"""

from __future__ import annotations

import argparse

from .. import i18n
from ..contract import WEIBO_LOGIN

EXIT_ERROR, EXIT_TRANSPORT = 1, 2


def add(subparsers: argparse._SubParsersAction) -> None:
    example = lambda name: WEIBO_LOGIN.header(name).example  # noqa: E731
    field = lambda name: WEIBO_LOGIN.field(name).example  # noqa: E731
    parser = subparsers.add_parser(
        "login", help="call POST /api/v2/sdk/login/weibo and print the outcome",
        description="Sign in with Weibo against a tenant or the sandbox. Defaults are the "
                    "vendor page's examples, which the sandbox's docs fixtures accept. Exit "
                    "status: 0 a login status, 1 a documented error, 2 a transport failure.")
    parser.add_argument("--base-url", default="http://127.0.0.1:8600")
    parser.add_argument("--client-id", default=example("X-client-id"))
    parser.add_argument("--access-token", default=field("access_token"))
    parser.add_argument("--uid", default=field("uid"))
    device = parser.add_argument_group("device (the X- headers)")
    device.add_argument("--os-version", default=example("X-operating-sys-version"))
    device.add_argument("--fingerprint", default=example("X-device-fingerprint"))
    device.add_argument("--agent", default=example("X-agent"))
    device.add_argument("--device-ip", default=example("X-device-ip"),
                        help="'' leaves the optional header out")
    i18n.add_lang_option(parser)
    parser.add_argument("--retries", type=int, default=2,
                        help="retries on IDAAS.SDK.COM.0002 (0: off)")
    parser.add_argument("--no-verify", action="store_true",
                        help="do not verify the id_token against the JWKS")
    parser.add_argument("--curl", action="store_true", help="also print the request as curl")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..client import DeviceInfo, IdaasClient, IdaasError, TransportError, to_curl
    from ..render import to_rich

    device = DeviceInfo(args.os_version, args.fingerprint, args.agent, args.device_ip or None)
    console = Console()
    lang = i18n.cli_language(args.lang)
    with IdaasClient(args.base_url, args.client_id, device, i18n.x_l(lang), retries=args.retries,
                     verify_id_token=not args.no_verify) as idaas:
        if args.curl:
            console.print(to_curl(idaas.build_request(args.access_token, args.uid)),
                          markup=False, highlight=False, soft_wrap=True)
        try:
            result = idaas.login_weibo(args.access_token, args.uid)
        except TransportError as exc:
            errors = Console(stderr=True)
            errors.print(to_rich(exc, lang))
            errors.print(i18n.word("transport_failed", lang, error=str(exc)), markup=False,
                         highlight=False, soft_wrap=True)
            return EXIT_TRANSPORT
    console.print(result)
    if isinstance(result, IdaasError):
        console.print(i18n.word("hint_error", lang), markup=False, highlight=False)
        return EXIT_ERROR
    return 0
