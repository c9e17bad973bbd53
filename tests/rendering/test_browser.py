"""Every kind of rendered result in a real headless chromium: no script, no horizontal scroll.

One page per kind, written to ``artifacts/render/pages`` and screenshotted to
``artifacts/screenshots/render`` (gitignored), on a plain page (the CSS fallbacks) and on a page
with JupyterLab's dark theme variables, and on a dark page without them (mkdocs-material's slate).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import launch

from explorer.rendering import to_html

from . import results as R
from .test_render import assert_static

ROOT = Path(__file__).resolve().parents[2] / "artifacts"
PAGES, SHOTS = ROOT / "render" / "pages", ROOT / "screenshots" / "render"
WIDTH = 900
LONG_TOKEN = R.id_token(api_padding=700)

KINDS = {
    "success": lambda: R.success(token=LONG_TOKEN),
    "user_register": R.user_register,
    "social_bind": R.social_bind,
    "mfa_auth": lambda: R.mfa_auth("zh"),
    "access_denied": lambda: R.access_denied(text=R.HOSTILE),
    "error": lambda: R.error("IDAAS.SDK.PARAM.0003", "The app is not registered, please register "
                             "the app first", headers=dict(R.DEVICE, **{"X-client-id": "abc"})),
    "invalid_token": lambda: R.success(token=R.id_token(aud="someone-else", api_padding=700)),
}

DARK = ("--jp-layout-color0:#111111; --jp-layout-color1:#1e1e1e; --jp-ui-font-color1:#e6e6e6; "
        "--jp-ui-font-color2:#a8a8a8; --jp-border-color1:#616161; --jp-border-color2:#3a3a3a; "
        "--jp-brand-color1:#42a5f5; --jp-error-color1:#ef5350; --jp-success-color1:#4caf50; "
        "--jp-warn-color1:#ffa726; background:#111111; color:#e6e6e6;")
SLATE = "background:#1e2129; color:#d5d8e2;"  # mkdocs-material's dark scheme: no --jp-* at all
THEMES = {"plain": "background:#ffffff; color:#1f1f1f;", "dark": DARK, "slate": SLATE}


def page_html(body: str, theme: str) -> str:
    return ('<!doctype html><html><head><meta charset="utf-8"><title>render</title></head>'
            f'<body style="margin:16px; {THEMES[theme]}">{body}</body></html>')


@pytest.fixture(scope="module")
def browser():
    with launch() as browser:
        yield browser


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("kind", list(KINDS))
def test_result_page_in_chromium(browser, kind, theme):
    html = to_html(KINDS[kind]())
    assert_static(html)
    PAGES.mkdir(parents=True, exist_ok=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = PAGES / f"{kind}-{theme}.html"
    path.write_text(page_html(html, theme), encoding="utf-8")

    page = browser.new_page(viewport={"width": WIDTH, "height": 800})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith("file:") else None)
    try:
        page.goto(path.as_uri())
        assert page.evaluate("document.scripts.length") == 0
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{kind}: {scroll}px wide in a {client}px window"
        page.screenshot(path=str(SHOTS / f"{kind}-{theme}.png"), full_page=True)
    finally:
        page.close()
    assert problems == []


def test_a_thousand_char_token_wraps_inside_its_cell(browser):
    assert len(LONG_TOKEN) > 1000
    page = browser.new_page(viewport={"width": WIDTH, "height": 800})
    try:
        page.set_content(page_html(to_html(R.success(token=LONG_TOKEN)), "plain"))
        box = page.evaluate("""() => {
            const code = [...document.querySelectorAll('code')]
                .find(c => c.textContent.length > 1000);
            const r = code.getBoundingClientRect();
            return {width: r.width, height: r.height, right: r.right};
        }""")
        assert box["right"] <= WIDTH and box["height"] > 60  # folded onto several lines
    finally:
        page.close()
