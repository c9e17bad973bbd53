""""Where to go next" at the end of every page but the home page, so that no page is a dead end.

* A status or error page (``section``): the flow pages that walk the calls following this
  answer, the state diagram, the reference row, the glossary.
* Every other page of the navigation (``complete``): what its kind calls for — a flow, the status
  it follows and its variants (the same flow refused, or the one it is refused from); a course
  page, the next exercise — then the next page of its section, the diagram, the reference, the
  glossary and the home page, each unless it is the page itself.

The follow-ups per status are those of the diagram (``explorer.docs.diagram``); a link is written
only to a page the site has, so mkdocs --strict keeps every one of them honest.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import i18n
from .pages import DIAGRAM, REFERENCE

FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "SUCCESS": ("verify-id-token", "flow-refresh-id-token", "flow-ticket"),
    "USER_REGISTER": ("flow-register-phone", "flow-register-email"),
    "SOCIAL_BIND": ("flow-bind",),
    "MFA_AUTH": ("flow-mfa-sms",),
    "ACCESS_DENIED": (),
}
"""A status → the notebooks (stems) that walk what follows it, in reading order."""

GLOSSARY = "glossary.md"
HOME = "index.md"
HEADING_ID = "where-to-go-next"
"""The section's HTML id in both editions (a Chinese heading gets no slug of its own)."""


def heading(language: str) -> str:
    return f"## {i18n.word('next_pages', language)} {{#{HEADING_ID}}}"


def _rel(page_src: str, to_src: str, fragment: str = "") -> str:
    """A Markdown link between sources: mkdocs turns it into a URL and checks it."""
    rel = posixpath.relpath(to_src, posixpath.dirname(page_src) or ".")
    return rel + (f"#{fragment}" if fragment else "")


def section(page_src: str, section_kind: str, outcome: str | None,
            titles: Mapping[str, tuple[str, str]], language: str, *, reference: str, diagram: str,
            has_glossary: bool) -> str:
    """The Markdown of the "Where to go next" section for a page at ``page_src``.

    ``titles`` maps a notebook stem to ``(title, src_path)`` of the pages this edition has."""
    from .pages import anchor

    def md_link(to_src: str, fragment: str = "") -> str:
        return _rel(page_src, to_src, fragment)

    lines = [heading(language), ""]
    for stem in FOLLOW_UPS.get(outcome or "", ()) if section_kind == "status" else ():
        if stem in titles:
            title, src = titles[stem]
            lines.append("- " + i18n.word("next_flow", language, title=title, href=md_link(src)))
    lines.append("- " + i18n.word("next_diagram", language, href=md_link(diagram)))
    if outcome:
        kind = "status" if section_kind == "status" else "error"
        lines.append("- " + i18n.word("next_reference", language, name=outcome,
                                      href=md_link(reference, anchor(kind, outcome))))
    if has_glossary:
        lines.append("- " + i18n.word("next_glossary", language, href=md_link(GLOSSARY)))
    return "\n".join(lines) + "\n"


def _groups(nav: list[Any]) -> list[list[tuple[str, str]]]:
    """The navigation's sections, each its pages as ``(title, src)`` in order (nested sections
    flattened into their parent's)."""
    def pages(items: Any) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for item in items if isinstance(items, list) else [items]:
            for title, value in item.items():
                if isinstance(value, str):
                    found.append((title, value))
                else:
                    found += pages(value)
        return found

    groups = []
    for item in nav:
        for title, value in item.items():
            groups.append([(title, value)] if isinstance(value, str) else pages(value))
    return groups


def _flow_links(stem: str, titles: Mapping[str, tuple[str, str]],
                statuses: Mapping[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    """``(word, title, src)`` for a flow page: the status it follows, the flow it is refused
    from, the flows refused from it (``diagram.FORBIDDEN``)."""
    from .diagram import FLOW_PAGES, FORBIDDEN

    found: list[tuple[str, str, str]] = []
    for status, stems in FOLLOW_UPS.items():
        if stem in stems and status in statuses:
            found.append(("next_after_status", *statuses[status]))
    for node, _, refused in FORBIDDEN:
        happy = FLOW_PAGES.get(node)
        if refused == stem and happy is not None and happy in titles and happy != stem:
            found.append(("next_happy_flow", *titles[happy]))
        if happy == stem and refused in titles:
            found.append(("next_refused_flow", *titles[refused]))
    return found


def complete(stage: Path, nav: list[Any], language: str,
             titles: Mapping[str, tuple[str, str]],
             statuses: Mapping[str, tuple[str, str]]) -> None:
    """Append "Where to go next" to every page of ``nav`` in ``stage`` that has none yet (all
    but the home page, which links everything). ``titles`` maps a notebook's stem to
    ``(title, src)``, ``statuses`` a status to its page's."""
    stems = {src: stem for stem, (_, src) in titles.items()}
    groups = _groups(nav)
    named = {src: title for group in groups for title, src in group}
    for group in groups:
        for index, (_, src) in enumerate(group):
            path = stage / src
            if src == HOME or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            if f"{{#{HEADING_ID}}}" in text:
                continue
            links: list[tuple[str, str, str]] = []
            if src in stems:
                links += _flow_links(stems[src], titles, statuses)
            if len(group) > 1:
                title, after = group[(index + 1) % len(group)]
                links.append(("next_in_section", title, after))
            for other in (DIAGRAM, REFERENCE, GLOSSARY, HOME):
                if other in named:
                    links.append((f"next_page_{other.removesuffix('.md')}", named[other], other))
            seen: set[str] = {src}
            lines = [heading(language), ""]
            for key, title, target in links:
                if target in seen:
                    continue
                seen.add(target)
                lines.append("- " + i18n.word(key, language, title=title,
                                              href=_rel(src, target)))
            path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n",
                            encoding="utf-8")
