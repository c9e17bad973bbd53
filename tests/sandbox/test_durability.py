"""Sessions a file store has handed out survive ``kill -9`` of the sandbox process: logins over
a few seconds, so the early ones were checkpointed into the file by the store's checkpoint thread
and the last ones live only in the WAL when the process dies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from explorer.contract import ID_TOKEN_REFRESH

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "explorer", "sandbox", "--port", str(port), "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/healthz").status_code == 200:
                return process, base
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)


def test_sessions_survive_kill_9_of_a_file_store(tmp_path):
    db = tmp_path / "tenant.db"
    process, base = start(db)
    try:
        with httpx.Client(base_url=base) as http:
            fixture = next(f for f in http.get("/sandbox/fixtures").json()
                           if f["name"] == "success")
            request = fixture["request"]
            tokens = []
            for _ in range(600):  # ~2 pages each, over seconds: past a checkpoint of the thread
                answer = http.post(request["path"], headers=request["headers"],
                                   json=request["body"]).json()
                tokens.append(answer["session_token"])
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=15)
    process, base = start(db)
    try:
        with httpx.Client(base_url=base) as http:
            headers = {**request["headers"]}
            for token in (tokens[0], tokens[len(tokens) // 2], tokens[-1]):
                refreshed = http.post(ID_TOKEN_REFRESH.path,
                                      headers={**headers, "session-token": token})
                assert refreshed.status_code == 200, refreshed.text
                assert refreshed.json()["session_token"] == token
    finally:
        process.terminate()
        process.wait(timeout=15)
