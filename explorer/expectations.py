"""``expect(result, outcome)``: the assertion every documentation notebook ends with.

It fails the cell (and so the docs build) when a call did not end as the page says, and when it
holds it leaves a record in the notebook: a small static badge for the reader and a machine-readable
output, ``application/vnd.weibo-explorer.expect+json``, that the docs build's coverage gate and the
site's Try-it panel read back from the executed notebook::

    {"outcome": "SUCCESS", "ok": true,
     "exchange": {"method", "url", "request_headers": {name: value}, "request_body",
                  "status_code", "response_body",
                  "arranged": [{"method", "path", "json"}, ...]}}   # when arrange() was used

``arranged`` lists the admin calls ``SandboxAdmin.apply`` made on that sandbox since its last
reset, so the Try-it panel can put a fresh sandbox in the same state before sending the request.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from .contract import ERRORS, STATUSES

MIME_TYPE = "application/vnd.weibo-explorer.expect+json"

_OUTCOMES = frozenset(STATUSES) | frozenset(ERRORS)


@dataclass(frozen=True)
class Expectation:
    """An outcome that held, with the exchange that proved it."""

    outcome: str
    exchange: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "ok": True, "exchange": self.exchange}

    def _repr_html_(self) -> str:
        ex = self.exchange
        return (
            '<span class="wx-expect" style="display:inline-block;padding:2px 8px;'
            "border-radius:4px;background:#e6f4ea;color:#137333;border:1px solid #137333;"
            'font:12px monospace">&#10003; expected '
            f"{html.escape(self.outcome)} &middot; {html.escape(ex['method'])} "
            f"{html.escape(_path(ex['url']))} &rarr; {ex['status_code']}</span>"
        )

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        return {
            "text/plain": f"expected {self.outcome}: it held "
            f"({self.exchange['method']} {_path(self.exchange['url'])} "
            f"-> {self.exchange['status_code']})",
            "text/html": self._repr_html_(),
            MIME_TYPE: self.to_json(),
        }


def outcome_of(result: Any) -> str:
    """The outcome a result stands for: its status (trimmed, as the client reads it), or its
    error code."""
    code = getattr(result, "error_code", None)
    if code:
        return str(code)
    status = getattr(result, "status", None)
    if not isinstance(status, str):
        raise TypeError(
            f"expect() takes a result of the client (Success, IdaasError, ...), "
            f"not {type(result).__name__}"
        )
    return status.strip()


def check(result: Any, outcome: str) -> Expectation:
    """Compare without displaying: the ``Expectation`` when ``result`` ended as ``outcome``,
    else ``AssertionError`` saying what came back instead."""
    if outcome not in _OUTCOMES:
        raise ValueError(
            f"unknown outcome {outcome!r}: expected a status ({', '.join(STATUSES)}) "
            "or an error code of explorer.contract.ERRORS"
        )
    got = outcome_of(result)
    exchange = getattr(result, "exchange", None)
    if got != outcome:
        detail = ""
        msg = getattr(result, "error_msg", None)
        if msg:
            detail = f" ({msg})"
        where = f" from {exchange.method} {exchange.url}" if exchange is not None else ""
        raise AssertionError(f"expected {outcome}, got {got}{detail}{where}")
    if exchange is None:
        raise TypeError("expect() needs a result that carries its exchange")
    return Expectation(outcome, _exchange_json(exchange))


def expect(result: Any, outcome: str) -> None:
    """Assert that ``result`` ended as ``outcome`` (a status or an error code), and record it.

    Raises ``AssertionError`` naming what came back instead. When it holds, in a notebook it
    displays the badge and the record the docs build reads; elsewhere it returns quietly.
    """
    expectation = check(result, outcome)
    try:
        from IPython.core.getipython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a docs dependency
        return
    if get_ipython() is not None:
        display(expectation)


def _exchange_json(exchange: Any) -> dict[str, Any]:
    from .sandbox.tenant_admin import arranged_since_reset

    record = {
        "method": exchange.method,
        "url": exchange.url,
        "request_headers": {name: value for name, value in exchange.request_headers},
        "request_body": exchange.request_body,
        "status_code": exchange.status_code,
        "response_body": exchange.response_body,
    }
    arranged = arranged_since_reset(exchange.url)
    if arranged:  # the state that made this answer: Try-it replays it before the request
        record["arranged"] = arranged
    return record


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path or url


def records(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The expect records among a cell's outputs (as nbformat stores them)."""
    found = []
    for output in outputs:
        data = output.get("data") or {}
        record = data.get(MIME_TYPE)
        if isinstance(record, str):  # some writers store JSON mime data as text
            record = json.loads(record)
        if isinstance(record, dict):
            found.append(record)
    return found
