"""Chinese prose without stray spaces (issue 25): a newline between two CJK characters is
joined when the Chinese edition is staged, and no paragraph of the built Chinese site shows a
space between two CJK characters."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explorer.docs.cjk import CJK, join_soft_breaks

from . import sitebuild

STRAY = re.compile(f"[{CJK}][ \\t]*\\n\\s*[{CJK}]")
"""A line break between two CJK characters, which the browser shows as a space. (A space typed
on one line, as after a run-in bold heading 「**标题。** 正文」, is the author's.)"""


@pytest.mark.parametrize(("source", "expected"), [
    ("通过沙箱的\n管理 API", "通过沙箱的管理 API"),
    ("构建就会\n  失败。", "构建就会失败。"),  # the next line's indentation goes too
    ("行末空格 \n下一行", "行末空格下一行"),  # and a line's one trailing space
    ("一个句子。\n（括号）", "一个句子。（括号）"),  # CJK punctuation on either side
    ("- 列表项\n  继续", "- 列表项继续"),
    ("> 引用\n> [链接](a.md)继续", "> 引用[链接](a.md)继续"),  # in a blockquote, through a link
    ("正文\n> 引用", "正文\n> 引用"),  # a blockquote starts
    ("**粗体**\n正文", "**粗体**正文"),
    ("中文\nEnglish", "中文\nEnglish"),  # one neighbour is not CJK: the break stays a space
    ("English\n中文", "English\n中文"),
    ("段落一\n\n段落二", "段落一\n\n段落二"),  # a blank line is a new paragraph
    ("## 标题\n正文", "## 标题\n正文"),  # a heading ends at its line
    ("```\n代码\n代码\n```\n正文\n继续", "```\n代码\n代码\n```\n正文继续"),
    ("~~~text\n代码\n~~~", "~~~text\n代码\n~~~"),
    ("| 甲 | 乙 |\n| 丙 | 丁 |", "| 甲 | 乙 |\n| 丙 | 丁 |"),
    ("<pre>\n中\n文\n</pre>", "<pre>\n中\n文\n</pre>"),
    ("用 `代码\n代码` 写", "用 `代码\n代码` 写"),  # inside inline code
    ("行末硬换行  \n下一行", "行末硬换行  \n下一行"),
])
def test_join_soft_breaks_joins_only_between_cjk_characters_in_prose(source, expected) -> None:
    assert join_soft_breaks(source) == expected


class _Paragraphs(HTMLParser):
    """The text of each <p> and <li> of a page's article (not its navigation), a code span
    counted as one Latin word."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open: list[list[str]] = []
        self._code = 0
        self._article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._article = True
        elif tag in ("p", "li") and self._article:
            self._open.append([])
        elif tag in ("code", "pre", "script", "style", "svg"):
            self._code += 1
            for text in self._open:
                text.append("x")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article = False
        elif tag in ("p", "li") and self._open:
            self.texts.append("".join(self._open.pop()))
        elif tag in ("code", "pre", "script", "style", "svg") and self._code:
            self._code -= 1

    def handle_data(self, data: str) -> None:
        if not self._code:
            for text in self._open:
                text.append(data)


@pytest.fixture(scope="module")
def site(sandbox, tmp_path_factory) -> Path:
    return sitebuild.built_chinese(sandbox.base_url, tmp_path_factory.mktemp("site"))


def test_no_chinese_paragraph_breaks_a_line_between_two_cjk_characters(site: Path) -> None:
    stray: list[str] = []
    pages = sorted(site.rglob("index.html"))
    assert len(pages) >= 10
    for page in pages:
        parser = _Paragraphs()
        parser.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(site).parent
        stray += [f"{where}: …{text[max(0, m.start() - 12):m.end() + 12]}…"
                  for text in parser.texts for m in STRAY.finditer(text)]
    assert stray == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "通过沙箱的管理 API" in home and "构建就会失败" in home  # the two examples
