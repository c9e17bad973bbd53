"""A file store's commits never run a WAL checkpoint themselves; its thread does, soon after."""

from __future__ import annotations

import time
from pathlib import Path

from explorer.sandbox._store import DELAY
from explorer.sandbox._store import Store


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
