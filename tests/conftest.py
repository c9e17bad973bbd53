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

The suite runs on two pytest-xdist workers (``-n 2 --dist loadgroup`` in pyproject.toml). Every test
gets an ``xdist_group``: the tests that read the one real build share one group (so one worker
builds it, and the other never waits for it), the tests of the small test-notebook site
(``sitebuild``) share another, and every other test is grouped with its file (its module fixtures
and fixed ports stay on one worker). The heavy groups go first. Markers are set here too, from
fixture names and modules: ``docs`` (reads a built docs site or builds one), ``browser`` (drives
chromium) and ``slow`` (both of those, and the tests that make venvs, servers or JupyterLab):
``-m "not slow"`` is the fast subset.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import sys
from functools import cache
from pathlib import Path

import pytest
from rich.console import Console

import explorer
from explorer.sandbox import EmbeddedSandbox

ROOT = Path(explorer.__file__).resolve().parents[1]


def _jupyter_data_of_the_base_python() -> None:
    """In a venv that borrows the base Python's site-packages (``--system-site-packages``), Jupyter
    looks for its data (nbconvert's templates, JupyterLab's extensions) under the venv only, while
    the packages that ship that data live in the base: name the base's folder in ``JUPYTER_PATH``
    (for this process and the kernels, servers and commands it starts)."""
    from importlib.util import find_spec

    spec = find_spec("nbconvert")
    data = Path(sys.base_prefix) / "share" / "jupyter"
    if (sys.prefix == sys.base_prefix or spec is None or spec.origin is None
            or not spec.origin.startswith(sys.base_prefix) or not data.is_dir()):
        return
    paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(data) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([*paths, str(data)])


_jupyter_data_of_the_base_python()

# the installed package's pytest11 entry point loads the plugin too: listing it here is then a no-op
pytest_plugins = ["pytester", "explorer.pytest_plugin"]


@pytest.fixture(scope="session")
def sandbox(idaas_server: EmbeddedSandbox) -> EmbeddedSandbox:
    return idaas_server


REAL_SITE = {"real_docs", "real_editions"}
"""Fixtures that read the one real build of the docs."""

SLOW_MODULES = {"test_install.py", "test_types.py", "test_newcomer.py", "test_jupyterlab.py",
                "test_jupyterlab_check.py", "test_notebooks.py", "test_lab.py",
                "test_first_minutes.py", "test_durability.py", "test_fuzz.py"}
"""Files whose every test starts a venv, a JupyterLab, a kernel or a server process of its own."""


@cache
def _imports(path: Path, module: str) -> bool:
    text = path.read_text(encoding="utf-8")
    return f"from {module} import" in text or f"import {module}\n" in text


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test (``docs``, ``browser``, ``slow``), give it its ``xdist_group``, and put the
    heavy groups first, so that the longest group starts at once on a worker of its own."""
    rank: dict[str, int] = {}
    for item in items:
        path, names = item.path, set(getattr(item, "fixturenames", ()))
        in_docs = "docs" in path.relative_to(ROOT / "tests").parts[:1]
        if names & REAL_SITE:
            group, heavy = "real-site", 0
        elif _imports(path, "sitebuild"):
            group, heavy = "test-notebook-site", 1
        else:
            group, heavy = str(path.relative_to(ROOT)), 2
        if names & REAL_SITE or in_docs:
            item.add_marker(pytest.mark.docs)
        if "browser" in names or _imports(path, "browser"):
            item.add_marker(pytest.mark.browser)
        if heavy < 2 or path.name in SLOW_MODULES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
        item.add_marker(pytest.mark.xdist_group(group))
        rank[item.nodeid] = heavy
    items.sort(key=lambda item: rank[item.nodeid])  # stable: each group keeps its order


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """A JWT parameter is named ``jwt``: a token signed at collection with a fresh key differs
    between xdist workers (which must collect the same ids), and a token has no place in a log."""
    if isinstance(val, str) and re.fullmatch(r"eyJ[\w-]*\.[\w-]+\.[\w-]*", val):
        return "jwt"
    return None


@pytest.fixture(scope="session")
def real_editions(tmp_path_factory):
    """``(EditionsReport, site folder)``: the real notebooks built once per language, from empty
    caches, published together (English at the site's root, Chinese at ``zh/``).

    Built once per run, not per xdist worker: the first worker to ask builds under a file lock in
    the run's shared temporary folder and leaves the report there (pickled) for the others."""
    from filelock import FileLock

    from explorer.docs.build import BASE_PORT
    from explorer.docs.editions import build_editions

    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of a run
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        shared = tmp_path_factory.getbasetemp()
    work = shared / "real-docs"
    saved = work / "report.pickle"
    work.mkdir(exist_ok=True)
    with FileLock(str(shared / "real-docs.lock")):
        if saved.is_file():
            return pickle.loads(saved.read_bytes()), work / "site"
        base_port = int(os.environ.get("WEIBO_EXPLORER_TEST_BASE_PORT", BASE_PORT))
        report = build_editions(ROOT / "notebooks", work / "site", jobs=2,
                                cache_dir=work / "cache", work_dir=work / "work",
                                console=Console(file=io.StringIO()), base_port=base_port)
        try:
            saved.write_bytes(pickle.dumps(report))
        except (pickle.PicklingError, TypeError, AttributeError):
            pass  # a report that cannot be saved: another worker that asks builds its own
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
