"""Every hand-written page in docs/ has a Chinese twin with the same outline: the Chinese edition
swaps ``x.zh.md`` in for ``x.md``, so a missing twin or section is a page or section the Chinese
reader never gets."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import explorer

DOCS = Path(explorer.__file__).resolve().parents[1] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".zh.md"))

_GENERATED = re.compile(r"<!-- BEGIN (\w+) -->.*?<!-- END \1 -->", re.S)  # the build copies these
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ANCHOR = re.compile(r"\{\s*#([\w-]+)\s*\}\s*$")
# what a heading names that a translation keeps as it is: an identifier with an underscore or a
# dot (access_token, SANDBOX.HTTP.0400), an upper-case code (SUCCESS, MFA), an HTTP status
_CODE_WORD = re.compile(r"(?<![\w.])(?:[A-Za-z][\w-]*(?:[_.][\w-]+)+|[A-Z][A-Z0-9]{2,}|[1-5]\d\d)"
                        r"(?![\w.])")


def outline(path: Path) -> list[tuple[int, str | None, list[str]]]:
    """Each heading of a page (fenced code skipped) as its level, its ``{ #anchor }`` and the code
    it names: the spans in backticks, then identifiers and codes written plainly, in order."""
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    headings = []
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type != "heading_open":
            continue
        children = inline.children or []
        text = "".join(c.content for c in children if c.type == "text")
        anchor = _ANCHOR.search(text)
        codes = [c.content for c in children if c.type == "code_inline"]
        codes += _CODE_WORD.findall(_ANCHOR.sub("", text))
        headings.append((int(opening.tag[1]), anchor.group(1) if anchor else None, sorted(codes)))
    return headings


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_each_page_has_a_chinese_twin_with_its_headings(page: Path) -> None:
    twin = page.with_name(page.stem + ".zh.md")
    assert twin.is_file(), f"{twin.relative_to(DOCS)} is missing"
    assert outline(twin) == outline(page)


def figures(path: Path) -> Counter[str]:
    """Every number a page writes outside its generated tables, as many times as it writes it."""
    return Counter(_NUMBER.findall(_GENERATED.sub("", path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_each_twin_gives_the_same_figures(page: Path) -> None:
    twin = page.with_name(page.stem + ".zh.md")
    english, chinese = figures(page), figures(twin)
    assert (english - chinese, chinese - english) == (Counter(), Counter())


def test_the_outline_sees_levels_anchors_and_codes_not_code_blocks(tmp_path: Path) -> None:
    page = tmp_path / "x.md"
    page.write_text("# Title\n\n## `SUCCESS` after MFA_AUTH { #s2 }\n\n```yaml\n# a comment\n```\n"
                    "### HTTP 400 and session_token\n", encoding="utf-8")
    assert outline(page) == [(1, None, []), (2, "s2", ["MFA_AUTH", "SUCCESS"]),
                             (3, None, ["400", "HTTP", "session_token"])]
