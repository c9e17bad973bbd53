"""A real ``weibo-explorer sandbox`` in its own process, on a free loopback port.

The lock-down tests talk to it over real HTTP (and raw sockets), exactly as an attacker or a
fuzzer on the same machine would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _limit_files(count: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (count, count))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SandboxProcess:
    """``python -m explorer sandbox --port PORT *args`` until ``stop()``; ``base_url`` names it.

    ``output`` collects what the process printed (stdout and stderr together); ``open_files``
    lowers the process's open-file limit (a laptop's default can be as low as 256)."""

    def __init__(self, *args: str, port: int | None = None, env: dict[str, str] | None = None,
                 wait: bool = True, open_files: int | None = None) -> None:
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._out_path = Path(f"/tmp/wx-sandbox-{os.getpid()}-{self.port}.log")
        self._log: IO[bytes] = self._out_path.open("wb")
        run_env = {key: value for key, value in os.environ.items()
                   if key != "WEIBO_EXPLORER_ADMIN_TOKEN"}
        run_env.update({"PYTHONPATH": str(ROOT), **(env or {})})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "explorer", "sandbox", "--port", str(self.port), *args],
            stdout=self._log, stderr=subprocess.STDOUT, env=run_env, cwd=str(ROOT),
            preexec_fn=None if open_files is None else lambda: _limit_files(open_files))
        if wait:
            self.wait_ready()

    @property
    def output(self) -> str:
        self._log.flush()
        return self._out_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 120.0) -> None:  # a loaded 2-core CI box is slow
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the sandbox exited: {self.output}")
            try:
                if httpx.get(self.base_url + "/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the sandbox did not start within {timeout} s: {self.output}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        self._out_path.unlink(missing_ok=True)

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
