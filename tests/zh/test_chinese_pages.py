"""The Chinese edition as a reader sees it: no English sentence and no space between two CJK
characters in the prose of the /zh/ home, a status, an error, a flow, a course page and the
glossary, opened in chromium under ``weibo-explorer docs serve`` (``ServedSite``: the site and a
live sandbox on one origin) with Try-it sent where the page has it.

Reads the session's one real build (``real_editions`` in tests/conftest.py). Prose is every text
block of the article (headings, paragraphs, list items, table cells, the Try-it panel's words,
the live outputs' cards) with code (``pre``, ``code``) replaced by a marker, and the navigation's
titles; the English rule is ``tests.zh.english``'s.
"""

from __future__ import annotations

import re

import pytest
from browser import Watched, launch

from explorer.docs.serve import ServedSite
from explorer.notebook import CLOCK, SEED
from explorer.sandbox import SandboxConfig

from .english import english_runs

PAGES = ("", "status/success/", "errors/user-0001/", "flows/flow-register-phone/",
         "course/01-first-call/", "glossary/")
CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
SPACED = re.compile(rf"[{CJK}][ \t\n\u00a0]+[{CJK}]")
"""Two CJK characters (or CJK punctuation) with white space between them, as displayed."""

PROSE = """() => {
  const root = document.querySelector("article");
  root.querySelectorAll("pre, code, kbd, .highlight, .headerlink, script, style")
    .forEach(e => { const s = document.createElement("span"); s.textContent = "\\u2039code\\u203a";
                    e.replaceWith(s); });
  const blocks = root.querySelectorAll(
    "h1, h2, h3, h4, h5, h6, p, li, td, th, dt, dd, summary, figcaption, blockquote");
  return Array.from(blocks).map(b => b.innerText);
}"""
NAV = """() => Array.from(document.querySelectorAll(".md-nav__link"))
                .map(a => a.textContent.replace(/\\s+/g, " ").trim()).filter(t => t)"""


def read_page(page, url: str) -> tuple[list[str], list[str]]:
    """(prose blocks, navigation titles) of the page at ``url``, Try-it sent when it has one."""
    page.goto(url, wait_until="networkidle")
    if page.locator(".wx-tryit-send").count():
        page.locator(".wx-tryit-send").first.click()
        page.wait_for_selector(".wx-tryit[data-mode='live']")
    return page.evaluate(PROSE), page.evaluate(NAV)


def findings(blocks: list[str], titles: list[str]) -> list[str]:
    """Every English run and every CJK space, quoted with its block."""
    found = []
    for block in blocks:
        found += [f"English {run!r} in {block[:120]!r}" for run in english_runs(block)]
        found += [f"space {m.group(0)!r} in {block[:120]!r}" for m in SPACED.finditer(block)]
    found += [f"English nav title {t!r}" for t in titles if english_runs(t)]
    return found


@pytest.fixture(scope="module")
def served(real_editions):
    report, site = real_editions
    assert report.ok, report.failure
    with ServedSite(site, sandbox=SandboxConfig(seed=SEED, clock=CLOCK)) as server:
        yield server


@pytest.mark.parametrize("path", PAGES)
def test_a_chinese_page_shows_no_english_sentence_and_no_cjk_space(served, path):
    with launch() as browser:
        watched = Watched(browser)
        try:
            blocks, titles = read_page(watched.page, f"{served.base_url}/zh/{path}")
            assert any(re.search(rf"[{CJK}]", b) for b in blocks), "no Chinese prose at all"
            assert findings(blocks, titles) == []
            # an error page's Try-it answer is an HTTP error on purpose: the console says so
            assert [e for e in watched.errors if "status of 4" not in e] == []
        finally:
            watched.close()


def test_the_course_navigation_is_chinese(served):
    with launch() as browser:
        watched = Watched(browser)
        try:
            _, titles = read_page(watched.page, f"{served.base_url}/zh/course/")
            assert "1. 第一次调用" in titles and "培训者" in titles, titles
        finally:
            watched.close()


def test_the_rule_catches_what_it_must():
    assert findings(["令牌按沙箱时钟检查（checked at the sandbox clock, now）"], []) != []
    assert findings(["通过沙箱的 管理 API"], []) != []
    assert findings(["用 ‹code› 可以运行，HTTP 400 与 IDAAS.SDK.USER.0001"],
                    ["1. 第一次调用"]) == []
    assert findings([], ["1. The first call to it"]) != []
