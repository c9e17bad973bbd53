"""``ReadCache``: rows the store has read, kept until anything may have changed them.

A login reads the same few rows on every call — its app, the policy, the Weibo token, the account
and its user — and they change only when someone writes. The cache answers those reads from
memory and forgets everything as soon as the data may have changed: after every write through its
own ``Store`` (``forget``), and, on a file, when ``PRAGMA data_version`` says another connection
(a second sandbox process, ``sqlite3`` in a shell) committed since the last read. So a change
still applies to the very next call, at one cheap check per read instead of a query.
"""

from __future__ import annotations

import sqlite3
from typing import Any

LIMIT = 4096
"""Rows kept at most; past that the cache starts empty again (a load of distinct tokens)."""


class ReadCache:
    """Query results by ``(sql, args)`` on one connection; the caller holds the store's lock."""

    def __init__(self, db: sqlite3.Connection, shared: bool) -> None:
        self._db = db
        self._shared = shared  # a file, which other connections may write
        self._rows: dict[tuple[str, tuple[Any, ...]], sqlite3.Row | None] = {}
        self._version: object = None

    def forget(self) -> None:
        """Drop every row: call after committing a write through this connection."""
        self._rows.clear()

    def one(self, sql: str, args: tuple[Any, ...]) -> sqlite3.Row | None:
        """The first row of a read-only query, from memory when nothing changed since."""
        db = self._db
        if db.in_transaction:  # its rows may not be committed: never kept
            row: sqlite3.Row | None = db.execute(sql, args).fetchone()
            return row
        if self._shared:  # commits of other connections (not this one's: ``forget`` does those)
            version = db.execute("PRAGMA data_version").fetchone()[0]
            if version != self._version:
                self._rows.clear()
                self._version = version
        key = (sql, args)
        try:
            return self._rows[key]
        except KeyError:
            pass
        row = db.execute(sql, args).fetchone()
        if len(self._rows) >= LIMIT:
            self._rows.clear()
        self._rows[key] = row
        return row
