"""The coverage gate: every status and every error code of the vendor's page has an example that
was executed and asserted with ``explorer.expect``.

It reads the ``application/vnd.weibo-explorer.expect+json`` records that ``expect`` leaves in the
executed notebooks, so an example counts only if its assertion actually ran and held.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..contract import SEED_ERRORS, STATUSES
from ..expect import records

REQUIRED: tuple[str, ...] = STATUSES + SEED_ERRORS
"""What the docs must show: the five statuses and the seed's eight error codes."""


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

    def __rich__(self):
        from rich.table import Table

        table = Table(title="coverage", show_edge=False)
        table.add_column("outcome")
        table.add_column("asserted in")
        for outcome in self.required:
            where = self.covered.get(outcome)
            table.add_row(outcome, ", ".join(where) if where else "[bold red]missing[/]")
        return table


def scan(executed: Iterable[Path], required: tuple[str, ...] = REQUIRED) -> Coverage:
    """Read the expect records of executed notebooks."""
    covered: dict[str, list[str]] = {}
    for path in sorted(executed):
        nb = json.loads(Path(path).read_text())
        for cell in nb.get("cells", []):
            for record in records(cell.get("outputs", [])):
                if record.get("ok") is True and isinstance(record.get("outcome"), str):
                    names = covered.setdefault(record["outcome"], [])
                    if path.stem not in names:
                        names.append(path.stem)
    return Coverage({k: tuple(v) for k, v in covered.items()}, tuple(required))
