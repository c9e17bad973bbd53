"""Exercise 5: SOCIAL_BIND by e-mail to an existing account."""

from __future__ import annotations

import random
from typing import Any

from ...catalogue import Msg, Words
from ...contract import LOGIN_PATH
from ...sandbox.flow_rules import canonical
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, code_type_sent, device_change, not_sent

VERIFY, EMAIL = "/api/v2/sdk/captcha/verify", "/api/v2/sdk/email/send"
BIND, REGISTER_BIND = "/api/v2/sdk/social/bind", "/api/v2/sdk/social/register-bind"

RULES = (
    Rule("endpoint", Msg("the flow ends at /social/bind (the account exists), not register-bind"),
         Msg("SOCIAL_BIND links the Weibo account to someone who already has an account; "
             "each flow has its own completing call, and the state_token only opens its own.")),
    Rule("same_device", Msg("the same device headers and X-client-id on every call"),
         Msg("One user, one device, one flow: reuse the same headers.")),
    Rule("email", Msg("captcha, code and bind all name the user's e-mail"),
         Msg("The proof is the existing account's e-mail: the code goes there.")),
    Rule("code_type", Msg("the e-mail code is of the type bind accepts (BIND_EMAIL_EMS)"),
         Msg("Binding and registering prove different things: ask for the code type of the "
             "call that will spend it.")),
    Rule("flow", Msg("SUCCESS as the existing user, now bound to the Weibo account; no new user"),
         Msg("Walk login → captcha → e-mail code → bind, and return the last answer.")),
)


def _scenario(name: Words | str, shown: bool) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account("1404376560" if shown else None)
        tenant.policy(unbound_social="bind", verify_methods=["VERIFY_EMAIL"])
        email = "han.meimei@example.com" if shown else tenant.email()
        tenant.user(None, email=email, name="existing")
        for _ in range(tenant.rng.randrange(0, 3)):
            tenant.user(None, email=tenant.email())
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid, "email": email}

    return Scenario(name, shown, arrange)


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Msg("bind to han.meimei@example.com"),
                          True)]
    return [_scenario(f"hidden {i}", False) for i in range(2)]


def _field(call: Any, name: str) -> str:
    body = call.json()
    return str(body.get(name, "")) if isinstance(body, dict) else ""


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"flow": not_sent("POST", LOGIN_PATH)}
    email = canonical(run.kwargs["email"])
    verifies, sends = run.to(VERIFY, "POST"), run.to(EMAIL, "POST")
    binds, wrong = run.to(BIND, "POST"), run.to(REGISTER_BIND, "POST")
    named = ([canonical(_field(c, "sender")) for c in verifies]
             + [canonical(_field(c, "email")) for c in sends + binds + wrong])
    final = answered(binds[-1]) if binds else None
    users = run.tenant.users()
    owner = [u for u in users if canonical(u.email or "x") == email]
    return {
        "endpoint": bool(binds) and not wrong,
        "same_device": held(device_change(run.api_calls)) if len(run.api_calls) > 1 else None,
        "email": all(n == email for n in named) if named else None,
        "code_type": held(code_type_sent(sends, "BIND_EMAIL_EMS", f"POST {BIND}"))
        if sends else None,
        "flow": len(owner) == 1 and run.kwargs["uid"] in owner[0].weibo_uids
        and isinstance(final, dict) and final.get("status") == "SUCCESS"
        and run.returned == final and len(users) == run.scenario.facts.get("users", len(users)),
    }


EXERCISE = Exercise(
    number=5, slug="bind-by-email",
    title=Msg("SOCIAL_BIND by e-mail"),
    concept=Msg("Binding proves an existing account's e-mail and ends at /social/bind."),
    story=Msg(
        "This tenant links new Weibo accounts to existing users: the login answers SOCIAL_BIND. "
        "Han Meimei already has an account with her e-mail. Write `bind_by_email(base_url, "
        "client_id, access_token, uid, email)`: log in, solve a captcha with the e-mail as "
        "sender, send the code (`POST /api/v2/sdk/email/send`), then `POST "
        "/api/v2/sdk/social/bind` with the login's `X-state-token`, the e-mail and the code; "
        "return its answer. The sandbox's `/sandbox/captcha/{token}` and `/sandbox/outbox` "
        "stand in for the user's drag and mailbox."),
    function="bind_by_email",
    scaffold='''import json

import httpx


def bind_by_email(base_url: str, client_id: str, access_token: str, uid: str,
                  email: str) -> dict:
    """Log in (SOCIAL_BIND), prove `email` with a captcha and a code, bind; return the
    final answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
