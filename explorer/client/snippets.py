"""Any request as something a person can paste: a curl command, or Python httpx code.

Both take an ``httpx.Request``, an ``Exchange``, or a result (which carries its exchange), and
reproduce the request byte for byte: same method, URL, headers and body. Headers httpx adds on
its own (host, content-length) are left to the tool that sends the copy.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

import httpx

from ..results import Exchange

_IMPLIED = {"host", "content-length", "connection", "accept-encoding"}


def _parts(source: Any) -> tuple[str, str, list[tuple[str, str]], str]:
    exchange = getattr(source, "exchange", None)
    if isinstance(exchange, Exchange):
        source = exchange
    if isinstance(source, Exchange):
        method, url = source.method, source.url
        headers, body = list(source.request_headers), source.request_body
    elif isinstance(source, httpx.Request):
        method, url = source.method, str(source.url)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in source.headers.raw]
        body = source.content.decode("utf-8", "replace")
    else:
        raise TypeError(f"expected an httpx.Request, an Exchange or a result, not {type(source)!r}")
    return method, url, [(n, v) for n, v in headers if n.lower() not in _IMPLIED], body


def to_curl(source: Any) -> str:
    """A curl command that sends the same request (one option per line)."""
    method, url, headers, body = _parts(source)
    lines = [f"curl -X {method} {shlex.quote(url)}"]
    lines += [f"-H {shlex.quote(f'{name}: {value}' if value else f'{name};')}"
              for name, value in headers]
    names = {name.lower() for name, _ in headers}
    if body:
        if "content-type" not in names:
            lines.append("-H 'Content-Type:'")  # curl would otherwise add a form content-type
        lines.append(f"--data-raw {shlex.quote(body)}")
    return " \\\n  ".join(lines)


def _canonical_json(body: str) -> Any:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    same = json.dumps(value, ensure_ascii=False, separators=(",", ":")) == body
    return value if same and isinstance(value, dict) else None


def to_httpx(source: Any) -> str:
    """Python code that sends the same request with httpx and prints the answer."""
    method, url, headers, body = _parts(source)
    lines = ["import httpx", "", "response = httpx.request(",
             f"    {json.dumps(method)},", f"    {json.dumps(url)},", "    headers={"]
    lines += [f"        {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},"
              for name, value in headers]
    lines.append("    },")
    has_type = any(name.lower() == "content-type" for name, _ in headers)
    value = _canonical_json(body) if has_type else None
    if value is not None:
        lines.append(f"    json={value!r},")
    elif body:
        lines.append(f"    content={json.dumps(body, ensure_ascii=False)}.encode(),")
    lines += [")", "print(response.status_code, response.text)"]
    return "\n".join(lines) + "\n"
