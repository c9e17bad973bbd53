"""``POST /api/v2/sdk/login/weibo``: the decision, in the order ``WEIBO_LOGIN.errors`` lists.

Device headers, client id, body, the two fields, the busy fault, Weibo, then the user. Codes and
messages come from ``explorer.contract``; the outcome follows from the tenant's data, never from a
lookup of the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..catalogue import Msg, Words
from ..contract import LOGIN_PATH
from ..precheck import check_raw
from .body import read_capped
from .errors import ApiError, api_error_response
from .outcome import compact, conclude, state_token
from .weibo import WeiboRejected, WeiboUnavailable

if TYPE_CHECKING:
    from .context import Sandbox

BUSY = "IDAAS.SDK.COM.0002"
WEIBO_REJECTED = "SANDBOX.WEIBO.0001"
USER_DISABLED = "IDAAS.SDK.USER.0039"
USER_NOT_FOUND = "IDAAS.SDK.USER.0001"

WEIBO_REASONS: dict[str, Words] = {
    "invalid_request": Msg("no access token"),
    "invalid_access_token": Msg("unknown access token"),
    "expired_token": Msg("access token expired"),
    "appkey": Msg("token issued to another Weibo app"),
    "uid": Msg("token belongs to another uid"),
}
"""What follows the colon in ``SANDBOX.WEIBO.0001``'s error_msg."""


async def login_weibo(request: Request) -> Response:
    sandbox: Sandbox = request.app.state.sandbox
    try:
        with sandbox.store.for_one_request():  # the fake Weibo's read is inside it too
            return await _decide(sandbox, request)
    except ApiError as error:
        return api_error_response(request, error)


async def _decide(sandbox: Sandbox, request: Request) -> JSONResponse:
    headers, language = request.headers, request.headers.get("x-l")
    # The request's own parameters are judged by the same function a form predicts with, so the
    # prediction and the answer cannot drift apart.
    raw = await read_capped(request)
    apps: dict[str, Any] = {}  # the app row precheck looked up, kept for the rest of the call

    def app_exists(client_id: str) -> bool:
        apps[client_id] = sandbox.store.app(client_id)
        return apps[client_id] is not None

    wrong, body = check_raw(headers, raw, app_exists=app_exists)
    if wrong is not None:
        raise ApiError(wrong.code)
    client_id = headers["x-client-id"].strip()
    app = apps[client_id] if client_id in apps else sandbox.store.app(client_id)
    if app is None:  # check_raw found it: only a concurrent reset removes it
        raise ApiError("IDAAS.SDK.PARAM.0003")
    access_token, uid = body["access_token"], body["uid"]
    busy, policy = sandbox.store.spend_busy_and_policy()
    if busy:
        raise ApiError(BUSY)
    try:
        info = await sandbox.weibo.token_info(access_token)
    except WeiboRejected as rejected:
        reason = WEIBO_REASONS.get(rejected.error)
        raise ApiError(WEIBO_REJECTED, reason(language) if reason else rejected.error) from None
    except WeiboUnavailable:
        raise ApiError(BUSY) from None
    if info.appkey != policy["weibo_appkey"]:
        raise ApiError(WEIBO_REJECTED, WEIBO_REASONS["appkey"](language))
    if info.uid != uid:
        raise ApiError(WEIBO_REJECTED, WEIBO_REASONS["uid"](language))

    account = sandbox.store.social_account("weibo", uid)
    if account is None or account["user_id"] is None:
        return _unbound(sandbox, request, client_id, uid, account, policy)
    user = sandbox.store.user(account["user_id"], social=False)
    if user is None:  # a binding always points at a user (foreign key)
        raise RuntimeError(f"user {account['user_id']} of a binding is gone")
    if user["disabled"]:
        raise ApiError(USER_DISABLED)
    return conclude(sandbox, request, user, client_id, app, policy=policy)


def _unbound(sandbox: Sandbox, request: Request, client_id: str, uid: str, account: Any,
             policy: dict[str, Any]) -> JSONResponse:
    """A Weibo account no user is bound to: the tenant's register or bind flow, or not found."""
    status = {"register": "USER_REGISTER", "bind": "SOCIAL_BIND"}.get(policy["unbound_social"])
    if status is None:
        raise ApiError(USER_NOT_FOUND)
    if account is None:
        account = sandbox.store.ensure_social_account("weibo", uid, sandbox.new_social_uid())
    token = state_token(sandbox, request, client_id,
                        {"socialUid": account["social_uid"], "status": status})
    data = compact({"socialBindOrRegisterFlow": policy["verify_methods"]})
    return JSONResponse({"state_token": token, "data": data, "status": status})


def routes() -> list[BaseRoute]:
    return [Route(LOGIN_PATH, login_weibo, methods=["POST"])]
