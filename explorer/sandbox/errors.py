"""The ``{error_code, error_msg}`` envelope, and the handlers that keep every failure inside it.

Messages come from ``explorer.contract.ERRORS`` (the login's codes) and
``admin_schema.SANDBOX_ERRORS`` (the sandbox's own); this module only picks the language. Unknown
routes, wrong methods and unexpected exceptions answer in the same envelope — never a traceback.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..contract import ERRORS, ErrorCode, is_chinese
from .admin_schema import SANDBOX_ERRORS

ALL_ERRORS: dict[str, ErrorCode] = {**ERRORS, **SANDBOX_ERRORS}


def error_response(code: str, language: str | None, detail: str | None = None) -> JSONResponse:
    """The envelope for ``code`` in the request's language; ``detail`` follows a colon."""
    error = ALL_ERRORS[code]
    message = error.message(language)
    if detail:
        message += ("：" if is_chinese(language) else ": ") + detail
    return JSONResponse({"error_code": code, "error_msg": message},
                        status_code=error.http_status)


class ApiError(Exception):
    """Raise anywhere in a handler to answer with this code (and optional detail)."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.code, request.headers.get("x-l"), exc.detail)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = {404: "SANDBOX.HTTP.0404", 405: "SANDBOX.HTTP.0405"}.get(exc.status_code,
                                                                     "SANDBOX.HTTP.0500")
    response = error_response(code, request.headers.get("x-l"))
    if exc.status_code == 405 and exc.headers:  # Starlette names the route's methods in Allow
        response.headers["Allow"] = exc.headers.get("Allow", "")
    return response


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    return error_response("SANDBOX.HTTP.0500", request.headers.get("x-l"), type(exc).__name__)


EXCEPTION_HANDLERS = {ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected}
