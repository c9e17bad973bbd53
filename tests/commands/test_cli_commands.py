"""The sandbox, login and demo commands through ``explorer.cli.main`` (and one real process)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest

from explorer.cli import main
from explorer.contract import SEED_ERRORS, STATUSES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def docs_tenant(sandbox):
    httpx.post(sandbox.base_url + "/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
    return sandbox.base_url


def test_login_prints_the_outcome_and_exits_0_for_a_status(docs_tenant, capsys):
    assert main(["login", "--base-url", docs_tenant, "--curl"]) == 0
    out = capsys.readouterr().out
    assert "SUCCESS" in out and "curl -X POST" in out and "VERIFIED" in out


def test_login_exits_1_for_a_documented_error_in_the_asked_language(docs_tenant, capsys):
    assert main(["login", "--base-url", docs_tenant, "--client-id", "nobody", "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "IDAAS.SDK.PARAM.0003" in out and "应用未注册" in out


def test_login_exits_2_when_nothing_answers(capsys):
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["login", "--base-url", url, "--retries", "0"]) == 2
    assert "ConnectError" in capsys.readouterr().err


def test_demo_full_shows_every_status_and_every_seed_error(capsys):
    assert main(["demo", "--full", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    for outcome in (*STATUSES, *SEED_ERRORS):
        assert outcome in out
    assert "系统繁忙" in out


def test_sandbox_refuses_a_malformed_clock_without_starting(capsys):
    assert main(["sandbox", "--clock", "yesterday"]) == 2
    assert "yesterday" in capsys.readouterr().err


def test_sandbox_command_serves_on_loopback_deterministically():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "explorer", "sandbox", "--port", str(port), "--seed", "7",
         "--clock", "2025-01-01T00:00:00Z"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        assert httpx.post(base + "/sandbox/clock", json={"advance": 0}).json()["now"] == \
            "2025-01-01T00:00:00Z"
        assert main(["login", "--base-url", base, "--no-verify"]) == 0
    finally:
        process.terminate()
        process.wait(timeout=15)
