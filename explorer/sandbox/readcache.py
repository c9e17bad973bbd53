"""``ReadCache``: rows the store has read, kept until anything may have changed them.

A login reads the same few rows on every call — its app, the policy, the Weibo token, the account
and its user — and they change only when someone writes. The cache answers those reads from
memory and forgets everything as soon as the data may have changed: after every write through its
own ``Store`` (``forget``), and, on a file, when ``PRAGMA data_version`` says another connection
(a second sandbox process, ``sqlite3`` in a shell) committed since the last look. So a change
still applies to the very next call, at one cheap check per read instead of a query — or one per
request, inside ``one_look()``.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager, nullcontext
from contextvars import ContextVar
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
        # Inside ``one_look()``, that block's own ``_OneLook`` (a context variable: requests whose
        # awaits interleave each keep theirs)
        self._request: ContextVar[_OneLook | None] = ContextVar(f"look-{id(self)}", default=None)

    def forget(self) -> None:
        """Drop every row: call after committing a write through this connection."""
        self._rows.clear()

    def one(self, sql: str, args: tuple[Any, ...]) -> sqlite3.Row | None:
        """The first row of a read-only query, from memory when nothing changed since."""
        db = self._db
        if db.in_transaction:  # its rows may not be committed: never kept
            row: sqlite3.Row | None = db.execute(sql, args).fetchone()
            return row
        if self._shared:
            look = self._request.get()
            if look is None or not look.done:
                self._look()
                if look is not None:
                    look.done = True
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

    def one_look(self) -> AbstractContextManager[None]:
        """Look for other connections' commits once — at the block's first read — instead of at
        every read until the block ends: for one request, whose reads then see the data as it
        was then (and its own writes). The block may await: other requests keep their own."""
        return _OneLook(self._request) if self._shared else _NOTHING_TO_LOOK_FOR

    def _look(self) -> None:
        """Forget every row if another connection committed since the last look (``PRAGMA
        data_version`` changes only for those: this connection's own commits call ``forget``)."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._rows.clear()
            self._version = version


class _OneLook:
    """One ``one_look()`` block: whether it has looked yet (a class, not a generator: it is
    entered on every login)."""

    __slots__ = ("done", "_request", "_token")

    def __init__(self, request: ContextVar[_OneLook | None]) -> None:
        self.done = False
        self._request = request

    def __enter__(self) -> None:
        self._token = self._request.set(self)

    def __exit__(self, *exc_info: object) -> None:
        self._request.reset(self._token)


_NOTHING_TO_LOOK_FOR = nullcontext()
"""``one_look()`` in memory: no other connection can commit."""
