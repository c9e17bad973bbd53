"""Exercise 9: keep a session — refresh the id_token before it expires, by the tenant's clock."""

from __future__ import annotations

import random
from typing import Any

from ...catalogue import Msg, Words, fill
from ...contract import ID_TOKEN_REFRESH
from ...sandbox.tenant_admin import LoggedRequest
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, client_problem, missing_device

MARGIN = 300
"""Refresh when the id_token has less than this many seconds left."""

RULES = (
    Rule("refresh_due", Msg("an id_token with less than 300 s left (tenant's clock) is refreshed"),
         Msg("Whose clock decides? The token's exp is the tenant's time: ask the tenant what "
             "time it is (in the sandbox, GET /healthz answers now) rather than trusting the "
             "machine you run on.")),
    Rule("no_needless", Msg("a fresh id_token is kept (no refresh call)"),
         Msg("Each refresh is a call the tenant must answer: refresh only when the token is "
             "about to expire.")),
    Rule("request", Msg("the refresh sends the session-token header, the device headers and "
                        "X-client-id"),
         Msg("The session, not the old id_token, is what proves the user is still signed in; "
             "it travels in a header.")),
    Rule("returns", Msg("returns the id_token to use now (the new one after a refresh)"),
         Msg("After a refresh the old token is still near its end: return the one from the "
             "answer.")),
)


def _scenario(name: Words | str, shown: bool, ttl: int, left: int) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account()
        tenant.user(uid)
        tenant.policy(id_token_ttl=ttl)
        answer = tenant.login(client_id, access_token, uid).json()
        tenant.advance(ttl - left)
        return {"base_url": tenant.base_url, "client_id": client_id,
                "session_token": answer["session_token"], "id_token": answer["id_token"]}

    return Scenario(name, shown, arrange, {"due": left < MARGIN})


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("100 s left"), True, 3600, 100),
                _scenario(Msg("just issued"), True, 3600, 3600)]
    ttl = rng.choice([900, 1800, 7200])
    return [_scenario("hidden 0", False, ttl, rng.randrange(30, 250)),
            _scenario("hidden 1", False, ttl, rng.randrange(400, ttl - 100)),
            _scenario("hidden 2", False, ttl, rng.randrange(30, 250))]


def _session_problem(call: LoggedRequest, session_token: str) -> Words | None:
    """None when the refresh carried the session's token in its session-token header."""
    if call.header("session-token") == session_token:
        return None
    return fill(Msg("{method} {path} did not send the session's token in its session-token "
                    "header"),
                method=call.method, path=call.path)


def grade(run: Run) -> dict[str, bool | Miss | None]:
    refreshes = run.to(ID_TOKEN_REFRESH.path, "POST")
    due = run.scenario.facts["due"]
    grades: dict[str, bool | Miss | None] = {}
    if due:
        grades["refresh_due"] = len(refreshes) == 1
    else:
        grades["no_needless"] = not refreshes
        grades["returns"] = run.returned == run.kwargs["id_token"]
    if refreshes:
        call = refreshes[-1]
        grades["request"] = held(_session_problem(call, run.kwargs["session_token"])
                                 or missing_device(call)
                                 or client_problem(call, run.kwargs["client_id"]))
        new = (answered(call) or {}).get("id_token")
        if due:
            grades["returns"] = bool(new) and run.returned == new
    if due and not refreshes:
        grades["returns"] = False if run.returned == run.kwargs["id_token"] else None
    return grades


EXERCISE = Exercise(
    number=9, slug="refresh-id-token",
    title=Msg("Keep a session: refresh the id_token"),
    concept=Msg("Refresh shortly before exp, by the tenant's clock, with the session-token."),
    story=Msg(
        "Your app keeps users signed in for days, but an id_token lives only an hour or two. "
       "Write `fresh_id_token(base_url, client_id, session_token, id_token)`: when the "
       "id_token has less than 300 seconds left by the tenant's clock, call `POST "
       "/api/v2/sdk/sso/session-token/id-token` (header `session-token`, plus the device "
       "headers) and return the new id_token; otherwise return the one you have. In the "
       "sandbox the clock moves: `GET {base_url}/healthz` tells its `now`."),
    function="fresh_id_token",
    scaffold='''from datetime import datetime

import httpx

def fresh_id_token(base_url: str, client_id: str, session_token: str, id_token: str) -> str:
    """The id_token to use now: refreshed when < 300 s are left (tenant's clock)."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
