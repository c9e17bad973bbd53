"""Load benchmark of the sandbox's login against two floors on the same server stack.

One run starts one uvicorn server in a child process: the sandbox (docs fixtures, real clock)
plus two bare Starlette routes — one that only signs an RS256 JWT (the floor for SUCCESS) and one
that only returns static JSON (the floor for an error). The parent drives each path with 16
concurrent connections (httpx.AsyncClient), bounded by a request count and a time limit, and
prints requests/s, p50 and p99 per path and each login path's ratio to its floor.

    python benchmarks/sandbox_load.py [--requests 3000] [--seconds 20] [--concurrency 16]
                                      [--rounds 20] [--driver httpx|wrk]
                                      [--store memory|file] [--preload N]
                                      [--beside-memory] [--svg PATH]

``--driver wrk`` drives the same paths with wrk (Debian's ``wrk``, a C load generator), which
leaves the two cores to the server: its p99 is the server's, where the httpx driver's p99 also
holds the Python client's own time.

``--store file`` runs the sandbox on a SQLite file (WAL) in a temporary directory instead of in
memory. ``--preload N`` starts a second server whose store already holds N sessions and measures
SUCCESS on both, in the same interleaved rounds, one right after the other: the row "SUCCESS, N
sessions" gives its ratio to the empty store. A file is filled by a process of its own before the
server serves (a store grown by earlier runs); a store in memory by the server itself.
``--beside-memory`` (with ``--store file``) starts a server in memory as well and measures SUCCESS
there right after the file's in every round: the row "SUCCESS, in memory" gives what the file
costs, paired round by round, which two separate runs cannot (their machines differ by more).
``--svg PATH`` writes the table as a chart (machine and date in it).

Targets (issue 14): SUCCESS >= 0.8x its floor with p99 <= 20 ms at 16 connections, in memory and on
file; within 10 % after 200,000 stored sessions; the error paths through the fake Weibo
(USER.0039, USER.0001, SANDBOX.WEIBO.0001) >= 0.6x the static floor.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

FLOOR_JWT, FLOOR_STATIC = "/bench/floor/jwt", "/bench/floor/static"


def preload_sessions(store, count: int, user_id: str, client_id: str) -> None:
    """``count`` live sessions of random 32-character tokens, as logins would have left them."""
    import secrets
    import string

    alphabet = string.ascii_letters + string.digits
    now = int(time.time())
    with store.transaction() as db:
        db.executemany(
            "INSERT INTO sessions (session_token, user_id, client_id, created_at, expires_at, "
            "device_fingerprint) VALUES (?, ?, ?, ?, ?, ?)",
            (("".join(secrets.choice(alphabet) for _ in range(32)), user_id, client_id,
              now, now + 604800, "156aysdna213sc50") for _ in range(count)))


def preload_file(db: str, count: int, user_id: str, client_id: str) -> None:
    """``preload_sessions`` into a store file, from a process of its own."""
    from explorer.sandbox._store import Store

    store = Store(db)
    preload_sessions(store, count, user_id, client_id)
    store.close()


def serve(store: str, preload: int) -> None:
    """Child process: the sandbox plus the two floor routes, on a free loopback port."""
    import jwt
    import uvicorn
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from explorer.sandbox import SandboxConfig, create_app
    from explorer.sandbox.tokens import sandbox_only_key

    key = sandbox_only_key()  # a key object, loaded once, like the sandbox's own

    async def floor_jwt(request):
        now = int(time.time())
        token = jwt.encode({"iss": "http://127.0.0.1", "aud": "app", "exp": now + 7200,
                            "iat": now, "sub": "user"}, key, algorithm="RS256",
                           headers={"kid": "k1"})
        return JSONResponse({"id_token": token})

    async def floor_static(request):
        return JSONResponse({"error_code": "X", "error_msg": "static"}, status_code=400)

    db = ":memory:"
    if store == "file":
        import tempfile

        db = str(Path(tempfile.mkdtemp(prefix="wle-bench-")) / "sandbox.db")
    app = create_app(SandboxConfig(fixtures="docs", db=db))
    if preload:
        from explorer.sandbox.seed import FIXTURES

        success = next(f for f in FIXTURES if f["name"] == "success")
        sandbox = app.state.sandbox
        account = sandbox.store.social_account("weibo", success["request"]["body"]["uid"])
        owner = (account["user_id"], success["client_id"])
        if store == "file":  # written by another process, as a store grown by earlier runs
            import multiprocessing

            writer = multiprocessing.get_context("spawn").Process(
                target=preload_file, args=(db, preload, *owner))
            writer.start()
            writer.join()
            if writer.exitcode:
                raise SystemExit(f"preloading {db} failed")
        else:  # a store in memory can only be filled by the process that holds it
            preload_sessions(sandbox.store, preload, *owner)
    app.router.routes[:0] = [Route(FLOOR_JWT, floor_jwt, methods=["POST"]),
                             Route(FLOOR_STATIC, floor_static, methods=["POST"])]
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                            access_log=False)
    server = uvicorn.Server(config)

    async def run() -> None:
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        print(server.servers[0].sockets[0].getsockname()[1], flush=True)
        await task

    asyncio.run(run())


async def drive(base_url: str, request: dict, total: int, seconds: float,
                concurrency: int) -> tuple[float, list[float], dict[int, int]]:
    """Send ``request`` until ``total`` answers or ``seconds`` pass: (elapsed s, latencies in ms,
    count per HTTP status)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        for _ in range(min(20, total)):  # warm up the connection and caches
            await client.post(request["path"], headers=request["headers"], json=request["body"])
        deadline = time.perf_counter() + seconds
        remaining = [total]

        async def worker() -> None:
            while remaining[0] > 0 and time.perf_counter() < deadline:
                remaining[0] -= 1
                started = time.perf_counter()
                response = await client.post(request["path"], headers=request["headers"],
                                             json=request["body"])
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies, statuses


WRK_SCRIPT = """wrk.method = "POST"
wrk.body = {body}
{headers}
"""


def drive_wrk(base_url: str, request: dict, seconds: float,
              concurrency: int) -> tuple[float, float, float, str]:
    """Drive one path with wrk: (requests/s, p50 ms, p99 ms, answers summary)."""
    import json
    import re
    import shutil
    import tempfile

    if shutil.which("wrk") is None:
        raise SystemExit("--driver wrk needs wrk: apt-get install wrk")
    lua = lambda text: json.dumps(text)  # noqa: E731 - a JSON string is a valid Lua string here
    headers = {"content-type": "application/json", **request["headers"]}
    script = WRK_SCRIPT.format(
        body=lua(json.dumps(request["body"], separators=(",", ":"))),
        headers="\n".join(f"wrk.headers[{lua(k)}] = {lua(v)}" for k, v in headers.items()))
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        out = subprocess.run(
            ["wrk", "-t1", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--latency",
             "-s", file.name, base_url + request["path"]],
            capture_output=True, text=True, check=True).stdout

    def millis(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = re.search(r"(\d+) requests in", out).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    refused = non2xx.group(1) if non2xx else 0
    return rate, millis("50%"), millis("99%"), f"{total} answers, {refused} non-2xx"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="per path (default 3000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="per path time limit")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=20,
                        help="interleave the paths in this many rounds, so that a change in "
                             "machine load hits every path alike (default 20)")
    parser.add_argument("--driver", choices=("httpx", "wrk"), default="httpx",
                        help="load generator: httpx (Python, default) or wrk (C)")
    parser.add_argument("--store", choices=("memory", "file"), default="memory",
                        help="the sandbox's SQLite store: in memory (default) or a WAL file")
    parser.add_argument("--preload", type=int, default=0, metavar="N",
                        help="also measure SUCCESS on a second server whose store holds N "
                             "sessions, beside the empty one")
    parser.add_argument("--beside-memory", action="store_true",
                        help="with --store file: also measure SUCCESS on a server in memory, "
                             "right after the file's, in every round")
    parser.add_argument("--svg", metavar="PATH", help="write the results as an SVG chart")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.beside_memory and args.store != "file":
        parser.error("--beside-memory compares a file store with memory: use it with --store file")
    if args.serve:
        serve(args.store, args.preload)
        return 0

    def start(preload: int, store: str = args.store) -> tuple[subprocess.Popen, str]:
        child = subprocess.Popen([sys.executable, __file__, "--serve", "--store", store,
                                  "--preload", str(preload)], stdout=subprocess.PIPE,
                                 text=True, cwd=ROOT)
        return child, f"http://127.0.0.1:{int(child.stdout.readline())}"

    children = []
    try:
        child, base_url = start(0)
        children.append(child)
        extra: list[tuple[str, str, int]] = []  # (row label, url, pid): SUCCESS on another server
        if args.preload:
            child, url = start(args.preload)
            children.append(child)
            extra.append((f"SUCCESS, {args.preload:,} sessions", url, child.pid))
        if args.beside_memory:
            child, url = start(0, "memory")
            children.append(child)
            extra.append(("SUCCESS, store in memory", url, child.pid))
        from explorer.sandbox import SandboxAdmin

        fixtures = {f["name"]: f for f in httpx.get(base_url + "/sandbox/fixtures").json()}
        for server in (base_url, *(url for _, url, _ in extra)):  # unbound accounts: USER.0001
            with SandboxAdmin(server) as admin:
                admin.apply(fixtures["user-0001"], reset=False)
        # The floors receive the very request the login gets (headers and body) and ignore it:
        # parsing it is part of the stack's cost, not of the login's work.
        same = {k: v for k, v in fixtures["success"]["request"].items() if k != "path"}
        paths = [  # (label, request, floor label)
            ("floor: sign one RS256 JWT", {**same, "path": FLOOR_JWT}, None),
            ("login SUCCESS", fixtures["success"]["request"], "floor: sign one RS256 JWT"),
            ("floor: static JSON", {**same, "path": FLOOR_STATIC}, None),
            ("login PARAM.0001 (first check)", fixtures["param-0001"]["request"],
             "floor: static JSON"),
            ("login USER.0039 (via Weibo)", fixtures["user-0039"]["request"],
             "floor: static JSON"),
            ("login USER.0001 (via Weibo)", fixtures["user-0001"]["request"],
             "floor: static JSON"),
            ("login WEIBO.0001 (Weibo says no)", fixtures["weibo-rejected"]["request"],
             "floor: static JSON"),
        ]
        pid = children[0].pid
        paths = [(label, {**request, "url": base_url, "pid": pid}, floor)
                 for label, request, floor in paths]
        for offset, (label, url, child_pid) in enumerate(extra):  # right after SUCCESS
            paths.insert(2 + offset, (label, {**fixtures["success"]["request"], "url": url,
                                              "pid": child_pid}, "login SUCCESS"))
        print(f"store: {args.store}"
              + (f"; preload: {args.preload:,} sessions on a second server" if args.preload
                 else "")
              + ("; SUCCESS also on a server in memory" if args.beside_memory else ""))
        if args.driver == "wrk":
            rates, p99s = report_wrk(paths, args)
        else:
            rates, p99s = report_httpx(paths, args)
        if args.svg:
            write_chart(args, [(label, rates[label], p99s[label], floor)
                               for label, _, floor in paths])
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=10)
    return 0


def report_httpx(paths: list, args: argparse.Namespace) -> tuple[dict, dict]:
    """Drive every path with httpx in ``--rounds`` interleaved rounds, then the table."""
    measured: dict[str, tuple[float, list[float], dict[int, int]]] = {
        label: (0.0, [], {}) for label, _, _ in paths}
    for _ in range(args.rounds):
        for label, request, _ in paths:
            elapsed, latencies, statuses = measured[label]
            took, more, codes = asyncio.run(drive(
                request["url"], request, args.requests // args.rounds,
                args.seconds / args.rounds, args.concurrency))
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count
            measured[label] = (elapsed + took, latencies + more, statuses)
    rates: dict[str, float] = {}
    p99s: dict[str, float] = {}
    print(f"{args.concurrency} concurrent connections, up to {args.requests} requests or "
          f"{args.seconds:g} s per path in {args.rounds} interleaved rounds; server and "
          f"client on one machine ({len(os.sched_getaffinity(0))} cores)\n")
    print(f"{'path':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs floor':>9}  statuses")
    for label, _, floor in paths:
        elapsed, latencies, statuses = measured[label]
        rate = rates[label] = len(latencies) / elapsed
        cuts = statistics.quantiles(latencies, n=100)
        p99s[label] = cuts[98]
        ratio = f"{rate / rates[floor]:.2f}x" if floor else ""
        print(f"{label:34} {rate:8.0f} {cuts[49]:8.2f} {cuts[98]:8.2f} {ratio:>9}  "
              f"{dict(sorted(statuses.items()))}")
    return rates, p99s


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report_wrk(paths: list, args: argparse.Namespace) -> tuple[dict, dict]:
    """One wrk run per path (``--seconds`` divided among the paths' rounds), then the table.

    Beside requests/s it prints the server's CPU time per answer (from /proc): on a machine
    shared with other work, wall-clock rates swing with the neighbours' load, while CPU per
    answer mostly does not, so its ratio to the floor's is the steadier figure. Under each path
    with a floor it prints the ratio of every round to the floor's run in the same round: their
    median and range (seconds apart, the two see the same neighbours)."""
    per_run = args.seconds / max(1, args.rounds // 4)
    results: dict[str, list[tuple[float, float, float, str]]] = {label: [] for label, _, _ in paths}
    cpu: dict[str, list[float]] = {label: [] for label, _, _ in paths}
    for _ in range(max(1, args.rounds // 4)):  # a few interleaved rounds of whole seconds
        for label, request, _ in paths:
            before = server_cpu(request["pid"])
            run = drive_wrk(request["url"], request, per_run, args.concurrency)
            answers = int(run[3].split()[0]) or 1
            cpu[label].append((server_cpu(request["pid"]) - before) / answers * 1000)
            results[label].append(run)
    print(f"wrk, {args.concurrency} connections, {max(1, args.rounds // 4)} interleaved rounds "
          f"of {max(1, round(per_run))} s per path; medians over rounds; server and wrk on one "
          f"machine ({len(os.sched_getaffinity(0))} cores)\n")
    print(f"{'path':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs floor':>9} "
          f"{'cpu ms':>7} {'vs floor':>9}  answers")
    rates: dict[str, float] = {}
    p99s: dict[str, float] = {}
    cpus: dict[str, float] = {}
    for label, _, floor in paths:
        runs = results[label]
        rate = rates[label] = statistics.median(r[0] for r in runs)
        p50 = statistics.median(r[1] for r in runs)
        p99 = p99s[label] = statistics.median(r[2] for r in runs)
        ratio = f"{rate / rates[floor]:.2f}x" if floor else ""
        per = cpus[label] = statistics.median(cpu[label])
        by_cpu = f"{cpus[floor] / per:.2f}x" if floor else ""
        print(f"{label:34} {rate:8.0f} {p50:8.2f} {p99:8.2f} {ratio:>9} {per:7.3f} {by_cpu:>9}  "
              f"{runs[-1][3]} (last)")
        if len(runs) > 1:
            print(f"{'':34} rounds: " + " → ".join(f"{r[0]:.0f}" for r in runs) + " req/s")
        if floor and len(runs) > 1:
            # Each round's ratio to the floor's run in the same round: a pair sees the same load
            # from the neighbours, so the spread of these is the run's own uncertainty.
            paired = sorted(r[0] / f[0] for r, f in zip(runs, results[floor], strict=True))
            paired_cpu = sorted(f / c for c, f in zip(cpu[label], cpu[floor], strict=True))
            print(f"{'':34} ratio per round: {statistics.median(paired):.2f}x (range "
                  f"{paired[0]:.2f}–{paired[-1]:.2f}); by cpu {statistics.median(paired_cpu):.2f}x "
                  f"({paired_cpu[0]:.2f}–{paired_cpu[-1]:.2f})")
    return rates, p99s


def write_chart(args: argparse.Namespace, rows: list[tuple[str, float, float, str | None]]) -> None:
    """Requests/s and p99 of each login path beside its floor, as an SVG chart."""
    from svg_chart import Bar, Panel, write

    by_label = {label: (rate, p99) for label, rate, p99, _ in rows}
    groups_rate, groups_p99 = [], []
    for label, rate, p99, floor in rows:
        if floor is None:
            continue
        f_rate, f_p99 = by_label[floor]
        ratio = rate / f_rate
        groups_rate.append((label, [Bar("sandbox", rate, f"{rate:,.0f} req/s ({ratio:.2f}×)"),
                                    Bar("floor / reference", f_rate, f"{f_rate:,.0f}  {floor}")]))
        groups_p99.append((label, [Bar("sandbox", p99, f"{p99:.1f} ms"),
                                   Bar("floor / reference", f_p99, f"{f_p99:.1f} ms")]))
    note = (f"{args.driver}, {args.concurrency} connections, store {args.store}"
            + (f", preload {args.preload:,}" if args.preload else "")
            + (", SUCCESS also in memory" if args.beside_memory else ""))
    path = write(args.svg, [Panel("throughput", "req/s, higher is better", groups_rate),
                            Panel("latency p99", "ms, lower is better", groups_p99)],
                 title="Sandbox login beside its floors", note=note)
    print(f"\nchart: {path}")


if __name__ == "__main__":
    sys.exit(main())
