"""The coverage gate: every status and every error code of the vendor's page, and every flow that
follows the login, has an example that was executed and asserted with ``explorer.expectations``.

It reads the ``application/vnd.weibo-explorer.expect+json`` records that ``expect`` leaves in the
executed notebooks, so an example counts only if its assertion actually ran and held. A record
counts for its outcome and, when it comes from a follow-up call, also for ``OUTCOME @ METHOD path``:
the flows are required per call (a SUCCESS of the login does not cover a SUCCESS of register-bind).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..contract import (
    ERRORS,
    FOLLOW_UPS,
    ID_TOKEN_REFRESH,
    LOGIN_PATH,
    SEED_ERRORS,
    STATUSES,
    Endpoint,
)
from ..expectations import records
from . import course_pages

if TYPE_CHECKING:
    from rich.table import Table


def at(outcome: str, endpoint: Endpoint) -> str:
    """The coverage key of an outcome of one follow-up call: ``SUCCESS @ POST /api/...``."""
    return f"{outcome} @ {endpoint.method} {endpoint.path}"


FLOW_REQUIRED: tuple[str, ...] = (
    *(at("SUCCESS", e) for e in FOLLOW_UPS if e.statuses),
    at("SUCCESS", ID_TOKEN_REFRESH),
    *(code for code, e in ERRORS.items() if e.source == "family"),
    "SANDBOX.CODE.0001", "SANDBOX.TICKET.0001",
)
"""The flows: each call that ends a flow reaches SUCCESS (bind, register-bind, MFA, id_token
refresh), each code of the vendor's neighbouring pages is shown (PARAM.0023, CAPTCHA.0002,
CAPTCHA.0006, COMMON.1007), and so are the forbidden edges the sandbox names itself (a wrong code,
a ticket used twice)."""

REQUIRED: tuple[str, ...] = STATUSES + SEED_ERRORS + FLOW_REQUIRED + course_pages.required()
"""What the docs must show: the five statuses, the seed's eight error codes, the flows, and a
complete page per course exercise plus the trainer's page."""


@dataclass(frozen=True)
class Coverage:
    """Which notebooks asserted which outcome, against what is required."""

    covered: dict[str, tuple[str, ...]]
    """outcome -> notebooks that asserted it."""
    required: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(o for o in self.required if o not in self.covered)

    @property
    def ok(self) -> bool:
        return not self.missing

    def __rich__(self) -> Table:
        return self.table("en")

    def table(self, language: str) -> Table:
        """The gate as a table, its headings in ``language``."""
        from rich.table import Table

        from .. import i18n

        say = i18n.words_in(language)
        table = Table(title=say("coverage_title"), show_edge=False)
        table.add_column(say("coverage_outcome"))
        table.add_column(say("coverage_where"))
        for outcome in self.required:
            where = self.covered.get(outcome)
            table.add_row(outcome, ", ".join(where) if where
                          else f"[bold red]{say('coverage_missing')}[/]")
        return table


def scan(executed: Iterable[Path], required: tuple[str, ...] = REQUIRED) -> Coverage:
    """Read the expect records of executed notebooks."""
    covered: dict[str, list[str]] = {}
    for path in sorted(executed):
        nb = json.loads(Path(path).read_text())
        for cell in nb.get("cells", []):
            for record in records(cell.get("outputs", [])):
                if record.get("ok") is True and isinstance(record.get("outcome"), str):
                    for key in keys(record):
                        names = covered.setdefault(key, [])
                        if path.stem not in names:
                            names.append(path.stem)
    for key, where in course_pages.covered().items():  # the course pages, from their data
        if key in required:
            covered.setdefault(key, list(where))
    return Coverage({k: tuple(v) for k, v in covered.items()}, tuple(required))


def keys(record: dict[str, Any]) -> tuple[str, ...]:
    """What one expect record covers: its outcome, and ``outcome @ call`` off the login."""
    outcome = record["outcome"]
    exchange = record.get("exchange") or {}
    path = urlsplit(str(exchange.get("url", ""))).path
    if not path or path == LOGIN_PATH:
        return (outcome,)
    return outcome, f"{outcome} @ {exchange.get('method', '')} {path}"
