"""Fixtures shared by the whole suite.

``sandbox``: one real sandbox server for the test session (uvicorn on 127.0.0.1, docs fixtures,
real clock so that tokens verify against the wall clock): the plugin's ``idaas_server``, which this
suite uses like any user's suite (``explorer.pytest_plugin``: ``idaas_sandbox`` gives a fresh
tenant per test, ``idaas_admin`` its typed admin API, ``idaas_client`` a client). Tests that take
``sandbox`` itself and change its state should begin with ``POST /sandbox/reset``.

``tls_contexts``: every ``ssl.create_default_context`` call made during the test (a list), for
tests that hold that a plain-http path loads no CA bundle.

``real_docs``: ONE build of the real notebooks into a temporary site — both editions, English at
``/`` and Chinese at ``/zh/`` — shared by every test that reads the published docs (the build is
the slowest thing the suite does: never build it twice). It gives the English edition's report;
``real_editions`` gives every edition's (``report.editions["zh"]``).
Its notebooks' sandboxes take fixed ports from ``WEIBO_EXPLORER_TEST_BASE_PORT`` (default the
build's own base port), so two suites on one machine can run side by side.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

import explorer
from explorer.sandbox import EmbeddedSandbox

ROOT = Path(explorer.__file__).resolve().parents[1]

# the installed package's pytest11 entry point loads the plugin too: listing it here is then a no-op
pytest_plugins = ["pytester", "explorer.pytest_plugin"]


@pytest.fixture(scope="session")
def sandbox(idaas_server: EmbeddedSandbox) -> EmbeddedSandbox:
    return idaas_server


@pytest.fixture(scope="session")
def real_editions(tmp_path_factory):
    """``(EditionsReport, site folder)``: the real notebooks built once per language, from empty
    caches, published together (English at the site's root, Chinese at ``zh/``)."""
    from explorer.docs.build import BASE_PORT
    from explorer.docs.editions import build_editions

    work = tmp_path_factory.mktemp("real-docs")
    base_port = int(os.environ.get("WEIBO_EXPLORER_TEST_BASE_PORT", BASE_PORT))
    report = build_editions(ROOT / "notebooks", work / "site", jobs=2, cache_dir=work / "cache",
                            work_dir=work / "work", console=Console(file=io.StringIO()),
                            base_port=base_port)
    return report, work / "site"


@pytest.fixture(scope="session")
def real_docs(real_editions):
    """``(BuildReport, site folder)``: the English edition's report of the one real build (its
    failure says so when another edition stopped the pair from being published)."""
    editions, site = real_editions
    report = editions.editions["en"]
    if report.ok and not editions.ok:
        report.failure = editions.failure
    return report, site


@pytest.fixture
def tls_contexts(monkeypatch) -> list[object]:
    """The TLS contexts built while the test runs (their arguments), counted, still built."""
    import ssl

    made: list[object] = []
    original = ssl.create_default_context

    def counting(*args, **kwargs):
        made.append(args or kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(ssl, "create_default_context", counting)
    return made
