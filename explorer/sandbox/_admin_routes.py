"""The admin API (``/sandbox/*``): arrange any scenario over HTTP.

Routes and their JSON Schemas come from ``admin_schema.ADMIN_OPERATIONS`` — the same data the
OpenAPI document prints — and bodies are validated with ``jsonschema`` (validators built once).
Bad input answers ``SANDBOX.ADMIN.0001`` (400), an unknown user ``0002`` (404), a duplicate
``0003`` (409), all in the login's envelope.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import best_match
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..precheck import is_json_content_type
from . import _challenges
from ._middleware import parse_limit, parse_since
from ._store import Conflict, NotFound
from .admin_schema import ADMIN_OPERATIONS
from .config import PastHorizon
from .flow_rules import ApiError, parse_json, read_bounded
from .seed import FIXTURES, WEIBO_TOKEN_TTL

if TYPE_CHECKING:
    from ._context import Sandbox


INVALID, NOT_FOUND, DUPLICATE = "SANDBOX.ADMIN.0001", "SANDBOX.ADMIN.0002", "SANDBOX.ADMIN.0003"
NOT_JSON, CLOCK_HORIZON = "SANDBOX.ADMIN.0006", "SANDBOX.ADMIN.0007"

Handler = Callable[["Sandbox", dict[str, Any], dict[str, str]], Any]


def _reset(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    fixtures = body.get("fixtures", "docs")
    sb.reset(fixtures)
    return {"fixtures": fixtures, "now": sb.clock.isoformat()}


def _fixtures(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> list[Any]:
    return list(FIXTURES)


def _add_app(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    if sb.store.app(body["client_id"]) is not None:  # 409 before spending the RNG
        raise Conflict(f"client_id {body['client_id']!r}")
    secret = body.get("client_secret") or sb.rng.token(32)
    return sb.store.add_app(body["client_id"], body.get("name", ""),
                            body.get("allowed_user_ids"), secret)


def _get_app(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    app = sb.store.app(params["client_id"])
    if app is None:
        raise NotFound(f"app {params['client_id']!r}")
    return app


def _captcha_answer(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    return _challenges.answer(sb, params["token"])


def _outbox(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> list[Any]:
    return _challenges.outbox(sb)


def _revoke_session(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    sb.store.revoke_session(params["session_token"])
    return {"session_token": params["session_token"], "revoked": True}


def _add_weibo_token(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    now = sb.clock.timestamp()
    appkey = body.get("appkey") or sb.store.policy()["weibo_appkey"]
    row = sb.store.add_weibo_token(body["access_token"], body["uid"], appkey, now,
                                   now + body.get("expires_in", WEIBO_TOKEN_TTL))
    return {"access_token": row["access_token"], "uid": row["uid"], "appkey": row["appkey"],
            "expires_in": row["expires_at"] - now, "created_at": row["created_at"]}


def _add_user(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    user = {"name": "", "mobile": "", "email": "", "disabled": False, "mfa": False, **body}
    user.setdefault("id", sb.new_user_id())
    return sb.store.add_user(user)


def _list_users(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> list[Any]:
    return [sb.store.user(row["id"]) for row in sb.store.all("SELECT id FROM users ORDER BY seq")]


def _get_user(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    return sb.store.user(params["id"])


def _patch_user(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    return sb.store.update_user(params["id"], body)


def _bind(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    sb.store.user(params["id"])  # 404 before spending the RNG
    account = sb.store.social_account(body["provider"], body["uid"])
    social_uid = account["social_uid"] if account else sb.new_social_uid()
    return sb.store.bind(params["id"], body["provider"], body["uid"], social_uid)


def _get_policy(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    return sb.store.policy()


def _put_policy(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    for index, cidr in enumerate(body.get("deny_ips", ())):
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            raise ApiError(INVALID, f"deny_ips/{index}: {cidr!r} is not a CIDR range") from None
    return sb.store.update_policy(body)


def _requests(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        since, limit = parse_since(params.get("since")), parse_limit(params.get("limit"))
    except ValueError as exc:
        raise ApiError(INVALID, str(exc)) from None
    return sb.requests.page(since, limit)


def _faults(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    sb.store.arm_busy(body["busy"])
    return {"busy": body["busy"]}


def _get_clock(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    return {"now": sb.clock.isoformat(), "timestamp": sb.clock.timestamp(),
            "frozen": sb.clock.frozen}


def _clock(sb: Sandbox, body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    try:
        sb.clock.advance(body["advance"])
    except PastHorizon as exc:
        raise ApiError(CLOCK_HORIZON, str(exc)) from None
    return _get_clock(sb, body, params)


HANDLERS: dict[tuple[str, str], Handler] = {
    ("POST", "/sandbox/reset"): _reset,
    ("GET", "/sandbox/fixtures"): _fixtures,
    ("POST", "/sandbox/apps"): _add_app,
    ("GET", "/sandbox/apps/{client_id}"): _get_app,
    ("GET", "/sandbox/captcha/{token}"): _captcha_answer,
    ("GET", "/sandbox/outbox"): _outbox,
    ("POST", "/sandbox/sessions/{session_token}/revoke"): _revoke_session,
    ("POST", "/sandbox/weibo/tokens"): _add_weibo_token,
    ("POST", "/sandbox/users"): _add_user,
    ("GET", "/sandbox/users"): _list_users,
    ("GET", "/sandbox/users/{id}"): _get_user,
    ("PATCH", "/sandbox/users/{id}"): _patch_user,
    ("POST", "/sandbox/users/{id}/social"): _bind,
    ("GET", "/sandbox/policy"): _get_policy,
    ("PUT", "/sandbox/policy"): _put_policy,
    ("GET", "/sandbox/requests"): _requests,
    ("POST", "/sandbox/faults"): _faults,
    ("GET", "/sandbox/clock"): _get_clock,
    ("POST", "/sandbox/clock"): _clock,
}


def _strict_integer(checker: Any, instance: Any) -> bool:
    """JSON integers only: ``0.0`` is a number with a fraction part in JSON text, and ``true``
    is a boolean, although JSON Schema's data model calls the first an integer."""
    return isinstance(instance, int) and not isinstance(instance, bool)


StrictValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer))
"""Draft 2020-12, except that ``"type": "integer"`` takes JSON integers only."""


def _validation_detail(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "body"
    message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    return f"{where}: {message}"


def _endpoint(operation: dict[str, Any]) -> Callable[[Request], Awaitable[JSONResponse]]:
    handler = HANDLERS[operation["method"], operation["path"]]
    schema = operation["request_schema"]
    validator = StrictValidator(schema) if schema else None

    async def endpoint(request: Request) -> JSONResponse:
        body: Any = {}
        if request.method not in ("GET", "HEAD") and not is_json_content_type(
                request.headers.get("content-type")):  # what a cross-site page cannot send
            raise ApiError(NOT_JSON, request.headers.get("content-type", "(none)")[:80])
        if validator is not None:
            raw = await read_bounded(request)
            body = parse_json(raw, INVALID, detail=True) if raw.strip() else {}
            error = best_match(validator.iter_errors(body))
            if error is not None:
                raise ApiError(INVALID, _validation_detail(error))
        try:
            params = {**request.query_params, **request.path_params}
            result = handler(request.app.state.sandbox, body, params)
        except NotFound as exc:
            raise ApiError(NOT_FOUND, str(exc)) from None
        except Conflict as exc:
            raise ApiError(DUPLICATE, str(exc)) from None
        return JSONResponse(result, status_code=operation["response_status"])

    endpoint.__name__ = handler.__name__.lstrip("_")
    return endpoint


def _by_method(endpoints: dict[str, Callable[[Request], Awaitable[JSONResponse]]],
               name: str) -> Callable[[Request], Awaitable[JSONResponse]]:
    """One endpoint for every method of one path, so a wrong method's 405 lists them all in
    ``Allow`` (Starlette answers from the first route whose path matches)."""

    async def endpoint(request: Request) -> JSONResponse:
        method = "GET" if request.method == "HEAD" else request.method
        return await endpoints[method](request)

    endpoint.__name__ = name
    return endpoint


def routes() -> list[BaseRoute]:
    by_path: dict[str, dict[str, Callable[[Request], Awaitable[JSONResponse]]]] = {}
    for op in ADMIN_OPERATIONS:
        by_path.setdefault(op["path"], {})[op["method"]] = _endpoint(op)
    return [Route(path, _by_method(endpoints, "_or_".join(e.__name__ for e in endpoints.values())),
                  methods=list(endpoints))
            for path, endpoints in by_path.items()]
