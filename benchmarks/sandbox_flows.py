"""Latency of each call of the follow-up flows, walked one after the other on one connection.

Starts one sandbox (EmbeddedSandbox, in this process, docs fixtures, real clock) and repeats the
USER_REGISTER walk — login, captcha, captcha answer, verify, sms/send, register-bind — then an
id_token refresh and the ticket route, ``--rounds`` times. Prints p50 and p99 per call. Sequential
and in-process (the client shares the GIL with the server), so these are upper bounds of the
server's own cost, not throughput. ``--in-process`` walks the same calls through
``InProcessSandbox``'s sync transport instead of a loopback socket (no port), and prints the
total of the p50s too, the figure to compare transports by.

    python benchmarks/sandbox_flows.py [--rounds 200] [--in-process]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.contract import DEVICE_HEADERS, LOGIN_PATH, WEIBO_LOGIN  # noqa: E402
from explorer.sandbox import EmbeddedSandbox, InProcessSandbox  # noqa: E402
from explorer.sandbox.seed import CLIENT_ID, CLIENT_SECRET  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--in-process", action="store_true",
                        help="through InProcessSandbox's transport, no socket")
    args = parser.parse_args()
    rounds = args.rounds
    headers = {n: WEIBO_LOGIN.header(n).example for n in DEVICE_HEADERS}
    headers["X-client-id"] = CLIENT_ID
    timings: dict[str, list[float]] = defaultdict(list)

    server = InProcessSandbox(fixtures="docs") if args.in_process else EmbeddedSandbox(
        fixtures="docs")
    with server, (server.http(timeout=10) if args.in_process
                  else httpx.Client(base_url=server.base_url, timeout=10)) as http:
        def timed(name: str, method: str, path: str, **kw) -> httpx.Response:
            start = time.perf_counter()
            response = http.request(method, path, **kw)
            timings[name].append((time.perf_counter() - start) * 1000)
            assert response.status_code in (200, 201), response.text
            return response

        bearer = {"Authorization": "Bearer " + timed(
            "tenant/token", "POST", "/api/v2/tenant/token", data={
                "grant_type": "client_credentials", "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET}).json()["access_token"]}
        for i in range(rounds):
            uid, phone = f"77{i:08d}", f"1370000{i:04d}"
            http.post("/sandbox/weibo/tokens", json={"access_token": f"bench-{i}", "uid": uid})
            state = timed("login (USER_REGISTER)", "POST", LOGIN_PATH, headers=headers, json={
                "access_token": f"bench-{i}", "uid": uid}).json()["state_token"]
            puzzle = timed("captcha", "GET", "/api/v2/sdk/captcha", headers=headers).json()
            gap = http.get(f"/sandbox/captcha/{puzzle['token']}").json()
            captcha_token = timed("captcha/verify", "POST", "/api/v2/sdk/captcha/verify",
                                  headers=headers, json={"point_json": json.dumps(gap),
                                                         "token": puzzle["token"],
                                                         "sender": phone}).json()["captcha_token"]
            timed("sms/send", "POST", "/api/v2/sdk/sms/send", headers=headers, json={
                "mobile": phone, "type": "REGISTER_SMS", "captcha_token": captcha_token})
            code = http.get("/sandbox/outbox").json()[-1]["code"]
            done = timed("social/register-bind", "POST", "/api/v2/sdk/social/register-bind",
                         headers={**headers, "X-state-token": state},
                         json={"mobile": phone, "verify_code": code}).json()
            timed("id-token refresh", "POST", "/api/v2/sdk/sso/session-token/id-token",
                  headers={**headers, "session-token": done["session_token"]})
            device = {"operating_sys_version": "windows10.1.1", "device_ip": "192.168.1.2",
                      "device_fingerprint": headers["X-device-fingerprint"]}
            ticket = timed("sso-ticket", "POST", "/api/v2/tenant/sso/session-token/sso-ticket",
                           headers=bearer, json={"session_token": done["session_token"],
                                                 **device}).json()["sso_ticket"]
            timed("sso-ticket/verify", "POST", "/api/v2/tenant/sso/sso-ticket/verify",
                  headers=bearer, json={"sso_ticket": ticket, **device})

    print(f"{'call':<24} {'n':>5} {'p50 ms':>8} {'p99 ms':>8}")
    for name, values in timings.items():
        values.sort()
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        print(f"{name:<24} {len(values):>5} {statistics.median(values):>8.2f} {p99:>8.2f}")
    walk = sum(statistics.median(v) for name, v in timings.items() if name != "tenant/token")
    print(f"{'one walk (sum of p50s)':<24} {'':>5} {walk:>8.2f}")


if __name__ == "__main__":
    main()
