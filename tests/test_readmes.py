"""README.zh-CN.md is README.md in Chinese (issue 25): the same set-up commands, the same
``weibo-explorer`` commands, the same Python, the same sections and the same files referenced —
and every command either README names is one the CLI has.

Both files are parsed with markdown-it-py (CommonMark plus tables, as GitHub shows them); shell
lines are compared as ``shlex`` reads them (comments and spacing dropped), Python as ``tokenize``
reads it (comments dropped), so only the comments may be translated.
"""

from __future__ import annotations

import io
import re
import shlex
import tokenize
from itertools import takewhile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from explorer.cli import main

ROOT = Path(__file__).resolve().parents[1]
ENGLISH, CHINESE = "README.md", "README.zh-CN.md"
COMMAND = "weibo-explorer"
FILE_REFERENCE = re.compile(
    r"(?<![\w/.-])(?:docs|notebooks|explorer|scripts|benchmarks)/[\w./-]*\w")
"""A path into the repository, as prose names it in backticks (``docs/redaction.md``)."""
HAN = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
"""Chinese characters and full-width punctuation: a line break between two of them shows as a
stray space in a browser."""


def tokens(name: str) -> list[Token]:
    """The README's block tokens (inline tokens carry their children)."""
    parser = MarkdownIt("commonmark").enable("table")
    return parser.parse((ROOT / name).read_text(encoding="utf-8"))


def sections(name: str) -> list[list[Token]]:
    """The README's tokens cut at each ``##`` heading; the part before the first one comes first."""
    parts: list[list[Token]] = [[]]
    for token in tokens(name):
        if token.type == "heading_open" and token.tag == "h2":
            parts.append([])
        parts[-1].append(token)
    return parts


def fences(part: list[Token], *languages: str) -> list[str]:
    """The code blocks in ``part`` whose info string is one of ``languages``."""
    return [t.content for t in part if t.type == "fence" and t.info.strip() in languages]


def shell_lines(block: str) -> list[str]:
    """Each non-empty shell line as shlex reads it: comments and spacing gone."""
    return [" ".join(words) for words in map(shell_words, block.splitlines()) if words]


def shell_words(line: str) -> list[str]:
    """The line's words, with ``&&``, ``|``, ``>``, ``;`` as words of their own; no comment."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def simple_commands(line: str) -> list[str]:
    """The simple commands of a shell line (cut at ``&&``, ``||``, ``;``, ``|``), normalised."""
    commands: list[list[str]] = [[]]
    for word in shell_words(line):
        if word in ("&&", "||", ";", "|"):
            commands.append([])
        else:
            commands[-1].append(word)
    return [" ".join(words) for words in commands if words]


def python_code(block: str) -> str:
    """The block's code without its comments, one logical line per line."""
    kept = [t for t in tokenize.generate_tokens(io.StringIO(block).readline)
            if t.type not in (tokenize.COMMENT, tokenize.NL)]
    return tokenize.untokenize((t.type, t.string) for t in kept)


def named_commands(name: str) -> set[str]:
    """Every ``weibo-explorer ...`` command the README names, normalised: in its shell code blocks
    and in its inline code spans."""
    lines: list[str] = []
    for token in tokens(name):
        if token.type == "fence" and token.info.strip() in ("sh", "bash", "console"):
            lines.extend(token.content.splitlines())
        lines.extend(child.content for child in token.children or ()
                     if child.type == "code_inline" and child.content.startswith(COMMAND))
    return {command for line in lines for command in simple_commands(line)
            if command.startswith(COMMAND + " ") or command == COMMAND}


def referenced_files(name: str) -> set[str]:
    """The repository files the README's prose links to or names in backticks."""
    found: set[str] = set()
    for token in tokens(name):
        for child in token.children or ():
            if child.type == "link_open":
                found.add(str(child.attrs["href"]))
            elif child.type == "code_inline":
                found.update(FILE_REFERENCE.findall(child.content))
    return found


def chinese_twin(path: str) -> str:
    """Where the Chinese README points instead of ``path``: the other README, a docs page's
    ``.zh.md`` twin where one exists, else the same file."""
    if path in (ENGLISH, CHINESE):
        return CHINESE if path == ENGLISH else ENGLISH
    twin = re.sub(r"\.md$", ".zh.md", path)
    return twin if twin != path and (ROOT / twin).is_file() else path


def test_the_set_up_commands_are_the_same() -> None:
    """The code blocks of the first section (install, demo, docs; install, tests), line for line."""
    english, chinese = (sections(name)[1] for name in (ENGLISH, CHINESE))
    assert [shell_lines(b) for b in fences(chinese, "sh")] == \
        [shell_lines(b) for b in fences(english, "sh")]
    assert fences(english, "sh"), "README.md lost its set-up commands"


def test_both_name_the_same_weibo_explorer_commands() -> None:
    english, chinese = named_commands(ENGLISH), named_commands(CHINESE)
    assert len(english) >= 13, sorted(english)
    assert sorted(english - chinese) == [], "missing from README.zh-CN.md"
    assert sorted(chinese - english) == [], "only in README.zh-CN.md"


def test_the_python_blocks_are_the_same_code() -> None:
    """Only the comments of the Python blocks may differ (they are translated)."""
    english, chinese = ([python_code(b) for b in fences(t, "python", "py")]
                        for t in (tokens(ENGLISH), tokens(CHINESE)))
    assert english, "README.md has no Python block"
    assert chinese == english


def test_both_have_the_same_sections_holding_the_same_code() -> None:
    """Section for section: as many ``##`` sections, each with the same code blocks (comments
    aside) in the same order."""
    def code(part: list[Token]) -> list[object]:
        return [python_code(t.content) if t.info.strip() == "python" else shell_lines(t.content)
                for t in part if t.type == "fence"]

    english, chinese = ([code(part) for part in sections(name)[1:]] for name in (ENGLISH, CHINESE))
    assert len(chinese) == len(english)
    assert chinese == english


def test_both_reference_the_same_files_the_chinese_one_their_chinese_twins() -> None:
    english = referenced_files(ENGLISH)
    assert CHINESE in english
    assert referenced_files(CHINESE) == {chinese_twin(path) for path in english}
    for path in english | referenced_files(CHINESE):
        assert (ROOT / path).exists(), path


def test_the_chinese_readme_breaks_no_line_between_two_chinese_characters() -> None:
    """A browser shows a paragraph's line break as a space, which Chinese does not put between
    characters: break lines next to Latin text or code instead."""
    broken = [line for token in tokens(CHINESE) if token.type == "inline"
              for line in re.findall(rf".*[{HAN}]\n[{HAN}].*", token.content)]
    assert broken == []


@pytest.mark.parametrize("command", sorted(named_commands(ENGLISH) | named_commands(CHINESE)))
def test_every_named_command_is_one_the_cli_has(command: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """``weibo-explorer SUBCOMMAND --help`` answers with that sub-command's own usage, which lists
    every option the README gives it."""
    words = shlex.split(command)[1:]
    path = list(takewhile(re.compile(r"[a-z][a-z-]*").fullmatch, words))
    with pytest.raises(SystemExit) as exit_:
        main([*path, "--help"])
    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    assert f"usage: {' '.join([COMMAND, *path])} " in shown
    for option in (w.strip("[]") for w in words if w.lstrip("[").startswith("--")):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", shown), option
