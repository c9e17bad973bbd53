"""The published docs themselves: every notebook in notebooks/ runs against its own sandbox, its
``expect`` calls hold, the coverage gate passes, the site builds strict, and every page opens clean
in a browser. This is what makes the docs break CI when they drift from the code, not only
``weibo-explorer docs build``."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import Watched, launch, site_pages

import explorer
from explorer.contract import SEED_ERRORS, STATUSES
from explorer.docs.build import BuildReport
from explorer.docs.serve import ServedSite
from explorer.sandbox import SandboxConfig

ROOT = Path(explorer.__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(real_docs) -> tuple[BuildReport, Path]:
    """The session's one build of the real notebooks (``real_docs`` in tests/conftest.py)."""
    return real_docs


def test_every_real_notebook_executes_and_the_site_builds(built):
    report, site = built
    assert report.ok, report.failure
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(r.notebook for r in report.rows) == notebooks
    assert {r.state for r in report.rows} == {"ran"}
    for page in ("status/success", "status/social-bind", "errors/param-0001",
                 "errors/com-0002", "flows/flow-register-phone", "reference", "diagram",
                 "errata", "sandbox-choices"):
        assert (site / page / "index.html").is_file(), page
    reference = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert all(name in reference for name in (*STATUSES, *SEED_ERRORS))
    assert "Traceback" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_every_real_page_opens_clean_in_a_browser(built):
    """Served with a live sandbox: no console error, no request to any origin but the site's."""
    report, site = built
    assert report.ok, report.failure
    pages = site_pages(site)
    assert len(pages) >= 30
    with ServedSite(site, sandbox=SandboxConfig()) as served, launch() as browser:
        watched = Watched(browser)
        try:
            for path in pages:
                watched.page.goto(served.base_url + path, wait_until="networkidle")
                assert watched.page.locator("h1").first.is_visible(), path
            assert watched.errors == []
            assert watched.origins == {served.base_url}
        finally:
            watched.close()
