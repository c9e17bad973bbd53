"""Exercise 4: finish USER_REGISTER by phone — captcha → SMS code → register-bind."""

from __future__ import annotations

import random
from typing import Any

from ...contract import LOGIN_PATH, Text
from ...sandbox.flow_rules import canonical
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, code_type_sent, device_change, not_sent

CAPTCHA, VERIFY = "/api/v2/sdk/captcha", "/api/v2/sdk/captcha/verify"
SMS, REGISTER_BIND = "/api/v2/sdk/sms/send", "/api/v2/sdk/social/register-bind"

RULES = (
    Rule("same_device", Text("the same device headers and X-client-id on every call of the flow",
                             "流程中每次调用的设备头和 X-client-id 都相同"),
         Text("The flow is one user on one device: the tenant ties its steps together by the "
              "device. Build the headers once and reuse them for every call.",
              "整个流程是同一用户在同一设备上完成的：租户通过设备把各步骤关联起来。"
              "请求头只构建一次，每次调用复用。")),
    Rule("phone", Text("captcha, code and register-bind all name the phone being registered",
                       "验证码、短信和注册绑定都使用正在注册的手机号"),
         Text("Whose phone proves this registration? The code must go to the number the new "
              "account will have, not to an example from the docs.",
              "是谁的手机在证明这次注册？验证码必须发到新账号的号码，而不是文档里的示例号码。")),
    Rule("code_type", Text("the SMS code is of the type register-bind accepts (REGISTER_SMS)",
                           "短信验证码类型为注册绑定所接受的类型（REGISTER_SMS）"),
         Text("A code proves one purpose: the type you ask for must match the call that spends "
              "it.", "一个验证码只证明一种用途：申请的类型必须与使用它的接口相符。")),
    Rule("state_once", Text("the login's state_token is sent once, to register-bind",
                            "登录返回的 state_token 只发送一次，用于注册绑定"),
         Text("The state_token is the login's promise that a flow may follow; completing the "
              "flow spends it. Send it with the call that completes the flow, once.",
              "state_token 是登录给出的“可以继续流程”的凭证；完成流程即消耗它。"
              "只在完成流程的那次调用中发送一次。")),
    Rule("flow", Text("the flow ends in SUCCESS: a new user with this phone, bound to the Weibo "
                      "account, and the function returns that answer",
                      "流程以 SUCCESS 结束：新用户拥有此手机号并绑定该微博账号，函数返回该应答"),
         Text("Walk the steps in order — login, captcha, verify, send the code, register-bind — "
              "and return the last answer.",
              "按顺序完成各步骤——登录、获取图形验证码、校验、发送短信、注册绑定——并返回最后的应答。")),
)


def _scenario(name: Text | str, shown: bool) -> Scenario:
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
        return [_scenario(Text("register 13800138000", "注册 13800138000"), True)]
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
    title=Text("Finish USER_REGISTER by phone", "通过手机完成 USER_REGISTER"),
    concept=Text("A follow-up flow is one device, one state_token spent once, and a code sent "
                 "to the phone being proven.",
                 "后续流程意味着同一设备、只用一次的 state_token，以及发到被验证手机的验证码。"),
    story=Text(
        "The tenant answered USER_REGISTER: the Weibo account is new, and the user must prove a "
        "phone number to get an account. Write `register_by_phone(base_url, client_id, "
        "access_token, uid, phone)`: log in, get a captcha (`GET /api/v2/sdk/captcha`), solve "
        "it (`POST /api/v2/sdk/captcha/verify` with `point_json`, `token`, `sender`), send the "
        "SMS code (`POST /api/v2/sdk/sms/send`), then `POST /api/v2/sdk/social/register-bind` "
        "with the login's `X-state-token`, the phone and the code; return its answer. In the "
        "sandbox the user's drag is `GET {base_url}/sandbox/captcha/{token}` (it answers the "
        "point) and their phone is `GET {base_url}/sandbox/outbox` (newest message last).",
        "租户返回 USER_REGISTER：微博账号是新的，用户需要验证一个手机号才能获得账号。编写 "
        "`register_by_phone(base_url, client_id, access_token, uid, phone)`：登录，获取图形验证码"
        "（`GET /api/v2/sdk/captcha`），完成验证（`POST /api/v2/sdk/captcha/verify`，带 "
        "`point_json`、`token`、`sender`），发送短信验证码（`POST /api/v2/sdk/sms/send`），"
        "最后带登录返回的 `X-state-token`、手机号和验证码调用 `POST "
        "/api/v2/sdk/social/register-bind`，返回其应答。在沙箱中，用户的拖动是 `GET "
        "{base_url}/sandbox/captcha/{token}`（返回坐标），用户的手机是 `GET "
        "{base_url}/sandbox/outbox`（最新消息在最后）。"),
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
               Text("Register and bind by phone", "手机号注册并绑定")),
)
