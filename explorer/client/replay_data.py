"""Replaying a request written down as data: ``{"headers": {...}, "body": {...}}``.

The sandbox's docs fixtures, a saved exchange or a test case describe a login as exactly the
headers and body to send. ``replay`` sends exactly that through a client — a contract header the
description leaves out is dropped, not filled with the client's default — so a missing header or
a wrongly typed field reproduces its error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..contract import WEIBO_LOGIN
from ..results import Result
from .clients import IdaasClient

_KEEP = {"content-type", "x-l"}
"""Left to the client when the description does not set them: the media type and the language."""


def replay(client: IdaasClient, request: Mapping[str, Any]) -> Result:
    """Send the described login through ``client`` (its retries and token checks apply)."""
    given = {name.lower(): (name, value) for name, value in request.get("headers", {}).items()}
    headers: dict[str, str | None] = {
        h.name: given.get(h.name.lower(), (h.name, None))[1]
        for h in WEIBO_LOGIN.headers if h.name.lower() not in _KEEP or h.name.lower() in given
    }
    known = {h.name.lower() for h in WEIBO_LOGIN.headers}
    headers.update({name: value for lower, (name, value) in given.items() if lower not in known})
    body = request.get("body", {})
    if isinstance(body, dict) and set(body) <= {"access_token", "uid"} and all(
            isinstance(v, str) for v in body.values()):
        return client.login_weibo(body.get("access_token"), body.get("uid"), headers=headers)
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body, ensure_ascii=False)
    return client.login_weibo(None, None, headers=headers, raw_body=raw)
