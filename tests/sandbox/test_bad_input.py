"""Hand-made bad input, byte for byte over a raw socket, against a real sandbox process.

Malformed JSON, wrong types, BOMs, control bytes, repeated headers and keys, huge bodies, slow
bodies: every answer is the status and code ``EXPECTED`` gives it, in the envelope (the fake
Weibo's in Weibo's own shape), never a 500, never a hang. A request that never finishes is closed
by ``--request-timeout``.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from explorer.contract import LOGIN_PATH, MFA_SMS, SOCIAL_REGISTER_BIND, TENANT_TOKEN, WEIBO_LOGIN

from .helpers import device_headers
from .process import SandboxProcess

REQUEST_TIMEOUT = 2
DOCS_APP = WEIBO_LOGIN.header("X-client-id").example
DEVICE = list(device_headers(DOCS_APP).items())
JSON_TYPE = [("Content-Type", "application/json")]
FORM_TYPE = [("Content-Type", "application/x-www-form-urlencoded")]
GOOD = b'{"access_token":"tok","uid":"1001"}'


@dataclass(frozen=True)
class Bad:
    """One request: method, path, headers (repeats allowed), body, and how to send it."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    chunked: bool = False
    pause: float = 0.0  # seconds between two halves of the body
    stall: bool = False  # declare more body than is sent, then wait

    def wire(self) -> tuple[bytes, bytes]:
        """The request as bytes, split where ``pause`` waits."""
        lines = [f"{self.method} {self.path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{k}: {v}" for k, v in self.headers]
        body = self.body
        if self.chunked:
            lines.append("Transfer-Encoding: chunked")
            body = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 8192]), body[i:i + 8192])
                            for i in range(0, len(body), 8192)) + b"0\r\n\r\n"
        else:
            lines.append(f"Content-Length: {len(body) + (50 if self.stall else 0)}")
        head = ("\r\n".join(lines) + "\r\nConnection: close\r\n\r\n").encode("latin-1")
        half = len(body) // 2 if (self.pause or self.stall) else len(body)
        return head + body[:half], body[half:]


def login(body: bytes, *, headers: list[tuple[str, str]] | None = None, **how: object) -> Bad:
    return Bad("POST", LOGIN_PATH, tuple(headers if headers is not None else DEVICE + JSON_TYPE),
               body, **how)  # type: ignore[arg-type]


def admin(method: str, path: str, body: bytes, content_type: str = "application/json") -> Bad:
    return Bad(method, path, (("Content-Type", content_type),), body)


def repeated(name: str, first: str, second: str) -> Bad:
    rest = [(k, v) for k, v in DEVICE + JSON_TYPE if k.lower() != name.lower()]
    return login(GOOD, headers=rest + [(name, first), (name, second)])


CASES: dict[str, Bad] = {
    # -- malformed JSON
    "truncated json": login(b'{"access_token":'),
    "trailing garbage": login(GOOD + b"xyz"),
    "single quotes": login(b"{'access_token':'t','uid':'1'}"),
    "empty body": login(b""),
    "whitespace body": login(b" \n\t "),
    "deep nesting": login(b"[" * 30000 + b"]" * 30000),
    "1e999": login(b'{"access_token":1e999,"uid":"1"}'),
    "NaN literal": login(b'{"access_token":NaN,"uid":"1"}'),
    # -- wrong types
    "array body": login(b"[]"),
    "string body": login(b'"text"'),
    "null body": login(b"null"),
    "number token": login(b'{"access_token":1,"uid":"1"}'),
    "boolean uid": login(b'{"access_token":"t","uid":true}'),
    "null token": login(b'{"access_token":null,"uid":"1"}'),
    "array token": login(b'{"access_token":["t"],"uid":"1"}'),
    "object uid": login(b'{"access_token":"t","uid":{"a":1}}'),
    # -- encodings, BOMs, control bytes
    "utf-8 BOM": login(b"\xef\xbb\xbf" + GOOD),
    "utf-16 body": login(GOOD.decode().encode("utf-16")),
    "invalid utf-8": login(b'{"access_token":"\xff\xfe","uid":"1"}'),
    "escaped NUL": login(b'{"access_token":"a\\u0000b","uid":"1"}'),
    "raw control byte": login(b'{"access_token":"a\x01b","uid":"1"}'),
    "lone surrogate": login(b'{"access_token":"\\ud800","uid":"1"}'),
    "latin-1 client id": login(GOOD, headers=[(k, v) for k, v in DEVICE if k != "X-client-id"]
                               + JSON_TYPE + [("X-client-id", "caf\xe9")]),
    "charset utf-16 label": login(GOOD, headers=DEVICE + [("Content-Type",
                                                           "application/json; charset=utf-16")]),
    "text/plain login": login(GOOD, headers=DEVICE + [("Content-Type", "text/plain")]),
    # -- repeated headers and keys
    "repeated X-client-id": repeated("X-client-id", DOCS_APP, "other"),
    "repeated X-device-ip": repeated("X-device-ip", "1.2.3.4", "not-an-ip"),
    "repeated Content-Type": repeated("Content-Type", "application/json", "text/plain"),
    "repeated X-L": repeated("X-L", "en", "zh"),
    "repeated X-agent": repeated("X-agent", "a", "b"),
    "duplicate keys": login(b'{"uid":"1","uid":"2","access_token":"tok"}'),
    "admin duplicate keys": admin("POST", "/sandbox/users", b'{"user_name":"a","user_name":"b"}'),
    # -- admin API
    "busy 0.0": admin("POST", "/sandbox/faults", b'{"busy":0.0}'),
    "busy true": admin("POST", "/sandbox/faults", b'{"busy":true}'),
    "busy string": admin("POST", "/sandbox/faults", b'{"busy":"1"}'),
    "busy 1e2": admin("POST", "/sandbox/faults", b'{"busy":1e2}'),
    "session_expire float": admin("PUT", "/sandbox/policy", b'{"session_expire":600.0}'),
    "id_token_ttl negative": admin("PUT", "/sandbox/policy", b'{"id_token_ttl":-5}'),
    "admin BOM": admin("POST", "/sandbox/users", b'\xef\xbb\xbf{"user_name":"bom"}'),
    "admin malformed": admin("POST", "/sandbox/reset", b"{oops"),
    "admin array": admin("POST", "/sandbox/apps", b'["a"]'),
    "admin text/plain": admin("POST", "/sandbox/faults", b'{"busy":0}', "text/plain"),
    "admin empty patch": admin("PATCH", "/sandbox/users/nobody", b"{}"),
    "admin NUL name": admin("POST", "/sandbox/users", b'{"user_name":"\\u0000"}'),
    # -- follow-up calls
    "register-bind malformed": Bad("POST", SOCIAL_REGISTER_BIND.path,
                                   tuple(DEVICE + JSON_TYPE + [("X-state-token", "x.y.z")]),
                                   b"{nope"),
    "mfa form body": Bad("POST", MFA_SMS.path, tuple(DEVICE + FORM_TYPE), b"mobile=1&code=2"),
    "tenant token as json": Bad("POST", TENANT_TOKEN.path, tuple(JSON_TYPE),
                                b'{"grant_type":"client_credentials"}'),
    # -- huge bodies
    "huge login": login(b'{"access_token":"' + b"a" * 1_000_000 + b'","uid":"1"}'),
    "huge chunked login": login(b"x" * 200_000, chunked=True),
    "huge admin": admin("POST", "/sandbox/users", b'{"user_name":"' + b"u" * 100_000 + b'"}'),
    "huge fake weibo": Bad("POST", "/oauth2/get_token_info", tuple(FORM_TYPE),
                           b"access_token=" + b"t" * 300_000),
    "huge chunked weibo": Bad("POST", "/oauth2/get_token_info", tuple(FORM_TYPE),
                              b"access_token=" + b"t" * 300_000, chunked=True),
    # -- slow bodies
    "slow body within the timeout": login(GOOD, pause=REQUEST_TIMEOUT / 2),
    "body never finished": login(GOOD, stall=True),
    "admin body never finished": Bad("POST", "/sandbox/users", tuple(JSON_TYPE),
                                     b'{"user_name":"slow"}', stall=True),
}


EXPECTED: dict[str, tuple[int, str | None]] = {  # name: (status, error_code); None for a 2xx
    "truncated json": (400, "SANDBOX.BODY.0001"),
    "trailing garbage": (400, "SANDBOX.BODY.0001"),
    "single quotes": (400, "SANDBOX.BODY.0001"),
    "empty body": (400, "SANDBOX.BODY.0001"),
    "whitespace body": (400, "SANDBOX.BODY.0001"),
    "deep nesting": (400, "SANDBOX.BODY.0001"),
    "1e999": (400, "SANDBOX.BODY.0003"),
    "NaN literal": (400, "SANDBOX.BODY.0003"),
    "array body": (400, "SANDBOX.BODY.0002"),
    "string body": (400, "SANDBOX.BODY.0002"),
    "null body": (400, "SANDBOX.BODY.0002"),
    "number token": (400, "SANDBOX.BODY.0003"),
    "boolean uid": (400, "SANDBOX.BODY.0003"),
    "null token": (400, "IDAAS.SDK.PARAM.0026"),
    "array token": (400, "SANDBOX.BODY.0003"),
    "object uid": (400, "SANDBOX.BODY.0003"),
    "utf-8 BOM": (400, "SANDBOX.WEIBO.0001"),
    "utf-16 body": (400, "SANDBOX.WEIBO.0001"),
    "invalid utf-8": (400, "SANDBOX.BODY.0001"),
    "escaped NUL": (400, "SANDBOX.WEIBO.0001"),
    "raw control byte": (400, "SANDBOX.BODY.0001"),
    "lone surrogate": (400, "SANDBOX.BODY.0001"),
    "latin-1 client id": (400, "IDAAS.SDK.PARAM.0003"),
    "charset utf-16 label": (400, "SANDBOX.WEIBO.0001"),
    "text/plain login": (400, "SANDBOX.BODY.0005"),
    "repeated X-client-id": (400, "SANDBOX.HTTP.0401"),
    "repeated X-device-ip": (400, "SANDBOX.HTTP.0401"),
    "repeated Content-Type": (400, "SANDBOX.HTTP.0401"),
    "repeated X-L": (400, "SANDBOX.HTTP.0401"),
    "repeated X-agent": (400, "SANDBOX.HTTP.0401"),
    "duplicate keys": (400, "SANDBOX.WEIBO.0001"),
    "admin duplicate keys": (201, None),
    "busy 0.0": (400, "SANDBOX.ADMIN.0001"),
    "busy true": (400, "SANDBOX.ADMIN.0001"),
    "busy string": (400, "SANDBOX.ADMIN.0001"),
    "busy 1e2": (400, "SANDBOX.ADMIN.0001"),
    "session_expire float": (400, "SANDBOX.ADMIN.0001"),
    "id_token_ttl negative": (400, "SANDBOX.ADMIN.0001"),
    "admin BOM": (201, None),
    "admin malformed": (400, "SANDBOX.ADMIN.0001"),
    "admin array": (400, "SANDBOX.ADMIN.0001"),
    "admin text/plain": (415, "SANDBOX.ADMIN.0006"),
    "admin empty patch": (400, "SANDBOX.ADMIN.0001"),
    "admin NUL name": (201, None),
    "register-bind malformed": (400, "IDAAS.SDK.COMMON.1007"),
    "mfa form body": (400, "IDAAS.SDK.COMMON.1007"),
    "tenant token as json": (400, "SANDBOX.BODY.0006"),
    "huge login": (413, "SANDBOX.BODY.0004"),
    "huge chunked login": (413, "SANDBOX.BODY.0004"),
    "huge admin": (413, "SANDBOX.BODY.0004"),
    "huge fake weibo": (413, "SANDBOX.BODY.0004"),
    "huge chunked weibo": (413, "SANDBOX.BODY.0004"),
    "slow body within the timeout": (400, "SANDBOX.WEIBO.0001"),
}
"""What each finished request gets. A well-formed body with the fake Weibo's unknown token ends in
``SANDBOX.WEIBO.0001``: a BOM, UTF-16, an escaped NUL or a repeated key still parse."""


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxProcess]:
    with SandboxProcess("--request-timeout", str(REQUEST_TIMEOUT)) as process:
        yield process


def _exchange(port: int, bad: Bad) -> tuple[bytes, float]:
    first, rest = bad.wire()
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_TIMEOUT + 8) as sock:
        try:
            sock.sendall(first)
            if bad.pause:
                time.sleep(bad.pause)
            if not bad.stall:
                sock.sendall(rest)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (413) and closed before the whole body was sent
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks), time.monotonic() - started


def test_every_answered_case_has_its_expected_status_and_code():
    assert set(EXPECTED) == {name for name, bad in CASES.items() if not bad.stall}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_answers_in_the_envelope_never_500_never_hangs(server, name):
    bad = CASES[name]
    answer, waited = _exchange(server.port, bad)  # raises socket.timeout on a hang
    if bad.stall:
        assert answer == b"" and waited < REQUEST_TIMEOUT + 4, (answer[:200], waited)
        return
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert 200 <= status < 500, answer[:300]
    code = None
    if status >= 400:
        document = json.loads(body)
        envelope = {"error_code", "error_msg"}
        weibo = {"error", "error_code", "error_description"}
        assert set(document) in (envelope, weibo), document
        code = document["error_code"]
    assert (status, code) == EXPECTED[name], answer[:300]
    assert len(CASES) >= 40



UVICORN_ANSWERS = {  # name: (request, does uvicorn refuse it before the app?)
    "oversized head": (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-big: " + b"a" * 200_000
                       + b"\r\n\r\n", True),
    "two content-lengths": (b"POST " + LOGIN_PATH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            b"Content-Length: 5\r\nContent-Length: 7\r\n\r\n12345", True),
    "malformed request line": (b"POST  HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n", True),
    "content-length and chunked": (b"POST " + LOGIN_PATH.encode() + b" HTTP/1.1\r\n"
                                   b"Host: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n"
                                   b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", False),
    "control byte in a header": (b"POST " + LOGIN_PATH.encode() + b" HTTP/1.1\r\n"
                                 b"Host: 127.0.0.1\r\nX-agent: a\x01b\r\nConnection: close\r\n\r\n",
                                 False),
}


@pytest.mark.parametrize("name", list(UVICORN_ANSWERS))
def test_what_uvicorn_answers_before_the_app_is_as_documented(server, name):
    """docs/sandbox-choices.md, "Errors uvicorn answers before the app": uvicorn's plain-text 400
    for what h11 refuses; the envelope for what h11 lets through."""
    request, refused = UVICORN_ANSWERS[name]
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:  # closed with our unread bytes still in its buffer
            pass
        answer = b"".join(chunks)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    head, _, body = answer.partition(b"\r\n\r\n")
    if refused:
        assert b"Invalid HTTP request received." in body
    else:
        assert set(json.loads(body)) == {"error_code", "error_msg"}
