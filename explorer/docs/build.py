"""``weibo-explorer docs build``: executed notebooks in, an offline site out — or nothing at all.

1. Plan: each notebook under ``notebooks/`` is cached (its key still holds) or runs, with the reason
   ("new", "code changed", "explorer/client/core.py changed", "--force", "--only").
2. Execute the ones that run in parallel worker processes, one kernel and one deterministic sandbox
   each (see ``execute``), with a live progress display. Their kernels are forked from a server
   (``forks``) started for this build with the environment the workers inherit, stopped with it.
3. Gate: any failed notebook, or any status/seed error code no executed ``expect`` asserted, stops
   the build with a non-zero exit. Nothing is published then: the site is built into a temporary
   directory and swapped in only when everything passed, so ``site/`` never holds a traceback.
4. Hand the executed notebooks to ``explorer.docs.site.build_site`` (nbconvert + mkdocs --strict),
   or, with ``defer_site``, return them in the report for the caller to ``publish`` (the editions
   build one edition's site while the next edition's notebooks run).
"""

from __future__ import annotations

import fnmatch
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from queue import Empty
from typing import Any

from ..errors import BuildFailed
from . import cache as cache_mod
from .build_progress import BuildProgress, reason
from .forks import ForkServer

TYPE_CHECKING = False
if TYPE_CHECKING:  # imported where used: a no-op rebuild (``sitekey``) never gets that far
    from rich.console import Console, RenderableType

    from . import coverage as coverage_mod
    from .execute import Executed, Job

BASE_PORT = 18600
SiteBuilder = Callable[..., None]


@dataclass
class Row:
    """One line of the build table."""

    notebook: str
    state: str  # "ran" | "cached" | "failed" | "skipped"
    why: str
    seconds: float = 0.0
    error: str | None = None


@dataclass
class BuildReport:
    """What a build did; prints itself as the table, the gate and the total time."""

    rows: list[Row] = field(default_factory=list)
    seconds: float = 0.0
    coverage: coverage_mod.Coverage | None = None
    failure: str | None = None
    out: Path | None = None
    executed: list[Path] = field(default_factory=list)
    """The staged executed notebooks a ``defer_site`` build leaves for ``publish``."""
    language: str = "en"
    """The language the report speaks."""

    @property
    def ok(self) -> bool:
        return self.failure is None

    def row(self, name: str) -> Row:
        return next(r for r in self.rows if r.notebook == name)

    def __rich__(self) -> RenderableType:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        from .. import i18n

        say = i18n.words_in(self.language)
        table = Table(show_edge=False)
        for n, column in enumerate(say("build_columns").split("|")):
            table.add_column(column, justify="right" if n == 3 else "left")
        style = {"ran": "green", "cached": "dim", "failed": "bold red", "skipped": "yellow"}
        state = dict(zip(style, say("build_states").split("|"), strict=True))
        for r in self.rows:
            table.add_row(r.notebook, Text(state[r.state], style=style[r.state]),
                          reason(r.why, self.language), f"{r.seconds:.2f}")
        parts: list[RenderableType] = [table]
        for r in self.rows:
            if r.error:
                parts.append(Text(f"{r.notebook}: {r.error}", style="red"))
        if self.coverage is not None and not self.coverage.ok:
            parts.append(self.coverage.table(self.language))
            parts.append(Text(say("build_coverage_none", missing=", ".join(self.coverage.missing)),
                              style="bold red"))
        ran = sum(r.state == "ran" for r in self.rows)
        cached = sum(r.state == "cached" for r in self.rows)
        verdict = (Text(say("build_built", out=str(self.out)) + " ", style="bold green")
                   if self.ok else
                   Text(say("build_failed", why=str(self.failure)) + " ", style="bold red"))
        verdict.append(say("build_counts", ran=str(ran), cached=str(cached),
                           seconds=f"{self.seconds:.2f}"), style="default")
        parts.append(verdict)
        return Group(*parts)


def _say(key: str, **values: str) -> str:
    """A build message in the terminal's language (``LANG``), like the report around it."""
    from .. import i18n

    return i18n.word(key, i18n.from_locale(), **values)


def build(
    notebooks_dir: Path = Path("notebooks"),
    out: Path = Path("site"),
    *,
    jobs: int | None = None,
    force: bool = False,
    only: str | None = None,
    cache_dir: Path = Path(".cache/docs"),
    work_dir: Path = Path("build/docs"),
    base_port: int = BASE_PORT,
    required: tuple[str, ...] | None = None,
    site_builder: SiteBuilder | None = None,
    console: Console | None = None,
    defer_site: bool = False,
    progress: BuildProgress | None = None,
    edition: str = "en",
    engine: str = "mkdocs",
) -> BuildReport:
    """Build the docs; see the module docstring. Returns the report (``report.ok``). With
    ``defer_site`` no site is built: the gated notebooks are left in ``report.executed``.
    ``required``: the codes an executed ``expect`` must cover (default ``coverage.REQUIRED``).
    ``progress`` shows the notebooks as they run (``edition`` names them there); without one,
    the build shows its own on ``console``. ``engine`` builds the site (``site.ENGINES``)."""
    from rich.console import Console

    console = console or Console(stderr=True)
    with ExitStack() as stack:
        if progress is None:
            progress = stack.enter_context(BuildProgress(console))
        return _build(notebooks_dir, out, jobs=jobs, force=force, only=only,
                      cache_dir=cache_dir, work_dir=work_dir, base_port=base_port,
                      required=required, site_builder=site_builder, console=console,
                      defer_site=defer_site, progress=progress, edition=edition, engine=engine)


def _build(notebooks_dir: Path, out: Path, *, jobs: int | None, force: bool, only: str | None,
           cache_dir: Path, work_dir: Path, base_port: int, required: tuple[str, ...] | None,
           site_builder: SiteBuilder | None, console: Any, defer_site: bool,
           progress: BuildProgress, edition: str, engine: str) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport(out=Path(out))
    notebooks = sorted(Path(notebooks_dir).glob("*.ipynb"))
    store = cache_mod.Cache(Path(cache_dir))
    to_run, published = _plan(notebooks, store, report, force=force, only=only,
                              base_port=base_port)
    progress.phase("notebooks", edition, len(to_run))
    forks = ForkServer()  # started only if a notebook runs
    try:
        for result in _execute(to_run, jobs or os.cpu_count() or 1, progress, forks):
            row = report.row(result.name)
            row.seconds = result.seconds
            if result.error:
                row.state, row.error = "failed", result.error
                if result.traceback:
                    console.print(f"[red]--- {result.name} ---[/]\n{result.traceback}",
                                  markup=True, highlight=False)
                continue
            path = next(p for p in notebooks if p.stem == result.name)
            key = cache_mod.key_for(_nb_hash(path), cache_mod.kernel_hash(), result.imported)
            store.store(result.name, key, result.notebook_json or "")
            published.append(result.name)
        failed = [r.notebook for r in report.rows if r.state == "failed"]
        if failed:
            raise BuildFailed(_say("build_notebooks_failed", n=str(len(failed)),
                                   names=", ".join(failed)))
        executed = _stage(store, sorted(published), Path(work_dir) / "executed")
        from . import coverage as coverage_mod

        report.coverage = coverage_mod.scan(
            executed, coverage_mod.REQUIRED if required is None else required)
        if not report.coverage.ok:
            raise BuildFailed(_say("build_coverage_missing",
                                   missing=", ".join(report.coverage.missing)))
        from .gate import publish_gate

        if found := publish_gate(executed):  # explorer/publish_gate.py: nothing unredacted goes out
            raise BuildFailed(_say("build_publish_gate", n=str(len(found)),
                                   found="; ".join(map(str, found[:10]))))
        if defer_site:
            report.executed = executed
        else:
            progress.phase("pages", edition, 1)
            publish(executed, Path(out), site_builder or _site_builder(engine),
                    Path(work_dir) / "src")
            progress.finished(edition)
    except BuildFailed as exc:
        report.failure = str(exc)
    finally:
        forks.stop()
    report.seconds = time.perf_counter() - started
    return report


def _nb_hash(path: Path) -> str:
    import json

    return cache_mod.notebook_hash(json.loads(path.read_text()))


def _plan(notebooks: list[Path], store: cache_mod.Cache, report: BuildReport, *, force: bool,
          only: str | None, base_port: int) -> tuple[list[Job], list[str]]:
    from .execute import Job

    kernel = cache_mod.kernel_hash()
    to_run: list[Job] = []
    cached: list[str] = []
    for index, path in enumerate(notebooks):  # the port follows the place among ALL notebooks
        name = path.stem
        selected = only is None or fnmatch.fnmatch(path.name, only) or fnmatch.fnmatch(name, only)
        stale = store.stale_reason(name, _nb_hash(path), kernel)
        why: str | None
        if only is not None and selected:
            why = "--only"
        elif force:
            why = "--force"
        else:
            why = stale
        if why is None:  # markdown goes to rendering only: a text edit runs nothing
            text = "markdown re-rendered" if store.sync_text(name, path) else "unchanged"
            report.rows.append(Row(name, "cached", text))
            cached.append(name)
        elif only is not None and not selected:
            report.rows.append(Row(name, "skipped", f"not in --only, cache stale ({stale})"))
        else:
            report.rows.append(Row(name, "ran", why))
            to_run.append(Job(path.resolve(), base_port + index))
    return to_run, cached


def _execute(jobs: list[Job], workers: int, progress: BuildProgress,
             forks: ForkServer) -> Iterable[Executed]:
    """Run jobs in worker processes, showing their progress; yield results as they end."""
    if not jobs:
        return
    forks.start()  # before the workers: they find it in the environment they inherit
    try:
        yield from _run_jobs(jobs, workers, progress)
    finally:
        forks.stop()  # no kernel starts after the last notebook: none is left to fork


def _run_jobs(jobs: list[Job], workers: int, progress: BuildProgress) -> Iterable[Executed]:
    from .execute import run

    context = multiprocessing.get_context("spawn")  # no fork of a process that holds threads
    with context.Manager() as manager, ProcessPoolExecutor(min(workers, len(jobs)),
                                                           mp_context=context) as pool:
        events = manager.Queue()
        last = len(jobs) - min(workers, len(jobs))  # the last ones start no kernel for a next
        pending = {pool.submit(run, replace(job, prestart=i < last), events)
                   for i, job in enumerate(jobs)}
        while pending:
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            _drain(events, progress)
            for future in done:
                result = future.result()
                progress.finished(result.name)
                yield result
        _drain(events, progress)


def _drain(events: Any, progress: BuildProgress) -> None:
    """Pass the workers' news (a notebook started: its cells; a cell ended) to the display."""
    while True:
        try:
            name, kind, *args = events.get_nowait()
        except Empty:
            return
        if kind == "start":
            progress.running(name, 0, args[0])
        elif kind == "cell":
            progress.running(name, args[0], args[1])


def _stage(store: cache_mod.Cache, names: list[str], executed_dir: Path) -> list[Path]:
    """Copy the executed notebooks of this build into ``build/docs/executed`` (fresh)."""
    tmp = executed_dir.with_name(executed_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in names:
        shutil.copyfile(store.executed(name), tmp / f"{name}.ipynb")
    shutil.rmtree(executed_dir, ignore_errors=True)
    tmp.replace(executed_dir)
    return sorted(executed_dir.glob("*.ipynb"))


def _site_builder(engine: str) -> SiteBuilder | None:
    """``build_site`` with ``engine`` (None: the default, mkdocs, chosen in ``publish``)."""
    if engine == "mkdocs":
        return None
    from .site import build_site

    return partial(build_site, engine=engine)


def publish(executed: list[Path], out: Path, site_builder: SiteBuilder | None,
            stage_dir: Path) -> None:
    """Build the site next to ``out`` and swap it in only when the build succeeded; raises
    ``BuildFailed`` saying why it did not."""
    if site_builder is None:
        try:
            from .site import build_site
        except ImportError as exc:
            raise BuildFailed(_say("build_no_site_builder", error=str(exc))) from exc
        site_builder = build_site
    out = out.resolve()
    tmp = out.with_name(f".{out.name}.building")
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    try:
        site_builder(executed, tmp, strict=True, stage_dir=stage_dir)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildFailed(_say("build_site_failed",
                               error=f"{type(exc).__name__}: {exc}")) from exc
    if out.exists():
        out.replace(old)
    tmp.replace(out)
    shutil.rmtree(old, ignore_errors=True)
