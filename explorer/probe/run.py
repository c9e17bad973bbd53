"""Running the probe: send the planned requests, judge each answer, keep them redacted.

``run_probe(base_url, client_id)`` sends ``plan(...)`` in order over one httpx client (no
retries, no redirects followed) and returns a ``ProbeReport``. Exchanges are redacted before they
are kept, so a report can be saved, shown and published without leaking the opt-in credentials.

Every request is read within ``Limits`` (``fetch``): an answer over the byte cap, past a
deadline, with a broken gzip body, or one the judges cannot read becomes a row saying so. The
report keeps a stopped answer's status and headers, not its partial body (a cut could split a
secret where the redaction no longer sees it), and is held to its own cap (``fit``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx

from ..client.core import parse_response
from ..client.recording import exchange_dict
from ..client.token_checks import check_id_token, parse_jwks
from ..errors import CallFailed
from ..i18n import normalize, word
from ..redact import Redactor
from ..results import Exchange, IdaasError, Success
from .fetch import Fetched, fetch
from .fit import fit_report, within_share
from .judge import JUDGES, Check, clip, say, untestable
from .limits import Limits, seconds_text, size_text
from .planned import Planned, plan
from .report import ProbeReport


def _request(base_url: str, planned: Planned) -> httpx.Request:
    content = (json.dumps(planned.body, ensure_ascii=False, separators=(",", ":")).encode()
               if planned.body is not None else b"")
    return httpx.Request(planned.method, base_url + planned.path, headers=planned.headers,
                         content=content)


def run_probe(
    base_url: str,
    client_id: str,
    lang: str | None = None,
    *,
    access_token: str | None = None,
    uid: str | None = None,
    transport: httpx.BaseTransport | None = None,
    limits: Limits = Limits(),
    output: str | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    announce: Callable[[str], None] | None = None,
) -> ProbeReport:
    """Probe a tenant; ``announce`` receives each line of the plan and the limits before anything
    is sent. ``output`` is the language of the rows a bound writes (default: ``lang``'s)."""
    base_url = base_url.rstrip("/")
    words = normalize(output if output is not None else lang)
    requests = plan(client_id, lang, access_token=access_token, uid=uid)
    if announce is not None:
        announce(say("announce", words, n=len(requests), url=base_url))
        for planned in requests:
            announce(planned.line(words))
        announce(limits.describe(words))
    redactor = Redactor(keep=frozenset({client_id}))
    checks: list[Check] = []
    exchanges: list[dict[str, Any]] = []
    seen: set[str] = set()
    jwks_body = None
    run_deadline = time.monotonic() + limits.run_seconds
    with httpx.Client(transport=transport, follow_redirects=False) as http:
        for planned in requests:
            now = time.monotonic()
            if now >= run_deadline:
                checks.append(_row(planned, words, word("probe_not_sent", words), word(
                    "probe_run_deadline_unsent", words,
                    seconds=seconds_text(limits.run_seconds))))
                continue
            by_run = run_deadline < now + limits.request_seconds
            fetched = fetch(http, _request(base_url, planned), cap=limits.answer_bytes,
                            deadline=min(run_deadline, now + limits.request_seconds))
            if fetched.stop != "complete" or fetched.exchange is None:
                checks.append(_bounded(planned, fetched, limits, by_run, words))
                if fetched.exchange is not None:
                    # status and headers only: a cut body may end in half a secret, which the
                    # redaction would no longer recognise
                    kept = replace(fetched.exchange, response_body="")
                    exchanges.append(redactor.exchange(exchange_dict(kept)))
                continue
            exchange = fetched.exchange
            kept = within_share(exchange, limits.report_bytes // len(requests), words)
            exchanges.append(redactor.exchange(exchange_dict(kept)))
            try:
                checks.append(JUDGES[planned.kind](planned, exchange, words))
            except Exception as exc:  # noqa: BLE001 - a hostile answer is a row, not a traceback
                checks.append(_row(planned, words, f"HTTP {exchange.status_code}",
                                   word("probe_unjudgeable", words, error=_error(exc))))
            if planned.kind == "jwks" and exchange.status_code == 200:
                jwks_body = exchange.response_json()
            if planned.kind == "login":
                checks.extend(_real_login(exchange, jwks_body, base_url, client_id, clock(),
                                          seen, planned.number, words))
    checks.extend(untestable(seen, words))
    report = ProbeReport(base_url=base_url, client_id=client_id, language=lang or "",
                         probed_at=clock().isoformat(timespec="seconds"), checks=tuple(checks),
                         requests=tuple(p.line(words) for p in requests),
                         exchanges=tuple(json.loads(redactor.finish(json.dumps(e)))
                                         for e in exchanges))
    report, cut = fit_report(report, limits.report_bytes, words)
    if cut and announce is not None:
        announce(word("probe_report_fitted", words, cap=size_text(limits.report_bytes, words)))
    return report


def _error(exc: BaseException) -> str:
    return clip(f"{type(exc).__name__}: {exc}")


def _row(planned: Planned, words: str, observed: str, how: str) -> Check:
    """A row for a request whose answer could not be judged (the contract expects one)."""
    return Check(planned.purposes(words), planned.expect, observed, "differs", (how,),
                 planned.number)


def _bounded(planned: Planned, fetched: Fetched, limits: Limits, by_run: bool,
             words: str) -> Check:
    """The row of a request a bound stopped, or that got no answer: what happened, in words."""
    status = str(fetched.exchange.status_code) if fetched.exchange is not None else ""
    if fetched.stop == "cap":
        cap = size_text(limits.answer_bytes, words)
        return _row(planned, words, word("probe_too_large", words, status=status, cap=cap),
                    word("probe_cap", words, cap=cap))
    if fetched.stop == "broken":
        return _row(planned, words,
                    word("probe_broken", words, status=status, coding=fetched.coding),
                    word("probe_broken_how", words, coding=fetched.coding,
                         error=clip(fetched.error)))
    if fetched.stop == "deadline":
        how = (word("probe_run_deadline_cut", words, seconds=seconds_text(limits.run_seconds))
               if by_run else word("probe_request_deadline", words,
                                   seconds=seconds_text(limits.request_seconds)))
        observed = (word("probe_unfinished", words, status=status,
                         received=size_text(fetched.received, words))
                    if fetched.exchange is not None else word("probe_no_answer", words))
        return _row(planned, words, observed, how)
    error = clip(fetched.error)
    if fetched.exchange is not None:  # the answer began, then broke off
        return _row(planned, words, word("probe_unfinished", words, status=status,
                                  received=size_text(fetched.received, words)), error)
    return _row(planned, words, f"{word('probe_no_answer', words)}: {error}", error)


def _real_login(exchange: Exchange, jwks_body: Any, base_url: str, client_id: str,
                now: datetime, seen: set[str], number: int, words: str = "en") -> list[Check]:
    """What the real login ended as, and its id_token verified against the tenant's JWKS."""
    outcome_row, endings = say("outcome_row", words), say("six_endings", words)
    try:
        result = parse_response(exchange, now)
    except CallFailed as exc:
        return [Check(outcome_row, endings, say("unreadable", words), "differs",
                      (clip(str(exc)),), number)]
    except (ValueError, TypeError, AttributeError) as exc:  # e.g. an expire that is no number
        return [Check(outcome_row, endings, say("unreadable", words), "differs",
                      (_error(exc),), number)]
    outcome = result.error_code if isinstance(result, IdaasError) else result.status
    seen.add(outcome)
    rows = [Check(outcome_row, endings, clip(outcome), "matches", (), number)]
    if isinstance(result, Success):
        seen.add("id_token")
        try:
            keys = parse_jwks(jwks_body) if jwks_body is not None else None
            problem = None if keys is not None else say("no_jwks", words)
        except ValueError as exc:
            keys, problem = None, clip(str(exc))
        check = check_id_token(result.id_token, keys, issuer=base_url, audience=client_id,
                               now=now, unavailable=problem)
        ok = check.verdict == "VERIFIED"
        rows.append(Check(say("id_token_row", words), say("id_token_expected", words),
                          check.verdict, "matches" if ok else "differs",
                          () if ok else (check.reason or check.verdict,), number))
    return rows


__all__ = ["run_probe"]
