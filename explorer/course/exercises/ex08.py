"""Exercise 8: ``IDAAS.SDK.COM.0002`` — retry with backoff, give up after N; graded by the timing
of the retries in the request log (sandbox clock)."""

from __future__ import annotations

import random
from itertools import pairwise
from typing import Any

from ...catalogue import Msg, Words
from ...contract import LOGIN_PATH
from ..model import Exercise, Miss, Rule, Run, Scenario
from ..tenant import Tenant
from .wire import answered, not_sent

BUSY = "IDAAS.SDK.COM.0002"
TOLERANCE = 0.8
"""A wait counts if it is at least this share of the one asked for (timer and scheduling slack)."""

RULES = (
    Rule("retry_busy", Msg("after IDAAS.SDK.COM.0002 the login is tried again (while attempts "
                           "remain)"),
         Msg("One code means the tenant is busy, not that the request is wrong: it is worth "
             "another try.")),
    Rule("only_busy", Msg("any other answer ends the loop"),
         Msg("Retry what can succeed later; a refusal or a success is final.")),
    Rule("give_up", Msg("no more than `attempts` logins in all"),
         Msg("A busy tenant needs less traffic, not more: count your attempts and stop.")),
    Rule("backoff", Msg("waits first_delay, then twice as long before each further try "
                        "(sandbox clock)"),
         Msg("Back off: wait before retrying, and wait longer each time, so that many clients "
             "do not all come back at once.")),
    Rule("answer", Msg("returns the last answer"),
         Msg("When you give up, the caller still needs to know why: return the last answer.")),
)


def _scenario(name: Words | str, shown: bool, busy: int, attempts: int, delay: float,
              disabled: bool = False) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account()
        tenant.user(uid, disabled=disabled)
        if busy:
            tenant.busy(busy)
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid, "attempts": attempts,
                "first_delay": delay}

    return Scenario(name, shown, arrange, {"busy": busy})


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("busy once"), True, 1, 3, 0.1)]
    attempts = rng.choice([2, 3])
    return [_scenario("hidden 0", False, 2, 3, rng.choice([0.05, 0.08, 0.1])),
            _scenario("hidden 1", False, 4, attempts, 0.05),
            _scenario("hidden 2", False, 0, 3, 0.05, disabled=True)]


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"retry_busy": not_sent("POST", LOGIN_PATH)}
    attempts, delay = run.kwargs["attempts"], run.kwargs["first_delay"]
    codes = [(answered(c) or {}).get("error_code") for c in logins]
    grades: dict[str, bool | Miss | None] = {
        "give_up": len(logins) <= attempts,
        "only_busy": all(code == BUSY for code in codes[:-1]),
        "answer": run.returned == answered(logins[-1]),
    }
    if codes[0] == BUSY:
        grades["retry_busy"] = len(logins) >= min(attempts, run.scenario.facts["busy"] + 1)
    gaps = [b.sandbox_timestamp - a.sandbox_timestamp for a, b in pairwise(logins)]
    if gaps:
        grades["backoff"] = all(gap >= TOLERANCE * delay * 2 ** i for i, gap in enumerate(gaps))
    return grades


EXERCISE = Exercise(
    number=8, slug="retry-busy",
    title=Msg("COM.0002: retry with backoff"),
    concept=Msg("Retry only 'busy', wait longer each time, and stop after N tries."),
    story=Msg(
        "At peak time the tenant sometimes answers `IDAAS.SDK.COM.0002` (busy). Write "
       "`login_with_retry(base_url, client_id, access_token, uid, attempts, first_delay)`: "
       "send the login; while the answer is COM.0002 and attempts remain, wait (first_delay "
       "seconds, then twice as long each time) and send it again; return the last answer. The "
       "check reads the times of your requests from the sandbox's request log."),
    function="login_with_retry",
    scaffold='''import time

import httpx


def login_with_retry(base_url: str, client_id: str, access_token: str, uid: str,
                     attempts: int = 3, first_delay: float = 0.1) -> dict:
    """Log in; retry IDAAS.SDK.COM.0002 with exponential backoff, at most `attempts` tries;
    return the last answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
