"""Fixtures shared by the whole suite.

``sandbox``: one real sandbox server for the test session (uvicorn on 127.0.0.1, docs fixtures,
real clock so that tokens verify against the wall clock). Tests that change its state should
begin with ``POST /sandbox/reset``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from explorer.sandbox import EmbeddedSandbox


@pytest.fixture(scope="session")
def sandbox() -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(fixtures="docs") as server:
        yield server
