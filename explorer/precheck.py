"""Which documented error a login request will get, decided before it is sent.

``predict_error(headers, body)`` walks the server's checks of the request's own parameters in the
contract's order (``WEIBO_LOGIN.errors``) and returns the first code that applies, or None when the
parameters pass and the answer depends on the tenant (user, policy, Weibo). ``check`` returns the
same decision with the header or field at fault and a sentence for a form: "X-agent is empty: the
server will answer IDAAS.SDK.PARAM.0001".

Pure and I/O-free so that a form can call it on every keystroke and the sandbox can decide with
it: header names are case-insensitive, values are judged after ``strip()``, a ``None`` value
means the header is not sent. Imports only ``explorer.contract``.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .catalogue import Msg, Words
from .contract import DEVICE_HEADERS, MAX_BODY_BYTES, WEIBO_LOGIN


def _code(code: str | None) -> str:
    """A code the contract gives the login's checks (each of these has one)."""
    if code is None:
        raise LookupError("the contract lost an error code the login's checks answer")
    return code


DEVICE_INCOMPLETE = _code(WEIBO_LOGIN.header("X-agent").error_code)
CLIENT_ID_EMPTY = _code(WEIBO_LOGIN.header("X-client-id").error_code)
APP_NOT_REGISTERED = "IDAAS.SDK.PARAM.0003"
WRONG_CONTENT_TYPE = _code(WEIBO_LOGIN.header("content-type").error_code)
TOO_LARGE, NOT_JSON, NOT_OBJECT, NOT_STRING = (
    "SANDBOX.BODY.0004", "SANDBOX.BODY.0001", "SANDBOX.BODY.0002", "SANDBOX.BODY.0003")
TOKEN_EMPTY = _code(WEIBO_LOGIN.field("access_token").error_code)
UID_EMPTY = _code(WEIBO_LOGIN.field("uid").error_code)

CHECKED: tuple[str, ...] = (
    DEVICE_INCOMPLETE, CLIENT_ID_EMPTY, APP_NOT_REGISTERED, WRONG_CONTENT_TYPE, TOO_LARGE,
    NOT_JSON, NOT_OBJECT, NOT_STRING, TOKEN_EMPTY, UID_EMPTY,
)
"""The codes this module decides, in the order it checks them (the contract's order)."""

_PROBLEMS: dict[str, Words] = {
    "missing": Msg("{field} is missing"),
    "blank": Msg("{field} is empty"),
    "null": Msg("{field} is null"),
    "not_ip": Msg("{field} {value!r} is not an IP address"),
    "unregistered": Msg("X-client-id {value!r} is not a registered app"),
    "content_type": Msg("content-type is {value!r}, not application/json"),
    "too_large": Msg("the body is {value} bytes, more than {limit}"),
    "not_json": Msg("the body is not JSON"),
    "not_object": Msg("the body is a JSON {value}, not an object"),
    "not_string": Msg("{field} is a JSON {value}, not a string"),
}
_OUTCOME = Msg("{problem}: the server will answer {code}")
_JSON_TYPES = {list: "array", dict: "object", str: "string", bool: "boolean", int: "number",
               float: "number", type(None): "null"}


@dataclass(frozen=True)
class Prediction:
    """The error a request will get: its ``code``, the ``field`` at fault (a header name, a body
    field name, or ``"body"``), and what is wrong with it."""

    code: str
    field: str
    problem: str
    value: Any = None

    def reason(self, language: str | None = None) -> str:
        """What is wrong, e.g. "X-agent is empty" (Chinese when ``language`` starts with zh)."""
        return _PROBLEMS[self.problem](language).format(
            field=self.field, value=self.value, limit=MAX_BODY_BYTES)

    def sentence(self, language: str | None = None) -> str:
        """"X-agent is empty: the server will answer IDAAS.SDK.PARAM.0001"."""
        return _OUTCOME(language).format(problem=self.reason(language), code=self.code)

    def __str__(self) -> str:
        return self.sentence()


def predict_error(
    headers: Mapping[str, str | None],
    body: Any,
    *,
    app_exists: Callable[[str], bool] | None = None,
) -> str | None:
    """The code the server will answer for these parameters, or None if they pass.

    ``body`` is the raw bytes sent, or the JSON value the client will serialise (a dict, usually).
    ``app_exists(client_id)`` decides ``IDAAS.SDK.PARAM.0003``; without it that check is skipped.
    """
    found = check(headers, body, app_exists=app_exists)
    return found.code if found else None


def check(
    headers: Mapping[str, str | None],
    body: Any,
    *,
    app_exists: Callable[[str], bool] | None = None,
) -> Prediction | None:
    """``predict_error``'s decision with the field at fault and a sentence to show."""
    return check_headers(headers, app_exists=app_exists) or _body(body)


def check_raw(
    headers: Mapping[str, str | None],
    raw: bytes,
    *,
    app_exists: Callable[[str], bool] | None = None,
) -> tuple[Prediction | None, Any]:
    """``check`` of the bytes a server received, and the body as parsed (None when the
    headers fail first or it is not JSON): a server judges and reads the body in one parse."""
    wrong = check_headers(headers, app_exists=app_exists)
    return (wrong, None) if wrong is not None else _raw_body(raw)


def check_headers(
    headers: Mapping[str, str | None],
    *,
    app_exists: Callable[[str], bool] | None = None,
    content_type: bool = True,
) -> Prediction | None:
    """The client headers every call of the family carries (device, client id, and with
    ``content_type`` the JSON media type), judged in the contract's order."""
    return _headers(_lower(headers), app_exists, content_type)


def _lower(headers: Mapping[str, str | None]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items() if value is not None}


def _headers(sent: dict[str, str], app_exists: Callable[[str], bool] | None,
             content_type: bool) -> Prediction | None:
    for name in DEVICE_HEADERS:
        value = sent.get(name.lower())
        if value is None or not value.strip():
            return Prediction(DEVICE_INCOMPLETE, name, "missing" if value is None else "blank")
    ip = sent.get("x-device-ip", "")
    if ip.strip() and not _is_ip(ip):
        return Prediction(DEVICE_INCOMPLETE, "X-device-ip", "not_ip", ip)
    client_id = sent.get("x-client-id")
    if client_id is None or not client_id.strip():
        return Prediction(CLIENT_ID_EMPTY, "X-client-id",
                          "missing" if client_id is None else "blank")
    if app_exists is not None and not app_exists(client_id.strip()):
        return Prediction(APP_NOT_REGISTERED, "X-client-id", "unregistered", client_id.strip())
    media_type = sent.get("content-type")
    if content_type and not is_json_content_type(media_type):
        problem = "missing" if media_type is None else "content_type"
        return Prediction(WRONG_CONTENT_TYPE, "content-type", problem, media_type)
    return None


_NOT_JSON = object()


def _parse(raw: bytes | bytearray) -> Any:
    """The JSON value of ``raw``, or ``_NOT_JSON``: bad syntax, bad UTF-8, or a string holding
    a lone surrogate (``"\\ud800"``: valid JSON syntax, but no Unicode text — nothing can
    store or forward it)."""
    try:
        value = json.loads(raw)
        # A surrogate can only come from a \u escape or from non-ASCII bytes (json decodes
        # bytes with "surrogatepass"); plain ASCII without \u needs no second pass.
        if not raw.isascii() or b"\\u" in raw:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return _NOT_JSON
    return value


def _raw_body(raw: bytes | bytearray) -> tuple[Prediction | None, Any]:
    """The body's checks on the bytes sent, and the value parsed (None when it did not)."""
    if len(raw) > MAX_BODY_BYTES:
        return Prediction(TOO_LARGE, "body", "too_large", len(raw)), None
    value = _parse(raw)
    if value is _NOT_JSON:
        return Prediction(NOT_JSON, "body", "not_json"), None
    return _shape(value), value


def _body(body: Any) -> Prediction | None:
    if isinstance(body, (bytes, bytearray)):
        return _raw_body(body)[0]
    try:
        size = len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())
    except (TypeError, ValueError):  # nothing the client could send as JSON
        return Prediction(NOT_JSON, "body", "not_json")
    if size > MAX_BODY_BYTES:
        return Prediction(TOO_LARGE, "body", "too_large", size)
    return _shape(body)


def _shape(body: Any) -> Prediction | None:
    """The checks of a parsed body: an object whose two fields are non-blank strings."""
    if not isinstance(body, dict):
        return Prediction(NOT_OBJECT, "body", "not_object", _json_type(body))
    for name in ("access_token", "uid"):
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            return Prediction(NOT_STRING, name, "not_string", _json_type(value))
    for name, code in (("access_token", TOKEN_EMPTY), ("uid", UID_EMPTY)):
        value = body.get(name)
        if value is None or not value.strip():
            problem = "missing" if name not in body else "null" if value is None else "blank"
            return Prediction(code, name, problem)
    return None


def is_json_content_type(value: str | None) -> bool:
    """True for ``application/json``, any case, parameters (``; charset=utf-8``) allowed."""
    return value is not None and value.split(";", 1)[0].strip().lower() == "application/json"


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return False
    return True


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


__all__ = ["CHECKED", "Prediction", "check", "check_headers", "is_json_content_type",
           "predict_error"]
