"""``build_site``: executed notebooks + generated pages → an offline mkdocs-material site.

Steps: stage a fresh docs_dir (the hand-written ``docs/`` pages, the vendored assets, one page
per executed notebook with its code tabs and Try-it panel, the reference, errata and diagram
pages), compute the navigation (by status, by error, guides, flows, reference), write the
edition's config (``mkdocs.yml`` with the staged pages, navigation and language) and run the
engine on it — ``mkdocs build --strict`` or ``zensical build``, the same pages from the same
file — into a folder that replaces ``out_dir`` only when the build succeeded: a failed build
publishes nothing.
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
from ..errors import NotebookError, SiteError
from . import (
    cjk,
    convert,
    course_pages,
    nextpages,
    origins,
    page_snippets,
    pages,
    search_words,
    tenant_pages,
    terms,
    tryit,
)
from .edition_config import configure
from .sitekey import ENGINES, project_root

ASSETS = Path(__file__).with_name("assets")
ASSET_DIR = "assets/explorer"
BUILDING = "building-the-docs.md"
"""The hand-written page on the docs build itself: progress, no-op rebuilds, engines."""


def build_site(executed: list[Path], out_dir: Path, strict: bool = True, *,
               root: Path | None = None, stage_dir: Path | None = None,
               language: str = "en", editions: tuple[str, ...] = i18n.LANGUAGES,
               engine: str = "mkdocs") -> None:
    """Build the site from executed notebooks into ``out_dir`` (replaced whole on success), as
    the ``language`` edition among the ``editions`` published together.

    ``root`` holds ``mkdocs.yml`` and ``docs/`` (default: ``project_root()``); the docs_dir is
    staged in ``stage_dir`` (default ``<root>/build/docs/src``). Raises ``NotebookError``
    for a notebook that cannot be published and ``SiteError`` when the ``engine`` (one of
    ``ENGINES``) fails or, in strict mode, warns.
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
    _write(stage / pages.REFERENCE, pages.reference_page(language))
    _write(stage / pages.DIAGRAM, pages.diagram_page(
        status_pages, errors[0].src_path if errors else None,
        {p.source.stem: p.src_path for p in notebook_pages if p.section in ("flow", "guide")},
        language))
    _write(stage / pages.ERRATA, pages.errata_page(language))
    course_nav = course_pages.write(stage, language)
    _unlink_missing_notebook_pages(stage, root / "docs", generated_too=stage / "course")
    nav = _nav(stage, notebook_pages, language) + [{i18n.word("course", language): course_nav}]
    nextpages.complete(stage, nav, language, titles,
                       {status: (titles[p.source.stem][0], src)
                        for status, src in status_pages.items()
                        for p in notebook_pages if p.src_path == src})
    if (stage / terms.GLOSSARY).is_file():
        for md in sorted(stage.rglob("*.md")):
            src = md.relative_to(stage).as_posix()
            md.write_text(terms.link_terms(md.read_text(encoding="utf-8"), src), encoding="utf-8")
    nav += tenant_pages.write(root, stage, language)  # "Your tenant", if any
    if language == "zh":
        cjk.join_staged(stage)
    _render(engine, root, stage, out_dir, nav, strict, language, editions)


_NOTEBOOK_LINK = re.compile(
    r"\[([^\]]+)\]\(((?:\.\./)*(?:" + "|".join(convert.FOLDERS.values())
    + r")/[a-z0-9-]+\.md)(#[^)]*)?\)")


def _unlink_missing_notebook_pages(stage: Path, hand_written: Path, generated_too: Path) -> None:
    """In the hand-written pages (and the generated ones under ``generated_too``: the course's),
    a link to a notebook page this build does not have (a build of some notebooks only) becomes
    its text; every other link is left to mkdocs --strict."""
    for md in sorted(stage.rglob("*.md")):
        src = md.relative_to(stage)
        written = hand_written.is_dir() and ((hand_written / src).is_file() or
                                             (hand_written / src.with_suffix(".zh.md")).is_file())
        if not written and not md.is_relative_to(generated_too):
            continue

        def keep(match: re.Match[str], folder: Path = md.parent) -> str:
            exists = (folder / match.group(2)).resolve().is_file()
            return match.group(0) if exists else match.group(1)

        text = md.read_text(encoding="utf-8")
        md.write_text(_NOTEBOOK_LINK.sub(keep, text), encoding="utf-8")


def _pick_language(stage: Path, language: str) -> None:
    """Keep one edition's hand-written pages: ``x.zh.md`` becomes ``x.md`` in Chinese (where it
    exists) and is dropped in English. A twin's generated tables (``<!-- BEGIN x -->`` …
    ``<!-- END x -->``, the sandbox-choices page's) are made in its language, from the same data
    as the English page's."""
    for twin in sorted(stage.rglob("*.zh.md")):
        if language == "zh":
            english = twin.with_name(twin.name[: -len(".zh.md")] + ".md")
            text = twin.read_text(encoding="utf-8")
            if _BLOCK.search(text):
                from ..sandbox import choices

                text = choices.regenerate(text, language)
            english.write_text(text, encoding="utf-8")
            twin.unlink()
        else:
            twin.unlink()


_BLOCK = re.compile(r"(<!-- BEGIN (\w+) -->\n).*?(<!-- END \2 -->)", re.S)


def _page_markdown(page: convert.NotebookPage, language: str = "en",
                   titles: dict[str, tuple[str, str]] | None = None,
                   has_glossary: bool = False) -> str:
    """The notebook's Markdown, then its example as code tabs and, on status and error pages,
    the Try-it panel and where to go next."""
    recorded = page.recorded
    seen = origins.recorded_origins([page.markdown, *([recorded["url"]] if recorded else [])])
    parts = [_after_title(page.markdown, origins.marker(seen, language))]
    if recorded is not None:
        parts += ["", f"## {i18n.word('example_as_code', language)}", "",
                  i18n.word("example_as_code_intro", language), "",
                  page_snippets.tabs(recorded)]
        if page.section in ("status", "error"):
            parts += [f"## {i18n.word('try_it', language)}", "",
                      tryit.panel(page.outcome or "", page.fixture, recorded, language), ""]
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
    word = i18n.words_in(language)

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
        nav.append({word("testing_page"): "testing.md"})
    reference = [{word("reference_page"): pages.REFERENCE}, {word("diagram"): pages.DIAGRAM},
                 {word("errata"): pages.ERRATA}]
    if (stage / "sandbox-choices.md").is_file():
        reference.append({word("sandbox_choices"): "sandbox-choices.md"})
    if (stage / nextpages.GLOSSARY).is_file():
        reference.append({word("glossary"): nextpages.GLOSSARY})
    if (stage / terms.VENDOR_API).is_file():
        reference.append({word("vendor_api"): terms.VENDOR_API})
    if (stage / "redaction.md").is_file():
        reference.append({word("redaction_page"): "redaction.md"})
    if (stage / "performance.md").is_file():
        reference.append({word("performance_page"): "performance.md"})
    if (stage / BUILDING).is_file():
        reference.append({word("building_docs"): BUILDING})
    nav.append({word("reference"): reference})
    return nav


def site_config(root: Path, folder: Path, stage: Path, site_dir: Path, nav: list[Any],
                strict: bool, language: str, editions: tuple[str, ...]) -> dict[str, Any]:
    """``<root>/mkdocs.yml`` made this edition's, for a config file in ``folder``: its staged
    pages and output folder (relative to ``folder``, which must hold both: Zensical's rule),
    navigation and language (``edition_config.configure``), the search's jieba words
    (``search_words``); the theme's folder absolute."""
    import os

    import yaml

    config: dict[str, Any] = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=os.path.relpath(stage, folder),
                  site_dir=os.path.relpath(site_dir, folder),
                  nav=nav, strict=strict)
    theme = config.setdefault("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    configure(config, language, editions)
    search_words.use_user_dict(config, search_words.write_user_dict(folder))
    return config


def _render(engine: str, root: Path, stage: Path, out_dir: Path, nav: list[Any], strict: bool,
            language: str, editions: tuple[str, ...]) -> None:
    """Write this edition's config beside the staged pages, run ``engine`` on it into a folder
    beside them too (Zensical wants both inside the config's folder) and move the result to
    ``out_dir``, replaced whole; nothing moves when the engine fails."""
    import yaml

    if engine not in ENGINES:
        raise SiteError(f"unknown site engine {engine!r}: choose one of {', '.join(ENGINES)}")
    work = stage.parent
    built = work / f"site-{engine}"
    shutil.rmtree(built, ignore_errors=True)
    config_file = work / f"mkdocs.{language}.yml"
    config = site_config(root, work, stage, built, nav, strict, language, editions)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    try:
        (_mkdocs if engine == "mkdocs" else _zensical)(config_file)
    except SiteError:
        shutil.rmtree(built, ignore_errors=True)
        raise
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    shutil.move(str(built), str(out_dir))
    shutil.rmtree(old, ignore_errors=True)


def _mkdocs(config_file: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    quiet_jieba()
    warnings = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(warnings)
    try:
        build(load_config(str(config_file)))
    except (Abort, ConfigurationError) as exc:
        detail = "\n".join(f"  {w}" for w in warnings.messages)
        raise SiteError(f"mkdocs build failed: {exc}" + (f"\n{detail}" if detail else "")) from exc
    finally:
        log.removeHandler(warnings)


def _zensical(config_file: Path) -> None:
    """``zensical build`` in a process of its own (it runs in Rust and reads the config file);
    its cache of rendered pages stays in ``.cache/`` beside the config, for the next build."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "zensical", "build", "-f", str(config_file)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              cwd=config_file.parent)
    except OSError as exc:
        raise SiteError(f"zensical could not start: {exc}") from exc
    said = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        if "No module named zensical" in said:
            said = "zensical is not installed (pip install 'weibo-login-explorer[docs]')"
        raise SiteError("zensical build failed: "
                        f"{said.splitlines()[-1] if said else done.returncode}")


def quiet_jieba() -> None:
    """jieba (the Chinese search index's segmenter) logs its model loading at DEBUG to stderr,
    and sets that level when imported: import it, then raise the level."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


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
            raise NotebookError(f"{page.source.name} and {seen[page.src_path].name} "
                                        f"would both become {page.src_path}")
        seen[page.src_path] = page.source


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
