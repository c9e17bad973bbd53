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
