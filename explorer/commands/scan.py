"""``weibo-explorer scan PATH...``: the publish gate for files you are about to commit.

Names each unredacted-looking value (file, cell or line, kind, a masked excerpt) and exits 1; 0
when clean. A file it cannot read as UTF-8 text is named too (exit 1): the gate fails closed.
``--rules`` prints the rule table it shares with redaction (the one ``docs/redaction.md`` shows).
Also the entry of the pre-commit hook (``.pre-commit-hooks.yaml``).
"""

from __future__ import annotations

import argparse

from ..catalogue import Msg

FOUND = Msg("weibo-explorer scan: {count} unredacted-looking value(s) in {files} file(s); redact "
            "them (explorer.redact) or --allow a value you know is safe")
CLEAN = Msg("weibo-explorer scan: {files} file(s) clean")
NO_PATHS = Msg("weibo-explorer scan: name the files or folders to scan (or --rules)")


def add(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], said: str) -> None:
    from ..i18n import add_lang_option

    parser = subparsers.add_parser(
        "scan", help=Msg("refuse files that hold real-looking tokens, phones, e-mails or "
                         "secrets")(said),
        description=Msg(
            "Scan every publishable file (notebooks with their metadata and attachments, "
           "recordings, HAR, JSON, YAML, Markdown, reST, HTML, SVG, text) for values "
           "that look unredacted, after decoding them (full-width characters, "
           "percent-encoding, base64, wrapped lines): a JWT not signed by the sandbox's "
           "keys, a phone number or e-mail that is not a fixture or placeholder, a "
           "session, state or access token, a client secret, an Authorization or cookie "
           "value, an OIDC profile claim. A file that is not UTF-8 text is refused too.")(said))
    parser.add_argument("paths", nargs="*", help=Msg("files or folders")(said))
    parser.add_argument("--allow", action="append", default=[], metavar="VALUE",
                        help=Msg("a value you declare safe (repeatable)")(said))
    parser.add_argument("--rules", action="store_true",
                        help=Msg("print the rule table shared with redaction (Markdown) and exit")(
                            said))
    add_lang_option(parser, said)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..i18n import cli_language
    from ..publish_gate import Gate, files_under, scan_paths
    from ..redact import rules_table

    language = cli_language(getattr(args, "lang", None))
    if args.rules:
        print(rules_table(language), end="")
        return 0
    if not args.paths:
        print(NO_PATHS(language), file=sys.stderr)
        return 2
    files = list(files_under(args.paths))
    findings = scan_paths(files, Gate(allow=frozenset(args.allow), language=language))
    for finding in findings:
        print(finding.said(language), file=sys.stderr)
    if findings:
        print(FOUND(language).format(count=len(findings),
                                     files=len({f.path for f in findings})), file=sys.stderr)
        return 1
    print(CLEAN(language).format(files=len(files)))
    return 0
