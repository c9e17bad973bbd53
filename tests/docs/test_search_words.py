"""Chinese search that finds words (issue 25): the vendor's and the glossary's terms stay whole
in the index of a built Chinese edition, the theme's search in chromium finds the glossary for
them rather than the page about verifying a JWT, and the results a reader sees (and copies)
carry no zero-width space."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Watched, launch

from explorer.docs.search_words import WORDS
from explorer.docs.serve import ServedSite

from . import sitebuild

ZERO_WIDTH = "\u200b"
FIRST = {"图形验证码": "glossary/", "二次认证": "glossary/", "验证码": "glossary/"}
"""In this small site (no flow pages), the glossary is where each of these words is explained."""


@pytest.fixture(scope="module")
def site(sandbox, tmp_path_factory) -> Path:
    return sitebuild.built_chinese(sandbox.base_url, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[ServedSite]:
    with ServedSite(site, sandbox=None) as server:
        yield server


def _tokens(site: Path) -> set[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    return {token for doc in index["docs"] for field in ("title", "text")
            for token in separator.split(doc[field])}


def test_the_vendors_terms_are_whole_words_of_the_index(site: Path) -> None:
    tokens = _tokens(site)
    assert {"验证码", "图形验证码", "短信验证码", "二次认证"} <= tokens
    assert set(FIRST) <= set(WORDS)


def _search(page, base_url: str, query: str) -> list[str]:
    """The result links for ``query``, typed whole (as an input method gives it): the one key
    event after it sends the whole query, never a prefix of it."""
    page.goto(f"{base_url}/", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    items = page.locator(".md-search-result__item > .md-search-result__link")
    items.first.wait_for(timeout=15000)
    return [(a.get_attribute("href") or "").split("?")[0].split("#")[0] for a in items.all()]


def test_chinese_search_finds_the_glossary_first_and_shows_no_zero_width_spaces(
        served: ServedSite) -> None:
    with launch() as browser:
        watched = Watched(browser)
        page = watched.page
        try:
            for query, first in FIRST.items():
                found = _search(page, served.base_url, query)
                assert found and found[0].endswith(first), (query, found[:3])
            shown = page.locator(".md-search-result__list").text_content() or ""
            assert "图形验证码与验证码" in shown  # the glossary's section, in words...
            assert ZERO_WIDTH not in shown  # ...without the index's word marks
            assert watched.errors == []
        finally:
            watched.close()
