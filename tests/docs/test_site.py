"""build_site: executed notebooks and the contract become an offline mkdocs-material site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from explorer.contract import ERRORS, STATUSES
from explorer.docs.site import build_site
from explorer.errors import NotebookError, SiteError
from explorer.expectations import MIME_TYPE

from . import sitebuild


@pytest.fixture(scope="module")
def built(sandbox, tmp_path_factory) -> tuple[list[Path], Path]:
    return sitebuild.built(sandbox.base_url, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[1]


def test_each_notebook_lands_in_its_section(site: Path) -> None:
    for page in ("guides/guide", "status/success", "errors/param-0026", "reference", "diagram",
                 "errata", "testing", ""):
        assert (site / page / "index.html").is_file(), page
    nav = (site / "index.html").read_text()
    for section in ("Guides", "By status", "By error", "Use the sandbox in your tests",
                    "Reference"):
        assert section in nav


def test_outputs_are_published_as_static_html_without_tracebacks(site: Path) -> None:
    page = (site / "status/success/index.html").read_text()
    assert "wx-expect" in page  # the expect badge, a text/html output
    assert "Traceback" not in page and MIME_TYPE not in page
    assert "hello from a kernel" in (site / "guides/guide/index.html").read_text()


def test_reference_lists_every_code_in_english_and_chinese(site: Path) -> None:
    page = (site / "reference/index.html").read_text()
    for code, error in ERRORS.items():
        assert f'id="error-{code.lower().replace(".", "-")}"' in page
        assert error.message.en in page and error.message.zh in page
    for status in STATUSES:
        assert f"<code>{status}</code>" in page
    assert "wx-src-sandbox" in page and "wx-src-family" in page


def test_errata_page_shows_the_seed_verbatim_and_corrected(site: Path) -> None:
    page = (site / "errata/index.html").read_text()
    assert "&quot; SOCIAL_BIND&quot;" in page or '" SOCIAL_BIND"' in page  # verbatim, leading space
    assert "Verbatim (vendor page)" in page and "Corrected" in page


def test_diagram_is_inline_svg_whose_status_nodes_link_to_pages(site: Path) -> None:
    page = (site / "diagram/index.html").read_text()
    assert "<svg" in page and "<script" not in page.split("<svg", 1)[1].split("</svg>")[0]
    links = dict(re.findall(r'id="a_node&#45;([A-Z_]+)"><a xlink:href="([^"]+)"', page))
    assert set(STATUSES) <= set(links)
    assert links["SUCCESS"] == "../status/success/"  # the page built from success.ipynb
    for status, href in links.items():
        target = (site / "diagram" / href.split("#")[0]).resolve() / "index.html"
        assert target.is_file(), (status, href)


def test_try_it_panel_carries_the_recorded_exchange(built) -> None:
    executed, site = built
    nb = nbformat.read(next(p for p in executed if p.name == "success.ipynb"), as_version=4)
    record = [o["data"][MIME_TYPE] for c in nb.cells if c.cell_type == "code"
              for o in c.outputs if MIME_TYPE in o.get("data", {})][-1]
    page = (site / "status/success/index.html").read_text()
    raw = re.search(r'<script type="application/json" class="wx-tryit-data">(.*?)</script>',
                    page, re.S).group(1)
    data = json.loads(raw.replace("<\\/", "</"))
    assert data["fixture"] == "success" and data["outcome"] == "SUCCESS"
    assert data["recorded"] == record["exchange"]
    assert "wx-tryit" not in (site / "guides/guide/index.html").read_text()
    for tab in ("curl", "Python httpx", "JavaScript fetch"):
        assert tab in page


def test_nothing_refers_to_another_origin(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text()
        found = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//', text)
        assert not found, page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_same_notebooks_give_the_same_bytes(built, tmp_path: Path) -> None:
    executed, site = built
    again = tmp_path / "again"
    build_site(executed, again, stage_dir=tmp_path / "src")
    for page in ("status/success/index.html", "reference/index.html", "diagram/index.html",
                 "search/search_index.json"):
        assert (again / page).read_bytes() == (site / page).read_bytes(), page


def test_a_notebook_with_an_error_output_publishes_nothing(built, tmp_path: Path) -> None:
    executed, _ = built
    nb = nbformat.read(executed[0], as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1/0", outputs=[nbformat.v4.new_output(
        "error", ename="ZeroDivisionError", evalue="division by zero", traceback=["..."])]))
    broken = tmp_path / "broken.ipynb"
    nbformat.write(nb, broken)
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("previous site")
    with pytest.raises(NotebookError, match="ZeroDivisionError"):
        build_site([broken], out, stage_dir=tmp_path / "src")
    assert (out / "keep.txt").read_text() == "previous site"


def test_a_strict_warning_fails_the_build_and_keeps_the_old_site(built, tmp_path: Path) -> None:
    executed, _ = built
    nb = nbformat.read(executed[0], as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("See [nowhere](missing-page.md)."))
    broken = tmp_path / "guide.ipynb"
    nbformat.write(nb, broken)
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("previous site")
    with pytest.raises(SiteError, match="missing-page.md"):
        build_site([broken], out, stage_dir=tmp_path / "src")
    assert (out / "keep.txt").read_text() == "previous site"
    assert not (tmp_path / ".site.building").exists()


def test_a_notebook_without_a_title_is_refused(built, tmp_path: Path) -> None:
    nb = nbformat.read(built[0][0], as_version=4)
    nb.cells[0].source = "No title here"
    bad = tmp_path / "untitled.ipynb"
    nbformat.write(nb, bad)
    with pytest.raises(NotebookError, match="# Title"):
        build_site([bad], tmp_path / "site", stage_dir=tmp_path / "src")


def test_the_course_section_has_a_page_per_exercise_and_the_trainer_page(site: Path) -> None:
    from explorer.course.exercises import EXERCISES

    course = site / "course"
    pages = sorted(p.parent.name for p in course.glob("*/index.html"))
    assert len(pages) == len(EXERCISES) + 1 and "trainer" in pages
    first = re.sub(r"<[^>]+>", "", (course / "01-first-call" / "index.html").read_text())
    assert "weibo-explorer course start 1" in first and "The first call" in first
    assert "第一次调用" not in first  # the English edition's pages are English only
    for rule in EXERCISES[1].rules:
        assert rule.id in first
    trainer = re.sub(r"<[^>]+>", "", (course / "trainer" / "index.html").read_text())
    assert "weibo-explorer course report" in trainer
    assert "course/" in (site / "index.html").read_text()  # in the navigation
