"""The likely cause of an error in the user's own request.

The contract says which header or body field each code is about (``ErrorCode.cause`` and the
``error_code`` of each header and body field); the exchange says what was actually sent. Together
they give sentences like "X-agent was missing" or "uid was a JSON number, not a string".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..contract import LOGIN_PATH, MAX_BODY_BYTES, WEIBO_LOGIN, ErrorCode
from ..errors import CallFailed
from ..precheck import CHECKED, Prediction, check, check_headers
from ..results import IdaasError
from .card import Code, Plain, Rich, fill
from .labels import JSON_TYPES, LABELS

_NO_BODY = object()
_PYTHON_TYPES = {"array": list, "object": dict, "string": str, "boolean": bool, "number": int,
                 "null": type(None)}
"""precheck names JSON types as JSON does; the labels table keys them by Python type."""


USER_STATE_CAUSES = {"IDAAS.SDK.USER.0001": "cause_user_unbound",
                     "IDAAS.SDK.USER.0039": "cause_user_disabled"}
"""The user's state each USER code reports (the server looked it up), said as that state."""


def related_fields(spec: ErrorCode) -> tuple[str, ...]:
    """The headers and body fields an error code is about, per the contract."""
    names = [n.strip() for n in (spec.cause or "").split(",") if n.strip()]
    names += [h.name for h in WEIBO_LOGIN.headers if h.error_code == spec.code]
    names += [f.name for f in WEIBO_LOGIN.body if f.error_code == spec.code]
    return tuple(dict.fromkeys(names))


def likely_causes(error: IdaasError, language: str | None) -> tuple[Rich, ...]:
    """What in the request most likely made the server answer this error."""
    spec = error.spec
    if spec is None:
        return ()

    def say(key: str, **values: object) -> Rich:
        return fill(LABELS[key](language), **values)

    exchange = error.exchange
    out: list[Rich] = []
    fault = parameter_fault(error)
    if fault is not None:
        out.append(_say_fault(fault, exchange.request_body, say, language))
    detail = _after_colon(error.error_msg)
    if spec.code == "SANDBOX.WEIBO.0001" and detail:
        out.append(say("cause_weibo", detail=Plain(detail)))
    body = _parse(exchange.request_body)
    if spec.code.startswith("IDAAS.SDK.USER.") and isinstance(body, dict) and "uid" in body:
        out.append(say(USER_STATE_CAUSES.get(spec.code, "cause_user"), value=_show(body["uid"])))
    if not out and spec.cause is None:
        out.append((LABELS["no_cause"](language),))
    return tuple(out)


def parameter_fault(error: IdaasError) -> Prediction | None:
    """The header or field at fault, decided by ``explorer.precheck`` — the very function the
    sandbox judges parameters with — replayed on what the exchange sent."""
    if error.error_code not in CHECKED:
        return None
    exchange = error.exchange
    headers = dict(exchange.request_headers)
    # The server has said whether the app is registered; the exchange alone cannot.
    def registered(_client_id: str) -> bool:
        return error.error_code != "IDAAS.SDK.PARAM.0003"

    if urlsplit(exchange.url).path == LOGIN_PATH:
        found = check(headers, exchange.request_body.encode("utf-8"), app_exists=registered)
    else:
        found = check_headers(headers, app_exists=registered, content_type=False)
    return found if found is not None and found.code == error.error_code else None


def _say_fault(fault: Prediction, raw: str, say: Callable[..., Rich],
               language: str | None) -> Rich:
    def kind(json_name: str) -> Plain:
        return Plain(JSON_TYPES[_PYTHON_TYPES[json_name]](language))

    field, value = fault.field, fault.value
    if fault.problem == "missing":
        return say("cause_missing", field=field)
    if fault.problem == "blank":
        return say("cause_blank", field=field)
    if fault.problem == "null":
        return say("cause_type", field=field, type=kind("null"))
    if fault.problem == "not_ip":
        return say("cause_bad_ip", field=field, value=value)
    if fault.problem == "unregistered":
        return say("cause_unregistered", value=value)
    if fault.problem == "content_type":
        return say("cause_content_type", value=value)
    if fault.problem == "too_large":
        return say("cause_too_large", n=Plain(str(value)), limit=Plain(str(MAX_BODY_BYTES)))
    if fault.problem == "not_json":
        try:
            json.loads(raw)
        except ValueError as exc:
            return say("cause_not_json", detail=Plain(str(exc)))
    if fault.problem == "not_object":
        return say("cause_not_object", type=kind(value))
    return say("cause_type", field=field, type=kind(value))


def _after_colon(message: str) -> str:
    """The reason a message names after its colon (ASCII or full-width, as in Chinese)."""
    parts = re.split(r"[:：]", message, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def _parse(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return _NO_BODY


def _show(value: Any) -> Code:
    return Code(value if isinstance(value, str) else json.dumps(value))


def transport_hint(error: CallFailed, language: str | None) -> str | None:
    """What most likely went wrong when a call got no documented answer, and the command or
    setting that fixes it: nothing listening on a loopback port (start a sandbox), a host that
    cannot be reached, a timeout, or an answer from something that is no IDaaS tenant."""
    import httpx

    from ..client.target import is_loopback

    lang = language or "en"
    url = error.url or ""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else url
    cause = error.__cause__
    if isinstance(cause, httpx.ConnectError):
        key = "hint_nothing_listening" if is_loopback(url) else "hint_cannot_connect"
        return LABELS[key](lang).format(url=base, host=parts.hostname or "")
    if isinstance(cause, httpx.TimeoutException):
        return LABELS["hint_timeout"](lang).format(url=base)
    if error.exchange is not None:
        return LABELS["hint_not_idaas"](lang).format(url=base)
    return None
