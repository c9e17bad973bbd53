"""``weibo-explorer scan PATH...``: the publish gate for files you are about to commit.

Names each unredacted-looking value (file, cell or line, kind) and exits 1; 0 when clean. Also the
entry of the pre-commit hook (``.pre-commit-hooks.yaml``).
"""

from __future__ import annotations

import argparse


def add(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scan", help="refuse files that hold real-looking tokens, phones, e-mails or secrets",
        description="Scan notebooks, recordings and pages for values that look unredacted: a JWT "
                    "not signed by the sandbox's keys, a phone number or e-mail that is not a "
                    "sandbox fixture or placeholder, an Authorization header, a client secret.")
    parser.add_argument("paths", nargs="+", help="files or folders")
    parser.add_argument("--allow", action="append", default=[], metavar="VALUE",
                        help="a value you declare safe (repeatable)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..scan import Gate, files_under, scan_paths

    files = list(files_under(args.paths))
    findings = scan_paths(files, Gate(allow=frozenset(args.allow)))
    for finding in findings:
        print(finding, file=sys.stderr)
    if findings:
        print(f"weibo-explorer scan: {len(findings)} unredacted-looking value(s) in "
              f"{len({f.path for f in findings})} file(s); redact them (explorer.redact) or "
              "--allow a value you know is safe", file=sys.stderr)
        return 1
    print(f"weibo-explorer scan: {len(files)} file(s) clean")
    return 0
