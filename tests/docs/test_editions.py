"""``build_editions``: which editions a build publishes, where, and with which switcher.

Real kernels and sandboxes on the pipeline notebooks, copied into a temporary project with a
Chinese twin after each English prose cell (``explorer.docs.bilingual``). One project per
module: the build of both editions fills the caches the one-edition builds then read.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell
from rich.console import Console

from explorer.docs.editions import PORT_STEP, build_editions

HERE = Path(__file__).parent
# clear of the other tests' ports (test_build + 160 .. 300, test_forks + 420), not the real build's
BASE_PORT = int(os.environ.get("WEIBO_EXPLORER_TEST_BASE_PORT", 18600)) + 460
SWITCHER = re.compile(r'class="md-select__link wx-edition"')


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("editions-project")
    shutil.copytree(HERE / "notebooks" / "pipeline", root / "notebooks")
    for path in (root / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            if cell.cell_type == "markdown":
                twin = new_markdown_cell("# 中文：" + cell.source.lstrip("# "),
                                         metadata={"lang": "zh"})
                twin.id = f"{cell.id}-zh"
                cells.append(twin)
        nb.cells = cells
        nbformat.write(nb, path)
    return root


def build(project: Path, languages: tuple[str, ...], out: str):
    return build_editions(project / "notebooks", project / out, languages=languages,
                          cache_dir=project / ".cache" / "docs",
                          work_dir=project / "build" / "docs", base_port=BASE_PORT, jobs=2,
                          required=("SUCCESS",), console=Console(file=io.StringIO(), width=200))


def page(site: Path, *parts: str) -> str:
    return site.joinpath(*parts, "index.html").read_text(encoding="utf-8")


def sandbox_ports(project: Path, language: str) -> set[int]:
    folder = project / "build" / ("docs" if language == "en" else f"docs-{language}") / "executed"
    text = (folder / "success.ipynb").read_text(encoding="utf-8")
    return {int(port) for port in re.findall(r"127\.0\.0\.1:(\d{4,5})", text)}


@pytest.fixture(scope="module")
def both(project: Path):
    report = build(project, ("en", "zh"), "site")
    assert report.ok, report.failure
    return report, project / "site"


def test_both_editions_publish_english_at_the_root_and_chinese_under_zh(both) -> None:
    report, site = both
    assert list(report.editions) == ["en", "zh"]
    assert '<html lang="en"' in page(site) and '<html lang="zh"' in page(site, "zh")
    for html in (page(site), page(site, "zh")):
        assert len(SWITCHER.findall(html)) == 2  # English and 中文
    # each edition's report counts its site too; together they took less than their sum
    # would if nothing overlapped only when the machine let it, so only the sum is asserted
    assert report.wall > 0 and all(e.seconds > 0 for e in report.editions.values())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_one_edition_alone_is_published_at_the_root_without_a_switcher(
        both, project: Path, language: str) -> None:
    ports = sandbox_ports(project, language)
    report = build(project, (language,), f"site-{language}")
    assert report.ok, report.failure
    assert list(report.editions) == [language]
    # the caches the build of both filled serve the one-edition build: nothing runs
    assert {row.state for row in report.editions[language].rows} == {"cached"}
    site = project / f"site-{language}"
    html = page(site)
    assert f'<html lang="{language}"' in html
    assert not SWITCHER.search(html) and "md-select__list" not in html
    assert not (site / "zh").exists() and not (site / "en").exists()
    assert sandbox_ports(project, language) == ports


def test_an_edition_keeps_its_sandbox_ports_whichever_editions_are_built(
        both, project: Path) -> None:
    """The port is in the outputs (curl commands, tokens' iss): a page cached by a one-edition
    build must be the bytes a build of both gives."""
    en, zh = sandbox_ports(project, "en"), sandbox_ports(project, "zh")
    assert en and zh
    assert {port + PORT_STEP for port in en} == zh
    shutil.rmtree(project / ".cache" / "docs-zh")
    report = build(project, ("zh",), "site-zh-again")
    assert report.ok, report.failure
    assert {row.state for row in report.editions["zh"].rows} == {"ran"}
    assert sandbox_ports(project, "zh") == zh
    nb = json.loads((project / "build" / "docs-zh" / "executed" / "success.ipynb").read_text())
    assert nb["cells"], "the executed notebook was staged"


def test_a_rebuild_with_nothing_changed_publishes_nothing_and_an_edit_rebuilds(
        both, project: Path, capfd) -> None:
    """The site's key (explorer/docs/sitekey.py): the same inputs publish nothing; a changed
    notebook rebuilds, showing its progress as plain lines (the console is not a terminal) and
    none of the kernels' or jieba's noise."""
    site = project / "site"
    before = (site / "index.html").stat().st_mtime_ns
    again = build(project, ("en", "zh"), "site")
    assert again.ok and again.unchanged and again.editions == {}
    assert (site / "index.html").stat().st_mtime_ns == before
    assert "nothing published" in _said(again)

    path = project / "notebooks" / "contract_only.ipynb"
    nb = nbformat.read(path, as_version=4)
    next(c for c in nb.cells if c.cell_type == "code").source += "\n# edited"
    nbformat.write(nb, path)
    capfd.readouterr()
    console = Console(file=io.StringIO(), width=200)
    edited = build_editions(project / "notebooks", site, languages=("en", "zh"),
                            cache_dir=project / ".cache" / "docs",
                            work_dir=project / "build" / "docs", base_port=BASE_PORT, jobs=2,
                            required=("SUCCESS",), console=console)
    assert edited.ok, edited.failure
    assert not edited.unchanged and edited.stale == "notebooks"
    assert edited.editions["en"].row("contract_only").state == "ran"
    lines = console.file.getvalue().splitlines()
    assert "[en] notebooks 0/1 · 0 s" in [re.sub(r"\d+ s$", "0 s", line) for line in lines]
    assert any(line.startswith("[en, zh] pages: ") for line in lines), lines
    assert not any("\x1b[" in line for line in lines)  # plain lines: no terminal codes
    noise = capfd.readouterr().err
    assert "frozen modules" not in noise and "Building prefix dict" not in noise, noise
    assert build(project, ("en", "zh"), "site").unchanged


def _said(report) -> str:
    out = Console(file=io.StringIO(), width=300)
    out.print(report)
    return out.file.getvalue()
