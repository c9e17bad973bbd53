"""The end of MFA_AUTH: ``GET /api/v2/sdk/mobile-by-token`` names the phone (masked) and
``POST /api/v2/sdk/mfa/sms`` checks the ``MFA_AUTH_SMS`` code sent to it.

The user comes from the state_token (``sub.userId``), never from the request; ``mobile`` in the
body must be that user's phone, written in full or masked as mobile-by-token gives it.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..catalogue import Msg
from ..contract import CODE_TYPES, MFA_SMS, MOBILE_BY_TOKEN
from . import codes
from .errors import ApiError
from .flow_rules import (
    USER_DISABLED,
    canonical,
    check_client,
    is_spent,
    json_fields,
    mask,
    spend,
    spent_error,
    state,
    state_user,
)
from .outcome import conclude

if TYPE_CHECKING:
    from .context import Sandbox

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
        raise ApiError(codes.NONE, _NOT_THIS_PHONE(request.headers.get("x-l")))
    now = sandbox.clock.timestamp()
    failure: ApiError | None = None
    try:
        with sandbox.store.transaction() as db:
            if is_spent(sandbox, claims):
                raise spent_error(request)
            wrong = codes.check(db, phone, CODE_TYPES[MFA_SMS.path]["mobile"],
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


def routes() -> list[BaseRoute]:
    return [Route(MOBILE_BY_TOKEN.path, mobile_by_token, methods=["GET"]),
            Route(MFA_SMS.path, mfa_sms, methods=["POST"])]
