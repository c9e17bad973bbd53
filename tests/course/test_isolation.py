"""Learner code runs apart from the grader: through the real CLI (``python -m explorer course
check``), each cheat in ``cheats/`` — a hang, a crash, the shipped reference imported, the verdict
patched, the request log forged through ``gc``, the grader's frames read, an admin write — is
graded as a fail that says so, and progress.json does not record it done."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from .cli import course

CHEATS = Path(__file__).parent / "cheats"


def _check(name: str, tmp_path: Path, *extra: str) -> tuple[int, str, dict]:
    """Copy cheat ``name`` into ``tmp_path`` and check it as exercise 1; (exit code, stdout,
    the exercise's progress entry)."""
    shutil.copy(CHEATS / f"{name}.py", tmp_path / f"{name}.py")
    done = course("check", "1", "--file", str(tmp_path / f"{name}.py"),
                  "--dir", str(tmp_path / "ws"), *extra, cwd=tmp_path,
                  env={"WEIBO_COURSE_SECRET_PROBE": "not for the learner"})
    progress = json.loads((tmp_path / "ws" / "progress.json").read_text())
    return done.returncode, done.stdout + done.stderr, progress["exercises"]["1"]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_a_hang_is_stopped_at_the_timeout_with_its_grandchildren(tmp_path: Path) -> None:
    started = time.monotonic()
    code, out, entry = _check("hang", tmp_path, "--timeout", "3")
    assert time.monotonic() - started < 90  # stopped, not waited for
    assert code == 1 and "NOT YET" in out
    assert "did not return within 3 s" in out, out
    assert entry["done"] is False and entry["last_problem"] == "timeout"
    assert entry["stopped"] == 1 and entry["failed"] == 1
    grandchild = int((tmp_path / "grandchild.pid").read_text())
    deadline = time.monotonic() + 10
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild), "the learner's grandchild outlived the check"


def test_the_timeout_speaks_chinese(tmp_path: Path) -> None:
    code, out, _ = _check("hang", tmp_path, "--timeout", "2", "--lang", "zh")
    assert code == 1 and "你的代码在 2 秒内没有返回" in out, out


def test_a_crash_is_a_fail_that_names_the_exit(tmp_path: Path) -> None:
    code, out, entry = _check("crash", tmp_path)
    assert code == 1 and "ended its own process (exit code 3)" in out, out
    assert entry["done"] is False and entry["last_problem"] == "crash"


def test_the_reference_solution_is_not_importable(tmp_path: Path) -> None:
    code, out, entry = _check("import_reference", tmp_path)
    assert code == 1 and "PASSED" not in out
    assert "ImportError" in out and "grader" in out, out
    assert entry["done"] is False


def test_patching_the_verdict_is_a_fail_that_says_so(tmp_path: Path) -> None:
    code, out, entry = _check("monkeypatch_verdict", tmp_path)
    assert code == 1 and "PASSED" not in out
    assert "tried to import the course's grader" in out, out
    assert entry["done"] is False and entry["last_problem"] == "grader_import"


def test_a_log_forged_through_gc_does_not_count(tmp_path: Path) -> None:
    code, out, entry = _check("forge_log", tmp_path)
    assert code == 1 and "PASSED" not in out
    assert "the sandbox saw no POST /api/v2/sdk/login/weibo from your code" in out, out
    assert entry["done"] is False


def test_the_grader_frames_and_the_hidden_seed_are_out_of_reach(tmp_path: Path) -> None:
    code, out, _ = _check("read_grader_frames", tmp_path)
    assert code == 1
    found = json.loads((tmp_path / "found.json").read_text())
    names = {entry.split("=", 1)[0] for entry in found["locals"]}
    assert not names & {"seed", "rng", "hidden", "shown", "tenant", "sandbox", "exercise"}, names
    assert {Path(path).name for path in found["files"]} <= {"read_grader_frames.py", "child.py"}
    assert not [name for name in found["env"] if name.startswith("WEIBO")], found["env"]


def test_an_admin_write_is_a_fail_that_names_the_call(tmp_path: Path) -> None:
    code, out, entry = _check("admin_write", tmp_path)
    assert code == 1 and "PASSED" not in out
    assert "changed the sandbox through its admin API (POST /sandbox/clock)" in out, out
    assert entry["last_problem"] == "admin_write"
