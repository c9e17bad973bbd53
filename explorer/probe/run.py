"""Running the probe: send the planned requests, judge each answer, keep them redacted.

``run_probe(base_url, client_id)`` sends ``plan(...)`` in order over one httpx client (no
retries, no redirects followed) and returns a ``ProbeReport``. Exchanges are redacted before they
are kept, so a report can be saved, shown and published without leaking the opt-in credentials.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone

import httpx

from ..client.core import exchange_of, parse_response
from ..client.recording import exchange_dict
from ..results import IdaasError, Success, TransportError
from ..client.token_checks import check_id_token, parse_jwks
from ..redact import Redactor
from .judge import JUDGES, Check, untestable
from .plan import Planned, plan
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
    timeout: float = 10.0,
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    announce: Callable[[str], None] | None = None,
) -> ProbeReport:
    """Probe a tenant; ``announce`` receives each line of the plan before anything is sent."""
    base_url = base_url.rstrip("/")
    requests = plan(client_id, lang, access_token=access_token, uid=uid)
    if announce is not None:
        announce(f"The probe sends {len(requests)} requests to {base_url}, none of which can "
                 "change the tenant's data:")
        for planned in requests:
            announce(planned.line())
    redactor = Redactor(keep=frozenset({client_id}))
    checks: list[Check] = []
    exchanges: list[dict] = []
    seen: set[str] = set()
    jwks_body = None
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False) as http:
        for planned in requests:
            request = _request(base_url, planned)
            try:
                response = http.send(request)
            except httpx.HTTPError as exc:
                checks.append(Check(planned.purpose, planned.expect, f"no answer: {exc}",
                                    "differs", (f"{type(exc).__name__}: {exc}",), planned.number))
                continue
            exchange = exchange_of(request, response)
            checks.append(JUDGES[planned.kind](planned, exchange))
            if planned.kind == "jwks" and response.status_code == 200:
                jwks_body = exchange.response_json()
            if planned.kind == "login":
                checks.extend(_real_login(exchange, jwks_body, base_url, client_id, clock(),
                                          seen, planned.number))
            exchanges.append(redactor.exchange(exchange_dict(exchange)))
    checks.extend(untestable(seen))
    return ProbeReport(base_url=base_url, client_id=client_id, language=lang or "",
                       probed_at=clock().isoformat(timespec="seconds"), checks=tuple(checks),
                       requests=tuple(p.line() for p in requests),
                       exchanges=tuple(json.loads(redactor.finish(json.dumps(e)))
                                       for e in exchanges))


def _real_login(exchange, jwks_body, base_url: str, client_id: str, now: datetime,
                seen: set[str], number: int) -> list[Check]:
    """What the real login ended as, and its id_token verified against the tenant's JWKS."""
    try:
        result = parse_response(exchange, now)
    except TransportError as exc:
        return [Check("outcome", "one of the six endings", "unreadable", "differs", (str(exc),),
                      number)]
    outcome = result.error_code if isinstance(result, IdaasError) else result.status
    seen.add(outcome)
    rows = [Check("outcome", "one of the six endings", outcome, "matches", (), number)]
    if isinstance(result, Success):
        seen.add("id_token")
        try:
            keys = parse_jwks(jwks_body) if jwks_body is not None else None
            problem = None if keys is not None else "the JWKS was not available"
        except ValueError as exc:
            keys, problem = None, str(exc)
        check = check_id_token(result.id_token, keys, issuer=base_url, audience=client_id,
                               now=now, unavailable=problem)
        ok = check.verdict == "VERIFIED"
        rows.append(Check("id_token signature", "RS256, verifies against the JWKS (kid)",
                          check.verdict, "matches" if ok else "differs",
                          () if ok else (check.reason or check.verdict,), number))
    return rows


__all__ = ["run_probe"]
