"""Two editions of the docs: English at ``/``, Chinese at ``/zh/``, each executed in its language.

``build_editions`` runs the ordinary build (``explorer.docs.build.build``) once per language:

* the kernels of an edition find its language in ``WEIBO_EXPLORER_LANG`` (``explorer.i18n``), so
  a notebook's clients send ``X-L: zh`` in the Chinese edition and every error message,
  ``ACCESS_DENIED``'s ``data`` and every rendered card on its pages is the sandbox's own Chinese;
* each edition keeps its own cache (``.cache/docs`` and ``.cache/docs-zh``) and its own sandbox
  ports (the Chinese ones follow the English ones by ``PORT_STEP``), so a warm build of both is
  two warm builds;
* each edition's pages keep only their language's prose (``explorer.docs.bilingual``) and are
  built with that language's mkdocs settings (``edition_config.configure``): the theme's language,
  Chinese search segmentation by jieba, the switcher's root.

Both sites are built before either is published; the Chinese one is moved into the English one
at ``zh/`` and the pair replaces ``out`` in one swap. A failure anywhere publishes nothing.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .. import i18n
from ..errors import BuildFailed
from ..import_costs import skip_unused_format_checkers
from . import bilingual
from .build import BASE_PORT, BuildReport, build, publish
from .build_progress import BuildProgress, reason

PORT_STEP = 100
"""The Chinese edition's sandboxes listen at the English ones' ports + this (29 notebooks today)."""

@dataclass
class EditionsReport:
    """One ``BuildReport`` per language; ``ok`` when every edition built and was published, or
    when nothing had changed (``unchanged``: the site at ``out`` is already this build's)."""

    editions: dict[str, BuildReport] = field(default_factory=dict)
    failure: str | None = None
    out: Path | None = None
    wall: float = 0.0
    """Seconds from start to publication; less than the editions' sum, as their parts overlap."""
    language: str = "en"
    """The language the report speaks (the reader's: ``i18n.from_locale``)."""
    unchanged: bool = False
    stale: str | None = None
    """Why the site had to be built (``sitekey.stale_reason``), None when it did not."""
    key: str = ""

    @property
    def ok(self) -> bool:
        return self.failure is None and all(r.ok for r in self.editions.values())

    def __rich__(self) -> Any:
        from rich.console import Group
        from rich.text import Text

        say = i18n.words_in(self.language)
        if self.unchanged:
            return Text(say("build_unchanged", out=str(self.out), digest=self.key[:12],
                            seconds=f"{self.wall:.2f}"), style="bold green")
        parts: list[Any] = []
        if self.stale:
            parts.append(Text(say("build_because", why=reason(self.stale, self.language)),
                              style="dim"))
        for language, report in self.editions.items():
            report.language = self.language
            parts += [Text(say("build_edition", edition=language), style="bold"), report]
        if self.failure:
            parts.append(Text(say("build_failed", why=self.failure), style="bold red"))
        elif self.ok:
            where = ", ".join(f"{self.out}/{lang}" if n else f"{self.out} ({lang})"
                              for n, lang in enumerate(self.editions))
            parts.append(Text(say("build_published", where=where, seconds=f"{self.wall:.2f}"),
                              style="bold green"))
        return Group(*parts)


@contextmanager
def edition_env(language: str) -> Iterator[None]:
    """``WEIBO_EXPLORER_LANG=language`` for the kernels started inside (worker processes and
    kernels inherit the environment)."""
    before = os.environ.get(i18n.ENV_VAR)
    os.environ[i18n.ENV_VAR] = language
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(i18n.ENV_VAR, None)
        else:
            os.environ[i18n.ENV_VAR] = before


def port_base(base_port: int, language: str) -> int:
    """The first sandbox port of ``language``'s notebooks, whichever editions are built: the port
    is in their outputs (tokens' ``iss``, curl commands), and a cached page must be the same bytes
    a build of both editions gives."""
    return base_port + i18n.LANGUAGES.index(language) * PORT_STEP


def suffixed(path: Path, language: str) -> Path:
    """``.cache/docs`` → ``.cache/docs-zh``: the Chinese edition's sibling; English keeps
    ``path``."""
    return path if language == "en" else path.with_name(f"{path.name}-{language}")


def build_editions(
    notebooks_dir: Path = Path("notebooks"),
    out: Path = Path("site"),
    *,
    languages: tuple[str, ...] = i18n.LANGUAGES,
    cache_dir: Path = Path(".cache/docs"),
    work_dir: Path = Path("build/docs"),
    base_port: int = BASE_PORT,
    console: Any = None,
    engine: str = "mkdocs",
    **options: Any,
) -> EditionsReport:
    """Build every edition in ``languages``, then publish them together (the first at ``out``,
    the others at ``out/<language>``). ``options`` go to ``build`` (jobs, force, only, required);
    ``engine`` builds the pages (``site.ENGINES``).

    First the site's key (``sitekey``): when the site at ``out`` was published from the same
    inputs and options, and neither ``force`` nor ``only`` asks otherwise, nothing runs and
    nothing is published (``report.unchanged``). A published site records its key.

    An edition's site is built in a separate process (``mkdocs`` is single-threaded) while the
    next edition's notebooks run, so that the site does not wait for the notebooks, nor they for
    it. That process also keeps mkdocs-material away from this one's environment, which the
    next edition's kernels inherit. The last edition's site is built here: nothing follows it."""
    from rich.console import Console

    from . import sitekey

    started = time.perf_counter()
    out = Path(out).resolve()
    console = console or Console(stderr=True)
    report = EditionsReport(out=out, language=i18n.from_locale())
    key = sitekey.site_key(sitekey.project_root(), Path(notebooks_dir), languages=list(languages),
                           base_port=base_port, engine=engine,
                           required=list(options.get("required") or ()))
    report.stale, report.key = sitekey.stale_reason(out, key), key.digest
    if report.stale is None and not options.get("force") and options.get("only") is None:
        report.unchanged = True
        report.wall = time.perf_counter() - started
        return report
    with BuildProgress(console, report.language) as progress:
        _build_all(notebooks_dir, out, languages, cache_dir, work_dir, base_port, console,
                   engine, progress, report, key, options)
    report.wall = time.perf_counter() - started
    return report


def _build_all(notebooks_dir: Path, out: Path, languages: tuple[str, ...], cache_dir: Path,
               work_dir: Path, base_port: int, console: Any, engine: str,
               progress: BuildProgress, report: EditionsReport, key: Any,
               options: dict[str, Any]) -> None:
    """``build_editions`` past the key: run, build, publish (recording ``key``) or not."""
    from . import sitekey

    staging = out.with_name(f".{out.name}.editions")
    shutil.rmtree(staging, ignore_errors=True)
    context = multiprocessing.get_context("spawn")  # no fork of a process that holds threads
    # our process: it skips jsonschema's 2 s optional import (explorer/import_costs.py)
    with ProcessPoolExecutor(1, mp_context=context,
                             initializer=skip_unused_format_checkers) as sites:
        pending: dict[str, Future[tuple[float, str | None]]] = {}
        built: dict[str, tuple[float, str | None]] = {}  # (seconds, failure) of each site
        for language in languages:
            with edition_env(language):
                edition = report.editions[language] = build(
                    notebooks_dir, staging / language,
                    cache_dir=suffixed(Path(cache_dir), language),
                    work_dir=suffixed(Path(work_dir), language),
                    base_port=port_base(base_port, language), console=console, defer_site=True,
                    progress=progress, edition=language, **options)
            if not edition.ok:
                report.failure = i18n.word("build_edition_failed", report.language,
                                           edition=language, why=str(edition.failure))
                break
            site = (edition.executed, staging / language,
                    EditionSite(language, languages, engine),
                    suffixed(Path(work_dir), language) / "src")
            if language == languages[-1]:  # nothing left to overlap: no process to start
                progress.phase("pages", ", ".join(languages), len(languages))
                for earlier, future in pending.items():
                    future.add_done_callback(partial(_site_done, progress, earlier))
                built[language] = _site(*site)
                progress.finished(language)
            else:
                pending[language] = sites.submit(_site, *site)
        built.update({language: _outcome(future) for language, future in pending.items()})
        for language in [lang for lang in languages if lang in built]:  # in order
            seconds, failure = built[language]
            edition = report.editions[language]
            edition.seconds += seconds
            if failure and report.failure is None:
                edition.failure = failure
                report.failure = i18n.word("build_edition_failed", report.language,
                                           edition=language, why=failure)
    if report.failure is None:
        sitekey.record(staging / languages[0], key)
        _publish(staging, languages, out)
    shutil.rmtree(staging, ignore_errors=True)


def _publish(staging: Path, languages: tuple[str, ...], out: Path) -> None:
    """Put the staged editions at ``out`` (the first) and ``out/<language>`` (the others): the
    old site is renamed aside and the new one into its place, so ``out`` never mixes the two."""
    first = staging / languages[0]
    for language in languages[1:]:
        (staging / language).replace(first / language)
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.replace(old)
    first.replace(out)
    shutil.rmtree(old, ignore_errors=True)


def _site_done(progress: BuildProgress, language: str, _: Future[Any]) -> None:
    progress.finished(language)


def _site(executed: list[Path], out: Path, site_builder: EditionSite,
          stage_dir: Path) -> tuple[float, str | None]:
    """In the site process: ``publish`` one edition; its seconds and its failure, if any."""
    started = time.perf_counter()
    try:
        publish(executed, out, site_builder, stage_dir)
    except BuildFailed as exc:
        return time.perf_counter() - started, str(exc)
    return time.perf_counter() - started, None


def _outcome(future: Future[tuple[float, str | None]]) -> tuple[float, str | None]:
    try:
        return future.result()
    except Exception as exc:  # the site process died or could not start
        return 0.0, f"site build failed: {type(exc).__name__}: {exc}"


class EditionSite:
    """The site builder of one edition: its notebooks keep one language's prose, then
    ``build_site(..., language=...)``."""

    def __init__(self, language: str, editions: tuple[str, ...] = i18n.LANGUAGES,
                 engine: str = "mkdocs") -> None:
        self.language = language
        self.editions = editions
        self.engine = engine

    def __call__(self, executed: list[Path], out_dir: Path, strict: bool = True, *,
                 stage_dir: Path | None = None, **kwargs: Any) -> None:
        from .site import build_site

        folder = Path(executed[0]).parent.with_name(f"edition-{self.language}") if executed \
            else Path(out_dir).with_name("edition")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        chosen = []
        for path in executed:
            nb = json.loads(Path(path).read_text(encoding="utf-8"))
            target = folder / Path(path).name
            target.write_text(json.dumps(bilingual.for_language(nb, self.language),
                                         ensure_ascii=False, indent=1), encoding="utf-8")
            chosen.append(target)
        build_site(chosen, out_dir, strict, stage_dir=stage_dir, language=self.language,
                   editions=self.editions, engine=self.engine, **kwargs)
