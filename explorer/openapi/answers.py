"""Every error code an operation of the document can answer, derived from where the codes live.

- An API call's own codes: ``Endpoint.errors`` of ``explorer.contract``, in the order checked.
- An admin route's own: the ``SANDBOX.ADMIN.*`` codes of ``admin_schema.SANDBOX_ERRORS``, each by
  its HTTP status and what the route takes (``_ADMIN_RULES``): 415 on a write, 400 where a body
  or a query is judged, 404 where a path names a record, 409 where a write creates or renames
  one. Any other code of ``SANDBOX_ERRORS`` is listed on every admin route.
- The front door's (``explorer.sandbox._middleware``), before any route: a foreign ``Host``, a
  repeated header and a body over 64 KiB everywhere (docs/sandbox-choices.md, "Who may call the
  sandbox"); a foreign ``Origin`` and a missing admin token on ``/sandbox/*``.
- Routing's (``explorer.sandbox.flow_rules``), where a path parameter can hold a ``/`` (a generated
  client quotes it as ``%2F``, which the server decodes): no route, or a route of the document's
  paths that does not take this method (405, with that route's methods in ``Allow``).
- ``SANDBOX.HTTP.0500`` everywhere: a bug answers in the envelope too.

A new ``SANDBOX.HTTP.*`` code is listed on every operation until a rule places it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..contract import ERRORS, Endpoint
from ..sandbox.admin_schema import (
    ADMIN_PREFIX,
    BAD_HOST,
    FOREIGN_ORIGIN,
    NO_TOKEN,
    REPEATED,
    SANDBOX_ERRORS,
)

_HTTP, _ADMIN = "SANDBOX.HTTP.", "SANDBOX.ADMIN."
Paths = Mapping[str, Iterable[str]]
"""Every path of the document with the methods its route takes (upper case)."""


def _the_code(codes: Mapping[str, Any], prefix: str, status: int) -> str:
    """The one code of ``prefix`` answering ``status``."""
    found = [c for c, e in codes.items() if c.startswith(prefix) and e.http_status == status]
    if len(found) != 1:
        raise LookupError(f"one {prefix}* code answers {status}, not {found}: name it here")
    return found[0]


NO_ROUTE = _the_code(SANDBOX_ERRORS, _HTTP, 404)
WRONG_METHOD = _the_code(SANDBOX_ERRORS, _HTTP, 405)
BUG = _the_code(SANDBOX_ERRORS, _HTTP, 500)
TOO_LARGE = _the_code(ERRORS, "SANDBOX.BODY.", 413)
FRONT_DOOR = (BAD_HOST, REPEATED, TOO_LARGE)
_PLACED = {*FRONT_DOOR, NO_ROUTE, WRONG_METHOD, BUG}


def _admin_at(status: int) -> list[str]:
    return [c for c, e in SANDBOX_ERRORS.items()
            if c.startswith(_ADMIN) and e.http_status == status]


_ADMIN_RULES: tuple[tuple[Callable[[dict[str, Any]], bool], list[str]], ...] = (
    (lambda op: op["method"] not in ("GET", "HEAD"), _admin_at(415)),
    (lambda op: op["request_schema"] is not None or bool(op.get("query_parameters")),
     _admin_at(400)),
    (lambda op: "{" in op["path"], _admin_at(404)),
    (lambda op: op["response_status"] == 201 or op["method"] == "PATCH", _admin_at(409)),
)
"""When an admin route answers which codes, in the order it checks (``sandbox._admin_routes``: media
type, body, the record, its uniqueness)."""
_ADMIN_RULED = {FOREIGN_ORIGIN, NO_TOKEN, *(c for _, found in _ADMIN_RULES for c in found)}


def _pattern(path: str) -> re.Pattern[str]:
    """``path`` with each parameter matching anything, ``/`` included."""
    parts = re.split(r"\{\w+\}", path)
    return re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$")


def wrong_method_routes(method: str, path: str, paths: Paths) -> dict[str, list[str]]:
    """The other paths a ``/`` in a parameter of ``path`` can reach whose route does not take
    ``method``, with the methods it does take."""
    if "{" not in path:
        return {}
    pattern = _pattern(path)
    found = {}
    for other, methods in paths.items():
        concrete = re.sub(r"\{\w+\}", "x", other)
        if other != path and pattern.match(concrete) and method.upper() not in set(methods):
            found[other] = sorted(methods)
    return found


def _admin_codes(op: dict[str, Any]) -> list[str]:
    return [*(c for rule, found in _ADMIN_RULES if rule(op) for c in found),
            *(c for c in SANDBOX_ERRORS if not c.startswith(_HTTP) and c not in _ADMIN_RULED)]


def codes(method: str, path: str, own: Iterable[str], paths: Paths) -> list[str]:
    """Every code ``method path`` can answer: the front door's, routing's, ``own`` (the route's,
    in the order it checks them), a bug's."""
    found = list(FRONT_DOOR)
    if path.startswith(ADMIN_PREFIX):
        found += [FOREIGN_ORIGIN, NO_TOKEN]
    if "{" in path:
        found.append(NO_ROUTE)
    if wrong_method_routes(method, path, paths):
        found.append(WRONG_METHOD)
    found += own
    found.append(BUG)
    found += [c for c in SANDBOX_ERRORS if c.startswith(_HTTP) and c not in _PLACED]
    return list(dict.fromkeys(found))


def endpoint_codes(endpoint: Endpoint, paths: Paths) -> list[str]:
    """``codes`` of an API call of the contract."""
    return codes(endpoint.method, endpoint.path, endpoint.errors, paths)


def admin_codes(op: dict[str, Any], paths: Paths) -> list[str]:
    """``codes`` of an admin route of ``admin_schema.ADMIN_OPERATIONS``."""
    return codes(op["method"], op["path"], _admin_codes(op), paths)
