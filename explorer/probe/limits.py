"""The probe's bounds: how much of an answer it reads, how long it waits, how big its report gets.

A tenant under test is untrusted. Its answers may never end, trickle one byte at a time, inflate
from a small gzip body to gigabytes, or be 20 MB of JSON. ``Limits`` caps each answer (bytes
counted after decompression), each request and the whole run (wall-clock deadlines, not per
read), and the saved report. The CLI prints them before anything is sent and takes each as a flag.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..i18n import word

KIB, MIB = 1 << 10, 1 << 20
SMALLEST_REPORT = 64 * KIB
"""A report cap below this could not hold the probe's own table."""

_SIZE = re.compile(r"\s*(\d+)\s*(b|k|kb|kib|m|mb|mib)?\s*", re.I)
_UNITS = {None: 1, "b": 1, "k": KIB, "kb": KIB, "kib": KIB, "m": MIB, "mb": MIB, "mib": MIB}


@dataclass(frozen=True)
class Limits:
    """What the probe allows a tenant: bytes per answer, seconds per request and per run, and
    bytes for the report (``probe --report``)."""

    answer_bytes: int = MIB
    request_seconds: float = 10.0
    run_seconds: float = 60.0
    report_bytes: int = 2 * MIB

    def __post_init__(self) -> None:
        _check(self.answer_bytes, self.request_seconds, self.run_seconds, self.report_bytes, "en")

    @classmethod
    def of(cls, language: str, *, answer: str | None = None, request_seconds: float | None = None,
           run_seconds: float | None = None, report: str | None = None) -> Limits:
        """Limits from the CLI's flags (sizes as text, ``512KiB``; None: the default), or a
        ValueError saying what is wrong in ``language``."""
        default = cls()
        values = (parse_size(answer, language) if answer is not None else default.answer_bytes,
                  request_seconds if request_seconds is not None else default.request_seconds,
                  run_seconds if run_seconds is not None else default.run_seconds,
                  parse_size(report, language) if report is not None else default.report_bytes)
        _check(*values, language)
        return cls(*values)

    def describe(self, language: str) -> str:
        """The limits as one line, naming the flags that change them."""
        return word("probe_limits", language, answer=size_text(self.answer_bytes, language),
                    request=seconds_text(self.request_seconds),
                    run=seconds_text(self.run_seconds),
                    report=size_text(self.report_bytes, language))


def _check(answer_bytes: int, request_seconds: float, run_seconds: float, report_bytes: int,
           language: str) -> None:
    if answer_bytes < 1:
        raise ValueError(word("probe_bad_answer_cap", language))
    if not (0 < request_seconds < math.inf and 0 < run_seconds < math.inf):
        raise ValueError(word("probe_bad_seconds", language))
    if report_bytes < SMALLEST_REPORT:
        raise ValueError(word("probe_bad_report_cap", language,
                              smallest=size_text(SMALLEST_REPORT, language)))


def size_text(n: int, language: str = "en") -> str:
    """``1048576`` → ``1 MiB``, ``1536`` → ``1.5 KiB``, ``12`` → ``12 bytes``."""
    for unit, name in ((MIB, "MiB"), (KIB, "KiB")):
        if n >= unit:
            return f"{n / unit:.1f}".removesuffix(".0") + f" {name}"
    return word("probe_bytes", language, n=str(n))


def seconds_text(seconds: float) -> str:
    """``10.0`` → ``10``, ``1.5`` → ``1.5``."""
    return f"{seconds:g}"


def parse_size(text: str, language: str = "en") -> int:
    """``"1048576"``, ``"512KiB"``, ``"2M"`` → bytes (binary units); ValueError otherwise."""
    found = _SIZE.fullmatch(text)
    if not found:
        raise ValueError(word("probe_bad_size", language, value=repr(text)))
    unit = found.group(2).lower() if found.group(2) else None
    return int(found.group(1)) * _UNITS[unit]


__all__ = ["KIB", "Limits", "MIB", "SMALLEST_REPORT", "parse_size", "seconds_text", "size_text"]
