"""``weibo-explorer sandbox``: run the stateful sandbox tenant on loopback until interrupted."""

from __future__ import annotations

import argparse

from ..catalogue import Msg


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    parser = subparsers.add_parser(
        "sandbox", help=Msg("run the sandbox IDaaS server (uvicorn, loopback)")(said),
        description=Msg("Run the sandbox: Weibo Login, the fake Weibo, the JWKS and the admin "
                        "API. With --seed and --clock every token, id and timestamp is "
                        "reproducible.")(said))
    parser.add_argument("--host", default="127.0.0.1",
                        help=Msg("interface (default: 127.0.0.1)")(said))
    parser.add_argument("--port", type=int, default=8600,
                        help=Msg("port (default: 8600)")(said))
    parser.add_argument("--db", default=None, metavar="PATH",
                        help=Msg("SQLite file kept across restarts (default: in memory)")(said))
    parser.add_argument("--fixtures", choices=("docs", "none"), default="docs",
                        help=Msg("data to seed an empty database with (never wipes data)")(said))
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help=Msg("seed tokens, ids and the signing key for reproducible answers")(
                            said))
    parser.add_argument("--clock", default=None, metavar="ISO8601",
                        help=Msg("freeze the sandbox clock at this instant, e.g. "
                                 "2025-01-01T00:00:00Z")(said))
    parser.add_argument("--public-url", default=None, metavar="URL",
                        help=Msg("the tenant's public base URL: the id_token's iss, the URLs "
                                 "printed, and an accepted Host (default: http://HOST:PORT)")(said))
    parser.add_argument("--admin-token", default=None, metavar="TOKEN",
                        help=Msg("require Authorization: Bearer TOKEN on /sandbox/* (default: "
                                 "$WEIBO_EXPLORER_ADMIN_TOKEN; generated when bound beyond "
                                 "loopback)")(said))
    parser.add_argument("--request-timeout", type=float, default=30.0, metavar="SECONDS",
                        help=Msg("close a connection that has not sent its whole request "
                                 "within this time, and idle keep-alive connections "
                                 "(default: 30)")(said))
    parser.add_argument("--access-log", action="store_true",
                        help=Msg("log one line per request (off by default: it costs about a "
                                 "sixth of the throughput)")(said))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..sandbox import SandboxConfig, serve
    from ..sandbox.config import admin_token, secure

    options = {"host": args.host, "port": args.port, "fixtures": args.fixtures,
               "seed": args.seed, "clock": args.clock, "public_url": args.public_url,
               "admin_token": admin_token(args.admin_token),
               "request_timeout": args.request_timeout}
    if args.db is not None:
        options["db"] = args.db
    try:
        config = SandboxConfig(**options)
    except ValueError as exc:
        print(f"weibo-explorer sandbox: {exc}. For example: weibo-explorer sandbox --seed 1 "
              "--clock 2026-01-01T00:00:00Z (weibo-explorer sandbox --help lists every option).",
              file=sys.stderr)
        return 2
    taken = _port_taken(config.host, config.port)
    if taken:
        from ..i18n import cli_language, word

        shown = f"[{config.host}]" if ":" in config.host else config.host
        print(word("sandbox_port_taken", cli_language(None), host=shown, port=str(config.port),
                   error=taken, url=f"http://{shown}:{config.port}", next=str(config.port + 1)),
              file=sys.stderr)
        return 2
    config, warning = secure(config)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    shown = f"[{config.host}]" if ":" in config.host else config.host
    base = (config.public_url or f"http://{shown}:{config.port}").rstrip("/")
    print(f"Sandbox tenant: {base}  (issuer of its id_tokens; JWKS {base}/api/v1/oauth2/keys; "
          f"admin API {base}/sandbox/)", flush=True)
    serve(config, access_log=args.access_log)
    return 0


def _port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (None when it can): checked before uvicorn starts,
    whose own message names neither the cause nor the fix."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None
