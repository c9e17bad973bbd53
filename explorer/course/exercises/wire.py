"""Judgements about logged calls that several exercises share: a well-formed login request, the
same device across a flow."""

from __future__ import annotations

import ipaddress
from typing import Any

from ...sandbox.peek import LoggedRequest
from ...contract import DEVICE_HEADERS

DEVICE = tuple(name.lower() for name in DEVICE_HEADERS)


def has_device(call: LoggedRequest) -> bool:
    """The three required device headers, non-blank; X-device-ip, when sent, an IP address."""
    if not all(call.headers.get(name, "").strip() for name in DEVICE):
        return False
    ip = call.headers.get("x-device-ip", "").strip()
    if ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            return False
    return True


def sends_json(call: LoggedRequest, *fields: str) -> bool:
    """``content-type: application/json`` and a JSON object body with these string fields."""
    kind = call.headers.get("content-type", "").split(";")[0].strip().lower()
    body = call.json()
    return (kind == "application/json" and isinstance(body, dict)
            and all(isinstance(body.get(f), str) for f in fields))


def device_of(call: LoggedRequest) -> tuple[str, ...]:
    return tuple(call.headers.get(name, "").strip() for name in DEVICE)


def same_device(calls: list[LoggedRequest]) -> bool:
    """Every call of the flow carries the same device headers (and the same client id)."""
    seen = {(device_of(c), c.headers.get("x-client-id", "")) for c in calls}
    return len(seen) == 1


def answered(call: LoggedRequest) -> Any:
    return call.answer_json()
