"""Stand-ins for a real tenant, over real HTTP on loopback.

``foreign_tenant()``: the sandbox as somebody else's tenant — no seed (its own generated signing
key, not the published sandbox-only one), ``public_url`` ``http://tenant.test`` (the id_token's
issuer), reached through ``ResolvingTransport`` so every client call names ``tenant.test``.

``drifting_tenant()``: a small Starlette app that answers like the vendor page's own quirks.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from explorer.client.resolve import ResolvingTransport
from explorer.sandbox import EmbeddedSandbox

FOREIGN_HOST = "tenant.test"
FOREIGN_URL = f"http://{FOREIGN_HOST}"


@dataclass
class Foreign:
    sandbox: EmbeddedSandbox
    base_url: str
    transport: ResolvingTransport

    @property
    def admin_url(self) -> str:
        """The sandbox's own loopback URL, for the admin and peek calls a test arranges with."""
        return self.sandbox.base_url

    def new_account(self) -> tuple[str, str]:
        """A fresh user bound to a fresh Weibo account (random, in no fixture or example):
        ``(access_token, uid)`` of a login that ends in SUCCESS."""
        token, uid = secrets.token_hex(16), str(secrets.randbelow(9 * 10**9) + 10**9)
        name = "real" + secrets.token_hex(4)
        with httpx.Client(base_url=self.admin_url, timeout=10,
                          headers={"origin": self.admin_url}) as admin:
            admin.post("/sandbox/weibo/tokens",
                       json={"access_token": token, "uid": uid}).raise_for_status()
            user = admin.post("/sandbox/users", json={
                "user_name": name, "name": "Real Person", "email": f"{name}@corp.cn",
                "mobile": "+86-137" + str(secrets.randbelow(10**8)).zfill(8)})
            user.raise_for_status()
            admin.post(f"/sandbox/users/{user.json()['id']}/social",
                       json={"provider": "weibo", "uid": uid}).raise_for_status()
        return token, uid


@contextmanager
def foreign_tenant() -> Iterator[Foreign]:
    with EmbeddedSandbox(fixtures="docs", public_url=FOREIGN_URL) as sandbox:
        where = sandbox.base_url.split("//", 1)[1]
        yield Foreign(sandbox, FOREIGN_URL, ResolvingTransport({FOREIGN_HOST: where}))


# ------------------------------------------------------------------------------ the drift
ENGLISH = {"IDAAS.SDK.PARAM.0001": "Device information is incomplete",
           "IDAAS.SDK.PARAM.0002": "clientId cannot be empty",
           "IDAAS.SDK.PARAM.0003": "The app is not registered, please register the app first",
           "IDAAS.SDK.PARAM.0026": "Weibo access token cannot be empty",
           "IDAAS.SDK.PARAM.0027": "Weibo user ID cannot be empty"}


async def _keys(request: Request) -> Response:
    # a key without its kid: an id_token's kid cannot pick it
    return JSONResponse(
        {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "n": "sXch", "e": "AQAB"}]})


async def _login(request: Request) -> Response:
    if request.method != "POST":
        return HTMLResponse("<html>login page</html>")  # 200 for a method it does not take
    h = request.headers
    body = await request.json()
    if not h.get("x-agent"):
        return JSONResponse({"error_code": "IDAAS.SDK.PARAM.0001", "error_msg": ENGLISH[
            "IDAAS.SDK.PARAM.0001"]}, status_code=400)
    if not h.get("x-client-id"):  # HTTP 200 for an error, English whatever X-L asked
        return JSONResponse({"error_code": "IDAAS.SDK.PARAM.0002",
                             "error_msg": ENGLISH["IDAAS.SDK.PARAM.0002"]}, status_code=200)
    if h["x-client-id"] != "drift-app":
        return JSONResponse({"error_code": "IDAAS.SDK.PARAM.0003", "error_msg": ENGLISH[
            "IDAAS.SDK.PARAM.0003"]}, status_code=400)
    if not body.get("access_token"):  # error_msg missing
        return JSONResponse({"error_code": "IDAAS.SDK.PARAM.0026"}, status_code=400)
    if not str(body.get("uid", "")).strip():
        return JSONResponse({"error_code": "IDAAS.SDK.PARAM.0027", "error_msg": ENGLISH[
            "IDAAS.SDK.PARAM.0027"]}, status_code=400)
    # a status with a stray space, and no expire
    return JSONResponse({"status": "SUCCESS ", "session_token": "s" * 32, "id_token": ""})


def drift_app() -> Starlette:
    return Starlette(routes=[Route("/api/v1/oauth2/keys", _keys),
                             Route("/api/v2/sdk/login/weibo", _login,
                                   methods=["GET", "POST", "PUT"])])


@contextmanager
def drifting_tenant() -> Iterator[str]:
    """The drifting server on a free loopback port; yields its base URL."""
    with serve(drift_app()) as url:
        yield url


@contextmanager
def serve(app: Starlette) -> Iterator[str]:
    """``app`` under a real uvicorn server on a free loopback port; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not (server.started and server.servers):
        if time.monotonic() > deadline:
            raise RuntimeError("the stand-in server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


__all__ = ["FOREIGN_URL", "Foreign", "drifting_tenant", "foreign_tenant", "httpx", "serve"]
