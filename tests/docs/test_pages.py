"""explorer.docs.pages: one generator writes the reference, errata and diagram pages of both
editions, from the same data, with the same anchors (a link into one edition holds in the other)."""

from __future__ import annotations

import re

import markdown
import pytest

from explorer import errata
from explorer.contract import ERRORS, STATUSES
from explorer.docs import pages
from explorer.i18n import word

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences",
              "pymdownx.tabbed"]
"""The Markdown extensions of mkdocs.yml these pages use."""

PAGES = {
    "reference": lambda language: pages.reference_page(language),
    "errata": lambda language: pages.errata_page(language),
    "diagram": lambda language: pages.diagram_page(
        {"SUCCESS": "status/success.md"}, "errors/param-0026.md",
        {"quickstart": "guides/quickstart.md"}, language),
}


def html(page: str) -> str:
    return markdown.markdown(page.split("\n---\n", 1)[-1], extensions=EXTENSIONS)


def ids(page: str) -> list[str]:
    """The ids a link can point to, below the page's title (the page itself)."""
    return re.findall(r'\bid="([^"]+)"', re.sub(r"<h1 .*?</h1>", "", html(page), count=1))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_both_editions_have_the_same_anchors(name: str) -> None:
    english, chinese = PAGES[name]("en"), PAGES[name]("zh")
    assert english != chinese
    assert ids(english) == ids(chinese)


def test_reference_anchors_every_status_error_and_section() -> None:
    found = set(ids(pages.reference_page("zh")))
    assert {pages.anchor("status", s) for s in STATUSES} <= found
    assert {pages.anchor("error", c) for c in ERRORS} <= found
    assert {"errors", "errors-of-the-follow-up-calls"} <= found  # the diagram links these


@pytest.mark.parametrize("language", ["en", "zh"])
def test_errata_page_speaks_its_language_around_the_verbatim_examples(language: str) -> None:
    page = pages.errata_page(language)
    assert page.startswith("# " + word("errata", language))
    for item in (errata.REQUEST, *errata.EXAMPLES):
        assert item.title(language) in page and item.raw.splitlines()[0] in page
    for text in errata.ERRATA.values():
        assert text(language) in page
    assert f'=== "{word("errata_verbatim", language)}"' in page
