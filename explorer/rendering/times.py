"""Times as a person reads them: an ISO date and a static relative phrase.

Relative phrases are computed against a reference time the result carries (when it was received or
checked), never against the clock at display time, so a rendered result is the same bytes every
time and a notebook saved today still says what was true when the answer came.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..contract import is_chinese
from .labels import LABELS, UNITS

_STEPS = (("d", 86400), ("h", 3600), ("min", 60), ("s", 1))


def iso(moment: datetime) -> str:
    """``2026-01-02 03:04:05 UTC``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def from_epoch(value: object) -> datetime | None:
    """A JWT NumericDate as an aware datetime (None when it is not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def duration(seconds: float, language: str | None) -> str:
    """The largest unit and the next one when it is not zero: ``6 d 23 h``, ``5 h``, ``0 s``."""
    left = int(abs(seconds))
    index = next((i for i, (_, size) in enumerate(_STEPS) if left >= size), len(_STEPS) - 1)
    unit, size = _STEPS[index]
    count, rest = divmod(left, size)
    parts = [(count, unit)]
    if index + 1 < len(_STEPS):
        small, small_size = _STEPS[index + 1]
        if rest // small_size:
            parts.append((rest // small_size, small))
    sep = "" if is_chinese(language) else " "
    return sep.join(f"{n}{sep}{UNITS[u](language)}" for n, u in parts)


def relative(moment: datetime, reference: datetime | None, language: str | None) -> str:
    """``in 6 d 23 h`` / ``2 h ago`` relative to ``reference`` ("" when there is none)."""
    if reference is None:
        return ""
    delta = (moment - reference).total_seconds()
    if abs(delta) < 1:
        return LABELS["now"](language)
    key = "in" if delta > 0 else "ago"
    return LABELS[key](language).format(d=duration(delta, language))
