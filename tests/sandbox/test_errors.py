"""Whatever goes wrong inside a handler, the answer is the envelope, never a traceback."""

from __future__ import annotations

import asyncio

import httpx
from starlette.routing import Route

from explorer.sandbox import SandboxConfig, create_app


def test_an_unexpected_exception_answers_500_in_the_envelope():
    async def boom(request):
        raise RuntimeError("secret internals")

    app = create_app(SandboxConfig(fixtures="none"))
    app.router.routes.append(Route("/boom", boom))

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get("/boom", headers={"X-L": "zh"})

    response = asyncio.run(call())
    assert response.status_code == 500
    assert response.json() == {"error_code": "SANDBOX.HTTP.0500",
                               "error_msg": "沙箱内部错误：RuntimeError"}
    assert "secret internals" not in response.text


def test_an_envelope_answers_in_its_request_s_language_with_its_own_headers():
    """Envelopes are rendered once and reused: the language and a route's ``Allow`` still
    belong to each answer."""
    app = create_app(SandboxConfig(fixtures="none"))

    async def calls() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return [await client.request(method, path, headers={"X-L": language})
                    for method, path, language in (
                        ("GET", "/api/v2/sdk/login/weibo", "en"),
                        ("GET", "/api/v2/sdk/login/weibo", "zh"),
                        ("DELETE", "/sandbox/policy", "en"),
                        ("GET", "/api/v2/sdk/login/weibo", "en"))]

    english, chinese, policy, again = asyncio.run(calls())
    assert {r.status_code for r in (english, chinese, policy, again)} == {405}
    assert english.content == again.content and english.content != chinese.content
    assert chinese.json()["error_msg"] != english.json()["error_msg"]
    assert english.headers["allow"] == again.headers["allow"] == "POST"
    assert set(policy.headers["allow"].split(", ")) == {"GET", "HEAD", "PUT"}
    assert english.headers["content-length"] == str(len(english.content))
