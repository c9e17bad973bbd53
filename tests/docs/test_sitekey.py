"""The published site's key (explorer/docs/sitekey.py): every input of the site is in it, and the
first one that changed is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.docs import sitekey


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "a.ipynb").write_text("{}")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html></html>")
    return tmp_path


def key(root: Path, **options) -> sitekey.SiteKey:
    return sitekey.site_key(root, root / "notebooks", **{"engine": "mkdocs", **options})


@pytest.mark.parametrize("edit, named", [
    (lambda root: (root / "docs" / "index.md").write_text("# Home, edited\n"), "docs/"),
    (lambda root: (root / "docs" / "new.md").write_text("# New\n"), "docs/"),
    (lambda root: (root / "notebooks" / "a.ipynb").write_text('{"cells": []}'), "notebooks"),
    (lambda root: (root / "mkdocs.yml").write_text("site_name: y\n"), "mkdocs.yml"),
    (lambda root: (root / "tenant").mkdir() or (root / "tenant" / "probe.html").write_text("p"),
     "tenant/"),
])
def test_the_same_inputs_hold_and_a_changed_input_is_named(project: Path, edit, named) -> None:
    site = project / "site"
    sitekey.record(site, key(project))
    assert sitekey.stale_reason(site, key(project)) is None
    edit(project)
    assert sitekey.stale_reason(site, key(project)) == named


def test_options_are_part_of_the_key_and_a_missing_site_or_record_builds(project: Path) -> None:
    site = project / "site"
    assert sitekey.stale_reason(site, key(project)) == "no recorded key"
    sitekey.record(site, key(project))
    assert sitekey.stale_reason(site, key(project, engine="zensical")) == "options"
    (site / sitekey.RECORD).write_text("not json")
    assert sitekey.stale_reason(site, key(project)) == "no recorded key"
    (site / "index.html").unlink()
    assert sitekey.stale_reason(site, key(project)) == "no site"


def test_the_package_that_renders_the_pages_is_in_the_key(project: Path) -> None:
    assert key(project).parts["explorer"] == sitekey.tree_hash(sitekey.cache.PACKAGE_ROOT)
    assert key(project).parts["explorer"]  # not empty: the package's files were read
