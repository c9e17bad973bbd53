"""``POST /api/v2/sdk/login/weibo``: the decision, in the order ``WEIBO_LOGIN.errors`` lists.

Device headers, client id, body, the two fields, the busy fault, Weibo, then the user. Codes and
messages come from ``explorer.contract``; the outcome follows from the tenant's data, never from a
lookup of the request.

``POST /api/v2/sdk/social/bind`` and ``/social/register-bind``: the end of SOCIAL_BIND and
USER_REGISTER.

Both take the flow's ``X-state-token`` and a phone or e-mail with its code. Bind finds the user who
owns that phone or e-mail; register-bind finds them too, and creates a user only when there is
none. In one ``BEGIN IMMEDIATE`` transaction: the state_token is unspent, the code is right, the
user is found or created, the Weibo account bound and the state_token spent — so two requests
racing with one state_token make exactly one user. The flow then ends as a login of that user would
(``flow_rules.conclude``).

The end of MFA_AUTH: ``GET /api/v2/sdk/mobile-by-token`` names the phone (masked) and ``POST
/api/v2/sdk/mfa/sms`` checks the ``MFA_AUTH_SMS`` code sent to it.

The user comes from the state_token (``sub.userId``), never from the request; ``mobile`` in the
body must be that user's phone, written in full or masked as mobile-by-token gives it.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..catalogue import Msg, Words
from ..contract import (
    CODE_TYPES,
    LOGIN_PATH,
    MFA_SMS,
    MOBILE_BY_TOKEN,
    SOCIAL_BIND,
    SOCIAL_REGISTER_BIND,
    Endpoint,
)
from ..precheck import check_raw
from . import _challenges
from ._weibo import WeiboRejected, WeiboUnavailable
from .flow_rules import (
    USER_DISABLED,
    ApiError,
    api_error_response,
    canonical,
    check_client,
    compact,
    conclude,
    gone,
    is_spent,
    json_fields,
    mask,
    read_capped,
    spend,
    spent_error,
    state,
    state_token,
    state_user,
    user_by,
)

if TYPE_CHECKING:
    from ._context import Sandbox


# ------------------------------------------------------------ login
BUSY = "IDAAS.SDK.COM.0002"
WEIBO_REJECTED = "SANDBOX.WEIBO.0001"
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


def _routes_login() -> list[BaseRoute]:
    return [Route(LOGIN_PATH, login_weibo, methods=["POST"])]


# ------------------------------------------------------------ social
BAD_STATE = "IDAAS.SDK.COMMON.1007"
_ALREADY_BOUND = Msg("this Weibo account is bound already")


def _new_user(sandbox: Sandbox, channel: str, recipient: str) -> dict[str, Any]:
    """A user proven by this phone or e-mail; its user name is that phone or e-mail."""
    taken = sandbox.store.one("SELECT 1 FROM users WHERE user_name = ?", recipient)
    user_id = sandbox.new_user_id()
    return sandbox.store.add_user({
        "id": user_id, "user_name": user_id if taken else recipient, "name": "",
        "mobile": recipient if channel == "mobile" else "",
        "email": recipient if channel == "email" else "", "disabled": False, "mfa": False})


async def _complete(request: Request, endpoint: Endpoint, flow: str,
                    register: bool) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    language = request.headers.get("x-l")
    client_id, app = check_client(request, sandbox)
    claims = state(request, sandbox, flow)
    fields = await json_fields(request, endpoint)
    channel = "mobile" if fields["mobile"] else "email"
    recipient = canonical(fields[channel])
    now = sandbox.clock.timestamp()
    failure: ApiError | None = None
    user: dict[str, Any] | None = None
    try:
        with sandbox.store.transaction() as db:
            if is_spent(sandbox, claims):
                raise spent_error(request)
            wrong = _challenges.check(db, recipient, CODE_TYPES[endpoint.path][channel],
                                fields["verify_code"], now)
            if wrong is not None:  # committed: the wrong try counts
                failure = ApiError(*wrong)
            else:
                user = user_by(sandbox, channel, recipient)
                account = db.execute("SELECT * FROM social_accounts WHERE social_uid = ?",
                                     (claims["sub"].get("socialUid"),)).fetchone()
                if account is None:
                    failure = gone(request, "no account")
                elif account["user_id"] is not None:
                    failure = ApiError(BAD_STATE, _ALREADY_BOUND(language))
                elif user is None and not register:
                    failure = ApiError(USER_NOT_FOUND)
                elif user is not None and user["disabled"]:
                    failure = ApiError(USER_DISABLED)
                else:
                    spend(db, claims, now)
                    if user is None:
                        user = _new_user(sandbox, channel, recipient)
                    user = sandbox.store.bind(user["id"], account["provider"], account["uid"],
                                              account["social_uid"])
    except sqlite3.IntegrityError:  # another request spent this state_token first
        raise spent_error(request) from None
    if failure is not None:
        raise failure
    assert user is not None
    return conclude(sandbox, request, user, client_id, app)


async def social_bind(request: Request) -> JSONResponse:
    return await _complete(request, SOCIAL_BIND, "SOCIAL_BIND", register=False)


async def register_bind(request: Request) -> JSONResponse:
    return await _complete(request, SOCIAL_REGISTER_BIND, "USER_REGISTER", register=True)


def _routes_social() -> list[BaseRoute]:
    return [Route(SOCIAL_BIND.path, social_bind, methods=["POST"]),
            Route(SOCIAL_REGISTER_BIND.path, register_bind, methods=["POST"])]


# ------------------------------------------------------------ mfa
_NOT_THIS_PHONE = Msg("not the phone of this login")


async def mobile_by_token(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    check_client(request, sandbox)
    claims = state(request, sandbox, "MFA_AUTH")
    return JSONResponse({"mobile": mask(state_user(request, sandbox, claims)["mobile"])})


async def mfa_sms(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id, app = check_client(request, sandbox)
    claims = state(request, sandbox, "MFA_AUTH")
    fields = await json_fields(request, MFA_SMS)
    user = state_user(request, sandbox, claims)
    phone = canonical(user["mobile"])
    if fields["mobile"] != mask(user["mobile"]) and canonical(fields["mobile"]) != phone:
        raise ApiError(_challenges.NONE, _NOT_THIS_PHONE(request.headers.get("x-l")))
    now = sandbox.clock.timestamp()
    failure: ApiError | None = None
    try:
        with sandbox.store.transaction() as db:
            if is_spent(sandbox, claims):
                raise spent_error(request)
            wrong = _challenges.check(db, phone, CODE_TYPES[MFA_SMS.path]["mobile"],
                                fields["verify_code"], now)
            if wrong is not None:
                failure = ApiError(*wrong)
            elif user["disabled"]:
                failure = ApiError(USER_DISABLED)
            else:
                spend(db, claims, now)
    except sqlite3.IntegrityError:
        raise spent_error(request) from None
    if failure is not None:
        raise failure
    return conclude(sandbox, request, user, client_id, app, second_factor_done=True)


def _routes_mfa() -> list[BaseRoute]:
    return [Route(MOBILE_BY_TOKEN.path, mobile_by_token, methods=["GET"]),
            Route(MFA_SMS.path, mfa_sms, methods=["POST"])]


def routes() -> list[BaseRoute]:
    return [*_routes_login(), *_routes_social(), *_routes_mfa()]
