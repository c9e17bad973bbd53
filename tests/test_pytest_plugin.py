"""The pytest plugin as a user's suite meets it: the docs page's example files, shown verbatim and
run with and without pytest-xdist; a fresh tenant per test; markers that choose the tenant; one
sandbox per xdist worker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.sandbox.seed import CLIENT_ID

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "testing.md"
EXAMPLES = ROOT / "docs" / "examples"
# the plugin (also loaded by the entry point once installed); pytest-benchmark (not ours, but on
# some machines) would warn in each inner run that xdist disables it, and warnings are errors
PLUGIN = ("-p", "explorer.pytest_plugin", "-p", "no:benchmark")


def examples() -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(EXAMPLES.glob("test_*.py"))}


@pytest.mark.parametrize("page, docs_app", [(PAGE, "the docs app"),
                                             (PAGE.with_name("testing.zh.md"), "文档应用")],
                         ids=["en", "zh"])
def test_the_page_shows_each_example_file_verbatim(page: Path, docs_app: str) -> None:
    text = page.read_text(encoding="utf-8")
    shown = dict(re.findall(r'```python title="([^"]+)"\n(.*?)```', text, re.S))
    assert shown == examples()
    assert f"{docs_app}（`{CLIENT_ID}`）" in text or f"{docs_app} (`{CLIENT_ID}`)" in text


def test_the_page_examples_pass(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(**{Path(name).stem: code for name, code in examples().items()})
    pytester.runpytest_inprocess(*PLUGIN).assert_outcomes(passed=5)


TENANTS = '''
import os
import pytest

@pytest.mark.parametrize("n", range(3))
def test_nothing_leaks_from_the_test_before(idaas_admin, n):
    assert [u.user_name for u in idaas_admin.users() if u.user_name.startswith("leak")] == []
    idaas_admin.add_user(f"leak{n}")
    idaas_admin.advance_clock(3600)

def test_the_docs_data_by_default(idaas_admin, idaas_sandbox):
    assert {u.user_name for u in idaas_admin.users()} == {"louxi", "mfa.user", "disabled.user"}
    assert idaas_sandbox.fixture is None and not idaas_sandbox.empty

@pytest.mark.idaas(fixture=None)
def test_an_empty_tenant(idaas_admin, idaas_sandbox):
    assert idaas_admin.users() == [] and idaas_sandbox.empty

@pytest.mark.idaas(fixture="social-bind", client_id="someone-else")
def test_a_docs_fixture(idaas_admin, idaas_sandbox, idaas_client):
    assert idaas_admin.policy().unbound_social == "bind"
    assert idaas_sandbox.fixture.outcome == "SOCIAL_BIND"
    assert idaas_client.client_id == "someone-else"

@pytest.mark.idaas(fixtures="typo")
def test_a_misspelt_marker(idaas_sandbox):
    pass

@pytest.mark.parametrize("n", range(4))
def test_where(idaas_sandbox, n):
    with open(f"{os.getpid()}-{n}.where", "w") as out:
        out.write(idaas_sandbox.base_url)
'''


def test_each_test_gets_the_tenant_its_marker_chose(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_tenants=TENANTS)
    result = pytester.runpytest_inprocess(*PLUGIN)
    result.assert_outcomes(passed=10, errors=1)
    result.stdout.fnmatch_lines(["*takes fixture= and client_id=*"])
    assert len({p.read_text() for p in pytester.path.glob("*.where")}) == 1


def test_under_xdist_each_worker_has_its_own_sandbox_and_the_examples_pass(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_tenants=TENANTS,
                        **{Path(name).stem: code for name, code in examples().items()})
    # Every test notes which server its worker had: xdist may hand all of ``test_where`` to one
    # worker, but each worker runs some test of the sixteen.
    pytester.makeconftest('''
import os
import pytest

@pytest.fixture(autouse=True)
def _where(request, idaas_server):
    yield
    name = request.node.name.replace("[", "_").replace("]", "")
    with open(f"{os.getpid()}-{name}.where", "w") as out:
        out.write(idaas_server.base_url)
''')
    result = pytester.runpytest_subprocess(*PLUGIN, "-n", "2")
    result.assert_outcomes(passed=10 + 5, errors=1)
    where: dict[str, set[str]] = {}
    for path in pytester.path.glob("*.where"):
        where.setdefault(path.name.split("-")[0], set()).add(path.read_text())
    assert len(where) == 2, where  # both workers ran some
    urls = [url for per_worker in where.values() for url in per_worker]
    assert all(len(per_worker) == 1 for per_worker in where.values())
    assert len(set(urls)) == 2 and all(u.startswith("http://127.0.0.1:") for u in urls)


def test_the_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess(*PLUGIN, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.idaas(fixture='docs', client_id=None)*"])
