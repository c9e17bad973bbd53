"""The client never trusts a login it could not verify (issue 8).

A fake tenant — a real uvicorn server on loopback whose answers each test sets — signs with
``alg: none``, answers its JWKS with 503, rotates its key, or publishes a key that is not for
signatures; the client must say ``ok == False`` and why, in every renderer.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from rich.console import Console
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from explorer.client import IdaasClient
from explorer.client.core import JwksCache
from explorer.contract import ID_TOKEN_REFRESH, JWKS_PATH, LOGIN_PATH
from explorer.rendering import to_html, to_rich, to_text

APP = "trust-app"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY_1, KEY_2 = _key(), _key()


def _jwk(key: rsa.RSAPrivateKey, kid: str, **extra: str) -> dict[str, Any]:
    return {**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": kid, **extra}


@dataclass
class Tenant:
    """What the fake tenant answers; tests change it between calls."""

    base_url: str = ""
    jwks: dict[str, Any] | None = None
    jwks_status: int = 200
    token: Callable[[Tenant], str] = lambda tenant: ""
    jwks_hits: int = 0
    now: float = field(default_factory=time.time)

    def signed(self, key: rsa.RSAPrivateKey, kid: str, **claims: Any) -> str:
        body = {"iss": self.base_url, "aud": APP, "iat": int(self.now), "nbf": int(self.now) - 60,
                "exp": int(self.now) + 600, "sub": "u1", **claims}
        return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


def _app(tenant: Tenant) -> Starlette:
    async def login(request: Request) -> JSONResponse:
        return JSONResponse({"status": "SUCCESS", "session_token": "s" * 32, "expire": 600,
                             "id_token": tenant.token(tenant)})

    async def refresh(request: Request) -> JSONResponse:
        return JSONResponse({"session_token": "s" * 32, "expire": 500,
                             "id_token": tenant.token(tenant)})

    async def keys(request: Request) -> JSONResponse:
        tenant.jwks_hits += 1
        if tenant.jwks_status != 200:
            return JSONResponse({"error": "unavailable"}, status_code=tenant.jwks_status)
        return JSONResponse(tenant.jwks)

    return Starlette(routes=[Route(LOGIN_PATH, login, methods=["POST"]),
                             Route(ID_TOKEN_REFRESH.path, refresh, methods=["POST"]),
                             Route(JWKS_PATH, keys, methods=["GET"])])


@pytest.fixture(scope="module")
def served() -> Iterator[Tenant]:
    tenant = Tenant()
    server = uvicorn.Server(uvicorn.Config(_app(tenant), host="127.0.0.1", port=0,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    tenant.base_url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    yield tenant
    server.should_exit = True
    thread.join(10)


@pytest.fixture()
def tenant(served: Tenant) -> Tenant:
    served.jwks, served.jwks_status, served.jwks_hits = {"keys": [_jwk(KEY_1, "k1")]}, 200, 0
    served.token = lambda t: t.signed(KEY_1, "k1")
    return served


def _client(tenant: Tenant, **options: Any) -> IdaasClient:
    return IdaasClient(tenant.base_url, APP, retries=0, **options)


def _says_untrusted(result: Any, *words: str) -> None:
    """Every renderer shows the verdict and the reason, and that the login is not to be trusted."""
    console = Console(width=200, record=True)
    console.print(to_rich(result))
    for shown in (to_html(result), to_text(result), console.export_text()):
        assert "do not trust this login" in shown
        for word in words:
            assert word in shown, (word, shown[:400])


def _none_token(tenant: Tenant) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    claims = {"iss": tenant.base_url, "aud": APP, "exp": int(tenant.now) + 600, "sub": "u1"}
    return f"{part({'alg': 'none', 'kid': 'k1'})}.{part(claims)}."


def test_an_alg_none_id_token_is_an_untrusted_login(tenant):
    tenant.token = _none_token
    with _client(tenant) as idaas:
        result = idaas.login_weibo("a", "b")
    assert result.status == "SUCCESS" and not result.ok
    assert (result.id_token_check.verdict, result.id_token_check.reason) == ("INVALID", "signature")
    _says_untrusted(result, "INVALID", "signature", "is not RS256")


def test_an_id_token_that_could_not_be_checked_is_an_untrusted_login(tenant):
    tenant.jwks_status = 503
    with _client(tenant) as idaas:
        result = idaas.login_weibo("a", "b")
        assert not result.ok and result.id_token_check.verdict == "UNVERIFIABLE"
        assert "503" in result.untrusted
        _says_untrusted(result, "503")
        refreshed = idaas.refresh_id_token("s" * 32)
        assert type(refreshed).__name__ == "Refreshed" and not refreshed.ok


def test_turning_verification_off_is_explicit_and_reads_not_checked(tenant):
    tenant.token = _none_token
    with _client(tenant, verify_id_token=False) as idaas:
        result = idaas.login_weibo("a", "b")
    assert result.id_token_check.verdict == "UNCHECKED" and result.ok
    assert "NOT CHECKED" in to_text(result) and "VERIFIED" not in to_text(result)


def test_a_key_rotation_is_followed_once_and_not_on_every_forgery(tenant):
    seconds = [0.0]  # the cache's monotonic clock: the refetch interval passes here, not in a sleep
    with _client(tenant) as idaas:
        idaas.jwks = JwksCache(monotonic=lambda: seconds[0])
        assert idaas.login_weibo("a", "b").id_token_check.verdict == "VERIFIED"
        assert tenant.jwks_hits == 1
        seconds[0] += idaas.jwks.refetch_interval - 0.001
        tenant.jwks = {"keys": [_jwk(KEY_2, "k2")]}  # the tenant rotated its key ...
        tenant.token = lambda t: t.signed(KEY_2, "k2")
        assert not idaas.login_weibo("a", "b").ok  # ... too soon after the last fetch to refetch
        assert tenant.jwks_hits == 1
        seconds[0] += 0.001
        rotated = idaas.login_weibo("a", "b")
        assert rotated.ok and rotated.id_token_check.verdict == "VERIFIED"
        assert tenant.jwks_hits == 2
        tenant.token = lambda t: t.signed(KEY_1, "k-unknown")
        for _ in range(5):  # forged kids: at most one refetch per interval
            assert not idaas.login_weibo("a", "b").ok
        assert tenant.jwks_hits == 2


def test_a_new_key_under_the_cached_kid_is_refetched_after_a_bad_signature(tenant):
    with _client(tenant) as idaas:
        idaas.jwks.refetch_interval = 0.0
        assert idaas.login_weibo("a", "b").ok
        tenant.jwks = {"keys": [_jwk(KEY_2, "k1")]}  # same kid, new key
        tenant.token = lambda t: t.signed(KEY_2, "k1")
        assert idaas.login_weibo("a", "b").id_token_check.verdict == "VERIFIED"


@pytest.mark.parametrize("extra", [{"use": "enc"}, {"alg": "RS384"}, {"alg": "RSA-OAEP"}])
def test_a_key_that_is_not_for_rs256_signatures_never_verifies(tenant, extra):
    tenant.jwks = {"keys": [_jwk(KEY_1, "k1", **extra), _jwk(KEY_2, "other")]}
    with _client(tenant) as idaas:
        result = idaas.login_weibo("a", "b")
    assert not result.ok and result.id_token_check.reason == "signature"
    assert "kid 'k1'" in result.id_token_check.detail


def test_an_issuer_mismatch_names_what_was_expected_and_received(tenant):
    tenant.token = lambda t: t.signed(KEY_1, "k1", iss="https://elsewhere.example")
    with _client(tenant) as idaas:
        result = idaas.login_weibo("a", "b")
    assert result.id_token_check.reason == "issuer" and not result.ok
    _says_untrusted(result, tenant.base_url, "https://elsewhere.example")
    with _client(tenant, issuer="https://elsewhere.example") as idaas:
        assert idaas.login_weibo("a", "b").ok
