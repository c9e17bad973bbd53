"""What only a sandbox can show: a captcha's answer and the codes it "sent".

A real tenant sends codes to a real phone and needs a real drag on its puzzle. The sandbox keeps
both where a notebook, a test or the form can read them over HTTP: ``GET /sandbox/captcha/{token}``
answers ``{"x", "y"}``; ``GET /sandbox/outbox`` lists every SMS and e-mail it delivered, newest
last, as ``{"channel", "to", "type", "code", "sent_at"}``. Both raise ``LookupError`` when the
target does not answer them (it is no sandbox, or the token is unknown).
"""

from __future__ import annotations

from typing import Any

import httpx

from . import plain_get

TIMEOUT = 10.0


def _get(base_url: str, path: str) -> Any:
    try:
        response = plain_get.get(base_url.rstrip("/") + path, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        raise LookupError(f"GET {path}: {type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise LookupError(f"GET {path} answered {response.status_code}: {response.text[:200]}")
    try:
        return response.json()
    except ValueError as exc:
        raise LookupError(f"GET {path}: the answer is not JSON") from exc


def captcha_answer(base_url: str, token: str) -> tuple[float, float]:
    """Where the piece of captcha ``token`` fits: ``(x, y)``."""
    answer = _get(base_url, f"/sandbox/captcha/{token}")
    return float(answer["x"]), float(answer["y"])


def outbox(base_url: str) -> list[dict[str, Any]]:
    """Every message the sandbox delivered, oldest first."""
    messages = _get(base_url, "/sandbox/outbox")
    if not isinstance(messages, list):
        raise LookupError("GET /sandbox/outbox did not answer a JSON list")
    return messages


def last_message(base_url: str, to: str, type: str | None = None) -> dict[str, Any]:
    """The newest message to ``to`` (of ``type``, when given)."""
    for message in reversed(outbox(base_url)):
        if message.get("to") == to and (type is None or message.get("type") == type):
            return message
    raise LookupError(f"no message to {to}" + (f" of type {type}" if type else "")
                      + " in the sandbox's outbox")


def last_code(base_url: str, to: str, type: str | None = None) -> str:
    """The code of the newest message to ``to``: what the user would read on their phone."""
    return str(last_message(base_url, to, type)["code"])
