"""The tenant's state in SQLite: apps, users, Weibo bindings, the fake Weibo's tokens, policy.

One connection in autocommit mode; every change that spans rows runs in ``transaction()``. The
rows a login reads on every call (app, policy, Weibo token, account, user) come from a
``ReadCache``, which forgets them at every write here and sees another connection's commits. The
whole schema lives in ``SCHEMA`` below — a module that needs a table adds it there. A file keeps
everything across restarts (WAL journal, checkpointed by a thread: ``Checkpoints``);
``":memory:"`` is allowed.

``Checkpoints``: a WAL file's checkpoints, run by a thread of their own instead of by a request.

SQLite copies the write-ahead log back into the database file (a *checkpoint*) inside the commit
that crosses 1,000 log pages, and fsyncs. On the sandbox's one connection that commit is a
request's, on the event loop: with random session tokens the pages a checkpoint writes back grow
with the table, so every few hundred logins one of them stalled longer as the store grew. Here
the serving connection leaves checkpoints to a thread with a connection of its own, woken by
commits and running at most one passive checkpoint a second (``PASSIVE`` never blocks a reader
or a writer). The serving connection keeps SQLite's own checkpoint as a backstop, at ten times
the usual size, should the thread fall behind. Durability is unchanged: a commit is in the log
before the call returns, checkpointed or not (``kill -9`` loses nothing). What it buys: the
stalls a login met while the store grew, about 0.13 s on an empty store to about 0.7 s with
200,000 sessions over 6,000 inserts, leave the event loop (``benchmarks/NOTES.md``, "The WAL
checkpoint"; ``benchmarks/sandbox_load.py --store file --preload N`` shows the latency tail).

``ReadCache``: rows the store has read, kept until anything may have changed them.

A login reads the same few rows on every call — its app, the policy, the Weibo token, the account
and its user — and they change only when someone writes. The cache answers those reads from
memory and forgets everything as soon as the data may have changed: after every write through its
own ``Store`` (``forget``), and, on a file, when ``PRAGMA data_version`` says another connection
(a second sandbox process, ``sqlite3`` in a shell) committed since the last look. So a change
still applies to the very next call, at one cheap check per read instead of a query — or one per
request, inside ``one_look()``.

The cache buys server CPU per refused login (``benchmarks/sandbox_load.py --driver wrk``, medians
of 3 runs, a shared 2-core machine): USER.0039 0.345 → 0.294 ms, USER.0001 0.376 → 0.293 ms in
memory; USER.0039 0.345 → 0.311 ms and SUCCESS 0.910 → 0.828 ms on a file.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any, TypeVar

# ------------------------------------------------------------ store
SCHEMA: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS apps (
        client_id TEXT PRIMARY KEY, name TEXT NOT NULL, allowed_user_ids TEXT,
        client_secret TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE IF NOT EXISTS users (
        id TEXT PRIMARY KEY, user_name TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        mobile TEXT NOT NULL, email TEXT NOT NULL, disabled INTEGER NOT NULL,
        mfa INTEGER NOT NULL, seq INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS social_accounts (
        provider TEXT NOT NULL, uid TEXT NOT NULL, social_uid TEXT NOT NULL UNIQUE,
        user_id TEXT REFERENCES users(id), PRIMARY KEY (provider, uid))""",
    """CREATE TABLE IF NOT EXISTS weibo_tokens (
        access_token TEXT PRIMARY KEY, uid TEXT NOT NULL, appkey TEXT NOT NULL,
        created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sessions (
        session_token TEXT PRIMARY KEY, user_id TEXT NOT NULL, client_id TEXT NOT NULL,
        created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        device_fingerprint TEXT NOT NULL DEFAULT '', revoked INTEGER NOT NULL DEFAULT 0)""",
    # -- the follow-up flows ---------------------------------------------------------------
    """CREATE TABLE IF NOT EXISTS captchas (
        token TEXT PRIMARY KEY, x INTEGER NOT NULL, y INTEGER NOT NULL,
        expires_at INTEGER NOT NULL, answered INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS captcha_passes (
        captcha_token TEXT PRIMARY KEY, sender TEXT NOT NULL, expires_at INTEGER NOT NULL,
        used INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS verify_codes (
        id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, recipient TEXT NOT NULL,
        type TEXT NOT NULL, code TEXT NOT NULL, sent_at TEXT NOT NULL,
        expires_at INTEGER NOT NULL, tries INTEGER NOT NULL DEFAULT 0,
        used INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS spent_state_tokens (
        token_hash TEXT PRIMARY KEY, jti TEXT NOT NULL, spent_at INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS app_tokens (
        access_token TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sso_tickets (
        sso_ticket TEXT PRIMARY KEY, session_token TEXT NOT NULL, client_id TEXT NOT NULL,
        device_fingerprint TEXT NOT NULL, expires_at INTEGER NOT NULL,
        used INTEGER NOT NULL DEFAULT 0)""",
)

MIGRATIONS: tuple[tuple[str, str, str], ...] = (
    ("apps", "client_secret", "TEXT NOT NULL DEFAULT ''"),
    ("sessions", "device_fingerprint", "TEXT NOT NULL DEFAULT ''"),
    ("sessions", "revoked", "INTEGER NOT NULL DEFAULT 0"),
)
"""Columns added after a table's first version: a store file made before gets them on open."""

DATA_TABLES = ("sso_tickets", "app_tokens", "spent_state_tokens", "verify_codes",
               "captcha_passes", "captchas", "sessions", "weibo_tokens", "social_accounts",
               "apps", "users")
"""Emptied by a reset, children first. ``meta`` keeps the signing keys."""

DEFAULT_POLICY: dict[str, Any] = {
    "unbound_social": "register",
    "verify_methods": ["VERIFY_PHONE", "VERIFY_EMAIL"],
    "mfa_methods": ["SMS"],
    "deny_ips": [],
    "session_expire": 604800,
    "id_token_ttl": 7200,
    "weibo_appkey": "sandbox-appkey",
}

USER_COLUMNS = ("id", "user_name", "name", "mobile", "email", "disabled", "mfa")


class NotFound(LookupError):
    """No row with this key."""


class Conflict(ValueError):
    """A unique key is taken."""


class Store:
    """Typed access to the tenant's tables."""

    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        on_file = path != ":memory:"
        self._cache = ReadCache(self._db, shared=on_file)
        if on_file:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._checkpoints = Checkpoints(path, self._db) if on_file else NoCheckpoints()
        self._db.execute("PRAGMA foreign_keys=ON")
        with self.transaction():
            for statement in SCHEMA:
                self._db.execute(statement)
            for table, column, declaration in MIGRATIONS:
                columns = {r["name"] for r in self._db.execute(f"PRAGMA table_info({table})")}
                if column not in columns:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def close(self) -> None:
        self._checkpoints.close()
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside commit together or not at all (``BEGIN IMMEDIATE``: the write
        lock is taken first, so a check and the write it guards see the same data). A
        transaction opened inside another joins it."""
        with self._lock:
            if self._db.in_transaction:
                yield self._db
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            self._cache.forget()  # reads inside a transaction bypass it: only now is it stale
            self._checkpoints.committed()

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, args).fetchone()
            return row

    one = _one

    def _cached(self, sql: str, *args: Any) -> sqlite3.Row | None:
        """``_one`` for the rows a login reads on every call (see ``ReadCache``)."""
        with self._lock:
            return self._cache.one(sql, args)

    def for_one_request(self) -> AbstractContextManager[None]:
        """Cached reads inside see other connections' commits as of the first of them: one look
        at the file's version per request instead of one per read (``ReadCache.one_look``)."""
        return self._cache.one_look()

    def all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        """Every row of a query (the flow modules keep their own SQL beside their rules)."""
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # ------------------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", key)
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def reset(self) -> None:
        """Empty the tenant: data tables, policy and faults (the signing keys stay)."""
        with self.transaction() as db:
            for table in DATA_TABLES:
                db.execute(f"DELETE FROM {table}")
            db.execute("DELETE FROM meta WHERE key IN ('policy', 'busy')")

    # ---------------------------------------------------------------------------- policy
    def policy(self) -> dict[str, Any]:
        row = self._cached("SELECT value FROM meta WHERE key = 'policy'")
        return _policy(row["value"] if row else None)

    def update_policy(self, changes: dict[str, Any]) -> dict[str, Any]:
        with self.transaction():
            policy = {**self.policy(), **changes}
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('policy', ?)",
                             (json.dumps(policy),))
        return policy

    # ---------------------------------------------------------------------------- faults
    def arm_busy(self, count: int) -> None:
        self.set_meta("busy", str(count))

    def spend_busy_and_policy(self) -> tuple[bool, dict[str, Any]]:
        """Whether a busy fault was armed (one is spent), and the policy: one read, as a login
        needs both on every call."""
        with self._lock:  # read first: most calls find nothing armed and need no write
            row = self._cache.one(
                "SELECT (SELECT value FROM meta WHERE key = 'busy'), "
                "(SELECT value FROM meta WHERE key = 'policy')", ())
            assert row is not None  # a SELECT without FROM has its one row
            armed = int(row[0] or 0)
            if armed > 0:
                with self.transaction() as db:  # forgets the cached row, as every write does
                    db.execute("UPDATE meta SET value = ? WHERE key = 'busy'", (str(armed - 1),))
        return armed > 0, _policy(row[1])

    # ------------------------------------------------------------------------------ apps
    def add_app(self, client_id: str, name: str, allowed_user_ids: list[str] | None,
                client_secret: str = "") -> dict[str, Any]:
        try:
            with self.transaction() as db:
                db.execute("INSERT INTO apps (client_id, name, allowed_user_ids, client_secret) "
                           "VALUES (?, ?, ?, ?)", (
                               client_id, name,
                               None if allowed_user_ids is None else json.dumps(allowed_user_ids),
                               client_secret))
        except sqlite3.IntegrityError:
            raise Conflict(f"client_id {client_id!r}") from None
        return _written(self.app(client_id))

    def app(self, client_id: str) -> dict[str, Any] | None:
        row = self._cached("SELECT * FROM apps WHERE client_id = ?", client_id)
        if row is None:
            return None
        allowed = row["allowed_user_ids"]
        return {"client_id": row["client_id"], "name": row["name"],
                "allowed_user_ids": None if allowed is None else json.loads(allowed),
                "client_secret": row["client_secret"]}

    # ----------------------------------------------------------------------------- users
    def add_user(self, user: dict[str, Any]) -> dict[str, Any]:
        try:
            with self.transaction() as db:
                seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM users").fetchone()[0]
                db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (*(user[c] for c in USER_COLUMNS), seq))
        except sqlite3.IntegrityError:
            raise Conflict(f"user id {user['id']!r} or user_name {user['user_name']!r}") from None
        return self.user(user["id"])

    def user(self, user_id: str, *, social: bool = True) -> dict[str, Any]:
        """The user's columns, and with ``social`` the accounts bound to them (a login, which
        only needs the columns, skips that second query)."""
        row = self._cached("SELECT * FROM users WHERE id = ?", user_id)
        if row is None:
            raise NotFound(f"user {user_id!r}")
        user = {c: row[c] for c in USER_COLUMNS}
        user["disabled"], user["mfa"] = bool(user["disabled"]), bool(user["mfa"])
        if social:
            with self._lock:
                accounts = self._db.execute(
                    "SELECT provider, uid FROM social_accounts WHERE user_id = ? ORDER BY uid",
                    (user_id,)).fetchall()
            user["social"] = [{"provider": s["provider"], "uid": s["uid"]} for s in accounts]
        return user

    def update_user(self, user_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        self.user(user_id)
        columns = [c for c in USER_COLUMNS[1:] if c in changes]
        if columns:
            try:
                with self.transaction() as db:
                    db.execute(
                        f"UPDATE users SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                        (*(changes[c] for c in columns), user_id))
            except sqlite3.IntegrityError:
                raise Conflict(f"user_name {changes.get('user_name')!r}") from None
        return self.user(user_id)

    # -------------------------------------------------------------------- social accounts
    def social_account(self, provider: str, uid: str) -> sqlite3.Row | None:
        return self._cached("SELECT * FROM social_accounts WHERE provider = ? AND uid = ?",
                            provider, uid)

    def ensure_social_account(self, provider: str, uid: str, social_uid: str) -> sqlite3.Row:
        """The account for this uid, created unbound with ``social_uid`` if new."""
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO social_accounts VALUES (?, ?, ?, NULL)",
                       (provider, uid, social_uid))
        return _written(self.social_account(provider, uid))

    def bind(self, user_id: str, provider: str, uid: str, social_uid: str) -> dict[str, Any]:
        self.user(user_id)
        with self.transaction() as db:
            row = db.execute("SELECT user_id FROM social_accounts WHERE provider = ? AND uid = ?",
                             (provider, uid)).fetchone()
            if row is not None and row["user_id"] is not None:
                raise Conflict(f"{provider} uid {uid!r} is bound to a user already")
            if row is None:
                db.execute("INSERT INTO social_accounts VALUES (?, ?, ?, ?)",
                           (provider, uid, social_uid, user_id))
            else:
                db.execute("UPDATE social_accounts SET user_id = ? WHERE provider = ? AND uid = ?",
                           (user_id, provider, uid))
        return self.user(user_id)

    # ----------------------------------------------------------------------- weibo tokens
    def add_weibo_token(self, access_token: str, uid: str, appkey: str, created_at: int,
                        expires_at: int) -> dict[str, Any]:
        try:
            with self.transaction() as db:
                db.execute("INSERT INTO weibo_tokens VALUES (?, ?, ?, ?, ?)",
                           (access_token, uid, appkey, created_at, expires_at))
        except sqlite3.IntegrityError:
            raise Conflict(f"access_token {access_token!r}") from None
        return dict(_written(self.weibo_token(access_token)))

    def weibo_token(self, access_token: str) -> sqlite3.Row | None:
        return self._cached("SELECT * FROM weibo_tokens WHERE access_token = ?", access_token)

    # --------------------------------------------------------------------------- sessions
    def add_session(self, session_token: str, user_id: str, client_id: str, created_at: int,
                    expires_at: int, device_fingerprint: str = "") -> None:
        # One statement is atomic on its own: no BEGIN/COMMIT round trips. Sessions are never
        # read through the cache, so it keeps its rows (a SUCCESS reads them again next call).
        with self._lock:
            self._db.execute(
                "INSERT INTO sessions (session_token, user_id, client_id, created_at, "
                "expires_at, device_fingerprint) VALUES (?, ?, ?, ?, ?, ?)",
                (session_token, user_id, client_id, created_at, expires_at, device_fingerprint))
            self._checkpoints.committed()

    def live_session(self, session_token: str, now: int) -> sqlite3.Row | None:
        """The session if it exists, is not revoked and has not expired."""
        return self._one("SELECT * FROM sessions WHERE session_token = ? AND revoked = 0 "
                         "AND expires_at > ?", session_token, now)

    def revoke_session(self, session_token: str) -> None:
        with self.transaction() as db:
            if db.execute("UPDATE sessions SET revoked = 1 WHERE session_token = ?",
                          (session_token,)).rowcount == 0:
                raise NotFound(f"session {session_token!r}")


def _policy(stored: str | None) -> dict[str, Any]:
    """The tenant's policy: the defaults, with what an admin stored over them (a new dict each
    call; its lists are shared, as the defaults' always were)."""
    return dict(_parsed_policy(stored)) if stored else dict(DEFAULT_POLICY)


@functools.lru_cache(maxsize=16)
def _parsed_policy(stored: str) -> dict[str, Any]:
    """A stored policy parsed once: a login reads the same text on every call."""
    return {**DEFAULT_POLICY, **json.loads(stored)}


Written = TypeVar("Written")


def _written(row: Written | None) -> Written:
    """A row just written, read back: it is there (a bug in the store otherwise)."""
    if row is None:
        raise RuntimeError("the store lost a row it had just written")
    return row


# ------------------------------------------------------------ checkpoints
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


# ------------------------------------------------------------ readcache
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
