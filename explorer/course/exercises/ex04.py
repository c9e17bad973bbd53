"""Exercise 4: finish USER_REGISTER by phone — captcha → SMS code → register-bind."""

from __future__ import annotations

import random
from typing import Any

from ...catalogue import Msg, Words
from ...contract import LOGIN_PATH
from ...sandbox.flow_rules import canonical
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, code_type_sent, device_change, not_sent

CAPTCHA, VERIFY = "/api/v2/sdk/captcha", "/api/v2/sdk/captcha/verify"
SMS, REGISTER_BIND = "/api/v2/sdk/sms/send", "/api/v2/sdk/social/register-bind"

RULES = (
    Rule("same_device", Msg("the same device headers and X-client-id on every call of the flow"),
         Msg("The flow is one user on one device: the tenant ties its steps together by the "
             "device. Build the headers once and reuse them for every call.")),
    Rule("phone", Msg("captcha, code and register-bind all name the phone being registered"),
         Msg("Whose phone proves this registration? The code must go to the number the new "
             "account will have, not to an example from the docs.")),
    Rule("code_type", Msg("the SMS code is of the type register-bind accepts (REGISTER_SMS)"),
         Msg("A code proves one purpose: the type you ask for must match the call that spends "
             "it.")),
    Rule("state_once", Msg("the login's state_token is sent once, to register-bind"),
         Msg("The state_token is the login's promise that a flow may follow; completing the "
             "flow spends it. Send it with the call that completes the flow, once.")),
    Rule("flow", Msg("the flow ends in SUCCESS: a new user with this phone, bound to the Weibo "
                     "account, and the function returns that answer"),
         Msg("Walk the steps in order — login, captcha, verify, send the code, register-bind — "
             "and return the last answer.")),
)


def _scenario(name: Words | str, shown: bool) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account("1404376560" if shown else None)
        tenant.policy(unbound_social="register", verify_methods=["VERIFY_PHONE"])
        phone = "13800138000" if shown else tenant.phone()
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid, "phone": phone}

    return Scenario(name, shown, arrange)


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("register 13800138000"), True)]
    return [_scenario(f"hidden {i}", False) for i in range(2)]


def _field(call: Any, name: str) -> str:
    body = call.json()
    return str(body.get(name, "")) if isinstance(body, dict) else ""


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    binds = run.to(REGISTER_BIND, "POST")
    if not logins:
        return {"flow": not_sent("POST", LOGIN_PATH)}
    phone = canonical(run.kwargs["phone"])
    state_token = (answered(logins[0]) or {}).get("state_token", "")
    verifies, sends = run.to(VERIFY, "POST"), run.to(SMS, "POST")
    named = ([canonical(_field(c, "sender")) for c in verifies]
             + [canonical(_field(c, "mobile")) for c in sends + binds])
    carrying = [c for c in run.api_calls if state_token and
                c.headers.get("x-state-token", "").strip() == state_token]
    final = answered(binds[-1]) if binds else None
    users = run.tenant.users()
    created = any(canonical(u.mobile or "x") == phone and run.kwargs["uid"] in u.weibo_uids
                  for u in users)
    return {
        "same_device": held(device_change(run.api_calls)) if len(run.api_calls) > 1 else None,
        "phone": bool(named) and all(n == phone for n in named) if (verifies or sends) else None,
        "code_type": held(code_type_sent(sends, "REGISTER_SMS", f"POST {REGISTER_BIND}"))
        if sends else None,
        "state_once": len(carrying) == 1 and carrying[0].path == REGISTER_BIND,
        "flow": created and isinstance(final, dict) and final.get("status") == "SUCCESS"
        and run.returned == final,
    }


EXERCISE = Exercise(
    number=4, slug="register-by-phone",
    title=Msg("Finish USER_REGISTER by phone"),
    concept=Msg("A follow-up flow is one device, one state_token spent once, and a code sent "
                "to the phone being proven."),
    story=Msg(
        "The tenant answered USER_REGISTER: the Weibo account is new, and the user must prove a "
       "phone number to get an account. Write `register_by_phone(base_url, client_id, "
       "access_token, uid, phone)`: log in, get a captcha (`GET /api/v2/sdk/captcha`), solve "
       "it (`POST /api/v2/sdk/captcha/verify` with `point_json`, `token`, `sender`), send the "
       "SMS code (`POST /api/v2/sdk/sms/send`), then `POST /api/v2/sdk/social/register-bind` "
       "with the login's `X-state-token`, the phone and the code; return its answer. In the "
       "sandbox the user's drag is `GET {base_url}/sandbox/captcha/{token}` (it answers the "
       "point) and their phone is `GET {base_url}/sandbox/outbox` (newest message last)."),
    function="register_by_phone",
    scaffold='''import json

import httpx


def register_by_phone(base_url: str, client_id: str, access_token: str, uid: str,
                      phone: str) -> dict:
    """Log in (USER_REGISTER), prove `phone` with a captcha and an SMS code, register-bind;
    return the final answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
    flow_page=("flows/flow-register-phone.md",
               Msg("Register and bind by phone")),
)
