"""``POST /api/v2/sdk/social/bind`` and ``/social/register-bind``: the end of SOCIAL_BIND and
USER_REGISTER.

Both take the flow's ``X-state-token`` and a phone or e-mail with its code. Bind finds the user who
owns that phone or e-mail; register-bind finds them too, and creates a user only when there is
none. In one ``BEGIN IMMEDIATE`` transaction: the state_token is unspent, the code is right, the
user is found or created, the Weibo account bound and the state_token spent — so two requests
racing with one state_token make exactly one user. The flow then ends as a login of that user would
(``outcome.conclude``).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..catalogue import Msg
from ..contract import CODE_TYPES, SOCIAL_BIND, SOCIAL_REGISTER_BIND, Endpoint
from . import codes
from .errors import ApiError
from .flow_rules import (
    USER_DISABLED,
    canonical,
    check_client,
    gone,
    is_spent,
    json_fields,
    spend,
    spent_error,
    state,
    user_by,
)
from .outcome import conclude

if TYPE_CHECKING:
    from .context import Sandbox

USER_NOT_FOUND = "IDAAS.SDK.USER.0001"
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
            wrong = codes.check(db, recipient, CODE_TYPES[endpoint.path][channel],
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


def routes() -> list[BaseRoute]:
    return [Route(SOCIAL_BIND.path, social_bind, methods=["POST"]),
            Route(SOCIAL_REGISTER_BIND.path, register_bind, methods=["POST"])]
