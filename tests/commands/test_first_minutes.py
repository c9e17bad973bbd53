"""Issue 9's terminal stumbles: one clock, every outcome from the terminal, causes from state."""

from __future__ import annotations

import re

import httpx
import pytest

from explorer.cli import main
from explorer.client import IdaasClient, sandbox_clock, wall_clock
from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.fixtures import FIXTURES

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


def test_demo_prints_its_summary_first_then_one_panel_per_outcome(capsys):
    assert main(["demo", "--only", "param-0003", "--only", "success"]) == 0
    out = capsys.readouterr().out
    summary, panels = out.index("2 outcomes"), out.index("IDAAS.SDK.PARAM.0003 · param-0003")
    assert summary < panels and out.count("╭─  ") == 2  # one card per outcome


def test_demo_brief_prints_only_the_summary(capsys):
    assert main(["demo", "--brief"]) == 0
    out = capsys.readouterr().out
    assert f"{len(FIXTURES)} outcomes" in out and "╭" not in out
    for fixture in FIXTURES:
        assert fixture["name"] in out


def test_no_card_title_is_cut_at_80_columns():
    """The class of problem: a long headline lives in the panel body, where it wraps."""
    from rich.console import Console

    from explorer.client import replay

    fixture = next(f for f in FIXTURES if f["name"] == "param-0003")
    with EmbeddedSandbox(fixtures="docs") as server, \
            IdaasClient(server.base_url, fixture["client_id"], retries=0) as idaas:
        result = replay(idaas, fixture["request"])
    console = Console(width=80, record=True, file=open("/dev/null", "w"))
    console.print(result)
    text = console.export_text()
    assert "The app is not registered, please register the app first" in " ".join(
        line.strip("│ ") for line in text.splitlines())
    tops = [top for line in text.splitlines() for top in re.findall(r"╭[^╮]*╮", line)]
    assert tops and all(re.fullmatch(r"╭─.*\S\s+─+╮", top) for top in tops), tops  # " title ──╮"
