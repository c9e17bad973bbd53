"""An example call as code to copy: curl, Python httpx and JavaScript fetch.

The docs write them from the exchange a notebook actually made (its ``expect`` record), so what a
reader copies is what ran when the site was built. curl and httpx come from the client's own
``explorer.client.snippets``; fetch, which only the browser-side docs need, is written here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..client.snippets import to_curl, to_httpx
from ..results import Exchange

_TRANSPORT = frozenset({"host", "content-length", "connection", "accept", "accept-encoding",
                        "user-agent", "transfer-encoding"})
"""Headers the HTTP library adds on its own; the snippets leave them to the reader's library."""


def headers_of(exchange: Mapping[str, Any]) -> dict[str, str]:
    """The request headers the caller chose (the HTTP library's own dropped), in sent order."""
    raw = exchange.get("request_headers") or {}
    items = raw.items() if isinstance(raw, Mapping) else raw
    return {k: v for k, v in items if k.lower() not in _TRANSPORT}


def _json_object(body: str) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def fetch(exchange: Mapping[str, Any]) -> str:
    body = exchange.get("request_body") or ""
    obj = _json_object(body)
    headers = json.dumps(headers_of(exchange), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    lines = [f"const response = await fetch({json.dumps(exchange['url'])}, {{",
             f"  method: {json.dumps(exchange['method'])},", f"  headers: {headers},"]
    if obj is not None:
        lines.append(f"  body: JSON.stringify({json.dumps(obj, ensure_ascii=False)}),")
    elif body:
        lines.append(f"  body: {json.dumps(body, ensure_ascii=False)},")
    lines += ["});", "console.log(response.status, await response.json());"]
    return "\n".join(lines)


def exchange_of(record: Mapping[str, Any]) -> Exchange:
    """The client's ``Exchange`` for an expect record's exchange (request side and answer)."""
    raw = record.get("request_headers") or {}
    items = raw.items() if isinstance(raw, Mapping) else raw
    return Exchange(method=record["method"], url=record["url"],
                    request_headers=tuple((str(k), str(v)) for k, v in items),
                    request_body=record.get("request_body") or "",
                    status_code=int(record.get("status_code") or 0), response_headers=(),
                    response_body=record.get("response_body") or "")


def tabs(exchange: Mapping[str, Any]) -> str:
    """The three snippets as pymdownx.tabbed Markdown (tabs linked across the site)."""
    out = []
    ex = exchange_of(exchange)
    for title, lang, code in (("curl", "bash", to_curl(ex)),
                              ("Python httpx", "python", to_httpx(ex)),
                              ("JavaScript fetch", "javascript", fetch(exchange))):
        out += [f'=== "{title}"', "", f"    ```{lang}"]
        out += [f"    {line}" if line else "" for line in code.splitlines()]
        out += ["    ```", ""]
    return "\n".join(out)
