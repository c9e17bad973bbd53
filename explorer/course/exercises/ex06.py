"""Exercise 6: MFA_AUTH by SMS — the masked phone, a captcha, the code, ``mfa/sms``."""

from __future__ import annotations

import random
from typing import Any

from ...catalogue import Msg, Words
from ...contract import LOGIN_PATH
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, code_type_sent, device_change, not_sent

MOBILE, SMS, MFA = "/api/v2/sdk/mobile-by-token", "/api/v2/sdk/sms/send", "/api/v2/sdk/mfa/sms"

RULES = (
    Rule("state_on_send", Msg("the SMS request carries the login's X-state-token"),
         Msg("Whose phone gets a second-factor code? The tenant decides from the state_token, "
             "so the code request must carry it.")),
    Rule("code_type", Msg("the code is of type MFA_AUTH_SMS"),
         Msg("A code proves one purpose; a second factor has its own type.")),
    Rule("same_device", Msg("the same device headers and X-client-id on every call"),
         Msg("The second factor must come from the device that signed in.")),
    Rule("masked_phone", Msg("the phone comes from /api/v2/sdk/mobile-by-token"),
         Msg("The app does not know the user's phone; the tenant tells it (masked) for this "
             "state_token.")),
    Rule("flow", Msg("mfa/sms answers SUCCESS once and the function returns it"),
         Msg("Complete with POST /api/v2/sdk/mfa/sms (state_token, phone, code) and return its "
             "answer.")),
)


def _scenario(name: Words | str, shown: bool) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account("5601843297" if shown else None)
        tenant.policy(mfa_methods=["SMS"])
        tenant.user(uid, mfa=True, mobile="13912345678" if shown else tenant.phone())
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid}

    return Scenario(name, shown, arrange)


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("a user with MFA on"), True)]
    return [_scenario(f"hidden {i}", False) for i in range(2)]


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"flow": not_sent("POST", LOGIN_PATH)}
    state_token = (answered(logins[0]) or {}).get("state_token", "")
    sends, mfas, lookups = run.to(SMS, "POST"), run.to(MFA, "POST"), run.to(MOBILE, "GET")
    masked = {str((answered(c) or {}).get("mobile")) for c in lookups}
    used = [str((c.json() or {}).get("mobile", "")) for c in sends + mfas]
    final = answered(mfas[-1]) if mfas else None
    return {
        "state_on_send": all(c.header("x-state-token") == state_token for c in sends)
        if sends else False,
        "code_type": held(code_type_sent(sends, "MFA_AUTH_SMS", f"POST {MFA}"))
        if sends else None,
        "same_device": held(device_change(run.api_calls)) if len(run.api_calls) > 1 else None,
        "masked_phone": bool(lookups) and bool(used) and all(u in masked for u in used),
        "flow": len(mfas) == 1 and isinstance(final, dict) and final.get("status") == "SUCCESS"
        and run.returned == final,
    }


EXERCISE = Exercise(
    number=6, slug="mfa-by-sms",
    title=Msg("MFA_AUTH by SMS"),
    concept=Msg("A second factor is driven by the state_token: it names the phone and opens "
                "the code."),
    story=Msg(
        "This user turned on a second factor: the login answers MFA_AUTH. Write "
       "`second_factor(base_url, client_id, access_token, uid)`: log in, ask `GET "
       "/api/v2/sdk/mobile-by-token` (with `X-state-token`) for the user's phone, solve a "
       "captcha with that phone as sender, send an `MFA_AUTH_SMS` code with the state_token, "
       "then `POST /api/v2/sdk/mfa/sms` with the state_token, the phone and the code; return "
       "its answer. The code arrives in `/sandbox/outbox`."),
    function="second_factor",
    scaffold='''import json

import httpx


def second_factor(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    """Log in (MFA_AUTH), prove the user's phone by SMS; return mfa/sms's answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
