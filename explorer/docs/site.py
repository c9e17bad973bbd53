"""``build_site``: executed notebooks + generated pages → an offline mkdocs-material site.

Steps: stage a fresh docs_dir (the hand-written ``docs/`` pages, the vendored assets, one page
per executed notebook with its code tabs and Try-it panel, the reference, errata and diagram
pages), compute the navigation (by status, by error, guides, flows, reference), then run
``mkdocs build --strict`` into a temporary directory that replaces ``out_dir`` only when the
build succeeded — a failed build publishes nothing.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..contract import ERRORS, STATUSES
from . import convert, origins, pages, snippets, tenant, tryit
from . import course as course_pages

ASSETS = Path(__file__).with_name("assets")
ASSET_DIR = "assets/explorer"


class SiteError(RuntimeError):
    """The site could not be built; the message says why (mkdocs warnings included)."""


def project_root() -> Path:
    """The folder holding ``mkdocs.yml``: the working directory if it has one, else the source
    checkout this package runs from."""
    here = Path.cwd()
    if (here / "mkdocs.yml").is_file():
        return here
    return Path(__file__).resolve().parents[2]


def build_site(executed: list[Path], out_dir: Path, strict: bool = True, *,
               root: Path | None = None, stage_dir: Path | None = None) -> None:
    """Build the site from executed notebooks into ``out_dir`` (replaced whole on success).

    ``root`` holds ``mkdocs.yml`` and ``docs/`` (default: ``project_root()``); the docs_dir is
    staged in ``stage_dir`` (default ``<root>/build/docs/src``). Raises ``convert.NotebookError``
    for a notebook that cannot be published and ``SiteError`` when mkdocs fails or warns.
    """
    root = (root or project_root()).resolve()
    stage = (stage_dir or root / "build" / "docs" / "src").resolve()
    out_dir = Path(out_dir).resolve()
    notebook_pages = [convert.read(Path(p)) for p in sorted(executed, key=lambda p: Path(p).name)]
    _check_unique(notebook_pages)

    if stage.exists():
        shutil.rmtree(stage)
    if (root / "docs").is_dir():
        shutil.copytree(root / "docs", stage)
    else:
        stage.mkdir(parents=True)
    shutil.copytree(ASSETS, stage / ASSET_DIR, dirs_exist_ok=True)
    for page in notebook_pages:
        _write(stage / page.src_path, _page_markdown(page))
        for name, data in page.resources.items():
            _write(stage / Path(page.src_path).parent / name, data)
    status_pages: dict[str, str] = {}
    for p in notebook_pages:
        if p.section == "status" and p.outcome in STATUSES:
            status_pages.setdefault(p.outcome, p.src_path)
    errors = [p for p in notebook_pages if p.section == "error"]
    _write(stage / pages.REFERENCE, pages.reference_page())
    _write(stage / pages.DIAGRAM, pages.diagram_page(
        status_pages, errors[0].src_path if errors else None,
        {p.source.stem: p.src_path for p in notebook_pages if p.section == "flow"}))
    _write(stage / pages.ERRATA, pages.errata_page())
    course_nav = course_pages.write(stage)
    nav = _nav(stage, notebook_pages) + [{"Course": course_nav}]
    nav += tenant.write(root, stage)  # "Your tenant", if any
    _mkdocs(root, stage, out_dir, nav, strict)


def _page_markdown(page: convert.NotebookPage) -> str:
    """The notebook's Markdown, then its example as code tabs and, on status and error pages,
    the Try-it panel."""
    recorded = page.recorded
    seen = origins.recorded_origins([page.markdown, *([recorded["url"]] if recorded else [])])
    parts = [_after_title(page.markdown, origins.marker(seen))]
    if recorded is not None:
        parts += ["", "## The example as code", "",
                  "The request this page made when the docs were built, ready to copy.", "",
                  snippets.tabs(recorded)]
        if page.section in ("status", "error"):
            parts += ["## Try it", "", tryit.panel(page.outcome or "", page.fixture, recorded), ""]
    return "\n".join(parts)


def _after_title(markdown: str, note: str) -> str:
    """``note`` as the first paragraph under the page's ``# Title`` (the title stays first)."""
    if not note:
        return markdown
    title, sep, rest = markdown.partition("\n")
    if title.startswith("# "):
        return f"{title}\n\n{note}\n{sep}{rest}"
    return f"{note}\n\n{markdown}"


def _nav(stage: Path, notebook_pages: list[convert.NotebookPage]) -> list[Any]:
    def entries(section: str, order: Iterable[str] = ()) -> list[dict[str, str]]:
        chosen = [p for p in notebook_pages if p.section == section]
        rank = {name: i for i, name in enumerate(order)}
        chosen.sort(key=lambda p: (rank.get(p.outcome or "", len(rank)), p.src_path))
        return [{p.title: p.src_path} for p in chosen]

    nav: list[Any] = []
    if (stage / "index.md").is_file():
        nav.append({"Home": "index.md"})
    for title, items in (("Guides", entries("guide")),
                         ("By status", entries("status", STATUSES)),
                         ("By error", entries("error", ERRORS)),
                         ("Flows", entries("flow"))):
        if items:
            nav.append({title: items})
    if (stage / "testing.md").is_file():
        nav.append({"Use the sandbox in your tests": "testing.md"})
    reference = [{"Reference": pages.REFERENCE}, {"State diagram": pages.DIAGRAM},
                 {"Errata of the vendor page": pages.ERRATA}]
    if (stage / "sandbox-choices.md").is_file():
        reference.append({"Sandbox choices": "sandbox-choices.md"})
    if (stage / "redaction.md").is_file():
        reference.append({"Redaction and the publish gate": "redaction.md"})
    if (stage / "performance.md").is_file():
        reference.append({"Performance": "performance.md"})
    nav.append({"Reference": reference})
    return nav


def _mkdocs(root: Path, stage: Path, out_dir: Path, nav: list[Any], strict: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    tmp = out_dir.with_name(f".{out_dir.name}.building")
    if tmp.exists():
        shutil.rmtree(tmp)
    warnings = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(warnings)
    try:
        config = load_config(str(root / "mkdocs.yml"), docs_dir=str(stage), site_dir=str(tmp),
                             nav=nav, strict=strict)
        build(config)
    except (Abort, ConfigurationError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        detail = "\n".join(f"  {w}" for w in warnings.messages)
        raise SiteError(f"mkdocs build failed: {exc}" + (f"\n{detail}" if detail else "")) from exc
    finally:
        log.removeHandler(warnings)
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out_dir.exists():
        out_dir.rename(old)
    tmp.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _check_unique(notebook_pages: list[convert.NotebookPage]) -> None:
    seen: dict[str, Path] = {}
    for page in notebook_pages:
        if page.src_path in seen:
            raise convert.NotebookError(f"{page.source.name} and {seen[page.src_path].name} "
                                        f"would both become {page.src_path}")
        seen[page.src_path] = page.source


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
