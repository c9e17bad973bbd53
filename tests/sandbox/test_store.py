"""The store answers repeated reads from memory, yet every change applies to the very next call:
one made through the sandbox (its admin API), and one committed by another connection to the same
file (a second sandbox process, ``sqlite3`` in a shell)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from explorer.sandbox import InProcessSandbox
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
