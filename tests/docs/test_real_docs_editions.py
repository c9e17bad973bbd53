"""The two editions of the real docs (issue 12) and the linked paths (issue 9, stumbles 6, 7, 10).

All read the session's one build of both editions (``real_editions`` in tests/conftest.py):
Chinese pages are executed in Chinese (their live outputs hold the sandbox's Chinese), the
switcher lands on the same page in the other language, Chinese search finds the right page
first, every status and error page links what follows, no page is a dead end (issue 27), and
the diagram opens whole at 1280 × 900 and is readable at its actual size.
Screenshots go to ``artifacts/screenshots/editions/``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import Watched, launch, site_pages

import explorer
from explorer.contract import ERRORS
from explorer.docs.serve import ServedSite
from explorer.sandbox import SandboxConfig

ROOT = Path(explorer.__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots" / "editions"
PAGES = ("status/success", "status/social-bind", "errors/user-0001", "errors/com-0002",
         "flows/flow-register-phone", "reference", "diagram", "errata", "sandbox-choices",
         "glossary")

LIVE = (
    # page, the sandbox's Chinese that its outputs must hold, an English heading it must not have
    ("status/access-denied", "拒绝访问"),
    ("errors/user-0001", ERRORS["IDAAS.SDK.USER.0001"].message.zh),
    ("flows/flow-wrong-code", ERRORS["SANDBOX.CODE.0001"].message.zh),
)
SEARCHES = {
    "验证码": ("flows/flow-wrong-captcha/", "flows/flow-wrong-code/"),
    "图形验证码": ("flows/flow-wrong-captcha/",),
    "短信验证码": ("flows/flow-mfa-sms/", "flows/flow-wrong-code/"),
    "绑定": ("status/social-bind/", "flows/flow-bind/"),
    "二次认证": ("status/mfa-auth/", "flows/flow-mfa-sms/"),
    "用户未找到": ("errors/user-0001/",),
    "令牌过期": ("flows/flow-state-token-expired/", "flows/flow-session-expired/"),
}
"""A Chinese query → the pages (titled by it) one of which it must find first (issue 25: the
vendor's terms are whole words of the index, explorer/docs/search_words.py)."""
ALSO_FOUND = {
    "验证码": ("flows/flow-register-phone/", "flows/flow-bind/", "flows/flow-mfa-sms/"),
    "绑定": ("flows/flow-register-phone/", "flows/flow-register-email/"),
}
"""A query → pages it must find too (the register, bind and MFA pages, issue 12)."""

_OUTPUTS = "pre, .wle-card, [class*='wle-'], table"
"""Where a page's live outputs are: text outputs (pre), rendered cards and tables — not prose."""


@pytest.fixture(scope="module")
def editions(real_editions):
    report, site = real_editions
    assert report.ok, report.failure
    return report, site


@pytest.fixture(scope="module")
def served(editions):
    with ServedSite(editions[1], sandbox=SandboxConfig()) as server:
        yield server


def test_both_editions_are_built_and_each_holds_the_coverage_gate(editions):
    report, site = editions
    assert list(report.editions) == ["en", "zh"]
    for language, edition in report.editions.items():
        assert edition.coverage is not None and edition.coverage.ok, language
        assert {row.state for row in edition.rows} == {"ran"}, language
    for page in PAGES:
        assert (site / page / "index.html").is_file(), page
        assert (site / "zh" / page / "index.html").is_file(), f"zh/{page}"
    english = {p for p in site_pages(site) if not p.startswith("/zh/")}
    chinese = {p[len("/zh"):] for p in site_pages(site) if p.startswith("/zh/")}
    assert english == chinese


def test_chinese_pages_are_executed_in_chinese_and_english_ones_are_not(editions):
    _, site = editions
    zh = (site / "zh" / "errors" / "user-0001" / "index.html").read_text(encoding="utf-8")
    en = (site / "errors" / "user-0001" / "index.html").read_text(encoding="utf-8")
    assert "X-L: zh" in zh and "X-L: zh" not in en.split("使用 `X-L: zh`")[0].split("With")[0]
    assert '<html lang="zh"' in zh and '<html lang="en"' in en
    # the recorded exchange of the Chinese page carries the sandbox's Chinese message
    assert re.search(r"error_msg[^<]{0,40}" + ERRORS["IDAAS.SDK.USER.0001"].message.zh, zh)
    assert re.search(r"error_msg[^<]{0,40}" + ERRORS["IDAAS.SDK.USER.0001"].message.en, en)


def test_live_output_is_chinese_and_the_switcher_keeps_the_page(editions, served):
    _, site = editions
    SHOTS.mkdir(parents=True, exist_ok=True)
    with launch() as browser:
        watched = Watched(browser)
        page = watched.page
        try:
            for path, chinese in LIVE:
                page.goto(f"{served.base_url}/zh/{path}/", wait_until="networkidle")
                assert page.locator("html").get_attribute("lang") == "zh"
                outputs = " ".join(page.locator(_OUTPUTS).all_inner_texts())
                assert chinese in outputs, path
                page.screenshot(path=str(SHOTS / f"zh-{path.replace('/', '-')}.png"))
                english = page.locator("a.wx-edition[hreflang=en]")
                english.evaluate("a => a.click()")
                page.wait_for_url(f"{served.base_url}/{path}/")
                assert page.locator("html").get_attribute("lang") == "en"
                assert chinese not in page.locator("h1").first.inner_text()
                page.locator("a.wx-edition[hreflang=zh]").evaluate("a => a.click()")
                page.wait_for_url(f"{served.base_url}/zh/{path}/")
            page.goto(f"{served.base_url}/zh/", wait_until="networkidle")
            page.locator("a.wx-edition[hreflang=en]").evaluate("a => a.click()")
            page.wait_for_url(f"{served.base_url}/")
            assert watched.errors == []
            assert watched.origins == {served.base_url}
        finally:
            watched.close()


def test_the_chinese_try_it_panel_speaks_chinese_before_and_after_a_send(editions):
    """The panel's words come with its data in the page's language (explorer/i18n.py): on /zh/
    no English sentence is left in it, sent live to a sandbox as `docs serve` runs it."""
    from explorer.notebook import CLOCK, SEED

    english = re.compile(r"[A-Za-z]+(?:[ '][A-Za-z]+){3,}")  # four English words in a row
    with ServedSite(editions[1], sandbox=SandboxConfig(seed=SEED, clock=CLOCK)) as served, \
            launch() as browser:
        watched = Watched(browser)
        page = watched.page
        try:
            page.goto(f"{served.base_url}/zh/status/success/", wait_until="networkidle")
            panel = page.locator(".wx-tryit")
            assert "发送这个示例" in panel.inner_text() and "发送到沙箱" in panel.inner_text()
            page.locator(".wx-tryit-send").click()
            page.wait_for_selector(".wx-tryit[data-mode='live']")
            page.locator(".wx-tryit-request summary").click()
            shown = panel.locator(".wx-tryit-head, .wx-tryit-send, .wx-tryit-note, "
                                  ".wx-tryit-match, .wx-tryit-request summary").all_inner_texts()
            assert "与本页的预期一致" in " ".join(shown), shown
            assert [t for t in shown if english.search(t)] == [], shown
            assert watched.errors == []
        finally:
            watched.close()


def _every_result(page, items) -> list[str]:
    """Every result of the query: mkdocs-material shows ten, and more as the list is scrolled."""
    shown = -1
    while items.count() != shown:
        shown = items.count()
        page.locator(".md-search__scrollwrap").evaluate("e => e.scrollTo(0, e.scrollHeight)")
        page.wait_for_timeout(300)
    return [(a.get_attribute("href") or "").split("?")[0].split("#")[0] for a in items.all()]


def test_chinese_search_finds_the_intended_page_first(editions, served):
    with launch() as browser:
        watched = Watched(browser)
        page = watched.page
        try:
            for query, targets in SEARCHES.items():
                page.goto(f"{served.base_url}/zh/", wait_until="networkidle")
                box = page.locator("input.md-search__input")
                box.click()  # the header's search field (visible at 1280 px)
                page.wait_for_timeout(1000)  # the index loads in a worker
                box.type(query, delay=50)
                box.press("End")  # a last key event, as the end of an IME composition gives
                items = page.locator(".md-search-result__item > .md-search-result__link")
                items.first.wait_for(timeout=15000)
                page.wait_for_timeout(1000)  # the answer to the whole query, not to a prefix
                found = [(a.get_attribute("href") or "").split("?")[0].split("#")[0]
                         for a in items.all()]
                assert any(found[0].endswith(t) for t in targets), (query, found[:3])
                if query in ALSO_FOUND:  # the results further down, as a reader scrolls to them
                    found = _every_result(page, items)
                for page_path in ALSO_FOUND.get(query, ()):
                    assert any(f.endswith(page_path) for f in found), (query, page_path, found)
            assert watched.errors == []
        finally:
            watched.close()


def test_status_and_error_pages_link_what_follows_and_home_links_all(editions, served):
    _, site = editions
    with launch() as browser:
        watched = Watched(browser)
        page = watched.page
        try:
            for prefix in ("", "zh/"):
                page.goto(f"{served.base_url}/{prefix}status/user-register/",
                          wait_until="networkidle")
                nxt = page.locator("h2#where-to-go-next ~ ul a, h2:has-text('下一步去哪里') ~ ul a")
                hrefs = [a.get_attribute("href") or "" for a in nxt.all()]
                assert any("flows/flow-register-phone/" in h for h in hrefs), hrefs
                assert any(h.rstrip("/").endswith("diagram") for h in hrefs), hrefs
                page.goto(f"{served.base_url}/{prefix}errors/com-0002/", wait_until="networkidle")
                term = page.locator("a.wx-term").first
                assert term.get_attribute("href", timeout=5000).endswith("glossary/#zhuyun")
                page.goto(f"{served.base_url}/{prefix}", wait_until="networkidle")
                content = page.locator("article")
                linked = {(a.get_attribute("href") or "") for a in content.locator("a").all()}
                for needed in ("status/success/", "status/access-denied/", "errors/user-0039/",
                               "errors/weibo-rejected/", "flows/flow-bind/", "flows/flow-ticket/",
                               "diagram/", "reference/", "errata/", "glossary/"):
                    assert any(h.endswith(needed) for h in linked), (prefix, needed)
                page.screenshot(path=str(SHOTS / f"home-{prefix.strip('/') or 'en'}.png"))
            assert watched.errors == []
        finally:
            watched.close()


def test_diagram_opens_whole_and_its_actual_size_is_readable_and_every_node_is_a_link(
        editions, served):
    """At 1280 × 900 the diagram opens fitted: every node and edge label inside the frame and
    the window (the USER_REGISTER branch included, issue 27). "Actual size" shows it at its
    natural size, where labels are readable (≥ 12 px); every node is a link."""
    with launch() as browser:
        watched = Watched(browser)  # 1280 × 900
        page = watched.page
        try:
            for prefix in ("", "zh/"):
                page.goto(f"{served.base_url}/{prefix}diagram/", wait_until="networkidle")
                outside = page.evaluate("""() => {
                    const frame = document.querySelector('.wx-diagram').getBoundingClientRect();
                    return [...document.querySelectorAll(
                        '.wx-diagram g.node, .wx-diagram g.edge text')]
                      .filter(n => { const b = n.getBoundingClientRect();
                        return b.left < frame.left - 1 || b.right > frame.right + 1
                          || b.top < frame.top - 1 || b.bottom > frame.bottom + 1
                          || b.bottom > innerHeight + 1 || b.right > innerWidth + 1; })
                      .map(n => n.id || n.textContent)}""")
                assert outside == [], (prefix, outside)
                assert page.locator("#node-USER_REGISTER").is_visible()
                page.screenshot(path=str(SHOTS / f"diagram-fit-{prefix.strip('/') or 'en'}.png"))
                button = page.locator(".wx-diagram-zoom")
                natural = "Actual size" if not prefix else "实际大小"
                assert button.inner_text() == natural
                button.click()
                assert button.inner_text() == ("Fit to window" if not prefix else "适应窗口")
                sizes = page.evaluate("""() => [...document.querySelectorAll(
                    '.wx-diagram svg text')].map(t => t.getBoundingClientRect().height)""")
                assert sizes and min(sizes) >= 11, (prefix, min(sizes or [0]))
                label = page.locator(".wx-diagram .edge text", has_text="SANDBOX.CODE.0001").first
                px = label.evaluate("t => parseFloat(getComputedStyle(t).fontSize) * "
                                    "t.getScreenCTM().a")
                assert px >= 12, (prefix, px)
                unlinked = page.evaluate("""() => [...document.querySelectorAll(
                    '.wx-diagram g.node')].filter(n => !n.closest('a') && !n.querySelector('a'))
                    .map(n => n.id)""")
                assert unlinked == [], unlinked
                page.screenshot(path=str(SHOTS / f"diagram-{prefix.strip('/') or 'en'}.png"))
            zh_label = page.locator(".wx-diagram .edge text", has_text="验证码错误")
            assert zh_label.count() >= 1
            assert watched.errors == []
        finally:
            watched.close()


class _NextLinks(HTMLParser):
    """The links of a page's "Where to go next" section (the list after its heading)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "h2":
            self.inside = found.get("id") == "where-to-go-next"
        elif tag == "a" and self.inside and "headerlink" not in (found.get("class") or ""):
            self.links.append(found.get("href") or "")


def test_no_page_is_a_dead_end(editions):
    """Every page but the home page (which links them all) ends with "Where to go next", in its
    edition's language, and each of its links opens another page of the site."""
    _, site = editions
    dead: list[str] = []
    for page in sorted(site.rglob("index.html")):
        src = page.relative_to(site).as_posix()
        if src in ("index.html", "zh/index.html"):
            continue
        html = page.read_text(encoding="utf-8")
        parser = _NextLinks()
        parser.feed(html)
        heading = "下一步去哪里" if src.startswith("zh/") else "Where to go next"
        targets = set()
        for href in parser.links:
            path = (page.parent / href.split("#")[0]).resolve()
            target = path / "index.html" if path.is_dir() else path
            if target.is_file() and target != page.resolve():
                targets.add(target)
        if heading not in html or not targets:
            dead.append(src)
    assert dead == []
