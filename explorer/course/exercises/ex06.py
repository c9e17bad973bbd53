"""Exercise 6: MFA_AUTH by SMS — the masked phone, a captcha, the code, ``mfa/sms``."""

from __future__ import annotations

import random
from typing import Any

from ...contract import LOGIN_PATH, Text
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, code_type_sent, device_change, not_sent

MOBILE, SMS, MFA = "/api/v2/sdk/mobile-by-token", "/api/v2/sdk/sms/send", "/api/v2/sdk/mfa/sms"

RULES = (
    Rule("state_on_send", Text("the SMS request carries the login's X-state-token",
                               "发送短信的请求携带登录返回的 X-state-token"),
         Text("Whose phone gets a second-factor code? The tenant decides from the state_token, "
              "so the code request must carry it.",
              "二次认证验证码发给谁的手机？租户根据 state_token 决定，"
              "所以申请验证码时必须携带它。")),
    Rule("code_type", Text("the code is of type MFA_AUTH_SMS", "验证码类型为 MFA_AUTH_SMS"),
         Text("A code proves one purpose; a second factor has its own type.",
              "一个验证码只证明一种用途；二次认证有自己的类型。")),
    Rule("same_device", Text("the same device headers and X-client-id on every call",
                             "每次调用的设备头和 X-client-id 都相同"),
         Text("The second factor must come from the device that signed in.",
              "二次认证必须来自登录的那台设备。")),
    Rule("masked_phone", Text("the phone comes from /api/v2/sdk/mobile-by-token",
                              "手机号取自 /api/v2/sdk/mobile-by-token"),
         Text("The app does not know the user's phone; the tenant tells it (masked) for this "
              "state_token.",
              "应用并不知道用户的手机号；租户会根据 state_token 告诉它（掩码形式）。")),
    Rule("flow", Text("mfa/sms answers SUCCESS once and the function returns it",
                      "mfa/sms 只调用一次并返回 SUCCESS，函数返回该应答"),
         Text("Complete with POST /api/v2/sdk/mfa/sms (state_token, phone, code) and return its "
              "answer.",
              "用 POST /api/v2/sdk/mfa/sms（state_token、手机号、验证码）完成，并返回其应答。")),
)


def _scenario(name: Text | str, shown: bool) -> Scenario:
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
        return [_scenario(Text("a user with MFA on", "开启二次认证的用户"), True)]
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
    title=Text("MFA_AUTH by SMS", "通过短信完成 MFA_AUTH"),
    concept=Text("A second factor is driven by the state_token: it names the phone and opens "
                 "the code.",
                 "二次认证由 state_token 驱动：租户据此确定手机号，并允许发送验证码。"),
    story=Text(
        "This user turned on a second factor: the login answers MFA_AUTH. Write "
        "`second_factor(base_url, client_id, access_token, uid)`: log in, ask `GET "
        "/api/v2/sdk/mobile-by-token` (with `X-state-token`) for the user's phone, solve a "
        "captcha with that phone as sender, send an `MFA_AUTH_SMS` code with the state_token, "
        "then `POST /api/v2/sdk/mfa/sms` with the state_token, the phone and the code; return "
        "its answer. The code arrives in `/sandbox/outbox`.",
        "这位用户开启了二次认证：登录返回 MFA_AUTH。编写 `second_factor(base_url, client_id, "
        "access_token, uid)`：登录，带 `X-state-token` 调用 `GET "
        "/api/v2/sdk/mobile-by-token` 获取用户手机号，以该手机号为 sender 完成图形验证码，带 "
        "state_token 发送 `MFA_AUTH_SMS` 短信验证码，再带 state_token、手机号和验证码调用 `POST "
        "/api/v2/sdk/mfa/sms`，返回其应答。验证码出现在 `/sandbox/outbox`。"),
    function="second_factor",
    scaffold='''import json

import httpx


def second_factor(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    """Log in (MFA_AUTH), prove the user's phone by SMS; return mfa/sms's answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
