"""What one admin read costs a caller that opens a fresh client for it, as the form, the notebook
helpers and the CLI do: ``SandboxAdmin(url)`` and one ``GET /sandbox/fixtures``, against a real
``EmbeddedSandbox`` on loopback.

Two ways, alternated ``--rounds`` times: ``SandboxAdmin`` as it is (a plain ``http://`` URL gets a
client without a TLS context, ``verify=False``), and the same read through an httpx client built
with httpx's defaults (which loads the system's CA bundle into a fresh TLS context even when the
URL never speaks TLS). Prints the median and p90 of each in milliseconds.

    python benchmarks/admin_reads.py [--rounds 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.sandbox import EmbeddedSandbox, SandboxAdmin  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    timings: dict[str, list[float]] = {"SandboxAdmin (no TLS context for http://)": [],
                                       "httpx defaults (CA bundle loaded)": []}
    with EmbeddedSandbox(fixtures="docs") as server:
        url = server.base_url
        for _ in range(rounds):
            started = time.perf_counter()
            with SandboxAdmin(url) as admin:
                admin.fixture_data()
            timings["SandboxAdmin (no TLS context for http://)"].append(
                (time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with httpx.Client(base_url=url, timeout=10) as http:
                http.get("/sandbox/fixtures").raise_for_status()
            timings["httpx defaults (CA bundle loaded)"].append(
                (time.perf_counter() - started) * 1000)
    print(f"{'fresh client + GET /sandbox/fixtures':<44} {'p50 ms':>8} {'p90 ms':>8}")
    for name, values in timings.items():
        values.sort()
        print(f"{name:<44} {statistics.median(values):>8.2f} "
              f"{values[int(len(values) * 0.9)]:>8.2f}")


if __name__ == "__main__":
    main()
