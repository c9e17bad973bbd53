"""The probe is bounded: the real CLI (``python -m explorer probe``) against hostile tenants, real
servers on 127.0.0.1 (``hostile``). Each answer has a byte cap counted after decompression, each
request and the whole run a wall-clock deadline, the report a size cap; a hostile or broken answer
becomes a row that says what happened, never a traceback. The CLI runs under a small wrapper that
reports its peak RSS (``RUSAGE_CHILDREN`` of a process whose only child is the probe)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import (
    TWENTY_MB,
    bomb,
    broken_gzip,
    endless,
    envelope,
    gzip_bomb,
    hostile_tenant,
    nul_bytes,
    odd_kid,
    trickle,
    trickle_head,
)

from explorer.probe import Check, Limits, load_report
from explorer.probe.limits import seconds_text, size_text

PEAK_RSS_MIB = 300
MEASURE = """\
import json, resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": time.monotonic() - start,
               "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, out)
sys.exit(done.returncode)
"""


@dataclass
class Probed:
    returncode: int
    stdout: str
    stderr: str
    report: Path
    seconds: float
    peak_mib: float

    def rows(self) -> dict[int, Check]:
        return {c.request: c for c in load_report(self.report).checks if c.request is not None}


def probe(base_url: str, tmp_path: Path, *flags: str, env: dict[str, str] | None = None,
          timeout: float = 240) -> Probed:
    """``weibo-explorer probe --base-url BASE_URL --report ...`` run to its end (killed, with the
    wrapper, after ``timeout`` seconds: the old probe never ends on a trickle)."""
    report, measured = tmp_path / "probe.html", tmp_path / "measured.json"
    command = [sys.executable, "-c", MEASURE, str(measured), sys.executable, "-m", "explorer",
               "probe", "--base-url", base_url, "--client-id", "hostile-app", "--report",
               str(report), *flags]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True,
                               env={**os.environ, "COLUMNS": "200", **(env or {})})
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the wrapper's group: the probe with it
        process.communicate()
        raise AssertionError(f"the probe was still running after {timeout} s") from None
    numbers = json.loads(measured.read_text())
    return Probed(process.returncode, stdout, stderr, report, numbers["seconds"],
                  numbers["peak_kib"] / 1024)


def assert_bounded(probed: Probed, report_cap: int = 2 << 20) -> None:
    """Finished with rows (exit 1: the tenant differs), no traceback, a report within its cap,
    under ``PEAK_RSS_MIB``."""
    assert probed.returncode == 1, probed.stderr[-3000:]
    assert "Traceback" not in probed.stderr, probed.stderr[-3000:]
    assert probed.report.stat().st_size <= report_cap
    assert probed.peak_mib < PEAK_RSS_MIB, f"peak RSS {probed.peak_mib:.0f} MiB"
    print(f"{probed.seconds:.1f} s, peak RSS {probed.peak_mib:.0f} MiB, report "
          f"{probed.report.stat().st_size} bytes")


def test_an_endless_chunked_body_is_cut_at_the_answer_cap(tmp_path):
    with hostile_tenant(endless) as base_url:
        probed = probe(base_url, tmp_path)
    assert_bounded(probed)
    assert "Limits: each answer at most 1 MiB (counted after decompression)" in probed.stderr
    rows = probed.rows()
    assert len(rows) == 9
    for row in rows.values():
        assert row.verdict == "differs"
        assert row.observed == "HTTP 200, more than 1 MiB"
        assert row.how == ("the answer is larger than the probe reads: 1 MiB (--max-answer-bytes, "
                           "counted after decompression); the probe stopped reading and judged "
                           "nothing",)


def test_a_gzip_bomb_is_counted_after_decompression(tmp_path):
    assert len(gzip_bomb()) < 1 << 20  # on the wire it is under the cap; inflated, 512 MiB
    with hostile_tenant(bomb) as base_url:
        probed = probe(base_url, tmp_path)
    assert_bounded(probed)
    rows = probed.rows()
    assert {row.observed for row in rows.values()} == {"HTTP 200, more than 1 MiB"}


def test_a_20_mb_answer_is_cut_at_the_answer_cap(tmp_path):
    with hostile_tenant(envelope(TWENTY_MB)) as base_url:
        probed = probe(base_url, tmp_path)
    assert_bounded(probed, report_cap=256 << 10)  # no 1 MiB piece of it is kept
    rows = probed.rows()
    assert {row.observed for row in rows.values()} == {"HTTP 400, more than 1 MiB"}
    kept = load_report(probed.report).exchanges
    assert [e["status_code"] for e in kept] == [400] * 9
    assert all(e["response_body"] == "" for e in kept)  # a cut body is not kept


def test_an_answer_over_its_share_of_the_report_is_not_kept(tmp_path):
    with hostile_tenant(envelope(200_000)) as base_url:  # 9 complete answers of 200 kB
        probed = probe(base_url, tmp_path, "--max-report-bytes", "1MiB")
    assert_bounded(probed, report_cap=1 << 20)
    kept = load_report(probed.report).exchanges
    assert [e["response_body"] for e in kept] == [
        "[not kept: 195.4 KiB, more than this report's share of 113.8 KiB per answer "
        "(--max-report-bytes)]"] * 9


def test_the_report_is_kept_to_its_cap(tmp_path):
    with hostile_tenant(nul_bytes(20_000)) as base_url:  # 9 × 20 kB, 9 × 120 kB in JSON
        probed = probe(base_url, tmp_path, "--max-report-bytes", "256KiB")
    assert_bounded(probed, report_cap=256 << 10)
    assert "The report keeps at most 256 KiB (--max-report-bytes)" in probed.stderr
    kept = load_report(probed.report).exchanges
    assert len(kept) == 9
    assert all(e["response_body"].startswith("\0" * 1000)
               and "[cut: 19.5 KiB in all, the report keeps the first" in e["response_body"]
               for e in kept)


def test_a_broken_gzip_body_is_a_row(tmp_path):
    with hostile_tenant(broken_gzip) as base_url:
        probed = probe(base_url, tmp_path)
    assert_bounded(probed)
    row = probed.rows()[1]
    assert row.observed == "HTTP 200, gzip body broken"
    assert row.how[0].startswith("the gzip encoding of the answer is broken: ")


def test_a_trickle_is_cut_by_the_request_and_run_deadlines(tmp_path):
    with hostile_tenant(trickle) as base_url:
        probed = probe(base_url, tmp_path, "--request-seconds", "2", "--run-seconds", "5")
    assert_bounded(probed)
    rows = probed.rows()
    assert len(rows) == 9
    assert rows[1].observed.startswith("HTTP 200, ") and rows[1].observed.endswith(
        "read, unfinished")
    assert rows[1].how == ("no complete answer within the request's deadline of 2 s "
                           "(--request-seconds); the probe stopped waiting and judged nothing",)
    assert rows[9].observed == "not sent"
    assert rows[9].how == ("the run's deadline of 5 s (--run-seconds) had passed before this "
                           "request",)
    assert all(row.verdict == "differs" for row in rows.values())


def test_a_trickled_header_is_cut_by_the_request_deadline(tmp_path):
    with hostile_tenant(trickle_head) as base_url:
        probed = probe(base_url, tmp_path, "--request-seconds", "1", "--run-seconds", "2.5")
    assert_bounded(probed)
    rows = probed.rows()
    assert rows[1].observed == "no answer"
    assert "(--request-seconds)" in rows[1].how[0]
    assert rows[9].observed == "not sent"


@pytest.mark.parametrize("kid, shown", [(["k1", "k2"], "list"), ({"id": "k1"}, "dict")])
def test_a_kid_that_is_not_a_string_is_a_row(tmp_path, kid, shown):
    with hostile_tenant(odd_kid(kid)) as base_url:
        probed = probe(base_url, tmp_path)
    assert_bounded(probed)
    jwks = probed.rows()[1]
    assert jwks.verdict == "differs"
    assert (f"keys[0].kid is a JSON {shown}, not a string: an id_token's kid cannot pick it"
            in jwks.how)


def test_the_bounds_speak_chinese(tmp_path):
    with hostile_tenant(endless) as base_url:
        probed = probe(base_url, tmp_path, "--max-answer-bytes", "64KiB",
                       env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert_bounded(probed)
    assert "上限：每个应答最多读取 64 KiB（按解压后的字节计）" in probed.stderr
    row = probed.rows()[1]
    assert row.observed == "HTTP 200，超过 64 KiB"
    assert row.how == ("应答超过了探测读取的上限 64 KiB（--max-answer-bytes，按解压后的字节计）；"
                       "探测停止读取，也未做判定",)


def test_dry_run_prints_the_limits_and_bad_limits_are_refused():
    def cli(*flags: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "explorer", "probe", "--base-url",
                               "http://tenant.invalid", "--client-id", "x", "--dry-run", *flags],
                              capture_output=True, text=True, timeout=120)

    done = cli("--max-answer-bytes", "2MiB", "--request-seconds", "5", "--run-seconds", "30")
    assert done.returncode == 0, done.stderr
    assert ("Limits: each answer at most 2 MiB (counted after decompression), each request 5 s, "
            "the whole run 30 s, the report 2 MiB") in done.stdout
    default = Limits()
    assert default.describe("en") in cli().stdout
    shown = " ".join(subprocess.run([sys.executable, "-m", "explorer", "probe", "--help"],
                                    capture_output=True, text=True, timeout=120).stdout.split())
    for size in (default.answer_bytes, default.report_bytes):  # --help repeats the defaults
        assert f"default {size_text(size).replace(' ', '')}" in shown
    for seconds in (default.request_seconds, default.run_seconds):
        assert f"(default {seconds_text(seconds)})" in shown
    for flags, said in [(("--max-answer-bytes", "lots"), "'lots' is not a size"),
                        (("--max-report-bytes", "1KiB"), "--max-report-bytes must be at least "
                                                         "64 KiB"),
                        (("--run-seconds", "0"), "must be more than 0")]:
        done = cli(*flags)
        assert done.returncode == 2
        assert said in done.stderr and "Traceback" not in done.stderr
