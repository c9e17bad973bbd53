"""A probe report held to its size cap (``--max-report-bytes``).

The rows are already short (``judge.clip``); what can be large are the answers a report embeds
(each up to the answer cap). Two steps, so the redaction never reads more than the report can
hold and never a body cut in the middle of a secret:

* before redaction, ``within_share`` replaces a body larger than its share of the report (the cap
  divided among the requests) by a note saying so — whole, never cut;
* after redaction, ``fit_report`` cuts every embedded body to the longest common length that fits
  (escaping can still make the page larger than the bodies), each cut marked with how much there
  was; if even empty bodies do not fit, the answers are left out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..i18n import word
from ..results import Exchange
from .limits import size_text
from .report import ProbeReport


def within_share(exchange: Exchange, share: int, language: str = "en") -> Exchange:
    """``exchange``, its response body replaced by a note when it is over ``share`` bytes."""
    size = len(exchange.response_body.encode("utf-8"))
    if size <= share:
        return exchange
    return replace(exchange, response_body=word("probe_not_kept", language,
                                                 size=size_text(size, language),
                                                 share=size_text(share, language)))


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


__all__ = ["fit_report", "html_size", "within_share"]
