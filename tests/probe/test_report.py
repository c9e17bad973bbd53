"""A probe report file read back: what ``tenant/`` holds is data from outside, checked field by
field, so a tampered or truncated file is a ``ValueError`` that says what is wrong — never a
report whose verdict or request number is markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.probe import ProbeReport, load_report
from explorer.probe.judge import Check

REPORT = ProbeReport(base_url="https://tenant.test", client_id="app", language="en",
                     probed_at="2026-12-01T10:00:00Z",
                     checks=(Check("status", "SUCCESS", "SUCCESS", "matches", (), 1),),
                     requests=("1. POST /api/v2/sdk/login/weibo",))


def test_a_report_reads_back_as_it_was_written(tmp_path: Path) -> None:
    path = tmp_path / "probe.html"
    path.write_text(REPORT.to_html(), encoding="utf-8")
    assert load_report(path) == REPORT


@pytest.mark.parametrize("change, named", [
    ({"verdict": '<b onclick="x">matches</b>'}, "verdict"),
    ({"request": "<script>alert(1)</script>"}, "request"),
    ({"observed": {"html": "<script>"}}, "is not a string"),
])
def test_a_tampered_report_is_refused_with_what_is_wrong(tmp_path: Path, change: dict[str, object],
                                                        named: str) -> None:
    data = REPORT.to_dict()
    data["checks"] = [{**data["checks"][0], **change}]
    path = tmp_path / "probe.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=named):
        load_report(path)


def test_a_report_without_its_checks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "probe.json"
    path.write_text(json.dumps({"kind": "weibo-explorer-probe", "base_url": "x"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a probe report"):
        load_report(path)
