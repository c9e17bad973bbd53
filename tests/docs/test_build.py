"""``docs build``: the cache, the gates, atomic publishing and deterministic outputs.

Real kernels, real sandboxes, real notebooks (copied from ``tests/docs/notebooks/`` into a temporary
project). One project per module; each test leaves it fully cached for the next.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from rich.console import Console

import explorer
from explorer.docs.build import build
from explorer.docs.cache import PACKAGE_ROOT

HERE = Path(__file__).parent
# not the real build's 18600 (a docs build may run beside the tests); moved with the suite's base
BASE_PORT = int(os.environ.get("WEIBO_EXPLORER_TEST_BASE_PORT", 18600)) + 160
PROBE_PORT = BASE_PORT + 140


def write_notebook(path: Path, *code: str, title: str = "A notebook") -> None:
    nb = new_notebook(
        cells=[new_markdown_cell(f"# {title}"), *(new_code_cell(c) for c in code)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nbformat.write(nb, path)


class Project:
    def __init__(self, root: Path):
        self.root = root
        self.notebooks = root / "notebooks"
        self.site = root / "site"
        self.cache = root / ".cache" / "docs"

    def build(self, **kwargs):
        kwargs.setdefault("required", ("SUCCESS",))
        report = build(self.notebooks, self.site, cache_dir=self.cache,
                       work_dir=self.root / "build" / "docs", base_port=BASE_PORT,
                       jobs=2,
                       console=Console(file=io.StringIO(), width=200), **kwargs)
        return report, {r.notebook: (r.state, r.why) for r in report.rows}

    def executed(self, name: str) -> bytes:
        return (self.root / "build" / "docs" / "executed" / f"{name}.ipynb").read_bytes()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs-project")
    shutil.copytree(HERE / "notebooks" / "pipeline", root / "notebooks")
    write_notebook(root / "notebooks" / "probe.ipynb",
                   "from explorer import errata\nerrata.__name__", title="Probe")
    p = Project(root)
    first = p.build()
    yield p, first


def test_first_build_runs_every_notebook_and_publishes(project):
    p, (report, rows) = project
    assert report.ok, report.failure
    assert rows == {"contract_only": ("ran", "new"), "probe": ("ran", "new"),
                    "success": ("ran", "new")}
    assert (p.site / "index.html").is_file()
    assert sorted(e.name for e in (p.root / "build" / "docs" / "executed").iterdir()) == [
        "contract_only.ipynb", "probe.ipynb", "success.ipynb"]
    assert report.coverage.covered == {"SUCCESS": ("success",)}


def test_no_change_executes_nothing(project):
    p, _ = project
    report, rows = p.build()
    assert report.ok
    assert set(rows.values()) == {("cached", "unchanged")}  # (how much faster: benchmarks/)


def test_changed_code_cell_reruns_that_notebook_only(project):
    p, _ = project
    path = p.notebooks / "contract_only.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source += "\n"
    nbformat.write(nb, path)
    report, rows = p.build()
    assert report.ok
    assert rows == {"contract_only": ("ran", "code changed"), "probe": ("cached", "unchanged"),
                    "success": ("cached", "unchanged")}


PROBE_BUILDS = """
import io, json, sys
from pathlib import Path
from rich.console import Console
import explorer
from explorer.docs.build import build

root, port = Path(sys.argv[1]), int(sys.argv[2])
package = Path(explorer.__file__).parent
assert package.is_relative_to(root), package  # the copy, never the installed package

def run():
    report = build(root / "notebooks", root / "site", cache_dir=root / ".cache",
                   work_dir=root / "build", base_port=port, jobs=1, required=(),
                   console=Console(file=io.StringIO()))
    assert report.ok, report.failure
    return {r.notebook: [r.state, r.why] for r in report.rows}

(package / "_probe.py").write_text("VALUE = 1\\n")
(package / "_unrelated.py").write_text("VALUE = 1\\n")
rows = [run()]
(package / "_probe.py").write_text("VALUE = 2\\n")
rows.append(run())
(package / "_unrelated.py").write_text("VALUE = 2\\n")
rows.append(run())
executed = json.loads((root / "build" / "executed" / "probe.ipynb").read_text())
rows.append(executed["cells"][1]["outputs"][0]["data"]["text/plain"])
print(json.dumps(rows))
"""


def test_a_changed_module_reruns_its_importers_only(tmp_path):
    """Run against a copy of the package (never writing into the installed one): a module the
    probe notebook imported changes, then one nobody imported."""
    shutil.copytree(PACKAGE_ROOT, tmp_path / "pkg" / "explorer",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PACKAGE_ROOT.parent / "mkdocs.yml", tmp_path / "pkg" / "mkdocs.yml")  # the site
    shutil.copytree(PACKAGE_ROOT.parent / "docs", tmp_path / "pkg" / "docs")
    shutil.copytree(HERE / "notebooks" / "pipeline", tmp_path / "notebooks")
    (tmp_path / "notebooks" / "success.ipynb").unlink()
    write_notebook(tmp_path / "notebooks" / "probe.ipynb",
                   "from explorer import _probe as probe\nprobe.VALUE", title="Probe")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "pkg")}
    done = subprocess.run([sys.executable, "-c", PROBE_BUILDS, str(tmp_path), str(PROBE_PORT)],
                          capture_output=True, text=True, env=env, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    first, changed, unrelated, value = json.loads(done.stdout.strip().splitlines()[-1])
    assert first == {"contract_only": ["ran", "new"], "probe": ["ran", "new"]}
    assert changed == {"contract_only": ["cached", "unchanged"],
                       "probe": ["ran", "explorer/_probe.py changed"]}
    assert unrelated == {"contract_only": ["cached", "unchanged"],
                         "probe": ["cached", "unchanged"]}
    assert "".join(value) == "2"  # nbformat may store the output as a list of lines


def test_markdown_only_edit_rerenders_without_executing(project):
    p, _ = project
    path = p.notebooks / "contract_only.ipynb"
    nb = nbformat.read(path, as_version=4)
    before = json.loads(p.executed("contract_only"))
    nb.cells[0].source += "\n\nA sentence added by the test."
    nb.cells.insert(1, new_markdown_cell("A new paragraph between the cells."))
    nb.cells[1].id = "cell-added"
    nbformat.write(nb, path)
    report, rows = p.build()
    assert report.ok
    assert rows == {"contract_only": ("cached", "markdown re-rendered"),
                    "probe": ("cached", "unchanged"), "success": ("cached", "unchanged")}
    after = json.loads(p.executed("contract_only"))
    assert "A sentence added by the test." in "".join(after["cells"][0]["source"])
    assert "".join(after["cells"][1]["source"]) == "A new paragraph between the cells."
    ran = [c["outputs"] for c in before["cells"] if c["cell_type"] == "code"]
    assert [c["outputs"] for c in after["cells"] if c["cell_type"] == "code"] == ran
    page = next(p.site.rglob("contract_only*/index.html"), None) or next(
        f for f in p.site.rglob("*.html") if "contract" in f.as_posix())
    assert "A new paragraph between the cells." in page.read_text()
    report, rows = p.build()  # and the next build finds nothing to do
    assert set(rows.values()) == {("cached", "unchanged")}


def test_cache_key_covers_code_cells_not_markdown():
    from explorer.docs.cache import notebook_hash

    def nb(*cells):
        return {"cells": [{"cell_type": kind, "source": text} for kind, text in cells],
                "metadata": {}}

    base = notebook_hash(nb(("markdown", "# A"), ("code", "x = 1")))
    assert notebook_hash(nb(("markdown", "# B, rewritten"), ("code", "x = 1"))) == base
    assert notebook_hash(nb(("code", "x = 1"))) == base
    assert notebook_hash(nb(("markdown", "# A"), ("code", "x = 2"))) != base
    assert notebook_hash(nb(("code", "x = 1"), ("code", "y = 2"))) != base


def test_success_notebook_depends_on_the_client_and_the_sandbox(project):
    p, _ = project
    files = json.loads((p.cache / "success.json").read_text())["files"]
    assert "explorer/client/clients.py" in files and "explorer/contract.py" in files
    assert any(f.startswith("explorer/sandbox/") for f in files)
    assert not any(f.startswith("explorer/client/") for f in
                   json.loads((p.cache / "contract_only.json").read_text())["files"])


def test_only_reruns_the_chosen_and_force_reruns_all_with_identical_bytes(project):
    p, _ = project
    before = {name: p.executed(name) for name in ("contract_only", "probe", "success")}
    report, rows = p.build(only="probe*")
    assert report.ok
    assert rows == {"contract_only": ("cached", "unchanged"), "probe": ("ran", "--only"),
                    "success": ("cached", "unchanged")}
    report, rows = p.build(force=True)
    assert report.ok
    assert set(rows.values()) == {("ran", "--force")}
    for name, data in before.items():  # same notebook, same sandbox seed and clock: same bytes
        assert p.executed(name) == data, name


def test_failing_assertion_fails_the_build_and_publishes_nothing(project):
    p, _ = project
    site_before = (p.site / "index.html").read_bytes()
    failing = p.notebooks / "wrong_outcome.ipynb"
    shutil.copyfile(p.notebooks / "success.ipynb", failing)
    nb = nbformat.read(failing, as_version=4)
    nb.cells[-1].source = "expect(result, 'MFA_AUTH')"
    nbformat.write(nb, failing)
    try:
        report, rows = p.build()
        assert not report.ok
        assert rows["wrong_outcome"][0] == "failed"
        assert "AssertionError: expected MFA_AUTH, got SUCCESS" in report.row("wrong_outcome").error
        assert (p.site / "index.html").read_bytes() == site_before
        assert not (p.cache / "wrong_outcome.json").exists()

        cli = subprocess.run(
            [sys.executable, "-m", "explorer", "docs", "build", "--base-port", str(BASE_PORT),
             "--only", "wrong_outcome*"],
            cwd=p.root, capture_output=True, text=True, timeout=300,
        )
        assert cli.returncode == 1, cli.stderr
        assert "expected MFA_AUTH, got SUCCESS" in cli.stderr
        assert "nothing published" in cli.stderr
        assert (p.site / "index.html").read_bytes() == site_before
    finally:
        failing.unlink()


def test_coverage_gate_names_what_is_missing(project):
    p, _ = project
    site_before = (p.site / "index.html").read_bytes()
    report, rows = p.build(required=("SUCCESS", "MFA_AUTH", "IDAAS.SDK.USER.0001"))
    assert set(rows.values()) == {("cached", "unchanged")}
    assert not report.ok
    assert report.coverage.missing == ("MFA_AUTH", "IDAAS.SDK.USER.0001")
    assert "MFA_AUTH, IDAAS.SDK.USER.0001" in report.failure
    assert (p.site / "index.html").read_bytes() == site_before


def test_default_gate_requires_every_status_and_seed_error():
    from explorer.contract import SEED_ERRORS, STATUSES
    from explorer.docs import course_pages as course
    from explorer.docs.coverage import FLOW_REQUIRED, REQUIRED

    assert REQUIRED == STATUSES + SEED_ERRORS + FLOW_REQUIRED + course.required()
    assert len(REQUIRED) == 13 + 10 + 11  # ten exercises and the trainer's page


def test_the_gate_counts_a_course_page_only_when_its_data_is_complete(monkeypatch):
    import dataclasses

    from explorer.contract import Text
    from explorer.course.exercises import EXERCISES
    from explorer.docs import course_pages as course
    from explorer.docs.coverage import REQUIRED, scan

    assert not scan([], REQUIRED).missing[-11:] == course.required()
    assert all(key not in scan([], REQUIRED).missing for key in course.required())
    half = dataclasses.replace(EXERCISES[3], story=Text(EXERCISES[3].story("en"), ""))
    monkeypatch.setitem(EXERCISES, 3, half)
    assert "course 3" in scan([], REQUIRED).missing
    assert explorer.expect  # the public name the notebooks use
