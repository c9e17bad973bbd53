"""Two site engines, one ``mkdocs.yml``: mkdocs and Zensical build the same pages from the same
staged sources (explorer/docs/site.py), the language switcher included (its partial is
engine-neutral). Zensical is in the [docs] extra: without it the Zensical test is skipped, except
in CI (``CI`` set), where a missing engine fails."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from explorer.docs.site import build_site

from . import sitebuild

SWITCHER = re.compile(r'<a href="([^"]*)" hreflang="(en|zh)"'
                      r'[^>]*class="md-select__link wx-edition"')


@pytest.fixture(scope="module")
def executed(sandbox, tmp_path_factory) -> list[Path]:
    return sitebuild.built(sandbox.base_url, tmp_path_factory.mktemp("engines"))[0]


def zensical_or_skip() -> None:
    if importlib.util.find_spec("zensical") is None:
        if os.environ.get("CI"):
            pytest.fail("zensical is not installed: CI must build with both engines "
                        "(pip install 'weibo-login-explorer[docs]')")
        pytest.skip("zensical is not installed (pip install zensical)")


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_mkdocs_and_zensical_build_the_same_pages_from_the_same_config(executed, tmp_path):
    zensical_or_skip()
    built = {}
    for engine in ("mkdocs", "zensical"):
        site = tmp_path / engine
        build_site(executed, site, stage_dir=tmp_path / f"src-{engine}", engine=engine)
        built[engine] = site
    assert pages(built["mkdocs"]) == pages(built["zensical"])
    assert "status/success/index.html" in pages(built["zensical"])
    for engine, site in built.items():
        html = (site / "status" / "success" / "index.html").read_text(encoding="utf-8")
        # the switcher: the same page in each edition, whichever engine rendered it
        assert SWITCHER.findall(html) == [("../../status/success/", "en"),
                                          ("../../zh/status/success/", "zh")], engine
        assert 'id="where-to-go-next"' in html, engine


def test_an_unknown_engine_is_refused_before_anything_is_replaced(executed, tmp_path):
    from explorer.errors import SiteError

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("old")
    with pytest.raises(SiteError, match="unknown site engine 'hugo'"):
        build_site(executed, tmp_path / "site", stage_dir=tmp_path / "src", engine="hugo")
    assert (tmp_path / "site" / "index.html").read_text() == "old"
