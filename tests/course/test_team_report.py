"""``course report`` over sample progress files: one offline page, checked in chromium, with every
attempt and the most stuck learner first; the same data as JSON; a file written by default; a
corrupt progress file skipped and named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from browser import launch

from explorer.cli import main

from .cli import course

SAMPLES = Path(__file__).parent / "progress_samples"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots" / "course"


def test_json_report_counts_each_learner(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    assert main(["course", "report", "--format", "json", "--out", str(out), str(SAMPLES)]) == 0
    data = json.loads(out.read_text())
    by_name = {learner["name"]: learner for learner in data["learners"]}
    assert set(by_name) == {"alice", "bob", "陈晨"}
    assert by_name["alice"]["done"] == 2
    assert by_name["alice"]["exercises"]["3"]["last_failed_rules"] == ["audience"]
    assert by_name["陈晨"]["exercises"]["10"]["seconds_to_first_pass"] == 4200
    assert len(data["exercises"]) >= 10


def test_html_report_renders_in_chromium_offline(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["course", "report", "--out", str(out), str(SAMPLES / "team-a"),
                 str(SAMPLES / "team-b")]) == 0
    html = out.read_text()
    assert "<script" not in html and "http://" not in html and "https://" not in html
    with launch() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 700})
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(out.as_uri())
        rows = page.locator("#report tbody tr")
        assert rows.count() == 3
        names = [rows.nth(i).locator("td.name").inner_text() for i in range(3)]
        assert names == ["alice", "陈晨", "bob"]  # 3 failed on ex 3, 2 on ex 4, none stuck
        alice = rows.nth(0)
        assert alice.locator("td.done").count() == 2
        assert "6 min 40 s" in alice.locator("td.done").first.inner_text()
        assert "2 attempt(s) · 1 failed" in alice.locator("td.done").first.inner_text()
        tried = alice.locator("td.tried").inner_text()
        assert "3 attempt(s) · 3 failed" in tried and "audience" in tried
        assert "21 min 00 s spent" in tried
        assert "exercise 3" in alice.locator("td.stuck").inner_text()
        assert "1 h 10 min" in rows.nth(1).inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
        page.close()
    assert all(urlsplit(url).scheme == "file" for url in requested), requested


def test_report_without_progress_files_says_so(tmp_path: Path, capsys) -> None:
    assert main(["course", "report", str(tmp_path)]) == 1
    assert "no progress.json" in capsys.readouterr().err


STOPPED = {"format": 1, "learner": "dana", "language": "en", "exercises": {"1": {
    "attempts": 5, "failed": 5, "stopped": 2, "done": False, "last_result": "fail",
    "last_problem": "timeout", "last_failed_rules": [], "started_at": "2026-11-30T09:00:00Z",
    "last_check_at": "2026-11-30T10:30:00Z"}}}


def _team(tmp_path: Path) -> Path:
    team = tmp_path / "team"
    shutil.copytree(SAMPLES, team)
    (team / "dana.json").write_text(json.dumps(STOPPED), encoding="utf-8")
    (team / "erin").mkdir()
    (team / "erin" / "progress.json").write_text('{"learner": "erin", "exercises": {"1": {"att',
                                                 encoding="utf-8")
    (team / "frank.json").write_text(json.dumps(
        {"learner": "frank", "exercises": {"1": "done", "2": {"attempts": "many"}}}),
        encoding="utf-8")
    return team


def test_report_skips_corrupt_progress_files_and_names_them(tmp_path: Path) -> None:
    done = course("report", "--format", "json", "--out", "team.json", str(_team(tmp_path)),
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "erin/progress.json: is not JSON" in done.stderr
    assert "frank.json: is not a course progress file" in done.stderr
    data = json.loads((tmp_path / "team.json").read_text())
    assert [learner["name"] for learner in data["learners"]] == ["dana", "alice", "陈晨", "bob"]


def test_report_writes_a_file_and_prints_its_path(tmp_path: Path) -> None:
    done = course("report", str(SAMPLES), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = tmp_path / "course-report.html"
    assert written.is_file() and "<table" in written.read_text()
    assert str(written) in done.stdout and "<html" not in done.stdout


def test_trainer_page_shows_stopped_attempts_in_both_languages(tmp_path: Path) -> None:
    team = _team(tmp_path)
    for lang, expected in (("en", ["5 attempt(s) · 5 failed", "2 stopped (last: timeout)",
                                   "1 h 30 min spent"]),
                           ("zh", ["5 次尝试 · 5 次未通过", "2 次被终止（最近一次：超时）",
                                   "用时 1 h 30 min"])):
        out = tmp_path / f"report-{lang}.html"
        assert main(["course", "report", "--lang", lang, "--out", str(out), str(team)]) == 0
        with launch() as browser:
            page = browser.new_page(viewport={"width": 1400, "height": 800})
            page.goto(out.as_uri())
            first = page.locator("#report tbody tr").first
            assert first.locator("td.name").inner_text() == "dana"
            cell = first.locator("td.tried").inner_text()
            assert all(text in cell for text in expected), cell
            if lang == "en":
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / "trainer-report.png"), full_page=True)
            page.close()
