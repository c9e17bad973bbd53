"""What only a sandbox can show: a captcha's answer, the codes it "sent", the calls it answered.

A real tenant sends codes to a real phone and needs a real drag on its puzzle. The sandbox keeps
both where a notebook, a test or the form can read them over HTTP: ``GET /sandbox/captcha/{token}``
answers ``{"x", "y"}``; ``GET /sandbox/outbox`` lists every SMS and e-mail it delivered, newest
last, as ``{"channel", "to", "type", "code", "sent_at"}``; ``GET /sandbox/requests`` is its request
log, read by ``requests()`` as ``LoggedRequest`` entries. All raise ``LookupError`` when the
target does not answer them (it is no sandbox, or the token is unknown). Each takes
``admin_token`` (default ``$WEIBO_EXPLORER_ADMIN_TOKEN``) for a sandbox that needs one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from .. import plain_get
from .admin_auth import admin_headers

TIMEOUT = 10.0
PAGE = 100
"""Entries asked for per read of the request log: the most the sandbox serves at once."""


def _get(base_url: str, path: str, admin_token: str | None = None) -> Any:
    try:
        response = plain_get.get(base_url.rstrip("/") + path, timeout=TIMEOUT,
                                 headers=admin_headers(admin_token))
    except httpx.HTTPError as exc:
        raise LookupError(f"GET {path}: {type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise LookupError(f"GET {path} answered {response.status_code}: {response.text[:200]}")
    try:
        return response.json()
    except ValueError as exc:
        raise LookupError(f"GET {path}: the answer is not JSON") from exc


def captcha_answer(base_url: str, token: str, *,
                   admin_token: str | None = None) -> tuple[float, float]:
    """Where the piece of captcha ``token`` fits: ``(x, y)``."""
    answer = _get(base_url, f"/sandbox/captcha/{token}", admin_token)
    return float(answer["x"]), float(answer["y"])


def outbox(base_url: str, *, admin_token: str | None = None) -> list[dict[str, Any]]:
    """Every message the sandbox delivered, oldest first."""
    messages = _get(base_url, "/sandbox/outbox", admin_token)
    if not isinstance(messages, list):
        raise LookupError("GET /sandbox/outbox did not answer a JSON list")
    return messages


def last_message(base_url: str, to: str, type: str | None = None, *,
                 admin_token: str | None = None) -> dict[str, Any]:
    """The newest message to ``to`` (of ``type``, when given)."""
    for message in reversed(outbox(base_url, admin_token=admin_token)):
        if message.get("to") == to and (type is None or message.get("type") == type):
            return dict(message)
    raise LookupError(f"no message to {to}" + (f" of type {type}" if type else "")
                      + " in the sandbox's outbox")


def last_code(base_url: str, to: str, type: str | None = None, *,
              admin_token: str | None = None) -> str:
    """The code of the newest message to ``to``: what the user would read on their phone."""
    return str(last_message(base_url, to, type, admin_token=admin_token)["code"])


@dataclass(frozen=True)
class LoggedRequest:
    """One call the sandbox answered, as its request log recorded it (secrets masked)."""

    id: int
    kind: str
    """``api`` (login and follow-ups), ``weibo`` (the fake Weibo) or ``admin`` (``/sandbox/*``)."""
    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    """Lower-case names."""
    body: str
    status: int
    answer: str
    sandbox_time: str
    sandbox_timestamp: float
    wall_time: str
    duration_ms: float
    body_truncated: bool = False
    query_truncated: bool = False
    headers_truncated: bool = False
    answer_truncated: bool = False

    @property
    def admin(self) -> bool:
        return self.kind == "admin"

    def json(self) -> Any:
        """The request body parsed as JSON (None when it is not JSON)."""
        return _maybe_json(self.body)

    def answer_json(self) -> Any:
        """The answer parsed as JSON (None when it is not JSON)."""
        return _maybe_json(self.answer)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def _maybe_json(text: str) -> Any:
    import json

    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def requests(base_url: str, since: int | None = None, *,
             admin_token: str | None = None) -> list[LoggedRequest]:
    """The sandbox's request log, oldest first; with ``since`` only the entries after that id.
    Reads every page (``GET /sandbox/requests`` serves at most ``PAGE`` entries a call)."""
    entries: list[dict[str, Any]] = []
    after = int(since or 0)
    while True:
        page = _get(base_url, f"/sandbox/requests?since={after}&limit={PAGE}", admin_token)
        if not isinstance(page, list):
            raise LookupError("GET /sandbox/requests did not answer a JSON list")
        entries += page
        if len(page) < PAGE:
            return logged(entries)
        after = int(page[-1]["id"])


def logged(entries: list[dict[str, Any]]) -> list[LoggedRequest]:
    """``GET /sandbox/requests``'s JSON as typed entries (unknown keys ignored)."""
    fields = LoggedRequest.__dataclass_fields__
    return [LoggedRequest(**{k: v for k, v in entry.items() if k in fields}) for entry in entries]
