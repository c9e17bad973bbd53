"""Judgements about logged calls that several exercises share: a well-formed login request, the
same device across a flow."""

from __future__ import annotations

import ipaddress
from typing import Any

from ...catalogue import Msg, Words, fill
from ...contract import DEVICE_HEADERS
from ...sandbox.tenant_admin import LoggedRequest
from ..model import Miss

DEVICE = tuple(name.lower() for name in DEVICE_HEADERS)
SHOWN = 40
"""Characters of a header value quoted in a message."""


def _call(call: LoggedRequest) -> str:
    return f"{call.method} {call.path}"


def _quote(value: str) -> str:
    return repr(value if len(value) <= SHOWN else value[:SHOWN] + "…")


def missing_device(call: LoggedRequest) -> Words | None:
    """Which device header ``call`` lacks (or the X-device-ip that is not an IP); None: none."""
    for name in DEVICE_HEADERS:
        if not call.headers.get(name.lower(), "").strip():
            return fill(Msg("{call} sent no {name} header"),
                        call=_call(call), name=name)
    ip = call.headers.get("x-device-ip", "").strip()
    if ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            return fill(Msg("{call} sent X-device-ip {ip}, which is not an IP address"),
                        call=_call(call), ip=_quote(ip))
    return None


def not_sent(method: str, path: str) -> Miss:
    """The failure of a run in which the sandbox never saw ``method path`` from the learner."""
    words = Msg("the sandbox saw no {method} {path} from your code")
    return Miss(fill(words, method=method, path=path))


def has_device(call: LoggedRequest) -> bool:
    """The three required device headers, non-blank; X-device-ip, when sent, an IP address."""
    return missing_device(call) is None


def sends_json(call: LoggedRequest, *fields: str) -> bool:
    """``content-type: application/json`` and a JSON object body with these string fields."""
    kind = call.headers.get("content-type", "").split(";")[0].strip().lower()
    body = call.json()
    return (kind == "application/json" and isinstance(body, dict)
            and all(isinstance(body.get(f), str) for f in fields))


def login_problem(call: LoggedRequest, client_id: str, *fields: str) -> Words | None:
    """What is wrong with a login request — a device header, the client id, the body — or
    None when it is well-formed."""
    return missing_device(call) or client_problem(call, client_id) or body_problem(call, *fields)


def client_problem(call: LoggedRequest, client_id: str) -> Words | None:
    """None when ``call`` named the app's client id; else what it sent instead."""
    sent = call.headers.get("x-client-id", "").strip()
    if sent == client_id:
        return None
    return fill(Msg("{call} sent X-client-id {sent}, not the app's client id {client_id}"),
                call=_call(call), sent=_quote(sent), client_id=_quote(client_id))


def body_problem(call: LoggedRequest, *fields: str) -> Words | None:
    """None when ``call`` sent a JSON object with these string fields; else what it sent."""
    if sends_json(call, *fields):
        return None
    kind = call.headers.get("content-type", "").split(";")[0].strip() or _NO_TYPE
    return fill(Msg("{call} sent a body of {kind}, not a JSON object with {fields} as strings"),
                call=_call(call), kind=kind, fields=lambda language: _AND(language).join(fields))


_NO_TYPE = Msg("no content-type")
_AND = Msg(", ")
"""What separates the names in a list."""


def once(calls: list[LoggedRequest], method: str, path: str) -> Words | None:
    """None when the sandbox saw exactly one ``method path``; else how many it saw."""
    if len(calls) == 1:
        return None
    return fill(Msg("the sandbox saw {n} {method} {path}; one is expected"),
                n=len(calls), method=method, path=path)


def device_of(call: LoggedRequest) -> tuple[str, ...]:
    return tuple(call.headers.get(name, "").strip() for name in DEVICE)


def same_device(calls: list[LoggedRequest]) -> bool:
    """Every call of the flow carries the same device headers (and the same client id)."""
    return device_change(calls) is None


def device_change(calls: list[LoggedRequest]) -> Words | None:
    """The first call whose device headers or X-client-id differ from the first call's, and
    which header changed; None when all agree."""
    names = (*DEVICE_HEADERS, "X-client-id")
    first = [calls[0].headers.get(n.lower(), "").strip() for n in names] if calls else []
    for call in calls[1:]:
        for name, was in zip(names, first, strict=True):
            now = call.headers.get(name.lower(), "").strip()
            if now != was:
                return fill(Msg(
                    "{call} sent {name} {now}; the flow's first call ({first}) sent {was}"),
                    call=_call(call), name=name, now=_quote(now), first=_call(calls[0]),
                    was=_quote(was))
    return None


def code_type_sent(sends: list[LoggedRequest], expected: str, spender: str) -> Words | None:
    """The first code request whose ``type`` is not ``expected`` (the type ``spender``
    accepts); None when all ask for it."""
    for call in sends:
        body = call.json()
        sent = body.get("type") if isinstance(body, dict) else None
        if sent != expected:
            shown = (Msg("no type") if sent is None
                     else fill(Msg("type {sent}"), sent=sent))
            return fill(Msg("{call} asked for {shown}; {spender} accepts only {expected}"),
                        call=_call(call), shown=shown, spender=spender, expected=expected)
    return None


def answered(call: LoggedRequest) -> Any:
    return call.answer_json()
