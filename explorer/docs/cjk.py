"""Chinese prose without stray spaces: a source line that wraps between two CJK characters.

Markdown keeps a soft line break as a newline and the browser shows it as a space, which is right
between English words and wrong between Chinese characters (「通过沙箱的 管理 API」). Before the
Chinese edition is rendered, ``join_soft_breaks`` removes such a newline (and the next line's
indentation) wherever both neighbours are CJK characters or CJK punctuation. Fenced code, inline
code, headings, table rows and ``<pre>``, ``<code>``, ``<script>``, ``<style>`` and ``<textarea>``
blocks keep their lines as written. Working on the staged Markdown keeps it the same for every
site engine.
"""

from __future__ import annotations

import re
from pathlib import Path

CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK punctuation: 、。「」《》
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\uff00-\uffef"  # full-width forms: ，：；！？（）
    "\u2014\u2026"  # the dash and the ellipsis Chinese doubles: —— ……
)
_ENDS_CJK = re.compile(f"[{CJK}]$")
_STARTS_CJK = re.compile(f"^[{CJK}]")
_END_MARKUP = re.compile(r"(?:(?<=\S)[*~]+|\]\([^()\s]*\)|\]\[[^\]]*\]|\]|<[^<>]+>)$")
"""Markup that ends a line but shows no character: emphasis, a link's target, a tag."""
_START_MARKUP = re.compile(r"^(?:[*~]+(?=\S)|!?\[|<[^<>]+>)")
"""Markup that starts a line but shows no character: emphasis, a link's text opening, a tag."""
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)*")
"""A line's indentation and blockquote markers (``> ``), which a joined line leaves behind."""
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"`[^`]*`")
_RAW_OPEN = re.compile(r"<(pre|code|script|style|textarea)\b", re.IGNORECASE)


def _raw_close(tag: str) -> re.Pattern[str]:
    return re.compile(rf"</{tag}\s*>", re.IGNORECASE)


def _protected(lines: list[str]) -> list[bool]:
    """Per line: inside fenced code or a raw block whose lines must stay (see the module)."""
    kept: list[bool] = []
    fence: str | None = None
    raw: re.Pattern[str] | None = None
    for line in lines:
        opened = _FENCE.match(line)
        if fence is not None:
            kept.append(True)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) \
                    and not line.strip()[len(opened.group(1)):].strip():
                fence = None
            continue
        if raw is not None:
            kept.append(True)
            if raw.search(line):
                raw = None
            continue
        if opened:
            fence = opened.group(1)
            kept.append(True)
            continue
        prose = _CODE_SPAN.sub("", line)  # `<script>` in inline code opens nothing
        tag = _RAW_OPEN.search(prose)
        if tag and not _raw_close(tag.group(1)).search(prose, tag.end()):
            raw = _raw_close(tag.group(1))
            kept.append(True)
            continue
        kept.append(line.lstrip().startswith(("|", "#")))
    return kept


def _shown_edges(line: str) -> tuple[str, str]:
    """``line`` without the markup at its end, and without the markup at its start: what a
    reader sees on either side of the line break."""
    end = line.rstrip(" \t") if not line.endswith("  ") else line  # two spaces: a hard break
    while (found := _END_MARKUP.search(end)) and found.start() > 0:
        end = end[: found.start()]
    start = line[len(_quote_prefix(line)):]
    while found := _START_MARKUP.match(start):
        start = start[found.end():]
    return end, start


def _quote_prefix(line: str) -> str:
    """``line``'s indentation and blockquote markers; two lines join only at the same depth."""
    found = _QUOTE.match(line)
    return found.group() if found else ""


def join_soft_breaks(markdown: str) -> str:
    """``markdown`` with each newline between two CJK characters removed, outside code, raw
    blocks and tables: the line ``甲\\n  乙`` becomes ``甲乙``; ``甲\\nB`` and ``A\\n乙`` stay."""
    lines = markdown.split("\n")
    kept = _protected(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        joins = (out and not kept[i] and not kept[i - 1] and out[-1].count("`") % 2 == 0
                 and _quote_prefix(lines[i - 1]).count(">") == _quote_prefix(line).count(">")
                 and _ENDS_CJK.search(_shown_edges(out[-1])[0])
                 and _STARTS_CJK.match(_shown_edges(line)[1]))
        if joins:
            out[-1] = out[-1].rstrip(" \t") + line[len(_quote_prefix(line)):]
        else:
            out.append(line)
    return "\n".join(out)


def join_staged(stage: Path) -> None:
    """``join_soft_breaks`` on every staged Markdown page of the Chinese edition."""
    for md in sorted(stage.rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        joined = join_soft_breaks(text)
        if joined != text:
            md.write_text(joined, encoding="utf-8")
