""""Where to go next" at the end of every status and error page: the flow pages that walk the
calls following this answer, the state diagram, the reference row, the glossary.

The follow-ups per status are those of the diagram (``explorer.docs.diagram``); a link is written
only to a page the site has, so mkdocs --strict keeps every one of them honest.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from .. import i18n

FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "SUCCESS": ("verify-id-token", "flow-refresh-id-token", "flow-ticket"),
    "USER_REGISTER": ("flow-register-phone", "flow-register-email"),
    "SOCIAL_BIND": ("flow-bind",),
    "MFA_AUTH": ("flow-mfa-sms",),
    "ACCESS_DENIED": (),
}
"""A status → the notebooks (stems) that walk what follows it, in reading order."""

GLOSSARY = "glossary.md"


def section(page_src: str, section_kind: str, outcome: str | None,
            titles: Mapping[str, tuple[str, str]], language: str, *, reference: str, diagram: str, has_glossary: bool) -> str:
    """The Markdown of the "Where to go next" section for a page at ``page_src``.

    ``titles`` maps a notebook stem to ``(title, src_path)`` of the pages this edition has."""
    from .pages import anchor

    def md_link(to_src: str, fragment: str = "") -> str:
        """A Markdown link between sources: mkdocs turns it into a URL and checks it."""
        rel = posixpath.relpath(to_src, posixpath.dirname(page_src) or ".")
        return rel + (f"#{fragment}" if fragment else "")

    lines = [f"## {i18n.word('next_pages', language)}", ""]
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
