"""The fake Weibo speaks Weibo's shapes, and the login really reaches it through httpx."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from explorer.sandbox import EmbeddedSandbox

from .helpers import assert_error, empty_tenant, login, ok


@pytest.fixture(scope="module")
def weibo() -> Iterator[EmbeddedSandbox]:
    """A sandbox that plays Weibo for the other one."""
    with EmbeddedSandbox(fixtures="none", clock="2024-01-01T00:00:00Z") as server:
        yield server


@pytest.fixture(scope="module")
def tenant(weibo) -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(fixtures="none", weibo_base_url=weibo.base_url) as server:
        yield server


def test_token_info_and_users_show_answer_like_weibo(weibo):
    with httpx.Client(base_url=weibo.base_url) as http:
        ok(http.post("/sandbox/reset", json={"fixtures": "none"}))
        ok(http.post("/sandbox/weibo/tokens",
                     json={"access_token": "w1", "uid": "1404376560", "expires_in": 100}))
        info = ok(http.post("/oauth2/get_token_info", data={"access_token": "w1"}))
        assert info == {"uid": 1404376560, "appkey": "sandbox-appkey", "scope": None,
                        "create_at": 1704067200, "expire_in": 100}
        profile = ok(http.get("/2/users/show.json", params={"access_token": "w1",
                                                            "uid": "1404376560"}))
        assert profile["id"] == 1404376560 and profile["idstr"] == "1404376560"
        unknown = http.post("/oauth2/get_token_info", data={"access_token": "nope"})
        assert unknown.status_code == 400
        assert unknown.json() == {"error": "invalid_access_token", "error_code": 21332,
                                  "error_description": "access_token is invalid"}
        ok(http.post("/sandbox/clock", json={"advance": 100}))
        assert http.post("/oauth2/get_token_info",
                         data={"access_token": "w1"}).json()["error_code"] == 21327


def test_login_asks_the_configured_weibo_over_http(weibo, tenant):
    with httpx.Client(base_url=weibo.base_url) as w, \
            httpx.Client(base_url=tenant.base_url) as t:
        ok(w.post("/sandbox/reset", json={"fixtures": "none"}))
        empty_tenant(t)
        ok(t.post("/sandbox/weibo/tokens", json={"access_token": "only-here", "uid": "1"}))
        ok(w.post("/sandbox/weibo/tokens", json={"access_token": "only-there", "uid": "2"}))
        assert login(t, "only-there", "2").json()["status"] == "USER_REGISTER"
        assert_error(login(t, "only-here", "1"), "SANDBOX.WEIBO.0001")


def test_unreachable_weibo_is_system_busy():
    with EmbeddedSandbox(fixtures="none", weibo_base_url="http://127.0.0.1:9") as server, \
            httpx.Client(base_url=server.base_url) as http:
        empty_tenant(http)
        assert_error(login(http), "IDAAS.SDK.COM.0002")


@pytest.mark.parametrize("form", [b"access_token=w1", b"access_token=nope", b"",
                                  b"access_token=old"])
def test_the_login_s_shortcut_answers_the_bytes_the_route_does(form):
    """The login's in-process Weibo answers get_token_info without a router or a Response
    object; status, headers and body stay those of the served route."""
    import asyncio

    from explorer.sandbox import SandboxConfig, create_app
    from explorer.sandbox._weibo import TOKEN_INFO_PATH, local_app

    app = create_app(SandboxConfig(fixtures="none", clock="2024-01-01T00:00:00Z"))
    sandbox = app.state.sandbox
    sandbox.store.add_weibo_token("w1", "1404376560", "sandbox-appkey", 1704067200, 1704067300)
    sandbox.store.add_weibo_token("old", "1", "sandbox-appkey", 1704060000, 1704067200)

    async def answers() -> list[httpx.Response]:
        got = []
        for transport in (httpx.ASGITransport(app), httpx.ASGITransport(local_app(sandbox))):
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                got.append(await c.post(TOKEN_INFO_PATH, content=form, headers={
                    "content-type": "application/x-www-form-urlencoded"}))
        return got

    routed, shortcut = asyncio.run(answers())
    assert routed.status_code in (200, 400)
    assert (shortcut.status_code, shortcut.content) == (routed.status_code, routed.content)
    assert shortcut.headers.raw == routed.headers.raw


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_the_gateway_reads_weibo_s_answer_as_sent_or_decoded(encoding):
    """Weibo's JSON is read from the response stream as sent; a Content-Encoding (any coding is
    acceptable when a request names none) is decoded as httpx decodes it."""
    import asyncio
    import gzip
    import json

    from explorer.sandbox._weibo import WeiboGateway

    async def weibo(scope, receive, send) -> None:
        await receive()
        body = json.dumps({"uid": 5601843297, "appkey": "k", "scope": None, "create_at": 1,
                           "expire_in": 99}).encode()
        headers = [(b"content-type", b"application/json")]
        if encoding:
            body = gzip.compress(body)
            headers.append((b"content-encoding", encoding.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def ask() -> object:
        gateway = WeiboGateway(local=weibo)
        try:
            return await gateway.token_info("tok")
        finally:
            await gateway.aclose()

    info = asyncio.run(ask())
    assert (info.uid, info.appkey, info.expire_in) == ("5601843297", "k", 99)
