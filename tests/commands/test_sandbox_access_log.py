"""``weibo-explorer sandbox`` logs no line per request unless ``--access-log`` asks for one."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_log(*flags: str) -> str:
    """Start the command, make requests, stop it: what it wrote (stdout and stderr)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "explorer", "sandbox", "--port", str(port), *flags],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
        httpx.get(base + "/sandbox/fixtures").raise_for_status()
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=15)
    return out


@pytest.mark.parametrize("flags, logged", [((), False), (("--access-log",), True)])
def test_access_log_only_when_asked(flags, logged):
    err = served_log(*flags)
    assert "Uvicorn running" in err  # the server's own INFO lines still appear
    assert ('"GET /sandbox/fixtures HTTP/1.1" 200' in err) is logged
