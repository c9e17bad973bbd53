"""Exercise 1: the first call — SUCCESS with the seven headers."""

from __future__ import annotations

import random

from ...catalogue import Msg, Words
from ...contract import LOGIN_PATH
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, body_problem, missing_device, not_sent

RULES = (
    Rule("one_login", Msg("one POST to /api/v2/sdk/login/weibo per sign-in"),
         Msg("The login is a single POST to the tenant's /api/v2/sdk/login/weibo: check the "
             "method and the path (base_url is the tenant).")),
    Rule("device", Msg("device headers sent: X-operating-sys-version, X-device-fingerprint, "
                       "X-agent (X-device-ip, if sent, an IP)"),
         Msg("The tenant wants to know which device is signing in: three X- headers describe "
             "it, and without them it answers IDAAS.SDK.PARAM.0001.")),
    Rule("client_id", Msg("X-client-id is the app's client id"),
         Msg("The tenant also needs to know which app is asking: that is a header, not a body "
             "field.")),
    Rule("json_body", Msg("body is JSON (content-type: application/json) with access_token and "
                          "uid as strings"),
         Msg("How is the body encoded? The login reads a JSON object, and says so in its "
             "content-type; a form body is not JSON.")),
    Rule("answer", Msg("the function returns the server's answer, parsed"),
         Msg("Return what this call answered — each sign-in gets its own session_token, so "
             "an answer copied from one run is wrong in the next.")),
)


def _scenario(name: Words | str, shown: bool, fixed: bool) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, str]:
        client_id = tenant.app("course-app" if fixed else None)
        access_token, uid = tenant.weibo_account("5601843296" if fixed else None)
        tenant.user(uid, name="Li Lei" if fixed else tenant.word(5))
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid}

    return Scenario(name, shown, arrange)


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("a bound user signs in"), True, True)]
    return [_scenario(f"hidden {i}", False, False) for i in range(2)]


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"one_login": not_sent("POST", LOGIN_PATH)}
    login = logins[-1]
    answer = answered(login)
    return {
        "one_login": len(logins) == 1,
        "device": held(missing_device(login)),
        "client_id": login.headers.get("x-client-id", "").strip() == run.kwargs["client_id"],
        "json_body": held(body_problem(login, "access_token", "uid")),
        "answer": isinstance(run.returned, dict) and isinstance(answer, dict)
        and answer.get("status") == "SUCCESS" and run.returned == answer,
    }


EXERCISE = Exercise(
    number=1, slug="first-call",
    title=Msg("The first call"),
    concept=Msg("A login is one JSON POST with device headers and the app's client id."),
    story=Msg(
        "Your team's mobile app gets a Weibo access_token and uid from the Weibo SDK. Your job: "
       "trade them for an IDaaS session. Write `sign_in(base_url, client_id, access_token, "
       "uid)` with httpx: POST to `{base_url}/api/v2/sdk/login/weibo` with the headers the "
       "vendor page lists, and return the parsed JSON answer. For a bound user it is "
       "`{\"status\": \"SUCCESS\", \"session_token\": ..., \"id_token\": ...}`."),
    function="sign_in",
    scaffold='''import httpx


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    """POST the Weibo token to the tenant's login; return the parsed JSON answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
