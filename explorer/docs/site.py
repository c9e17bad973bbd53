"""``build_site``: executed notebooks + generated pages → an offline mkdocs-material site.

Steps: stage a fresh docs_dir (the hand-written ``docs/`` pages, the vendored assets, one page
per executed notebook with its code tabs and Try-it panel, the reference, errata and diagram
pages), compute the navigation (by status, by error, guides, flows, reference), then run
``mkdocs build --strict`` into a temporary directory that replaces ``out_dir`` only when the
build succeeded — a failed build publishes nothing.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import i18n
from ..contract import ERRORS, STATUSES
from . import convert, nextpages, origins, pages, snippets, tenant, terms, tryit
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
               root: Path | None = None, stage_dir: Path | None = None,
               language: str = "en", editions: tuple[str, ...] = i18n.LANGUAGES) -> None:
    """Build the site from executed notebooks into ``out_dir`` (replaced whole on success), as
    the ``language`` edition among the ``editions`` published together.

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
    _pick_language(stage, language)
    shutil.copytree(ASSETS, stage / ASSET_DIR, dirs_exist_ok=True)
    titles = {p.source.stem: (p.title, p.src_path) for p in notebook_pages}
    for page in notebook_pages:
        _write(stage / page.src_path, _page_markdown(page, language, titles,
                                                     (stage / nextpages.GLOSSARY).is_file()))
        for name, data in page.resources.items():
            _write(stage / Path(page.src_path).parent / name, data)
    status_pages: dict[str, str] = {}
    for p in notebook_pages:
        if p.section == "status" and p.outcome in STATUSES:
            status_pages.setdefault(p.outcome, p.src_path)
    errors = [p for p in notebook_pages if p.section == "error"]
    generated = pages if language == "en" else _chinese_pages()
    _write(stage / pages.REFERENCE, generated.reference_page())
    _write(stage / pages.DIAGRAM, generated.diagram_page(
        status_pages, errors[0].src_path if errors else None,
        {p.source.stem: p.src_path for p in notebook_pages if p.section in ("flow", "guide")}))
    _write(stage / pages.ERRATA, generated.errata_page())
    _unlink_missing_notebook_pages(stage, root / "docs")
    course_nav = course_pages.write(stage)
    if (stage / terms.GLOSSARY).is_file():
        for md in sorted(stage.rglob("*.md")):
            src = md.relative_to(stage).as_posix()
            md.write_text(terms.link_terms(md.read_text(encoding="utf-8"), src), encoding="utf-8")
    nav = _nav(stage, notebook_pages, language) + [{"Course": course_nav}]
    nav += tenant.write(root, stage)  # "Your tenant", if any
    _mkdocs(root, stage, out_dir, nav, strict, language, editions)


_NOTEBOOK_LINK = re.compile(
    r"\[([^\]]+)\]\(((?:\.\./)*(?:%s)/[a-z0-9-]+\.md)(#[^)]*)?\)" % "|".join(convert.FOLDERS.values()))


def _unlink_missing_notebook_pages(stage: Path, hand_written: Path) -> None:
    """In the hand-written pages, a link to a notebook page this build does not have (a build of
    some notebooks only) becomes its text; every other link is left to mkdocs --strict."""
    if not hand_written.is_dir():
        return
    for md in sorted(stage.rglob("*.md")):
        src = md.relative_to(stage)
        if not (hand_written / src).is_file() and not (hand_written / src.with_suffix(".zh.md")).is_file():
            continue

        def keep(match: re.Match[str], folder: Path = md.parent) -> str:
            return match.group(0) if (folder / match.group(2)).resolve().is_file() else match.group(1)

        text = md.read_text(encoding="utf-8")
        md.write_text(_NOTEBOOK_LINK.sub(keep, text), encoding="utf-8")


def _chinese_pages() -> Any:
    from . import pages_zh

    return pages_zh


def _pick_language(stage: Path, language: str) -> None:
    """Keep one edition's hand-written pages: ``x.zh.md`` becomes ``x.md`` in Chinese (where it
    exists) and is dropped in English."""
    for twin in sorted(stage.rglob("*.zh.md")):
        if language == "zh":
            english = twin.with_name(twin.name[: -len(".zh.md")] + ".md")
            text = twin.read_text(encoding="utf-8")
            if english.is_file():
                text = _same_blocks(text, english.read_text(encoding="utf-8"))
            english.write_text(text, encoding="utf-8")
            twin.unlink()
        else:
            twin.unlink()


_BLOCK = re.compile(r"(<!-- BEGIN (\w+) -->\n).*?(<!-- END \2 -->)", re.S)


def _same_blocks(twin: str, english: str) -> str:
    """The generated tables (``<!-- BEGIN x -->`` … ``<!-- END x -->``) of a translated page are
    the English page's, so they are generated and checked once."""
    blocks = {m.group(2): m.group(0) for m in _BLOCK.finditer(english)}
    return _BLOCK.sub(lambda m: blocks.get(m.group(2), m.group(0)), twin)


def _page_markdown(page: convert.NotebookPage, language: str = "en",
                   titles: dict[str, tuple[str, str]] | None = None,
                   has_glossary: bool = False) -> str:
    """The notebook's Markdown, then its example as code tabs and, on status and error pages,
    the Try-it panel and where to go next."""
    recorded = page.recorded
    seen = origins.recorded_origins([page.markdown, *([recorded["url"]] if recorded else [])])
    parts = [_after_title(page.markdown, origins.marker(seen))]
    if recorded is not None:
        parts += ["", f"## {i18n.word('example_as_code', language)}", "",
                  i18n.word("example_as_code_intro", language), "",
                  snippets.tabs(recorded)]
        if page.section in ("status", "error"):
            parts += [f"## {i18n.word('try_it', language)}", "",
                      tryit.panel(page.outcome or "", page.fixture, recorded), ""]
    if page.section in ("status", "error"):
        parts += ["", nextpages.section(page.src_path, page.section, page.outcome, titles or {},
                                        language, reference=pages.REFERENCE,
                                        diagram=pages.DIAGRAM, has_glossary=has_glossary)]
    return "\n".join(parts)


def _after_title(markdown: str, note: str) -> str:
    """``note`` as the first paragraph under the page's ``# Title`` (the title stays first)."""
    if not note:
        return markdown
    title, sep, rest = markdown.partition("\n")
    if title.startswith("# "):
        return f"{title}\n\n{note}\n{sep}{rest}"
    return f"{note}\n\n{markdown}"


def _nav(stage: Path, notebook_pages: list[convert.NotebookPage],
         language: str = "en") -> list[Any]:
    word = lambda key: i18n.word(key, language)  # noqa: E731

    def entries(section: str, order: Iterable[str] = ()) -> list[dict[str, str]]:
        chosen = [p for p in notebook_pages if p.section == section]
        rank = {name: i for i, name in enumerate(order)}
        chosen.sort(key=lambda p: (rank.get(p.outcome or "", len(rank)), p.src_path))
        return [{p.title: p.src_path} for p in chosen]

    nav: list[Any] = []
    if (stage / "index.md").is_file():
        nav.append({word("home"): "index.md"})
    for title, items in ((word("guides"), entries("guide")),
                         (word("by_status"), entries("status", STATUSES)),
                         (word("by_error"), entries("error", ERRORS)),
                         (word("flows"), entries("flow"))):
        if items:
            nav.append({title: items})
    if (stage / "testing.md").is_file():
        nav.append({"Use the sandbox in your tests": "testing.md"})
    reference = [{word("reference_page"): pages.REFERENCE}, {word("diagram"): pages.DIAGRAM},
                 {word("errata"): pages.ERRATA}]
    if (stage / "sandbox-choices.md").is_file():
        reference.append({word("sandbox_choices"): "sandbox-choices.md"})
    if (stage / nextpages.GLOSSARY).is_file():
        reference.append({word("glossary"): nextpages.GLOSSARY})
    if (stage / terms.VENDOR_API).is_file():
        reference.append({word("vendor_api"): terms.VENDOR_API})
    if (stage / "redaction.md").is_file():
        reference.append({"Redaction and the publish gate": "redaction.md"})
    if (stage / "performance.md").is_file():
        reference.append({"Performance": "performance.md"})
    nav.append({word("reference"): reference})
    return nav


def _mkdocs(root: Path, stage: Path, out_dir: Path, nav: list[Any], strict: bool,
            language: str, editions: tuple[str, ...]) -> None:
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
        from .editions import configure

        configure(config, language, editions)
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
