"""Exercise 7: map every documented error to what the app should do, in the user's language."""

from __future__ import annotations

import random
from typing import Any

from ...catalogue import Msg, Words, fill
from ...contract import DEVICE_HEADERS, LOGIN_PATH, WEIBO_LOGIN
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, not_sent

ACTIONS: dict[str, str] = {
    "IDAAS.SDK.PARAM.0001": "fix_app",
    "IDAAS.SDK.PARAM.0002": "fix_app",
    "IDAAS.SDK.PARAM.0003": "fix_app",
    "SANDBOX.BODY.0005": "fix_app",
    "SANDBOX.WEIBO.0001": "weibo_again",
    "IDAAS.SDK.USER.0039": "contact_admin",
    "IDAAS.SDK.USER.0001": "contact_admin",
    "IDAAS.SDK.COM.0002": "retry_later",
}
"""What the app does: fix its own request, send the user back to Weibo, tell them to ask their
administrator, or try again later."""

RULES = (
    Rule("language", Msg("X-L carries the user's language"),
         Msg("The tenant writes error_msg in the language the request asks for.")),
    Rule("code", Msg("error_code is the answer's"),
         Msg("The envelope's error_code is the stable key; the HTTP status alone is ambiguous.")),
    Rule("message", Msg("message is the answer's error_msg, in the user's language"),
         Msg("Show the tenant's message; it is already translated when you ask for it.")),
    Rule("action", Msg("action follows the course's table (its own design): fix_app, "
                       "weibo_again, contact_admin, retry_later"),
         Msg("Ask who can fix it: the app's developer (a malformed request), the user at Weibo "
             "(the token), an administrator (the account), or time (busy). Two errors with "
             "the same HTTP status can need different actions.")),
)


def _headers(client_id: str, drop: str | None = None) -> dict[str, str]:
    headers = {name: WEIBO_LOGIN.header(name).example for name in DEVICE_HEADERS}
    headers["X-client-id"] = client_id
    headers["content-type"] = "application/json"
    return {k: v for k, v in headers.items() if k != drop}


def _scenario(name: Words | str, shown: bool, code: str, language: str) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account()
        headers = _headers(client_id)
        if code == "IDAAS.SDK.PARAM.0001":
            headers = _headers(client_id, drop=tenant.rng.choice(DEVICE_HEADERS))
        elif code == "IDAAS.SDK.PARAM.0002":
            headers = _headers(client_id, drop="X-client-id")
        elif code == "IDAAS.SDK.PARAM.0003":
            headers["X-client-id"] = f"app-{tenant.word(10)}"
        elif code == "SANDBOX.BODY.0005":
            headers["content-type"] = "text/plain"
        elif code == "SANDBOX.WEIBO.0001":
            access_token = tenant.hex(32)
        elif code == "IDAAS.SDK.USER.0039":
            tenant.user(uid, disabled=True)
        elif code == "IDAAS.SDK.USER.0001":
            tenant.policy(unbound_social="reject")
        elif code == "IDAAS.SDK.COM.0002":
            tenant.user(uid)
            tenant.busy(1)
        return {"base_url": tenant.base_url, "headers": headers,
                "body": {"access_token": access_token, "uid": uid}, "language": language}

    return Scenario(name, shown, arrange, {"code": code})


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("X-agent missing, in Chinese"), True,
                          "IDAAS.SDK.PARAM.0001", "zh"),
                _scenario(Msg("an unknown Weibo token"), True,
                          "SANDBOX.WEIBO.0001", "en")]
    codes = [c for c in ACTIONS if c not in ("IDAAS.SDK.PARAM.0001", "SANDBOX.WEIBO.0001")]
    rng.shuffle(codes)  # the two shown codes are shown; every other one is hidden
    return [_scenario(f"hidden {i}", False, code, rng.choice(["en", "zh", "zh-CN", "en-US"]))
            for i, code in enumerate(codes)]


def _action(got: dict[str, Any], code: str) -> Words | None:
    """What the returned action should have been, per the course's table."""
    expected, sent = ACTIONS[code], got.get("action")
    if sent == expected:
        return None
    return fill(Msg("for {code} your function returned action {sent}; the course's table (its "
                    "own design, not the vendor's) says {expected}"),
                code=code, sent=repr(sent), expected=repr(expected))


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"code": not_sent("POST", LOGIN_PATH)}
    answer = answered(logins[-1]) or {}
    got = run.returned if isinstance(run.returned, dict) else {}
    code = answer.get("error_code")
    return {
        "language": all(c.header("x-l") == run.kwargs["language"] for c in logins),
        "code": bool(code) and got.get("error_code") == code == run.scenario.facts["code"],
        "message": bool(code) and got.get("message") == answer.get("error_msg"),
        "action": held(_action(got, run.scenario.facts["code"])),
    }


_TABLE = "\n".join(f"| `{code}` | `{action}` |" for code, action in ACTIONS.items())

EXERCISE = Exercise(
    number=7, slug="errors-to-actions",
    title=Msg("Every documented error, mapped to an action"),
    concept=Msg("Key on error_code, show error_msg in the user's language, and act by who can "
                "fix it."),
    story=fill(Msg(
        "Support tickets say users see raw error codes. Write `explain(base_url, headers, body, "
       "language)`: send the login with these headers and this JSON body (as given — do not "
       "repair them), in the user's `language`, and return `{{\"error_code\", \"message\", "
       "\"action\"}}` where message is the tenant's text for the user and action is what the "
       "app does:\n\n| error_code | action |\n|---|---|\n{table}\n\n"
       "This table is the course's own design, not the vendor's: the vendor's pages list the "
       "codes and their messages but say nothing of what an app should do about each. It "
       "sorts each code by who can fix it; your team may choose other actions."), table=_TABLE),
    function="explain",
    scaffold='''import json

import httpx


def explain(base_url: str, headers: dict, body: dict, language: str) -> dict:
    """Send the login as given, in `language`; return {"error_code", "message", "action"}."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
