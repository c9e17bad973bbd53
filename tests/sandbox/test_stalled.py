"""300 connections that never finish their request do not lock a normal login out.

The sandbox runs with an open-file limit of 256 (macOS's default) and ``--request-timeout 3``:
the stalled connections take every descriptor it has, uvicorn stops accepting, and only the
per-request deadline (``explorer.sandbox.server``) frees them. Without it the login below
waits for ever; with it, it answers SUCCESS. The figures are printed (``pytest -s``).
"""

from __future__ import annotations

import resource
import socket
import time

import httpx

from .process import SandboxProcess

STALLED = 300
TIMEOUT = 3


def test_stalled_connections_do_not_stop_a_normal_login():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < STALLED + 200:  # this test process holds the 300 sockets itself
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, STALLED + 500), hard))
    with SandboxProcess("--request-timeout", str(TIMEOUT), open_files=256) as server:
        fixture = httpx.get(server.base_url + "/sandbox/fixtures").json()
        success = next(f for f in fixture if f["outcome"] == "SUCCESS")
        stalled = []
        for _index in range(STALLED):
            sock = socket.socket()
            sock.setblocking(False)
            try:
                sock.connect(("127.0.0.1", server.port))
            except BlockingIOError:
                pass
            stalled.append(sock)
        time.sleep(0.5)
        for _index, sock in enumerate(stalled):  # half a request head each, then silence
            try:
                sock.send(b"POST /api/v2/sdk/login/weibo HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            except OSError:
                pass
        started = time.monotonic()
        answer = httpx.post(server.base_url + success["request"]["path"],
                            headers=success["request"]["headers"],
                            json=success["request"]["body"], timeout=60)
        waited = time.monotonic() - started
        assert answer.status_code == 200 and answer.json()["status"] == "SUCCESS", answer.text
        closed = 0
        for sock in stalled:
            sock.setblocking(True)
            sock.settimeout(0.2)
            try:
                closed += sock.recv(1) == b""
            except (ConnectionResetError, BrokenPipeError):
                closed += 1
            except OSError:
                pass
            sock.close()
        print(f"\n[stalled] {STALLED} stalled connections, server open-file limit 256, "
              f"--request-timeout {TIMEOUT}s: the login answered SUCCESS after {waited:.1f} s; "
              f"{closed}/{STALLED} stalled connections had been closed by the server")
        assert closed >= STALLED // 2
