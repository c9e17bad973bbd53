"""A fake Weibo at Weibo's own paths, and the small gateway the login calls it through.

``POST /oauth2/get_token_info`` (form field ``access_token``) answers ``uid``, ``appkey``,
``scope``, ``create_at``, ``expire_in`` like api.weibo.com; ``GET /2/users/show.json`` answers a
profile. Failures use Weibo's own shape ``{"error", "error_code", "error_description"}``.

The login handler never reads the token table itself: it asks ``WeiboGateway``, which speaks HTTP
through httpx — to these routes in-process (``httpx.ASGITransport``, no second loopback round
trip) by default, or to any base URL when ``weibo_base_url`` is configured.

The in-process call goes through ``httpx.ASGITransport``. A hand-made transport (no async-library
detection, no completion event, the body whole) was measured against it and dropped: server CPU
per refused login (USER.0039 / USER.0001 / WEIBO.0001, in memory) was 0.294 / 0.293 / 0.306 ms
with it and 0.297 / 0.303 / 0.302 ms without (``benchmarks/sandbox_load.py --driver wrk``,
median of 3 runs on a shared 2-core machine): within 3 %.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote_plus

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from .flow_rules import read_bounded

if TYPE_CHECKING:
    from ._context import Sandbox


# ------------------------------------------------------------ weibo
TOKEN_INFO_PATH = "/oauth2/get_token_info"
USERS_SHOW_PATH = "/2/users/show.json"
LOCAL_BASE_URL = "http://api.weibo.sandbox"

# Weibo's error codes (open.weibo.com error table).
_ERRORS = {
    "invalid_request": (21323, "missing access_token"),
    "invalid_access_token": (21332, "access_token is invalid"),
    "expired_token": (21327, "access_token is expired"),
}


def _weibo_error(error: str, status: int = 400) -> tuple[int, dict[str, Any]]:
    code, description = _ERRORS[error]
    return status, {"error": error, "error_code": code, "error_description": description}


def _uid_json(uid: str) -> int | str:
    """Weibo sends uids as numbers; the seed's hex uid stays a string."""
    return int(uid) if uid.isdigit() and len(uid) < 19 else uid


def _live_token(sandbox: Sandbox,
                access_token: str | None) -> tuple[Any, tuple[int, dict[str, Any]] | None]:
    if not access_token:
        return None, _weibo_error("invalid_request")
    row = sandbox.store.weibo_token(access_token)
    if row is None:
        return None, _weibo_error("invalid_access_token")
    if row["expires_at"] <= sandbox.clock.timestamp():
        return None, _weibo_error("expired_token")
    return row, None


def token_info_answer(sandbox: Sandbox, form_body: bytes) -> tuple[int, dict[str, Any]]:
    """Weibo's answer (status, JSON) to ``get_token_info`` with this form body: one function for
    both ways in (the route and ``local_app``'s shortcut)."""
    form = parse_qs(form_body.decode("utf-8", "replace"))
    row, failure = _live_token(sandbox, (form.get("access_token") or [""])[0])
    if failure:
        return failure
    return 200, {
        "uid": _uid_json(row["uid"]), "appkey": row["appkey"], "scope": None,
        "create_at": row["created_at"],
        "expire_in": row["expires_at"] - sandbox.clock.timestamp(),
    }


async def get_token_info(request: Request) -> JSONResponse:
    status, answer = token_info_answer(request.app.state.sandbox, await read_bounded(request))
    return JSONResponse(answer, status_code=status)


async def users_show(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    row, failure = _live_token(sandbox, request.query_params.get("access_token"))
    if failure:
        return JSONResponse(failure[1], status_code=failure[0])
    uid = request.query_params.get("uid") or row["uid"]
    screen_name = f"weibo_{uid[-6:]}"
    return JSONResponse({
        "id": _uid_json(uid), "idstr": uid, "screen_name": screen_name, "name": screen_name,
        "gender": "n", "location": "", "description": "", "profile_image_url": "",
        "avatar_large": "", "followers_count": 0,
    })


def routes() -> list[BaseRoute]:
    return [Route(TOKEN_INFO_PATH, get_token_info, methods=["POST"]),
            Route(USERS_SHOW_PATH, users_show, methods=["GET"])]


def local_app(sandbox: Sandbox) -> ASGIApp:
    """Just the Weibo routes, for the in-process transport: a bare router, without the
    middleware a full Starlette app wraps around every call (a third of the call's cost), and
    ``POST /oauth2/get_token_info`` — the login's one call — answered without a router match, a
    ``Request`` or a ``JSONResponse``: the body is read from ``receive``, and the status, headers
    and bytes the route would send are sent (tests/sandbox/test_weibo.py compares them).

    The shortcut buys server CPU per refused login (``benchmarks/sandbox_load.py --driver wrk``,
    medians of 3 runs, a shared 2-core machine): USER.0039 / USER.0001 / WEIBO.0001 0.383 / 0.357
    / 0.364 → 0.331 / 0.349 / 0.346 ms. Under 10 % alone; but without it and the envelope cache
    the refused logins measured 8–25 % dearer than before (benchmarks/NOTES.md), so it stays."""
    router = Router(routes=routes())
    owner = SimpleNamespace(state=SimpleNamespace(sandbox=sandbox))

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == TOKEN_INFO_PATH and scope["method"] == "POST":
            chunks = []
            while True:
                message = await receive()
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    break
            status, answer = token_info_answer(sandbox, b"".join(chunks))
            # The bytes and headers JSONResponse would send, without building one per call.
            body = json.dumps(answer, ensure_ascii=False, allow_nan=False,
                              separators=(",", ":")).encode()
            await send({"type": "http.response.start", "status": status, "headers": [
                (b"content-length", b"%d" % len(body)), (b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return
        scope["app"] = owner  # what ``request.app.state.sandbox`` reads
        await router(scope, receive, send)

    return app


# -------------------------------------------------------------------------------- the gateway
async def _read(response: httpx.Response) -> bytes:
    """The answer's bytes, then the response closed. Unencoded bytes (Weibo's JSON) are read
    straight from the transport's stream: ``aread`` would pass them through unchanged, by way of
    three async generators, two chunkers and a decoder. An answer with a ``Content-Encoding`` is
    still decoded by ``aread``. That buys server CPU per refused login
    (``benchmarks/sandbox_load.py --driver wrk``, medians of 3 runs, a shared 2-core machine):
    USER.0039 / USER.0001 / WEIBO.0001 0.413 / 0.389 / 0.382 → 0.331 / 0.349 / 0.346 ms."""
    stream = response.stream
    assert isinstance(stream, httpx.AsyncByteStream)  # what an async transport answers
    if any(name.lower() == b"content-encoding" for name, _ in response.headers.raw):
        try:
            return await response.aread()
        finally:
            await response.aclose()
    try:
        return b"".join([chunk async for chunk in stream])
    finally:
        await stream.aclose()


@dataclass(frozen=True)
class TokenInfo:
    uid: str
    appkey: str
    expire_in: int


class WeiboRejected(Exception):
    """Weibo refused the token; ``error`` is Weibo's own error name."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class WeiboUnavailable(Exception):
    """Weibo could not be reached or answered something that is not Weibo's shape."""


class WeiboGateway:
    """How the tenant asks Weibo about a token: over HTTP, through httpx.

    It sends through an httpx *transport* — ``httpx.ASGITransport`` into the in-process fake
    Weibo by default, ``AsyncHTTPTransport`` to ``base_url`` when configured — rather than a full
    ``AsyncClient``: one form POST needs no cookie jar, redirects or auth, and that client-level
    machinery cost as much per login as Weibo's own answer.
    """

    TIMEOUT = httpx.Timeout(5.0)

    def __init__(self, base_url: str | None = None, local: ASGIApp | None = None) -> None:
        self.base_url = base_url
        self.local = local
        self._transport: httpx.AsyncBaseTransport | None = None
        self._url = httpx.URL((base_url or LOCAL_BASE_URL).rstrip("/") + TOKEN_INFO_PATH)
        self._host = self._url.netloc
        self._extensions = {"timeout": self.TIMEOUT.as_dict()}

    def _http(self) -> httpx.AsyncBaseTransport:
        if self._transport is None:
            if self.base_url:
                self._transport = httpx.AsyncHTTPTransport()
            elif self.local is None:
                raise RuntimeError("no Weibo: neither a base_url nor the in-process app")
            else:
                self._transport = httpx.ASGITransport(app=self.local, client=("127.0.0.1", 123))
        return self._transport

    async def token_info(self, access_token: str) -> TokenInfo:
        # The form body and its headers are written here rather than by ``data=``: one field
        # needs no general form encoder, and the bytes on the wire are the same. With
        # ``stream=`` httpx adds no headers of its own, so Host and Content-Length are written
        # here too (what ``content=`` would add, without its per-call header merging).
        body = b"access_token=" + quote_plus(access_token).encode("ascii")
        request = httpx.Request("POST", self._url, headers=[
            (b"Host", self._host), (b"Content-Length", b"%d" % len(body)),
            (b"Content-Type", b"application/x-www-form-urlencoded")],
            stream=httpx.ByteStream(body), extensions=self._extensions)
        try:
            response = await self._http().handle_async_request(request)
            answer = json.loads(await _read(response))  # Weibo answers UTF-8 JSON
        except (httpx.HTTPError, ValueError) as exc:
            raise WeiboUnavailable(str(exc)) from exc
        if response.status_code == 200 and "uid" in answer and "appkey" in answer:
            return TokenInfo(str(answer["uid"]), str(answer["appkey"]), int(answer["expire_in"]))
        if isinstance(answer, dict) and "error" in answer:
            raise WeiboRejected(str(answer["error"]))
        raise WeiboUnavailable(f"HTTP {response.status_code}")

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()
            self._transport = None
