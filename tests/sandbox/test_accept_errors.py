"""Out of file descriptors, the sandbox logs its refused accepts once a second with a count, not
a traceback each (asyncio's loop logged up to 2,048 a wake-up: about 2 MB of log a second)."""

from __future__ import annotations

import re
import resource
import socket
import time

import httpx

from .process import SandboxProcess

OPEN_FILES = 64
"""The sandbox's open-file limit: the connections below outnumber it."""
CONNECTIONS = 150
REPORT = "accept() refused"


def _wait_for(condition, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def test_refused_accepts_are_reported_once_a_second_with_a_count():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < CONNECTIONS + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, CONNECTIONS + 500), hard))
    with SandboxProcess("--request-timeout", "60", open_files=OPEN_FILES) as server:
        started = time.monotonic()
        held = []
        try:
            for _ in range(CONNECTIONS):
                held.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
            _wait_for(lambda: REPORT in server.output or "Traceback" in server.output,
                      "the sandbox to report a refused accept")
        finally:
            for sock in held:
                sock.close()
        _wait_for(lambda: _answers(server.base_url + "/healthz"), "the sandbox to recover")
        elapsed = time.monotonic() - started
        output = server.output
    reports = [line for line in output.splitlines() if REPORT in line]
    print(f"\n[accept errors] {CONNECTIONS} connections against an open-file limit of "
          f"{OPEN_FILES}: {len(output)} bytes of log in {elapsed:.1f} s, {len(reports)} report "
          "line(s)")
    tracebacks = output.count("Traceback") + output.count("out of system resource")
    assert tracebacks == 0, f"{tracebacks} tracebacks in {len(output)} bytes: {output[:1000]}"
    assert 1 <= len(reports) <= elapsed / 1.0 + 2, reports
    assert "[Errno 24]" in reports[0]
    counts = [int(re.search(r"refused (\d+) time", line).group(1)) for line in reports]
    assert all(count >= 1 for count in counts) and sum(counts) > len(counts), counts
