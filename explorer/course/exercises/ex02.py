"""Exercise 2: read a USER_REGISTER / SOCIAL_BIND answer — ``data`` is JSON inside a string."""

from __future__ import annotations

import json
import random

from ...catalogue import Msg, Words
from ...contract import LOGIN_PATH
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, login_problem, not_sent, once

METHODS = ("VERIFY_PHONE", "VERIFY_EMAIL")

RULES = (
    Rule("request", Msg("a well-formed login: one JSON POST with the device headers and "
                        "X-client-id"),
         Msg("Start from exercise 1: the same request, sent once.")),
    Rule("status", Msg("status is the answer's status (USER_REGISTER or SOCIAL_BIND)"),
         Msg("A 200 is not always a finished login: the answer's status says which flow the "
             "tenant wants next, and it depends on the tenant's policy.")),
    Rule("state_token", Msg("state_token is the one this answer carried"),
         Msg("The state_token ties the next calls to this login; each login issues a new one.")),
    Rule("methods", Msg("verify_methods is a list of strings read from data"),
         Msg("Look at the type of data: it is a string that itself contains JSON. Parse it a "
             "second time to get the object inside.")),
)


def _scenario(name: Words | str, shown: bool, flow: str, methods: list[str]) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, str]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account("1404376560" if shown else None)
        tenant.policy(unbound_social={"USER_REGISTER": "register", "SOCIAL_BIND": "bind"}[flow],
                      verify_methods=methods)
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid}

    return Scenario(name, shown, arrange, {"flow": flow, "methods": methods})


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("an unknown Weibo account, register by phone"), True, "USER_REGISTER",
                          ["VERIFY_PHONE"])]
    flows = ["SOCIAL_BIND", rng.choice(["USER_REGISTER", "SOCIAL_BIND"])]
    choices = [["VERIFY_EMAIL"], ["VERIFY_PHONE", "VERIFY_EMAIL"], ["VERIFY_EMAIL", "VERIFY_PHONE"]]
    return [_scenario(f"hidden {i}", False, flow, rng.choice(choices))
            for i, flow in enumerate(flows)]


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"request": not_sent("POST", LOGIN_PATH)}
    login = logins[-1]
    answer = answered(login) or {}
    returned = run.returned if isinstance(run.returned, dict) else {}
    try:
        expected = json.loads(answer.get("data", "null"))["socialBindOrRegisterFlow"]
    except (ValueError, TypeError, KeyError):
        expected = None
    methods = returned.get("verify_methods")
    return {
        "request": held(once(logins, "POST", LOGIN_PATH)
                        or login_problem(login, run.kwargs["client_id"], "uid")),
        "status": returned.get("status") == answer.get("status") == run.scenario.facts["flow"],
        "state_token": bool(answer.get("state_token"))
        and returned.get("state_token") == answer.get("state_token"),
        "methods": isinstance(methods, list) and methods == expected,
    }


EXERCISE = Exercise(
    number=2, slug="read-the-flow",
    title=Msg("Read a USER_REGISTER / SOCIAL_BIND answer"),
    concept=Msg("A 200 can ask for more: status names the flow, data is JSON inside a string."),
    story=Msg(
        "A new user signs in with a Weibo account the tenant has never seen. Depending on its "
       "policy the tenant answers USER_REGISTER (create an account) or SOCIAL_BIND (link to an "
       "existing one), with a state_token and, in `data`, the ways the user may prove who they "
       "are. Write `next_step(base_url, client_id, access_token, uid)` returning "
       "`{\"status\": ..., \"state_token\": ..., \"verify_methods\": [...]}` so your app can "
       "show the right screen."),
    function="next_step",
    scaffold='''import json

import httpx


def next_step(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    """Log in; return {"status", "state_token", "verify_methods"} from the answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
