"""What a docs build is doing, while it does it: done of total, and what runs now.

On a terminal a Rich progress bar (one line, redrawn); anywhere else — a CI log, a pipe — plain
lines: one when a phase starts, then one every ``interval`` seconds (5 by default, so a log never
goes 10 s without a line). The words are the reader's language (``i18n.from_locale``:
``LANG=zh_CN.UTF-8`` gives Chinese).

A build has phases: each edition's notebooks (``notebooks``: total = the notebooks that run),
then the pages (``pages``: total = the editions whose site is being built). Workers report a
notebook's start and cells (``running``), the build each end (``finished``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from rich.markup import escape

from .. import i18n

INTERVAL = 5.0
"""Seconds between two plain lines when nothing else prints one."""


class BuildProgress:
    """The progress of one build; a context manager that shows it while open."""

    def __init__(self, console: Any, language: str | None = None, *,
                 interval: float = INTERVAL, clock: Callable[[], float] = time.monotonic,
                 live: bool | None = None) -> None:
        self.console = console
        self.language = language or i18n.from_locale()
        self.interval = interval
        self.clock = clock
        self.live = bool(getattr(console, "is_terminal", False)) if live is None else live
        self.what = ""
        self.edition = ""
        self.total = 0
        self.done = 0
        self.current: dict[str, tuple[int, int]] = {}
        """Notebooks running now → (cells done, cells)."""
        self._started = clock()
        self._last_line: float | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bar: Any = None
        self._task: Any = None

    # ------------------------------------------------------------------ what the build reports
    def phase(self, what: str, edition: str, total: int) -> None:
        """A phase begins: ``what`` is ``notebooks`` or ``pages``, of ``edition`` (or editions,
        comma-separated), ``total`` things to do."""
        with self._lock:
            self.what, self.edition, self.total, self.done = what, edition, total, 0
            self.current = {}
        self._show(force=True)

    def running(self, name: str, cells_done: int = 0, cells: int = 0) -> None:
        with self._lock:
            self.current[name] = (cells_done, cells)
        self._show()

    def finished(self, name: str) -> None:
        with self._lock:
            self.current.pop(name, None)
            self.done += 1
        self._show()

    # ----------------------------------------------------------------------------- what it says
    def line(self) -> str:
        """The state as one line, in the reader's language."""
        with self._lock:
            cells = [i18n.word("progress_cells", self.language, name=name, done=str(done),
                               total=str(total)) if total else name
                     for name, (done, total) in sorted(self.current.items())]
            now = ("、" if self.language == "zh" else ", ").join(cells)
            parts = [i18n.word(f"progress_{self.what or 'notebooks'}", self.language,
                               edition=self.edition, done=str(self.done), total=str(self.total))]
        if now:
            parts.append(i18n.word("progress_running", self.language, names=now))
        parts.append(f"{self.clock() - self._started:.0f} s")
        return " · ".join(parts)

    def tick(self) -> bool:
        """Plain mode: print the line when ``interval`` has passed since the last; True if it
        printed. (The ticker thread calls this; tests call it with their own clock.)"""
        with self._lock:
            due = bool(self.what) and (self._last_line is None
                                       or self.clock() - self._last_line >= self.interval)
        if due:
            self._print()
        return due

    def _show(self, force: bool = False) -> None:
        if self.live:
            if self._bar is not None:
                self._bar.update(self._task, description=escape(self.line()), completed=self.done,
                                 total=self.total or None)
        elif force:
            self._print()

    def _print(self) -> None:
        line = self.line()
        with self._lock:
            self._last_line = self.clock()
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    # ----------------------------------------------------------------------- open and close
    def __enter__(self) -> BuildProgress:
        if self.live:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.description}"),
                                 console=self.console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task(escape(self.line()), total=None)
        else:
            self._thread = threading.Thread(target=self._tick_until_stopped, daemon=True,
                                            name="docs-build-progress")
            self._thread.start()
        return self

    def _tick_until_stopped(self) -> None:
        while not self._stop.wait(min(1.0, self.interval)):
            self.tick()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def reason(why: str, language: str) -> str:
    """A build's reason (``cache.Cache.stale_reason``, ``sitekey.stale_reason``, the plan's) in
    ``language``: the fixed ones by their words, ``<file> changed|deleted|added`` word by word;
    anything else (``--force``, a list of inputs) as it is."""
    key = "reason_" + why.replace(" ", "_").replace("-", "_")
    if key in i18n.WORDS:
        return i18n.word(key, language)
    file, _, what = why.rpartition(" ")
    if file and what in ("changed", "deleted", "added"):
        return i18n.word(f"reason_{what}", language, file=file)
    return why
