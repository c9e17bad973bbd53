"""What 12 concurrent reads of the request log cost the sandbox process in memory.

Starts ``python -m explorer sandbox`` on a free loopback port, fills its log with ``--entries``
worst-case calls (every header value and the body made of control bytes, which JSON escapes to six
characters each, and a head near h11's 16 KiB), then sends ``--readers`` concurrent
``GET /sandbox/requests?limit=LIMIT`` (where the sandbox takes no ``limit``, it serves the whole
log) and prints the process's resident memory before and its peak (``VmHWM``) after.

    python3 benchmarks/request_log_memory.py [--entries 1000] [--readers 12] [--limit 100]

Run it against another checkout by putting that checkout first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time

import httpx

LOGIN = "/api/v2/sdk/login/weibo"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _memory(pid: int) -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` of ``pid`` in KiB (Linux)."""
    found: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0])
    return found


def _fill(base: str, entries: int) -> None:
    headers = {f"x-pad-{index}": b"\x01" * 1000 for index in range(14)}
    headers["content-type"] = b"application/json"
    with httpx.Client(base_url=base, timeout=60) as http:
        for _ in range(entries):
            http.post(LOGIN, headers=headers, content=b"\x01" * 4096)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=12)
    parser.add_argument("--limit", type=int, default=100)
    options = parser.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "explorer", "sandbox", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={k: v for k, v in os.environ.items()
                                   if k != "WEIBO_EXPLORER_ADMIN_TOKEN"})
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.1)
        _fill(base, options.entries)
        before = _memory(server.pid)
        sizes: list[int] = []

        def read() -> None:
            answer = httpx.get(f"{base}/sandbox/requests?limit={options.limit}", timeout=300)
            sizes.append(len(answer.content))

        started = time.perf_counter()
        readers = [threading.Thread(target=read) for _ in range(options.readers)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
        took = time.perf_counter() - started
        after = _memory(server.pid)
        print(f"{options.entries} worst-case entries, {options.readers} concurrent reads "
              f"(limit={options.limit}): {max(sizes) / 1e6:.1f} MB per answer, "
              f"RSS {before['VmRSS'] / 1024:.0f} MB before, peak {after['VmHWM'] / 1024:.0f} MB "
              f"during, {took:.1f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
