"""Issue 9's terminal stumbles: one clock, every outcome from the terminal, causes from state."""

from __future__ import annotations

import io
import re
import subprocess

import httpx
import pytest
from sandbox.process import SandboxProcess

from explorer.cli import main
from explorer.client import IdaasClient, sandbox_clock, wall_clock
from explorer.contract import STATUSES
from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.seed import FIXTURES

FROZEN = "2026-01-01T00:00:00Z"


@pytest.fixture(scope="module")
def frozen():
    """The README's sandbox: seed 1, clock frozen months before today's date."""
    with EmbeddedSandbox(fixtures="docs", seed=1, clock=FROZEN) as server:
        yield server.base_url


def test_the_sandbox_publishes_its_clock(frozen):
    answer = httpx.get(frozen + "/sandbox/clock").json()
    assert answer == {"now": FROZEN, "timestamp": 1767225600, "frozen": True}
    assert httpx.get(frozen + "/healthz").json()["now"] == FROZEN


def test_sandbox_clock_tells_a_sandbox_from_anything_else(frozen):
    clock = sandbox_clock(frozen)
    assert clock is not None and clock().isoformat() == "2026-01-01T00:00:00+00:00"
    assert clock.describe() == "checked at the sandbox clock, 2026-01-01 00:00 UTC (frozen)"
    assert sandbox_clock(frozen + "/api/v2") is None  # answers, but not a sandbox clock


def test_readme_login_against_a_frozen_sandbox_verifies_and_says_which_clock(frozen, capsys):
    assert main(["login", "--base-url", frozen]) == 0
    out = capsys.readouterr().out
    assert "did not verify" not in out and "VERIFIED" in out
    assert "checked at the sandbox clock, 2026-01-01 00:00 UTC" in out
    assert "Received       2026-01-01 00:00:00 UTC" in out  # not today's date


def test_a_wall_clock_client_still_refuses_a_frozen_sandboxs_token(frozen):
    """The class of problem: the verdict depends on the clock; the check names it."""
    with IdaasClient(frozen, FIXTURES[0]["client_id"], clock=wall_clock) as idaas:
        result = idaas.login_weibo(FIXTURES[0]["request"]["body"]["access_token"],
                                   FIXTURES[0]["request"]["body"]["uid"])
    assert result.id_token_check.verdict == "INVALID"
    assert result.id_token_check.reason == "expired" and result.id_token_check.clock == "wall clock"
    with IdaasClient(frozen, FIXTURES[0]["client_id"], clock=sandbox_clock(frozen)) as idaas:
        result = idaas.login_weibo(FIXTURES[0]["request"]["body"]["access_token"],
                                   FIXTURES[0]["request"]["body"]["uid"])
    assert result.id_token_check.verdict == "VERIFIED"
    assert result.id_token_check.clock == "sandbox clock"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f["name"] for f in FIXTURES])
def test_every_fixture_is_reachable_from_login(frozen, fixture, capsys):
    code = main(["login", "--base-url", frozen, "--fixture", fixture["name"], "--retries", "0"])
    out = capsys.readouterr().out
    assert f"Arranged {fixture['name']}" in out and fixture["outcome"] in out
    assert code == (0 if "." not in fixture["outcome"] else 1)


def test_login_names_the_fixtures_when_one_is_unknown(frozen, capsys):
    assert main(["login", "--base-url", frozen, "--fixture", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no fixture 'nope'" in err and "social-bind" in err


def test_fixtures_lists_every_name(frozen, capsys):
    assert main(["fixtures", "--base-url", frozen]) == 0
    out = capsys.readouterr().out
    for fixture in FIXTURES:
        assert fixture["name"] in out
    assert "login --fixture NAME" in out


def test_device_ip_that_changes_nothing_is_explained(frozen, capsys):
    httpx.post(frozen + "/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
    assert main(["login", "--base-url", frozen, "--device-ip", "192.168.1.2"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "X-device-ip 192.168.1.2: the sandbox denies these networks: none" in out
    assert "--fixture access-denied" in out


def test_disabled_user_cause_says_the_user_is_disabled(frozen, capsys):
    assert main(["login", "--base-url", frozen, "--fixture", "user-0039"]) == 1
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "the user is disabled" in out and "no usable account" not in out


def test_demo_full_prints_one_panel_per_outcome_then_ends_on_the_summary(capsys):
    assert main(["demo", "--full", "--only", "param-0003", "--only", "success"]) == 0
    out = capsys.readouterr().out
    panels, summary = out.index("IDAAS.SDK.PARAM.0003 · param-0003"), out.index("2 fixture(s)")
    assert panels < summary and out.count("╭─  ") == 2  # one card per outcome
    assert out.rstrip().endswith("weibo-explorer course start 1")


def test_demo_ends_on_the_summary_and_the_three_next_commands(capsys):
    assert main(["demo"]) == 0
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert len(lines) <= 25 and "╭" not in "".join(lines)  # the whole screen, no panel
    text = "\n".join(lines)
    assert f"{len(FIXTURES)} fixture(s) replayed" in text
    for fixture in FIXTURES:
        assert fixture["name"] in text
    for status in STATUSES:
        assert status in text
    assert "every outcome as its fixture expects" in text
    for command in ("weibo-explorer docs serve --build", "http://127.0.0.1:8000/",
                    "weibo-explorer login --fixture social-bind", "weibo-explorer course start 1"):
        assert command in text, command


def test_demo_curl_prints_commands_that_work_after_the_demo(capsys):
    """The printed curl commands target the sandbox the output says to start, not the demo's own
    (gone once the demo ends): run against a real `weibo-explorer sandbox`, each block gives its
    fixture's outcome."""
    assert main(["demo", "--curl", "--only", "social-bind", "--only", "param-0026"]) == 0
    out = capsys.readouterr().out
    assert "weibo-explorer sandbox" in out and "127.0.0.1:8600" in out
    sandbox = SandboxProcess()
    try:
        blocks = out.split("\n# ")[1:]
        assert [b.split("\n", 1)[0] for b in blocks] == [
            "SOCIAL_BIND · social-bind", "IDAAS.SDK.PARAM.0026 · param-0026"]
        expectations = ('"status":"SOCIAL_BIND"', "IDAAS.SDK.PARAM.0026")
        for block, expected in zip(blocks, expectations, strict=True):
            script = block.split("\n", 1)[1].split("\n\n", 1)[0]
            script = script.replace("127.0.0.1:8600", f"127.0.0.1:{sandbox.port}")
            ran = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True,
                                 text=True, timeout=60)
            assert ran.returncode == 0, ran.stderr
            assert expected in ran.stdout.replace(" ", ""), ran.stdout
    finally:
        sandbox.stop()


def test_no_card_title_is_cut_at_80_columns():
    """The class of problem: a long headline lives in the panel body, where it wraps."""
    from rich.console import Console

    from explorer.client import replay

    fixture = next(f for f in FIXTURES if f["name"] == "param-0003")
    with EmbeddedSandbox(fixtures="docs") as server, \
            IdaasClient(server.base_url, fixture["client_id"], retries=0) as idaas:
        result = replay(idaas, fixture["request"])
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(result)
    text = console.export_text()
    assert "The app is not registered, please register the app first" in " ".join(
        line.strip("│ ") for line in text.splitlines())
    tops = [top for line in text.splitlines() for top in re.findall(r"╭[^╮]*╮", line)]
    assert tops and all(re.fullmatch(r"╭─.*\S\s+─+╮", top) for top in tops), tops  # " title ──╮"
