"""Words a newcomer stumbles on, linked to the glossary where they appear.

The first occurrence of each term on a page — in prose, in a table, or in a rendered card's text
(an error's action, "contact Zhuyun staff") — becomes a link to its glossary entry; a citation of
the vendor's pages by section ("api-family §3") links that section of ``vendor-api.md``, where the
vendor's URLs are. Fenced code, HTML tags and their attributes are never touched, so requests and
JSON stay verbatim.
"""

from __future__ import annotations

import re

from .urls import relative

GLOSSARY = "glossary.md"
VENDOR_API = "vendor-api.md"

TERMS: tuple[tuple[str, str], ...] = (
    (r"Zhuyun", "zhuyun"),
    (r"竹云", "zhuyun"),
    (r"api-family §\s?(\d+)(?:[–-]§?\d+)?", f"{VENDOR_API}#s{{0}}"),
    (r"api-family", "api-family"),
)
"""(regular expression, glossary anchor or ``page.md#anchor`` filled from the match's groups) —
the terms that never say what they are where they appear."""

_FENCE = re.compile(r"^\s*(```|~~~)")
_TAG = re.compile(r"(<[^>]*>)")
_LINK_CONTEXT = re.compile(r"\[[^\]]*$")  # inside a Markdown link text already
_CODE_SPAN = re.compile(r"(`[^`]*`)")


def _link_text(text: str, page_src: str, pending: list[tuple[str, str]]) -> str:
    """Link each pending term's first occurrence in ``text``, outside inline code."""
    spans = _CODE_SPAN.split(text)
    for j, span in enumerate(spans):
        if span.startswith("`"):
            continue
        for pattern, anchor in list(pending):
            match = re.search(pattern, span)
            if match is None or _LINK_CONTEXT.search(span[: match.start()]):
                continue
            page, _, fragment = anchor.rpartition("#")
            href = relative(page_src, page or GLOSSARY, fragment.format(*match.groups()))
            title = "glossary" if not page else page.removesuffix(".md")
            link = f'<a class="wx-term" href="{href}" title="{title}">{match.group()}</a>'
            pending.remove((pattern, anchor))
            rest = "".join(spans[j + 1:])
            spans[j + 1:] = []
            spans[j] = span[: match.start()] + link + _link_text(span[match.end():] + rest,
                                                                 page_src, pending)
            return "".join(spans)
    return text


def link_terms(markdown: str, page_src: str) -> str:
    """``markdown`` with the first occurrence of each term linked to the glossary."""
    if page_src == GLOSSARY:
        return markdown
    pending = list(TERMS)
    out: list[str] = []
    in_fence = False
    in_pre = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence or not pending:
            out.append(line)
            continue
        parts = _TAG.split(line)
        for i, part in enumerate(parts):
            if part.startswith("<"):
                low = part.lower()
                if low.startswith(("<pre", "<code", "<a ", "<a>")):
                    in_pre = True
                elif low.startswith(("</pre", "</code", "</a>")):
                    in_pre = False
                continue
            if in_pre:
                continue
            parts[i] = _link_text(part, page_src, pending)
        out.append("".join(parts))
    return "\n".join(out)
