"""``course report`` over three sample progress files: one offline page, checked in chromium, and
the same data as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from browser import launch

from explorer.cli import main

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
        assert names == ["alice", "bob", "陈晨"]
        alice = rows.nth(0)
        assert alice.locator("td.done").count() == 2
        assert "6 min 40 s" in alice.locator("td.done").first.inner_text()
        assert "audience" in alice.locator("td.tried").inner_text()
        assert "1 h 10 min" in rows.nth(2).inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
        page.close()
    assert all(urlsplit(url).scheme == "file" for url in requested), requested


def test_report_without_progress_files_says_so(tmp_path: Path, capsys) -> None:
    assert main(["course", "report", str(tmp_path)]) == 1
    assert "no progress.json" in capsys.readouterr().err
