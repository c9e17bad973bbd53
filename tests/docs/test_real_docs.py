"""The published docs themselves: every notebook in notebooks/ runs against its own sandbox, its
``expect`` calls hold, the coverage gate passes and the site builds strict. This is what makes the
docs break the build when they drift from the code, in CI and not only under ``docs build``."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

import explorer
from explorer.contract import SEED_ERRORS, STATUSES
from explorer.docs.build import build

ROOT = Path(explorer.__file__).resolve().parents[1]


def test_every_real_notebook_executes_and_the_site_builds(tmp_path):
    report = build(ROOT / "notebooks", tmp_path / "site", jobs=2,
                   cache_dir=tmp_path / "cache", work_dir=tmp_path / "work",
                   console=Console(file=io.StringIO()))

    assert report.ok, report.failure
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(r.notebook for r in report.rows) == notebooks
    assert {r.state for r in report.rows} == {"ran"}
    site = tmp_path / "site"
    for page in ("status/success", "status/social-bind", "errors/param-0001",
                 "errors/com-0002", "flows/flow-register-phone", "reference", "diagram",
                 "errata", "sandbox-choices"):
        assert (site / page / "index.html").is_file(), page
    reference = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert all(name in reference for name in (*STATUSES, *SEED_ERRORS))
    assert "Traceback" not in "".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
