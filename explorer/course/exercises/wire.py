"""Judgements about logged calls that several exercises share: a well-formed login request, the
same device across a flow."""

from __future__ import annotations

import ipaddress
from typing import Any

from ...contract import DEVICE_HEADERS, Text
from ...sandbox.tenant_admin import LoggedRequest
from ..model import Miss

DEVICE = tuple(name.lower() for name in DEVICE_HEADERS)
SHOWN = 40
"""Characters of a header value quoted in a message."""


def _call(call: LoggedRequest) -> str:
    return f"{call.method} {call.path}"


def _quote(value: str) -> str:
    return repr(value if len(value) <= SHOWN else value[:SHOWN] + "…")


def missing_device(call: LoggedRequest) -> Text | None:
    """Which device header ``call`` lacks (or the X-device-ip that is not an IP); None: none."""
    for name in DEVICE_HEADERS:
        if not call.headers.get(name.lower(), "").strip():
            return Text(f"{_call(call)} sent no {name} header",
                        f"{_call(call)} 没有发送 {name} 请求头")
    ip = call.headers.get("x-device-ip", "").strip()
    if ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            return Text(f"{_call(call)} sent X-device-ip {_quote(ip)}, which is not an IP address",
                        f"{_call(call)} 发送的 X-device-ip {_quote(ip)} 不是 IP 地址")
    return None


def not_sent(method: str, path: str) -> Miss:
    """The failure of a run in which the sandbox never saw ``method path`` from the learner."""
    return Miss(Text(f"the sandbox saw no {method} {path} from your code",
                     f"沙箱没有收到你的代码发出的 {method} {path}"))


def has_device(call: LoggedRequest) -> bool:
    """The three required device headers, non-blank; X-device-ip, when sent, an IP address."""
    return missing_device(call) is None


def sends_json(call: LoggedRequest, *fields: str) -> bool:
    """``content-type: application/json`` and a JSON object body with these string fields."""
    kind = call.headers.get("content-type", "").split(";")[0].strip().lower()
    body = call.json()
    return (kind == "application/json" and isinstance(body, dict)
            and all(isinstance(body.get(f), str) for f in fields))


def login_problem(call: LoggedRequest, client_id: str, *fields: str) -> Text | None:
    """What is wrong with a login request — a device header, the client id, the body — or
    None when it is well-formed."""
    return missing_device(call) or client_problem(call, client_id) or body_problem(call, *fields)


def client_problem(call: LoggedRequest, client_id: str) -> Text | None:
    """None when ``call`` named the app's client id; else what it sent instead."""
    sent = call.headers.get("x-client-id", "").strip()
    if sent == client_id:
        return None
    return Text(f"{_call(call)} sent X-client-id {_quote(sent)}, not the app's client id "
                f"{_quote(client_id)}",
                f"{_call(call)} 发送的 X-client-id 为 {_quote(sent)}，而不是应用的 client id "
                f"{_quote(client_id)}")


def body_problem(call: LoggedRequest, *fields: str) -> Text | None:
    """None when ``call`` sent a JSON object with these string fields; else what it sent."""
    if sends_json(call, *fields):
        return None
    kind = call.headers.get("content-type", "").split(";")[0].strip() or "no content-type"
    return Text(f"{_call(call)} sent a body of {kind}, not a JSON object with "
                f"{', '.join(fields)} as strings",
                f"{_call(call)} 发送的请求体为 {kind}，而不是以字符串形式包含 {'、'.join(fields)} "
                "的 JSON 对象")


def once(calls: list[LoggedRequest], method: str, path: str) -> Text | None:
    """None when the sandbox saw exactly one ``method path``; else how many it saw."""
    if len(calls) == 1:
        return None
    return Text(f"the sandbox saw {len(calls)} {method} {path}; one is expected",
                f"沙箱收到了 {len(calls)} 次 {method} {path}；应当只有一次")


def device_of(call: LoggedRequest) -> tuple[str, ...]:
    return tuple(call.headers.get(name, "").strip() for name in DEVICE)


def same_device(calls: list[LoggedRequest]) -> bool:
    """Every call of the flow carries the same device headers (and the same client id)."""
    return device_change(calls) is None


def device_change(calls: list[LoggedRequest]) -> Text | None:
    """The first call whose device headers or X-client-id differ from the first call's, and
    which header changed; None when all agree."""
    names = (*DEVICE_HEADERS, "X-client-id")
    first = [calls[0].headers.get(n.lower(), "").strip() for n in names] if calls else []
    for call in calls[1:]:
        for name, was in zip(names, first, strict=True):
            now = call.headers.get(name.lower(), "").strip()
            if now != was:
                return Text(
                    f"{_call(call)} sent {name} {_quote(now)}; the flow's first call "
                    f"({_call(calls[0])}) sent {_quote(was)}",
                    f"{_call(call)} 发送的 {name} 为 {_quote(now)}；流程的第一次调用"
                    f"（{_call(calls[0])}）发送的是 {_quote(was)}")
    return None


def code_type_sent(sends: list[LoggedRequest], expected: str, spender: str) -> Text | None:
    """The first code request whose ``type`` is not ``expected`` (the type ``spender``
    accepts); None when all ask for it."""
    for call in sends:
        body = call.json()
        sent = body.get("type") if isinstance(body, dict) else None
        if sent != expected:
            shown = "no type" if sent is None else f"type {sent}"
            shown_zh = "没有 type" if sent is None else f"type 为 {sent}"
            return Text(f"{_call(call)} asked for {shown}; {spender} accepts only {expected}",
                        f"{_call(call)} 请求的验证码{shown_zh}；{spender} 只接受 {expected}")
    return None


def answered(call: LoggedRequest) -> Any:
    return call.answer_json()
