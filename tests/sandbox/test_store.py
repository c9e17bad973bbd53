"""The store answers repeated reads from memory, yet every change applies to the very next call:
one made through the sandbox (its admin API), and one committed by another connection to the same
file (a second sandbox process, ``sqlite3`` in a shell).

``ReadCache`` on a file: another connection's commit is seen at the next look — at every read
outside ``one_look()``, at the block's first read inside it, each request keeping its own.

A file store's commits never run a WAL checkpoint themselves; its thread does, soon after.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from explorer.sandbox import InProcessSandbox
from explorer.sandbox._store import DELAY, ReadCache, Store
from explorer.sandbox.seed import ACCOUNTS, CLIENT_ID, DISABLED_USER, FIXTURES

REQUESTS = {f["name"]: f["request"] for f in FIXTURES}


def outcome(http: httpx.Client, fixture: str, **body: str) -> str:
    """The login's status or error code for a docs fixture's request."""
    request = REQUESTS[fixture]
    answer = http.post(request["path"], headers=request["headers"],
                       json={**request["body"], **body}).json()
    return str(answer.get("status") or answer["error_code"])


@pytest.fixture
def tenant(tmp_path: Path) -> Iterator[tuple[httpx.Client, sqlite3.Connection]]:
    """A file-backed sandbox, and a second connection to its file."""
    db = tmp_path / "tenant.db"
    with InProcessSandbox(db=str(db)) as box, box.http() as http:
        other = sqlite3.connect(db, isolation_level=None)
        try:
            yield http, other
        finally:
            other.close()


def write(other: sqlite3.Connection, sql: str, *args: Any) -> None:
    other.execute("BEGIN IMMEDIATE")
    other.execute(sql, args)
    other.execute("COMMIT")


def test_another_connections_commits_apply_to_the_next_login(tenant) -> None:
    http, other = tenant
    for _ in range(2):  # the second call is the one a cache would answer
        assert outcome(http, "user-0039") == "IDAAS.SDK.USER.0039"
    write(other, "UPDATE users SET disabled = 0 WHERE id = ?", DISABLED_USER["id"])
    assert outcome(http, "user-0039") == "SUCCESS"

    assert outcome(http, "user-register") == "USER_REGISTER"
    write(other, "INSERT OR REPLACE INTO meta VALUES ('policy', ?)",
          json.dumps({"unbound_social": "reject"}))
    assert outcome(http, "user-0001") == "IDAAS.SDK.USER.0001"

    write(other, "DELETE FROM weibo_tokens WHERE access_token = ?", ACCOUNTS["disabled"][0])
    assert outcome(http, "user-0039") == "SANDBOX.WEIBO.0001"

    write(other, "INSERT INTO meta VALUES ('busy', '1')")
    assert outcome(http, "success") == "IDAAS.SDK.COM.0002"
    assert outcome(http, "success") == "SUCCESS"

    write(other, "UPDATE apps SET client_id = 'renamed' WHERE client_id = ?", CLIENT_ID)
    assert outcome(http, "success") == "IDAAS.SDK.PARAM.0003"


def test_admin_changes_apply_to_the_next_login_in_memory() -> None:
    with InProcessSandbox() as box, box.http() as http:
        for _ in range(2):
            assert outcome(http, "user-0039") == "IDAAS.SDK.USER.0039"
        user = DISABLED_USER["id"]
        assert http.patch(f"/sandbox/users/{user}", json={"disabled": False}).status_code == 200
        assert outcome(http, "user-0039") == "SUCCESS"
        assert http.put("/sandbox/policy", json={"unbound_social": "reject"}).status_code == 200
        assert outcome(http, "user-0001") == "IDAAS.SDK.USER.0001"
        assert http.put("/sandbox/policy", json={"weibo_appkey": "other"}).status_code == 200
        assert outcome(http, "success") == "SANDBOX.WEIBO.0001"
        assert http.post("/sandbox/faults", json={"busy": 1}).status_code in (200, 201)
        assert outcome(http, "user-0039") == "IDAAS.SDK.COM.0002"
        assert http.post("/sandbox/reset", json={"fixtures": "none"}).status_code == 200
        assert outcome(http, "success") == "IDAAS.SDK.PARAM.0003"


def test_a_policy_read_is_the_callers_own_dict() -> None:
    """The stored policy is parsed once, but a caller changing what it got changes nothing."""
    from explorer.sandbox._store import Store

    store = Store()
    store.update_policy({"unbound_social": "bind"})
    first = store.policy()
    first["unbound_social"] = "reject"
    assert store.policy()["unbound_social"] == "bind"
    assert store.spend_busy_and_policy()[1]["unbound_social"] == "bind"
    store.close()


# ---------------------------------------------------------------- the read cache
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


# ---------------------------------------------------------------- the WAL checkpoints
def test_a_big_commit_returns_unchecked_and_the_thread_checkpoints_it(tmp_path: Path) -> None:
    path = tmp_path / "tenant.db"
    store = Store(str(path))
    try:
        before = path.stat().st_size
        with store.transaction() as db:  # ~1,700 log pages: past SQLite's own 1,000-page trigger
            db.executemany("INSERT INTO sessions (session_token, user_id, client_id, created_at, "
                           "expires_at) VALUES (?, 'u', 'c', 0, 1)",
                           ((f"token-{n:08d}-{n * 7919 % 100003:06d}",) for n in range(100_000)))
        assert path.stat().st_size == before  # still only in the log: the commit did not copy it
        deadline = time.monotonic() + DELAY + 10
        while path.stat().st_size == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert path.stat().st_size > before  # the thread copied the log into the file
    finally:
        store.close()
    reopened = Store(str(path))
    assert reopened.all("SELECT COUNT(*) FROM sessions")[0][0] == 100_000
    reopened.close()
