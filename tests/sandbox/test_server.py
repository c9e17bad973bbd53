"""Running servers: determinism across two servers, restarts with a file store, the shared one."""

from __future__ import annotations

import socket

import httpx
import jwt
import pytest

from explorer.contract import JWKS_PATH, LOGIN_PATH
from explorer.errors import SandboxError
from explorer.sandbox import EmbeddedSandbox, SandboxConfig

from .helpers import ok, replay


def _session(base_url: str) -> list[bytes]:
    """A fixed request sequence: reset, every docs fixture in both languages, some admin calls."""
    out: list[bytes] = []
    with httpx.Client(base_url=base_url, timeout=10) as http:
        out.append(http.post("/sandbox/reset", json={"fixtures": "docs"}).content)
        fixtures = ok(http.get("/sandbox/fixtures"))
        for language in ("en", "zh"):
            for fixture in fixtures:
                out.append(replay(http, fixture, language).content)
        out.append(http.post("/sandbox/users", json={"user_name": "new"}).content)
        out.append(http.post("/sandbox/clock", json={"advance": 90}).content)
        out.append(replay(http, fixtures[0], "en").content)
        out.append(http.get(JWKS_PATH).content)
    return out


def test_two_deterministic_servers_give_byte_identical_responses():
    config = dict(seed=42, clock="2022-04-25T14:01:38Z", public_url="https://tenant.example")
    with EmbeddedSandbox(**config) as first, EmbeddedSandbox(**config) as second:
        assert first.base_url != second.base_url
        a, b = _session(first.base_url), _session(second.base_url)
    assert a == b
    assert b'"status":"SUCCESS"' in a[1]
    claims = jwt.decode(ok(httpx.Response(200, content=a[1]))["id_token"],
                        options={"verify_signature": False})
    assert claims["iss"] == "https://tenant.example" and claims["iat"] == 1650895298


def test_another_seed_gives_other_tokens():
    with EmbeddedSandbox(seed=1, clock="2022-04-25T14:01:38Z") as one, \
            EmbeddedSandbox(seed=2, clock="2022-04-25T14:01:38Z") as two:
        assert _session(one.base_url)[1] != _session(two.base_url)[1]


def test_restart_with_a_file_store_keeps_data_and_the_signing_key(tmp_path):
    db = str(tmp_path / "tenant.db")
    with EmbeddedSandbox(db=db, fixtures="none") as server, \
            httpx.Client(base_url=server.base_url) as http:
        ok(http.post("/sandbox/apps", json={"client_id": "kept"}))
        user = ok(http.post("/sandbox/users", json={"user_name": "kept", "mfa": True}))
        ok(http.put("/sandbox/policy", json={"unbound_social": "bind"}))
        jwks = ok(http.get(JWKS_PATH))
    with EmbeddedSandbox(db=db, fixtures="docs") as again, \
            httpx.Client(base_url=again.base_url) as http:
        assert ok(http.get(f"/sandbox/users/{user['id']}"))["mfa"] is True
        assert ok(http.get("/sandbox/policy"))["unbound_social"] == "bind"
        assert ok(http.get(JWKS_PATH)) == jwks
        fixture = ok(http.get("/sandbox/fixtures"))[0]  # docs data was not added to an old store
        assert replay(http, fixture, "en").json()["error_code"] == "IDAAS.SDK.PARAM.0003"


def test_shared_sandbox_is_one_instance_with_the_docs_fixtures():
    shared = EmbeddedSandbox.shared()
    assert EmbeddedSandbox.shared() is shared
    fixture = ok(httpx.get(shared.base_url + "/sandbox/fixtures"))[0]
    with httpx.Client(base_url=shared.base_url) as http:
        assert replay(http, fixture, "en").json()["status"] == "SUCCESS"


def test_config_rejects_bad_values():
    import pytest
    with pytest.raises(ValueError):
        SandboxConfig(fixtures="all")
    with pytest.raises(ValueError):
        SandboxConfig(clock="yesterday")


def test_session_fixture_is_a_running_sandbox(sandbox):
    response = httpx.post(sandbox.base_url + LOGIN_PATH, json={})
    assert response.json()["error_code"] == "IDAAS.SDK.PARAM.0001"


def test_a_seeded_sandbox_starts_without_tls_or_a_second_key_parse(tls_contexts):
    """A docs build starts one sandbox per notebook: its health check speaks plain http (no CA
    bundle loaded) and the published key is parsed once per process."""
    from explorer.sandbox.tokens import sandbox_only_key

    with EmbeddedSandbox(fixtures="none", seed="a"):
        assert tls_contexts == []
    assert sandbox_only_key() is sandbox_only_key()


def test_a_sandbox_asked_to_stop_without_waiting_starts_again_on_its_port():
    """``stop(wait=False)`` returns at once (the docs build's workers go on meanwhile); the next
    ``start()`` waits for the old server to let go of the port, then binds it again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unused_port = probe.getsockname()[1]
    box = EmbeddedSandbox(fixtures="none", port=unused_port).start()
    box.stop(wait=False)
    with pytest.raises(SandboxError):
        _ = box.base_url
    box.start()
    try:
        assert box.base_url == f"http://127.0.0.1:{unused_port}"
        assert httpx.get(box.base_url + "/healthz").status_code == 200
    finally:
        box.stop()
    with socket.socket() as probe:  # stop() waits: the port is free when it returns
        probe.bind(("127.0.0.1", unused_port))
