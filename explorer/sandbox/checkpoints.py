"""``Checkpoints``: a WAL file's checkpoints, run by a thread of their own instead of by a request.

SQLite copies the write-ahead log back into the database file (a *checkpoint*) inside the commit
that crosses 1,000 log pages, and fsyncs. On the sandbox's one connection that commit is a
request's, on the event loop: with random session tokens the pages a checkpoint writes back grow
with the table, so every few hundred logins one of them stalled longer as the store grew. Here
the serving connection leaves checkpoints to a thread with a connection of its own, woken by
commits and running at most one passive checkpoint a second (``PASSIVE`` never blocks a reader
or a writer). The serving connection keeps SQLite's own checkpoint as a backstop, at ten times
the usual size, should the thread fall behind. Durability is unchanged: a commit is in the log
before the call returns, checkpointed or not (``kill -9`` loses nothing).
"""

from __future__ import annotations

import sqlite3
import threading

BACKSTOP_PAGES = 10_000
"""The serving connection's own automatic checkpoint, in log pages (SQLite's default: 1,000)."""
DELAY = 1.0
"""Seconds a woken thread waits before checkpointing, so a burst of commits shares one."""


class Checkpoints:
    """Checkpoints of the WAL file at ``path``, off the thread that commits."""

    def __init__(self, path: str, serving: sqlite3.Connection) -> None:
        serving.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
        self._path = path
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        """Call after a commit: a checkpoint follows within ``DELAY`` seconds."""
        self._wake.set()

    def close(self) -> None:
        """Run the last checkpoint and end the thread."""
        self._stop.set()
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        try:
            while not self._stop.is_set():
                self._wake.wait()
                self._wake.clear()
                self._stop.wait(DELAY)
                try:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:  # busy with another process's checkpoint: the next one
                    pass
        finally:
            db.close()


class NoCheckpoints:
    """A store in memory has no log to checkpoint."""

    def committed(self) -> None:
        pass

    def close(self) -> None:
        pass
