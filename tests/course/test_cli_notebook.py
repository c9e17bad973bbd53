"""Done-when: a new user runs ``course start 1`` (the real CLI, a real process), writes the
function in the copied notebook and sees ``check()`` pass in a real kernel (nbclient)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .cli import ROOT
from .cli import course as cli

SOLUTIONS = Path(__file__).parent / "solutions"


def test_start_copies_the_notebook_and_check_passes_in_a_real_kernel(tmp_path: Path) -> None:
    started = cli("start", "1", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    workspace = tmp_path / "weibo-course"
    notebook_path = workspace / "01-first-call.ipynb"
    assert str(notebook_path) in started.stdout
    assert f"weibo-explorer lab --dir {workspace}" in started.stdout
    book = nbformat.read(str(notebook_path), as_version=4)
    source = "\n".join(c.source for c in book.cells)
    reference = (SOLUTIONS / "ex01.py").read_text()
    assert "httpx.post" not in source  # the reference solution is not in the learner's copy

    solution = next(c for c in book.cells if "solution" in c.metadata.get("tags", []))
    solution.source = reference
    nbformat.write(book, str(notebook_path))
    executed = nbformat.read(str(notebook_path), as_version=4)
    env_before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(ROOT)
    try:
        NotebookClient(executed, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(workspace)}}).execute()
    finally:
        if env_before is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = env_before
    check_cell = next(c for c in executed.cells if "check" in c.metadata.get("tags", []))
    html = "".join(o.get("data", {}).get("text/html", "") for o in check_cell.outputs)
    assert "wle-verdict pass" in html and "PASSED" in html

    progress = json.loads((workspace / "progress.json").read_text())
    assert progress["exercises"]["1"]["done"] is True
    assert progress["exercises"]["1"]["attempts"] == 1

    again = cli("start", "1", cwd=tmp_path)  # never overwrites the learner's work
    assert "already there" in again.stdout
    assert nbformat.read(str(notebook_path), as_version=4).cells[1].source == reference

    listed = cli("list", cwd=tmp_path)
    assert "The first call" in listed.stdout and "yes" in listed.stdout


def test_check_from_a_file_prints_the_verdict_and_exits_by_result(tmp_path: Path) -> None:
    wrong = Path(__file__).parent / "wrong" / "ex01_no_device.py"
    failed = cli("check", "1", "--file", str(wrong), "--lang", "zh", cwd=tmp_path)
    assert failed.returncode == 1
    assert "尚未通过" in failed.stdout and "设备" in failed.stdout
    hint = cli("hint", "1", cwd=tmp_path)
    assert hint.returncode == 0 and "X-" in hint.stdout


def test_reset_keeps_the_old_notebook(tmp_path: Path) -> None:
    assert cli("start", "2", cwd=tmp_path).returncode == 0
    notebook_path = tmp_path / "weibo-course" / "02-read-the-flow.ipynb"
    notebook_path.write_text(notebook_path.read_text().replace("your code here", "my attempt"))
    reset = cli("reset", "2", cwd=tmp_path)
    assert reset.returncode == 0
    kept = list((tmp_path / "weibo-course").glob("02-read-the-flow.*.bak.ipynb"))
    assert len(kept) == 1 and "my attempt" in kept[0].read_text()
    assert "your code here" in notebook_path.read_text()


def test_a_corrupt_progress_file_is_kept_aside_and_named(tmp_path: Path) -> None:
    workspace = tmp_path / "weibo-course"
    workspace.mkdir()
    (workspace / "progress.json").write_text('{"learner": "ana", "exercises": {"1": {"att')
    listed = cli("list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    kept = list(workspace.glob("progress.*.corrupt"))
    assert len(kept) == 1 and kept[0].read_text().startswith('{"learner": "ana"')
    assert str(kept[0]) in listed.stderr and "did not read" in listed.stderr
