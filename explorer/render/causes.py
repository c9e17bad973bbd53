"""The likely cause of an error in the user's own request.

The contract says which header or body field each code is about (``ErrorCode.cause`` and the
``error_code`` of each header and body field); the exchange says what was actually sent. Together
they give sentences like "X-agent was missing" or "uid was a JSON number, not a string".
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any

from ..client.results import IdaasError
from ..contract import MAX_BODY_BYTES, WEIBO_LOGIN, ErrorCode
from .labels import JSON_TYPES, LABELS
from .model import Code, Plain, Rich, fill

_NO_BODY = object()


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
    say = lambda key, **values: fill(LABELS[key](language), **values)  # noqa: E731
    exchange = error.exchange
    headers = {name.lower(): value for name, value in exchange.request_headers}
    body = _parse(exchange.request_body)
    out: list[Rich] = []
    for name in related_fields(spec):
        if name == "body":
            out += _body_causes(exchange.request_body, say, language)
        elif name in {f.name for f in WEIBO_LOGIN.body}:
            out += _field_causes(name, body, say, language)
        else:
            out += _header_causes(spec, name, headers.get(name.lower()), say)
    detail = _after_colon(error.error_msg)
    if spec.code == "SANDBOX.WEIBO.0001" and detail:
        out.append(say("cause_weibo", detail=Plain(detail)))
    if spec.code.startswith("IDAAS.SDK.USER.") and isinstance(body, dict) and "uid" in body:
        out.append(say("cause_user", value=_show(body["uid"])))
    if not out and spec.cause is None:
        out.append((LABELS["no_cause"](language),))
    return tuple(out)


def _header_causes(spec: ErrorCode, name: str, value: str | None, say) -> list[Rich]:
    required = next((h.required for h in WEIBO_LOGIN.headers if h.name.lower() == name.lower()), True)
    if value is None:
        return [say("cause_missing", field=name)] if required else []
    if not value.strip():
        return [say("cause_blank", field=name)]
    if name.lower() == "x-device-ip" and not _is_ip(value):
        return [say("cause_bad_ip", field=name, value=value)]
    if spec.code == "IDAAS.SDK.PARAM.0003" and name.lower() == "x-client-id":
        return [say("cause_unregistered", value=value)]
    if name.lower() == "content-type" and not value.lower().startswith("application/json"):
        return [say("cause_content_type", value=value)]
    return []


def _field_causes(name: str, body: Any, say, language: str | None) -> list[Rich]:
    if not isinstance(body, dict):
        return []
    if name not in body:
        return [say("cause_missing", field=name)]
    value = body[name]
    if not isinstance(value, str):
        return [say("cause_type", field=name, type=Plain(JSON_TYPES[type(value)](language)))]
    return [say("cause_blank", field=name)] if not value.strip() else []


def _body_causes(raw: str, say, language: str | None) -> list[Rich]:
    size = len(raw.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        return [say("cause_too_large", n=Plain(str(size)), limit=Plain(str(MAX_BODY_BYTES)))]
    try:
        body = json.loads(raw)
    except ValueError as exc:
        return [say("cause_not_json", detail=Plain(str(exc)))]
    if not isinstance(body, dict):
        return [say("cause_not_object", type=Plain(JSON_TYPES[type(body)](language)))]
    return []


def _after_colon(message: str) -> str:
    """The reason a message names after its colon (ASCII or full-width, as in Chinese)."""
    parts = re.split(r"[:：]", message, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def _parse(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return _NO_BODY


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return False
    return True


def _show(value: Any) -> Code:
    return Code(value if isinstance(value, str) else json.dumps(value))
