"""A probe report held to its size cap (``--max-report-bytes``).

The rows are already short (``judge.clip``); what can be large are the answers a report embeds
(each up to the answer cap). When the HTML page would be larger than the cap, every embedded
answer body is cut to the longest common length that fits, each cut marked with how much there
was; if even empty bodies do not fit, the answers are left out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..i18n import word
from .limits import size_text
from .report import ProbeReport


def html_size(report: ProbeReport) -> int:
    """The bytes ``probe --report`` writes for ``report``."""
    return len(report.to_html().encode("utf-8"))


def _cut(exchange: dict[str, Any], keep: int, language: str) -> dict[str, Any]:
    body = str(exchange.get("response_body") or "")
    if len(body) <= keep:
        return exchange
    kept = body[:keep]
    marker = word("probe_cut_marker", language, total=size_text(len(body.encode()), language),
                  kept=size_text(len(kept.encode()), language))
    return {**exchange, "response_body": kept + marker}


def fit_report(report: ProbeReport, cap: int, language: str = "en") -> tuple[ProbeReport, bool]:
    """``report`` with its embedded answers cut so its HTML is at most ``cap`` bytes, and whether
    anything was cut."""
    if html_size(report) <= cap:
        return report, False

    def cut(keep: int) -> ProbeReport:
        return replace(report, exchanges=tuple(_cut(e, keep, language) for e in report.exchanges))

    longest = max((len(str(e.get("response_body") or "")) for e in report.exchanges), default=0)
    low, high = -1, min(longest, cap)  # invariant: cut(low) fits (-1: none tried), cut(high) not
    while high - low > 1:
        middle = (low + high) // 2
        if html_size(cut(middle)) <= cap:
            low = middle
        else:
            high = middle
    return (cut(low) if low >= 0 else replace(report, exchanges=())), True


__all__ = ["fit_report", "html_size"]
