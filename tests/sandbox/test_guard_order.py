"""The guard answers from the request head, before anything waits for the body: a request whose
``Content-Length`` promises more than it sends gets its 400, 403 or 413 at once, not at the
request timeout; ``Host`` sent twice gets the envelope, not h11's plain text; and a browser's
cross-site request of an admin route (an ``<img>`` sends no ``Origin``) is refused."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from explorer.contract import LOGIN_PATH
from explorer.sandbox.server import EmbeddedSandbox

ANSWER_WITHIN = 10.0
"""Seconds the raw socket waits; the sandbox's request timeout is far longer (120 s)."""


@pytest.fixture(scope="module")
def sandbox() -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(seed=4, request_timeout=120) as server:
        yield server


def _raw(sandbox: EmbeddedSandbox, head: bytes, body: bytes = b"") -> tuple[int, dict]:
    """Send ``head`` and part of a body, then wait (never finishing the body) for the answer."""
    with socket.create_connection(("127.0.0.1", int(sandbox.base_url.rsplit(":", 1)[1])),
                                  timeout=ANSWER_WITHIN) as sock:
        sock.sendall(head + b"\r\n" + body)
        data = b""
        try:
            while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < _length(data):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except TimeoutError:
            pytest.fail(f"no answer within {ANSWER_WITHIN} s: {data[:200]!r}")
    status_line, _, rest = data.partition(b"\r\n")
    return int(status_line.split()[1]), json.loads(rest.partition(b"\r\n\r\n")[2])


def _length(data: bytes) -> int:
    for line in data.partition(b"\r\n\r\n")[0].split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 1 << 30


@pytest.mark.parametrize("head, status, code", [
    (b"POST /sandbox/users HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
     b"Content-Length: 100\r\n", 400, "SANDBOX.HTTP.0400"),
    (b"POST /sandbox/users HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
     b"Content-Type: application/json\r\nContent-Length: 100\r\n", 403, "SANDBOX.ADMIN.0004"),
    (b"POST " + LOGIN_PATH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
     b"Content-Type: application/json\r\nContent-Length: 70000\r\n", 413, "SANDBOX.BODY.0004"),
    (b"POST /oauth2/get_token_info HTTP/1.1\r\nHost: 127.0.0.1\r\n"
     b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 900000\r\n", 413,
     "SANDBOX.BODY.0004"),
], ids=["bad host", "foreign origin", "login over 64 KiB", "fake Weibo over 64 KiB"])
def test_the_guard_answers_without_waiting_for_a_promised_body(sandbox, head, status, code):
    answered, body = _raw(sandbox, head, b'{"user_')
    assert (answered, body["error_code"]) == (status, code), body


def test_a_repeated_host_gets_the_envelope(sandbox):
    status, body = _raw(sandbox, b"GET /sandbox/clock HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 b"Host: evil.example\r\n")
    assert status == 400 and body["error_code"] == "SANDBOX.HTTP.0401"
    assert body["error_msg"].endswith("host")


def test_a_refused_request_is_still_logged_without_its_body(sandbox):
    with httpx.Client(base_url=sandbox.base_url) as http:
        http.post("/sandbox/reset", json={})
        refused = http.post("/sandbox/users", json={"user_name": "x"},
                            headers={"Origin": "http://evil.example"})
        assert refused.status_code == 403
        entry = http.get("/sandbox/requests").json()[-1]
    assert (entry["path"], entry["status"], entry["body"]) == ("/sandbox/users", 403, "")


@pytest.mark.parametrize("site, status", [("cross-site", 403), ("same-site", 403),
                                          ("same-origin", 200), ("none", 200), (None, 200)])
def test_admin_reads_refuse_another_sites_page(sandbox, site, status):
    headers = {} if site is None else {"Sec-Fetch-Site": site}
    answer = httpx.get(sandbox.base_url + "/sandbox/requests", headers=headers)
    assert answer.status_code == status, answer.text
    if status == 403:
        assert answer.json()["error_code"] == "SANDBOX.ADMIN.0004"
    login = httpx.post(sandbox.base_url + LOGIN_PATH, headers=headers, json={})
    assert login.status_code != 403  # the login answers any site, as the real API does
