"""``ReadCache`` on a file: another connection's commit is seen at the next look — at every read
outside ``one_look()``, at the block's first read inside it, each request keeping its own."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.sandbox._store import ReadCache

READ = "SELECT value FROM kv WHERE key = ?"


@pytest.fixture
def files(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    """Two connections to one WAL file holding ``kv('k', 'old')``."""
    path = tmp_path / "kv.db"
    ours = sqlite3.connect(path, isolation_level=None)
    ours.execute("PRAGMA journal_mode=WAL")
    ours.execute("CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT)")
    ours.execute("INSERT INTO kv VALUES ('k', 'old')")
    theirs = sqlite3.connect(path, isolation_level=None)
    yield ours, theirs
    ours.close()
    theirs.close()


def value(cache: ReadCache) -> str:
    row = cache.one(READ, ("k",))
    assert row is not None
    return str(row[0])


def test_outside_a_block_every_read_sees_the_other_connections_commit(files) -> None:
    ours, theirs = files
    cache = ReadCache(ours, shared=True)
    assert value(cache) == "old"
    theirs.execute("UPDATE kv SET value = 'new'")
    assert value(cache) == "new"


def test_inside_a_block_only_its_first_read_looks(files) -> None:
    ours, theirs = files
    cache = ReadCache(ours, shared=True)
    assert value(cache) == "old"
    with cache.one_look():
        theirs.execute("UPDATE kv SET value = 'new'")  # before the block's first read: seen
        assert value(cache) == "new"
        theirs.execute("UPDATE kv SET value = 'newer'")  # after it: this request keeps 'new'
        assert value(cache) == "new"
    assert value(cache) == "newer"  # the next read outside looks again
    with cache.one_look():
        assert value(cache) == "newer"


def test_interleaved_requests_each_keep_their_own_look(files) -> None:
    ours, theirs = files
    cache = ReadCache(ours, shared=True)
    seen: dict[str, list[str]] = {"early": [], "late": []}
    early_read = asyncio.Event()
    committed = asyncio.Event()

    async def early() -> None:
        with cache.one_look():
            seen["early"].append(value(cache))
            early_read.set()
            await committed.wait()
            seen["early"].append(value(cache))

    async def late() -> None:
        await early_read.wait()
        theirs.execute("UPDATE kv SET value = 'new'")
        with cache.one_look():  # began after the commit: its first read looks and sees it
            seen["late"].append(value(cache))
        committed.set()

    async def both() -> None:
        await asyncio.gather(early(), late())

    asyncio.run(both())
    assert seen["late"] == ["new"]
    # The late request's look emptied the shared rows; the early one reads the file again and
    # gets the newer data — never older than what its own first read saw.
    assert seen["early"] == ["old", "new"]
