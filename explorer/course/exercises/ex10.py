"""Exercise 10 (capstone): one ``sign_in_with_weibo`` that ends every one of the six outcomes
correctly, against a randomised hidden tenant."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from ...catalogue import Msg, Words
from ...contract import LOGIN_PATH
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, login_problem, not_sent

BUSY = "IDAAS.SDK.COM.0002"

RULES = (
    Rule("request", Msg("every login is well-formed: JSON, device headers, X-client-id"),
         Msg("Start from exercise 1's request.")),
    Rule("language", Msg("X-L carries the user's language"),
         Msg("Messages come back in the language the request asks for: which header says it?")),
    Rule("error", Msg("an error answer returns its error_code and error_msg"),
         Msg("An error is an answer too: its body says what went wrong. Read the envelope "
             "instead of raising on the HTTP status.")),
    Rule("success", Msg("SUCCESS returns the session_token and id_token"),
         Msg("On SUCCESS the session is in the answer: hand both tokens to the app.")),
    Rule("flow", Msg("USER_REGISTER / SOCIAL_BIND return the state_token and verify_methods "
                     "(a list)"),
         Msg("A 200 is not always a finished login: read status, and remember that data is "
             "JSON inside a string (exercise 2).")),
    Rule("mfa", Msg("MFA_AUTH returns the state_token and mfa_methods (a list)"),
         Msg("A second factor is another 200 that is not a session: its data lists the "
             "methods, as JSON inside a string.")),
    Rule("denied", Msg("ACCESS_DENIED gives no session and shows data as the message"),
         Msg("The tenant can refuse a user it knows, with a 200: status says so, and there is "
             "no token to keep.")),
    Rule("no_retry", Msg("a refused login is not sent again"),
         Msg("Retrying only helps when the server says it was busy; a refusal will be refused "
             "again.")),
    Rule("retry_busy", Msg("after IDAAS.SDK.COM.0002 the login is tried again"),
         Msg("One error code means 'busy, try again later'. Which one?")),
)

Arrange = Callable[[Tenant, str, str, str], None]


def _success(t: Tenant, client_id: str, token: str, uid: str) -> None:
    t.user(uid)


def _register(t: Tenant, client_id: str, token: str, uid: str) -> None:
    t.policy(unbound_social="register",
             verify_methods=t.rng.choice([["VERIFY_PHONE"], ["VERIFY_PHONE", "VERIFY_EMAIL"]]))


def _bind(t: Tenant, client_id: str, token: str, uid: str) -> None:
    t.policy(unbound_social="bind", verify_methods=t.rng.choice([["VERIFY_EMAIL"],
                                                                  ["VERIFY_PHONE"]]))


def _mfa(t: Tenant, client_id: str, token: str, uid: str) -> None:
    t.policy(mfa_methods=["SMS"])
    t.user(uid, mfa=True, mobile=t.phone())


def _denied(t: Tenant, client_id: str, token: str, uid: str) -> None:
    t.user(uid)  # the app (arranged with allowed_user_ids=[]) lets nobody in


def _disabled(t: Tenant, client_id: str, token: str, uid: str) -> None:
    t.user(uid, disabled=True)


def _reject(t: Tenant, client_id: str, token: str, uid: str) -> None:
    t.policy(unbound_social="reject")


def _busy_once(t: Tenant, client_id: str, token: str, uid: str) -> None:
    t.user(uid)
    t.busy(1)


CASES: dict[str, tuple[str, Arrange, bool]] = {
    # name: (expected outcome category, arrangement, whether the Weibo token is valid)
    "success": ("SUCCESS", _success, True),
    "register": ("USER_REGISTER", _register, True),
    "bind": ("SOCIAL_BIND", _bind, True),
    "mfa": ("MFA_AUTH", _mfa, True),
    "denied": ("ACCESS_DENIED", _denied, True),
    "disabled": ("error", _disabled, True),
    "reject": ("error", _reject, True),
    "unknown_token": ("error", _success, False),
    "busy_once": ("SUCCESS", _busy_once, True),
}


def _scenario(name: Words | str, shown: bool, case: str, language: str) -> Scenario:
    expected, arrange_case, valid = CASES[case]

    def arrange(tenant: Tenant) -> dict[str, Any]:
        restricted: dict[str, Any] = {"allowed_user_ids": []} if expected == "ACCESS_DENIED" else {}
        client_id = tenant.app("course-app" if shown else None, **restricted)
        access_token, uid = tenant.weibo_account()
        if not valid:
            access_token = tenant.hex(32)
        arrange_case(tenant, client_id, access_token, uid)
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid, "language": language}

    return Scenario(name, shown, arrange, {"case": case, "expected": expected})


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("a bound user"), True, "success", "en"),
                _scenario(Msg("a new Weibo account (USER_REGISTER)"),
                          True, "register", "zh")]
    cases = ["success", rng.choice(["register", "bind"]), "mfa", "denied",
             rng.choice(["disabled", "reject", "unknown_token"]), "busy_once"]
    rng.shuffle(cases)
    return [_scenario(f"hidden {i}", False, case, rng.choice(["en", "zh", "zh-CN"]))
            for i, case in enumerate(cases)]


def _data(answer: dict[str, Any]) -> Any:
    try:
        return json.loads(answer.get("data", ""))
    except (TypeError, ValueError):
        return None


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"request": not_sent("POST", LOGIN_PATH)}
    expected = run.scenario.facts["expected"]
    got = run.returned if isinstance(run.returned, dict) else {}
    answer = answered(logins[-1]) or {}
    grades: dict[str, bool | Miss | None] = {
        "request": held(next(filter(None, (
            login_problem(c, run.kwargs["client_id"], "access_token", "uid") for c in logins)),
            None)),
        "language": all(c.headers.get("x-l", "").strip() == run.kwargs["language"]
                        for c in logins),
    }
    busy = [i for i, c in enumerate(logins) if (answered(c) or {}).get("error_code") == BUSY]
    refused = [i for i, c in enumerate(logins)
               if c.status >= 400 and (answered(c) or {}).get("error_code") != BUSY
               or (c.status == 200 and (answered(c) or {}).get("status") != "SUCCESS")]
    grades["no_retry"] = all(i == len(logins) - 1 for i in refused) if refused else None
    if busy:
        grades["retry_busy"] = len(logins) > busy[0] + 1
    if expected == "SUCCESS":
        grades["success"] = (got.get("outcome") == "SUCCESS" and answer.get("status") == "SUCCESS"
                             and got.get("session_token") == answer.get("session_token")
                             and got.get("id_token") == answer.get("id_token"))
    elif expected in ("USER_REGISTER", "SOCIAL_BIND"):
        methods = (_data(answer) or {}).get("socialBindOrRegisterFlow")
        grades["flow"] = (got.get("outcome") == expected == answer.get("status")
                          and got.get("state_token") == answer.get("state_token")
                          and got.get("verify_methods") == methods and not got.get("session_token"))
    elif expected == "MFA_AUTH":
        grades["mfa"] = (got.get("outcome") == "MFA_AUTH" == answer.get("status")
                         and got.get("state_token") == answer.get("state_token")
                         and got.get("mfa_methods") == _data(answer)
                         and not got.get("session_token"))
    elif expected == "ACCESS_DENIED":
        grades["denied"] = (got.get("outcome") == "ACCESS_DENIED" == answer.get("status")
                            and got.get("message") == answer.get("data")
                            and not got.get("session_token"))
    else:
        grades["error"] = (bool(answer.get("error_code"))
                           and got.get("outcome") == answer.get("error_code")
                           and got.get("message") == answer.get("error_msg"))
    return grades


EXERCISE = Exercise(
    number=10, slug="capstone",
    title=Msg("Capstone: every outcome, ended right"),
    concept=Msg("One function that reads the answer's status or error_code and ends each of "
                "the six outcomes the way the app needs."),
    story=Msg(
        "Put it together: your app's real sign-in. Write `sign_in_with_weibo(base_url, "
       "client_id, access_token, uid, language)` returning a dict with `outcome` and what the "
       "app needs next: SUCCESS → `session_token`, `id_token`; USER_REGISTER / SOCIAL_BIND → "
       "`state_token`, `verify_methods` (list); MFA_AUTH → `state_token`, `mfa_methods` "
       "(list); ACCESS_DENIED → `message` (the answer's data); an error → `outcome` is the "
       "error_code, `message` its error_msg, in the user's `language`. When the tenant is busy "
       "(IDAAS.SDK.COM.0002) try again. The check runs it against a randomised hidden tenant."),
    function="sign_in_with_weibo",
    scaffold='''import json

import httpx


def sign_in_with_weibo(base_url: str, client_id: str, access_token: str, uid: str,
                       language: str = "en") -> dict:
    """Sign in; return {"outcome": ..., plus what the app needs for that outcome}."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
