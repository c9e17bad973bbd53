"""Pages generated at build time from the project's data: the reference (from the contract), the
errata (from ``explorer.errata``) and the state diagram. Each returns Markdown for mkdocs.

Nothing here is typed by hand twice: change the contract and the reference page changes with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..contract import ERRORS, WEIBO_LOGIN, ErrorCode, Text
from . import diagram
from .urls import relative

REFERENCE = "reference.md"
ERRATA = "errata.md"
DIAGRAM = "diagram.md"


def anchor(kind: str, name: str) -> str:
    """The HTML id of a status or error on the reference page: ``error-idaas-sdk-param-0001``."""
    return f"{kind}-" + name.strip().lower().replace(".", "-").replace("_", "-")


def reference_page() -> str:
    """The call, field by field, in English and Chinese, straight from ``explorer.contract``."""
    ep = WEIBO_LOGIN
    out = [
        f"# Reference: {ep.summary.en} · {ep.summary.zh}",
        "",
        f"`{ep.method} https://{{your_domain}}{ep.path}`",
        "",
        ep.description.en,
        "",
        ep.description.zh,
        "",
        "Generated from `explorer/contract.py` when the site was built. **Source** says where each "
        "fact comes from: <span class=\"wx-src wx-src-seed\">seed</span> the vendor's page for this "
        "call, <span class=\"wx-src wx-src-family\">family</span> the vendor's pages for the calls "
        "around it, <span class=\"wx-src wx-src-sandbox\">sandbox</span> a choice this project made "
        "where the vendor is silent (with its reason). The [glossary](glossary.md#source) says more.",
        "",
        "## Request headers",
        "",
        _table(
            ("Header", "Name", "Required", "Example", "Notes", "Error when missing"),
            ((f"`{h.name}`", _both(h.title), _yes(h.required), f"`{h.example}`", _both(h.help),
              _error_link(h.error_code)) for h in ep.headers),
        ),
        "",
        "## Request body",
        "",
        "A JSON object; every field is a string.",
        "",
        _table(
            ("Field", "Name", "Required", "Example", "Notes", "Error when missing"),
            ((f"`{f.name}`", _both(f.title), _yes(f.required), f"`{f.example}`", _both(f.help),
              _error_link(f.error_code)) for f in ep.body),
        ),
        "",
        "## Response fields (HTTP 200)",
        "",
        _table(
            ("Field", "Name", "Type", "Notes"),
            ((f"`{r.name}`", _both(r.title), r.type, _both(r.help)) for r in ep.response_fields),
        ),
        "",
        "## Statuses",
        "",
        _table(
            ("Status", "Meaning", "Carries", "`data` holds", "Next step"),
            ((f'<a id="{anchor("status", s.name)}"></a>`{s.name}`', _both(s.meaning),
              ", ".join(f"`{f}`" for f in s.fields), s.data or "—", _both(s.next_step))
             for s in ep.statuses),
        ),
        "",
        "## Errors",
        "",
        "Every error is `{\"error_code\": \"...\", \"error_msg\": \"...\"}` with the HTTP status "
        "below; `X-L: zh` selects the Chinese message. The rows are in the order the sandbox "
        "checks them: the first failing check answers.",
        "",
        _error_table(ERRORS[c] for c in ep.errors),
        "",
        "### Errors of the follow-up calls",
        "",
        _error_table(e for c, e in ERRORS.items() if c not in ep.errors),
        "",
        "### Why the sandbox adds codes",
        "",
        *(f"- **`{e.code}`** — {e.reason}" for e in ERRORS.values() if e.reason),
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
                 flow_pages: Mapping[str, str] | None = None) -> str:
    """The state diagram; ``status_pages`` maps a status to its page's source path,
    ``flow_pages`` a flow notebook's stem to its page's."""
    links = diagram_links(status_pages, errors_page, flow_pages)
    return "\n".join([
        "---", "hide:", "  - navigation", "  - toc", "---", "",  # the diagram gets the full width
        "# State diagram",
        "",
        "What one call to the Weibo login can answer, and the calls that follow each answer. "
        "Click a status to open its page. Drawn by Graphviz when the site was built, from the "
        "statuses of `explorer/contract.py` and the follow-up calls of the vendor's pages. "
        "Shown whole, fitted to the window; **Actual size** shows it at full size, to pan by "
        "scrolling inside the frame.",
        "",
        diagram.frame(links),
        "",
    ])


def errata_page() -> str:
    """The vendor page's mistakes, from ``explorer.errata``: each example verbatim beside the
    corrected version, and every correction with its reason."""
    from .. import errata

    out = [
        "# Errata of the vendor page",
        "",
        "Where the vendor's page for this call is wrong or does not add up, these docs say so "
        "instead of copying the mistake or fixing it silently. Each example is shown **verbatim**, "
        "exactly as the page prints it, beside the **corrected** version the sandbox answers; each "
        "correction says why. A correction marked *noted* keeps the value: changing it would fake "
        "a signature. Generated from `explorer/errata.py`.",
        "",
        "## What does not add up",
        "",
        *(f"{n}. {text}" for n, text in sorted(errata.ERRATA.items())),
        "",
    ]
    for example in (errata.REQUEST, *errata.EXAMPLES):
        out += [f"## {example.caption.rstrip(':')}", ""]
        out += ['=== "Verbatim (vendor page)"', "", _fence(example.raw, 4), "",
                '=== "Corrected"', "", _fence(example.corrected_text(), 4), ""]
        out += [_corrections(example.corrections), ""]
    out += ["## The error table", "", _corrections(errata.TABLE_CORRECTIONS), ""]
    return "\n".join(out)


def _corrections(corrections: Iterable[Any]) -> str:
    return _table(
        ("Item", "What", "The page shows", "These docs show", "Why", ""),
        ((str(c.erratum) if c.erratum else "new", c.subject, c.seed, c.corrected, c.reason,
          "fixed" if c.fixed else "*noted*") for c in corrections),
    )


# ------------------------------------------------------------------------------------- helpers
def _error_table(errors: Iterable[ErrorCode]) -> str:
    return _table(
        ("Code", "HTTP", "Message", "Action", "Source", "Cause"),
        ((f'<a id="{anchor("error", e.code)}"></a>`{e.code}`', str(e.http_status), _both(e.message),
          _both(e.action), f'<span class="wx-src wx-src-{e.source}">{e.source}</span>',
          ", ".join(f"`{c.strip()}`" for c in e.cause.split(",")) if e.cause else "—")
         for e in errors),
    )


def _table(head: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _both(text: Text) -> str:
    return f'{text.en}<br><span lang="zh" class="wx-zh">{text.zh}</span>'


def _yes(required: bool) -> str:
    return "yes" if required else "no"


def _error_link(code: str | None) -> str:
    return f"[`{code}`](#{anchor('error', code)})" if code else "—"


def _fence(body: str, indent: int) -> str:
    pad = " " * indent
    return "\n".join(pad + line if line else "" for line in ["```text", *body.splitlines(), "```"])
