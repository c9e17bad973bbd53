"""Refused accepts, logged at most once a second with a count instead of once each.

When the process runs out of file descriptors, asyncio's selector loop logs a full traceback for
every ``accept()`` that fails with ``EMFILE`` (it keeps calling ``accept`` up to the backlog, 2048
in uvicorn, each time the listening socket wakes up): about 2 MB of log a second while it lasts.
``AcceptErrors`` replaces that for those errors only — one line, then one summary a second naming
how many were refused — and passes every other error to the loop's default handler.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import time
from collections.abc import Callable
from typing import Any

from ..catalogue import Msg
from ..i18n import from_locale

OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
"""The errors asyncio's accept loop reports and retries (``selector_events``)."""
INTERVAL = 1.0
"""Seconds between two lines about refused accepts."""
LOGGER = logging.getLogger("uvicorn.error")
_REFUSED = Msg("accept() refused {n} time(s) since the last such line: {error} (one line a "
               "second at most; raise the open-file limit, ulimit -n, or open fewer connections)")


class AcceptErrors:
    """A loop exception handler: ``accept()`` out of resources is counted and reported at most
    once per ``INTERVAL`` of ``clock``; anything else goes to the loop's default handler."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 report: Callable[[str], None] = LOGGER.error, language: str | None = None
                 ) -> None:
        self.clock, self.report = clock, report
        self.language = language or from_locale()
        self.pending = 0
        self.last_error = ""
        self.reported_at: float | None = None
        self.flush_armed = False

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if not (isinstance(exc, OSError) and exc.errno in OUT_OF_RESOURCES
                and "accept" in str(context.get("message", ""))):
            loop.default_exception_handler(context)
            return
        self.pending += 1
        self.last_error = f"[Errno {exc.errno}] {exc.strerror}"
        now = self.clock()
        if self.reported_at is None or now - self.reported_at >= INTERVAL:
            self.flush(now)
        elif not self.flush_armed:  # say how many were refused even if none follow
            self.flush_armed = True
            loop.call_later(INTERVAL - (now - self.reported_at), self.flush)

    def flush(self, now: float | None = None) -> None:
        """Report the refusals counted since the last line (nothing when there were none)."""
        now = self.clock() if now is None else now
        self.flush_armed = False
        if self.pending:
            self.report(_REFUSED(self.language).format(n=self.pending, error=self.last_error))
            self.pending = 0
            self.reported_at = now


def install(loop: asyncio.AbstractEventLoop | None = None) -> AcceptErrors | None:
    """Make ``loop`` (default: the running one) report refused accepts through ``AcceptErrors``,
    unless it already has a handler of its own (a host application's loop keeps its choice)."""
    loop = loop or asyncio.get_running_loop()
    if loop.get_exception_handler() is not None:
        return None
    handler = AcceptErrors()
    loop.set_exception_handler(handler)
    return handler
