"""Fixtures for driving the real sandbox (tests/conftest.py's session server) over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest


class Admin:
    """The sandbox's admin API, as a test arranges a scenario with it."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=10)

    def __call__(self, method: str, path: str, json=None) -> dict:
        response = self.http.request(method, path, json=json)
        assert response.status_code < 300, response.text
        return response.json()

    def reset(self, fixtures: str = "docs") -> None:
        self("POST", "/sandbox/reset", {"fixtures": fixtures})

    def now(self) -> datetime:
        """The sandbox clock (advancing by 0 reads it)."""
        stamp = self("POST", "/sandbox/clock", {"advance": 0})["timestamp"]
        return datetime.fromtimestamp(stamp, UTC)

    def fixtures(self) -> list[dict]:
        return self.http.get("/sandbox/fixtures").json()


@pytest.fixture(scope="module")
def admin(sandbox):
    admin = Admin(sandbox.base_url)
    yield admin
    admin.http.close()
