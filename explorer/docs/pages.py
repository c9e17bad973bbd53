"""Pages generated at build time from the project's data, for either edition: the reference
(from the contract), the errata (from ``explorer.errata``) and the state diagram. Each returns
Markdown for mkdocs in ``language``.

Nothing here is typed by hand twice: the data carries both languages (``Text``), the pages' own
sentences are words of ``explorer.i18n``, and both editions share one layout and the same anchors
(so links between editions and from notebooks hold). Change the contract and both reference
pages change with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import get_args

from .. import errata
from ..catalogue import Msg, Verbatim, Words
from ..contract import ERRORS, WEIBO_LOGIN, ErrorCode, Source
from ..errata import Correction
from ..i18n import word
from . import diagram
from .urls import relative

BADGES: dict[Source, Words] = {
    "seed": Msg("seed"),
    "family": Msg("family"),
    "sandbox": Msg("sandbox"),
}
"""A fact's source as its badge says it: the glossary's terms (``glossary.md#source``), which the
Chinese glossary keeps as they are."""
DATA_HOLDS: dict[str, Words] = {
    "flows": Msg("the flows to offer (a JSON object)"),
    "factors": Msg("the second factors (a JSON list)"),
    "text": Msg("plain text"),
}
"""What a status's ``data`` string holds (``Status.data``), as the reference's column says it."""

NOTED = Msg("noted")
"""The errata's last column for a correction that keeps the value (``Correction.fixed`` False)."""

REFERENCE = "reference.md"
ERRATA = "errata.md"
DIAGRAM = "diagram.md"


def anchor(kind: str, name: str) -> str:
    """The HTML id of a status or error on the reference page: ``error-idaas-sdk-param-0001``."""
    return f"{kind}-" + name.strip().lower().replace(".", "-").replace("_", "-")


def reference_page(language: str = "en") -> str:
    """The call, field by field, from ``explorer.contract``: every ``Text`` in both languages,
    ``language``'s first."""
    ep = WEIBO_LOGIN
    yes, no = word("yes_no", language).split("|")
    out = [
        "# " + word("ref_title", language,
                    summary=f"{ep.summary(language)} · {ep.summary(_other(language))}"),
        "",
        f"`{ep.method} https://{{your_domain}}{ep.path}`",
        "",
        ep.description(language),
        "",
        ep.description(_other(language)),
        "",
        word("ref_sources", language,
             **{name: _badge(name, language) for name in get_args(Source)}),
        "",
        _heading(2, word("ref_headers", language), "request-headers"),
        "",
        _table(
            _columns("ref_header_columns", language),
            ((f"`{h.name}`", _both(h.title, language), yes if h.required else no,
              f"`{h.example}`", _both(h.help, language), _error_link(h.error_code))
             for h in ep.headers),
        ),
        "",
        _heading(2, word("ref_body", language), "request-body"),
        "",
        word("ref_body_intro", language),
        "",
        _table(
            _columns("ref_body_columns", language),
            ((f"`{f.name}`", _both(f.title, language), yes if f.required else no,
              f"`{f.example}`", _both(f.help, language), _error_link(f.error_code))
             for f in ep.body),
        ),
        "",
        _heading(2, word("ref_response", language), "response-fields-http-200"),
        "",
        _table(
            _columns("ref_response_columns", language),
            ((f"`{r.name}`", _both(r.title, language), f"`{r.type}`", _both(r.help, language))
             for r in ep.response_fields),
        ),
        "",
        _heading(2, word("ref_statuses", language), "statuses"),
        "",
        _table(
            _columns("ref_status_columns", language),
            ((f'<a id="{anchor("status", s.name)}"></a>`{s.name}`', _both(s.meaning, language),
              ", ".join(f"`{f}`" for f in s.fields),
              DATA_HOLDS[s.data](language) if s.data else "—", _both(s.next_step, language))
             for s in ep.statuses),
        ),
        "",
        _heading(2, word("ref_errors", language), "errors"),
        "",
        word("ref_errors_intro", language),
        "",
        _error_table((ERRORS[c] for c in ep.errors), language),
        "",
        _heading(3, word("ref_follow_up_errors", language), "errors-of-the-follow-up-calls"),
        "",
        _error_table((e for c, e in ERRORS.items() if c not in ep.errors), language),
        "",
        _heading(3, word("ref_why_codes", language), "why-the-sandbox-adds-codes"),
        "",
        word("ref_reasons_source", language),
        "",
        *(f"- **`{e.code}`** — {e.reason(language)}" for e in ERRORS.values() if e.reason),
        "",
    ]
    return "\n".join(out)


def diagram_links(status_pages: Mapping[str, str], errors_page: str | None,
                  flow_pages: Mapping[str, str] | None = None) -> dict[str, str]:
    """The href of every node and forbidden edge of the diagram page; ``flow_pages`` maps a
    notebook's stem to its page (flows, and the guides the start and end nodes open)."""
    flows = flow_pages or {}
    links = diagram.flow_links(lambda stem: relative(DIAGRAM, flows[stem]) if stem in flows
                               else None)
    links.update({name: relative(DIAGRAM, src) for name, src in status_pages.items()})
    for s in WEIBO_LOGIN.statuses:
        links.setdefault(s.name, relative(DIAGRAM, REFERENCE, anchor("status", s.name)))
    links["error"] = relative(DIAGRAM, errors_page) if errors_page else relative(
        DIAGRAM, REFERENCE, "errors")
    links["login"] = relative(DIAGRAM, REFERENCE)
    # every other node opens the page that explains it (stumble: a node that is not a link)
    guides = {"app": "quickstart", "verify": "verify-id-token", "signed_in": "verify-id-token"}
    for node, stem in guides.items():
        links.setdefault(node, relative(DIAGRAM, flows[stem]) if stem in flows
                         else relative(DIAGRAM, REFERENCE))
    links.setdefault("stop", links.get("ACCESS_DENIED", relative(DIAGRAM, REFERENCE)))
    links.setdefault("fix", relative(DIAGRAM, REFERENCE, "errors"))
    links.setdefault("refused", relative(DIAGRAM, REFERENCE, "errors-of-the-follow-up-calls"))
    return links


def diagram_page(status_pages: Mapping[str, str], errors_page: str | None,
                 flow_pages: Mapping[str, str] | None = None, language: str = "en") -> str:
    """The state diagram in ``language``; ``status_pages`` maps a status to its page's source
    path, ``flow_pages`` a flow notebook's stem to its page's (the same links in both editions)."""
    links = diagram_links(status_pages, errors_page, flow_pages)
    return "\n".join([
        "---", "hide:", "  - navigation", "  - toc", "---", "",  # the diagram gets the full width
        "# " + word("diagram", language),
        "",
        word("diagram_intro", language),
        "",
        diagram.frame(links, language=language),
        "",
    ])


def errata_page(language: str = "en") -> str:
    """The vendor page's mistakes, from ``explorer.errata``: each example verbatim beside the
    corrected version, and every correction with its reason, in ``language``."""
    out = [
        "# " + word("errata", language),
        "",
        word("errata_intro", language),
        "",
        _heading(2, word("errata_items", language), "what-does-not-add-up"),
        "",
        *(f"{n}. {text(language)}" for n, text in sorted(errata.ERRATA.items())),
        "",
    ]
    for example in (errata.REQUEST, *errata.EXAMPLES):
        out += [_heading(2, example.title(language), anchor("example", example.name)), ""]
        out += [f'=== "{word("errata_verbatim", language)}"', "", _fence(example.raw, 4), "",
                f'=== "{word("errata_corrected", language)}"', "",
                _fence(example.corrected_text(), 4), ""]
        out += [_corrections(example.corrections, language), ""]
    out += [_heading(2, word("errata_table", language), "the-error-table"), "",
            _corrections(errata.TABLE_CORRECTIONS, language), ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------- helpers
def _corrections(corrections: Iterable[Correction], language: str) -> str:
    def said(words: Words) -> str:  # a message is Markdown; a Verbatim value is code
        return f"`{words.text}`" if isinstance(words, Verbatim) else words(language)

    return _table(
        _columns("errata_columns", language),
        ((str(c.erratum) if c.erratum else word("errata_new", language), said(c.subject),
          said(c.seed), said(c.corrected), said(c.reason),
          word("errata_fixed", language) if c.fixed else f"*{NOTED(language)}*")
         for c in corrections),
    )


def _error_table(errors: Iterable[ErrorCode], language: str) -> str:
    return _table(
        _columns("ref_error_columns", language),
        ((f'<a id="{anchor("error", e.code)}"></a>`{e.code}`', str(e.http_status),
          _both(e.message, language), _both(e.action, language), _source(e.source, language),
          ", ".join(f"`{c.strip()}`" for c in e.cause.split(",")) if e.cause else "—")
         for e in errors),
    )


def _table(head: Iterable[str], rows: Iterable[tuple[str, ...]]) -> str:
    columns = tuple(head)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _columns(key: str, language: str) -> list[str]:
    """A table's column titles: a word whose columns are separated by ``|``."""
    return word(key, language).split("|")


def _heading(level: int, title: str, html_id: str) -> str:
    """A heading with a fixed id, the same in both editions (links into the page hold)."""
    return f"{'#' * level} {title} {{ #{html_id} }}"


def _other(language: str) -> str:
    return "en" if language == "zh" else "zh"


def _both(text: Words, language: str) -> str:
    """A table cell: ``language``'s words, then the other language's, marked as such."""
    other = _other(language)
    return f'{text(language)}<br><span lang="{other}" class="wx-{other}">{text(other)}</span>'


def _badge(source: Source, language: str) -> str:
    return f'<span class="wx-src wx-src-{source}">{BADGES[source](language)}</span>'


def _source(source: Source, language: str) -> str:
    """An error's source: its badge, titled and followed by what it means, linked to the
    glossary."""
    label = word(f"source_{source}", language)
    badge = BADGES[source](language)
    return (f'<span class="wx-src wx-src-{source}" title="{label}">{badge}</span>'
            f"<br>[{label}](glossary.md#source)")


def _error_link(code: str | None) -> str:
    return f"[`{code}`](#{anchor('error', code)})" if code else "—"


def _fence(body: str, indent: int) -> str:
    pad = " " * indent
    return "\n".join(pad + line if line else "" for line in ["```text", *body.splitlines(), "```"])
