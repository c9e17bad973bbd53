"""``weibo-explorer``: the command line.

Each sub-command lives in its own module under ``explorer.commands`` and exposes
``add(subparsers, said)``, which registers its parser with its help said in the language ``said``
and sets ``run=<function(args) -> int>``. Modules are found by name, so adding a command never
edits this file.

``--help`` speaks the reader's language: ``--lang`` when it appears anywhere in the arguments
(a sub-command's counts), else the locale (``LANG=zh_CN.UTF-8``). The parser is built in that
language, argparse's own words ("usage:", "options:", "show this help message and exit")
included: they come from the catalogue through ``Parser`` and ``HelpFormatter`` below, not from
Python's ``argparse`` gettext domain, so no process-wide state is touched. So do its errors
("the following arguments are required", "invalid choice"): ``Parser.error`` says argparse's
English again from the catalogue, by the shape of the sentence.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, NoReturn

from . import __version__, commands
from .catalogue import Msg, Words
from .i18n import cli_language
from .import_costs import skip_unused_format_checkers

ARGPARSE_WORDS: dict[str, Words] = {
    "usage: ": Msg("usage: "),
    "positional arguments": Msg("positional arguments"),
    "options": Msg("options"),
}
"""The words argparse itself writes into a help page, keyed by the English it writes."""

ARGPARSE_ERRORS: tuple[Msg, ...] = (
    Msg("the following arguments are required: {names}"),
    Msg("unrecognized arguments: {names}"),
    Msg("argument {name}: {problem}"),
    Msg("invalid choice: {value} (choose from {choices})"),
    Msg("expected one argument"),
    Msg("invalid {type} value: {value}"),
    Msg("one of the arguments {names} is required"),
    Msg("not allowed with argument {name}"),
    Msg("ambiguous option: {option} could match {matches}"),
)
"""argparse's error sentences (Python 3.11's wording): each English is also the shape that
recognises the sentence, its ``{parts}`` being what argparse filled in."""
_ERROR_LINE = Msg("{prog}: error: {message}")


def _shape(english: str) -> re.Pattern[str]:
    """``"argument {name}: {problem}"`` → a pattern matching that sentence, each part a group."""
    pieces = re.split(r"\{(\w+)\}", english)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                              for i, p in enumerate(pieces)))


_ERROR_SHAPES = tuple((words, _shape(words.msgid)) for words in ARGPARSE_ERRORS)


def said_error(message: str, language: str) -> str:
    """An argparse error in ``language``: its sentence from the catalogue, its parts as they were
    (an ``argument X:`` prefix says its own problem the same way); any other message unchanged."""
    for words, shape in _ERROR_SHAPES:
        found = shape.fullmatch(message)
        if found is not None:
            parts = found.groupdict()
            if "problem" in parts:
                parts["problem"] = said_error(parts["problem"], language)
            return words(language).format(**parts)
    return message


_WIDE = "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f" \
        "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
_PIECES = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+")
_NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)")
"""Closing marks that stay on the line before, even one column past the width."""


def columns(text: str) -> int:
    """The terminal columns ``text`` takes: two for a CJK character, one for any other."""
    return sum(2 if re.match(f"[{_WIDE}]", c) else 1 for c in text)


def wrap_columns(text: str, width: int) -> list[str]:
    """``text``'s lines no wider than ``width`` terminal columns: a CJK character takes two and
    may end a line anywhere, an ASCII word is kept whole (what ``textwrap``, counting
    characters and breaking only at spaces, gets wrong for Chinese)."""
    lines: list[str] = []
    line, used = "", 0
    for piece in _PIECES.findall(" ".join(text.split())):
        size = columns(piece)
        if piece.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        if used + size > width and line.strip() and piece[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + piece, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with argparse's own headings and prefix said in ``language``, and
    text holding CJK wrapped by terminal columns (English goes through argparse unchanged)."""

    def __init__(self, prog: str, *, language: str = "en") -> None:
        super().__init__(prog)
        self.language = language

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        if prefix is None:
            prefix = ARGPARSE_WORDS["usage: "](self.language)
        super().add_usage(usage, actions, groups, prefix)

    def start_section(self, heading: str | None) -> None:
        words = ARGPARSE_WORDS.get(heading or "")
        super().start_section(words(self.language) if words else heading)

    def _format_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                      groups: Iterable[argparse._MutuallyExclusiveGroup],
                      prefix: str | None) -> str:
        wide = columns(prefix or "") - len(prefix or "")
        if not prefix or not wide:
            return super()._format_usage(usage, actions, groups, prefix)
        # argparse aligns and wraps the usage by len(prefix): lay it out with a stand-in as
        # many columns wide as the prefix, then put the prefix in its place
        stand_in = "\0" * columns(prefix)
        return super()._format_usage(usage, actions, groups, stand_in).replace(stand_in, prefix,
                                                                               1)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return super()._split_lines(text, width) if text.isascii() else wrap_columns(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.isascii():
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_columns(text, width - len(indent)))


class RawDescriptionHelpFormatter(argparse.RawDescriptionHelpFormatter, HelpFormatter):
    """``argparse.RawDescriptionHelpFormatter`` (description and epilog kept as written), with
    argparse's own words said in ``language``."""


SAID_FORMATTERS: dict[type[argparse.HelpFormatter], type[HelpFormatter]] = {
    argparse.HelpFormatter: HelpFormatter,
    argparse.RawDescriptionHelpFormatter: RawDescriptionHelpFormatter,
}
"""The formatter a ``Parser`` uses for the one a command asks argparse for."""


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help page is said in ``language``; its sub-command parsers
    are ``Parser``s in the same language."""

    def __init__(self, *, language: str = "en", **kwargs: Any) -> None:
        self.language = language
        add_help = kwargs.get("add_help", True)
        asked = kwargs.get("formatter_class", argparse.HelpFormatter)
        kwargs.update(add_help=False,
                      formatter_class=partial(SAID_FORMATTERS[asked], language=language))
        super().__init__(**kwargs)
        if add_help:  # argparse's own -h, with its help from the catalogue
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=Msg("show this help message and exit")(language))

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", partial(Parser, language=self.language))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """argparse's ``error``: the usage, then the error, both in the parser's language."""
        self.print_usage(sys.stderr)
        said = _ERROR_LINE(self.language).format(prog=self.prog,
                                                 message=said_error(message, self.language))
        self.exit(2, said + "\n")


def argv_language(argv: Sequence[str]) -> str:
    """The language of the command line's own words: the last ``--lang X`` or ``--lang=X`` in
    ``argv`` (before a lone ``--``), else the locale's."""
    flag = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            flag = argv[i + 1]
        elif arg.startswith("--lang="):
            flag = arg.partition("=")[2]
    return cli_language(flag)


def build_parser(said: str = "en") -> argparse.ArgumentParser:
    """The whole command line, its help said in the language ``said``."""
    parser = Parser(
        prog="weibo-explorer", language=said,
        description=Msg("Learn, try and document the IDaaS 'Sign in with Weibo' call.")(said),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=Msg("show program's version number and exit")(said))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{commands.__name__}.{info.name}").add(subparsers, said)
    return parser


def main(argv: list[str] | None = None) -> int:
    skip_unused_format_checkers()  # ≈ 2 s of every command's start (explorer/import_costs.py)
    parser = build_parser(argv_language(sys.argv[1:] if argv is None else argv))
    args, extra = parser.parse_known_args(argv)
    if extra:  # only a command that hands its rest to another program takes unknown arguments
        if not getattr(args, "pass_through", False):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.extra = extra
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
