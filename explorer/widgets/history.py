"""The exchanges of one form, newest first, in a list: pick one to show its result again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from ..client import CallFailed


@dataclass(frozen=True)
class Entry:
    """A result and its place in the form's history (1 is the first exchange)."""

    number: int
    result: Any

    @property
    def label(self) -> str:
        """``#3 · 200 · SUCCESS`` (``—`` when no HTTP answer came back). A number, not a time:
        an executed notebook stores this label, and must be the same bytes on every run."""
        exchange = getattr(self.result, "exchange", None)
        status = str(exchange.status_code) if exchange is not None else "—"
        if isinstance(self.result, CallFailed):
            outcome = type(self.result).__name__
        else:
            outcome = self.result.status
        return f"#{self.number} · {status} · {outcome}"


class History:
    """A select list of the form's results; choosing one calls ``on_pick(result)``."""

    def __init__(self, on_pick: Callable[[Any], None]) -> None:
        self.entries: list[Entry] = []
        self.select = w.Select(options=[], rows=6, layout=w.Layout(width="100%"))
        self.select.observe(self._picked, names="value")
        self._on_pick = on_pick
        self._quiet = False

    @property
    def results(self) -> list[Any]:
        """Oldest first, as they were sent."""
        return [e.result for e in self.entries]

    def add(self, result: Any) -> None:
        self.entries.append(Entry(len(self.entries) + 1, result))
        index = len(self.entries) - 1
        self._quiet = True
        try:
            self.select.options = [(e.label, i) for i, e in reversed(list(enumerate(self.entries)))]
            self.select.value = index
        finally:
            self._quiet = False

    def pick(self, index: int) -> Any:
        """Show entry ``index`` (oldest is 0) again, as a click in the list does."""
        self.select.value = index if index >= 0 else len(self.entries) + index
        return self.entries[self.select.value].result

    def _picked(self, change: dict[str, Any]) -> None:
        if not self._quiet and change["new"] is not None:
            self._on_pick(self.entries[change["new"]].result)
