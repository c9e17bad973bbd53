"""The ``{error_code, error_msg}`` envelope, and the handlers that keep every failure inside it.

Messages come from ``explorer.contract.ERRORS`` (the login's codes) and
``admin_schema.SANDBOX_ERRORS`` (the sandbox's own); this module only picks the language. Unknown
routes, wrong methods and unexpected exceptions answer in the same envelope — never a traceback.
An envelope's bytes are rendered once per code, language and detail (``ENVELOPES`` of them kept):
the same error answers the same bytes every time, and most errors are the same few.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..contract import is_chinese
from .admin_schema import ALL_ERRORS

ENVELOPES = 512
"""Rendered envelopes kept; past that the store starts empty again (details can be anything)."""
_rendered: dict[tuple[str, bool, str | None], tuple[bytes, int]] = {}


def error_response(code: str, language: str | None, detail: str | None = None) -> Response:
    """The envelope for ``code`` in the request's language; ``detail`` follows a colon."""
    key = (code, is_chinese(language), detail)
    rendered = _rendered.get(key)
    if rendered is None:
        error = ALL_ERRORS[code]
        message = error.message(language)
        if detail:
            message += ("：" if key[1] else ": ") + detail
        body = JSONResponse({"error_code": code, "error_msg": message}).body
        if len(_rendered) >= ENVELOPES:
            _rendered.clear()
        rendered = _rendered[key] = (bytes(body), error.http_status)
    return Response(rendered[0], status_code=rendered[1], media_type=JSONResponse.media_type)


class ApiError(Exception):
    """Raise anywhere in a handler to answer with this code (and optional detail)."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


def api_error_response(request: Request, error: ApiError) -> Response:
    """The answer to ``error`` raised while handling ``request`` (a handler that catches its
    own saves the exception's trip through Starlette's handlers)."""
    return error_response(error.code, request.headers.get("x-l"), error.detail)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return api_error_response(request, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "SANDBOX.HTTP.0404", 405: "SANDBOX.HTTP.0405"}.get(exc.status_code,
                                                                     "SANDBOX.HTTP.0500")
    response = error_response(code, request.headers.get("x-l"))
    if exc.status_code == 405 and exc.headers:  # Starlette names the route's methods in Allow
        response.headers["Allow"] = exc.headers.get("Allow", "")
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    return error_response("SANDBOX.HTTP.0500", request.headers.get("x-l"), type(exc).__name__)


EXCEPTION_HANDLERS = {ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected}
