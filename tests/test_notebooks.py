"""The documentation notebooks, read as files (nothing is executed here: the docs build runs them).

Every notebook says where it goes and what it proves (``metadata.explorer``), starts with a title,
asserts its outcome with ``expect``, is committed without outputs, and together they cover every
status and every error code of the vendor's page.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from explorer.contract import ERRORS, SEED_ERRORS, STATUSES
from explorer.docs.convert import SECTIONS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _meta(path: Path) -> dict:
    return _read(path).metadata.get("explorer") or {}


def _code(path: Path) -> str:
    return "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= len(STATUSES) + len(SEED_ERRORS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_valid_and_placed(path: Path):
    nb = _read(path)
    nbformat.validate(nb)
    meta = _meta(path)
    assert set(meta) == {"outcome", "section", "fixture"}, meta
    assert meta["section"] in SECTIONS
    assert meta["outcome"] in STATUSES or meta["outcome"] in ERRORS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_starts_with_a_title(path: Path):
    first = _read(path).cells[0]
    assert first.cell_type == "markdown"
    assert re.match(r"# \S", first.source), first.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_expects_its_outcome(path: Path):
    outcome = _meta(path)["outcome"]
    assert re.search(r"\bexpect\(\s*\w+\s*,\s*[\"']" + re.escape(outcome) + r"[\"']\s*\)",
                     _code(path)), f"no expect(..., {outcome!r}) in {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path):
    for cell in _read(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_pins_the_sandbox_clock(path: Path):
    """Every client checks tokens at the sandbox's instant, so the pages are the same bytes."""
    calls = [line for line in _code(path).splitlines() if "IdaasClient(" in line]
    for call in calls:
        assert "clock=clock()" in call, f"{path.name}: {call.strip()}"


def test_notebooks_cover_every_status_and_seed_error():
    by_outcome = {_meta(p)["outcome"] for p in NOTEBOOKS
                  if _meta(p)["section"] in ("status", "error")}
    missing = [o for o in (*STATUSES, *SEED_ERRORS) if o not in by_outcome]
    assert not missing


def test_status_and_error_pages_name_a_fixture_of_their_outcome():
    """The page's Try-it panel sends this fixture; it must give the page's outcome."""
    from explorer.sandbox.seed import FIXTURES

    outcome_of = {f["name"]: f["outcome"] for f in FIXTURES}
    for path in NOTEBOOKS:
        meta = _meta(path)
        if meta["section"] in ("status", "error"):
            assert outcome_of.get(meta["fixture"]) == meta["outcome"], path.name
