"""Exercise 5: SOCIAL_BIND by e-mail to an existing account."""

from __future__ import annotations

import random
from typing import Any

from ...contract import LOGIN_PATH, Text
from ...sandbox.flow_rules import canonical
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, code_type_sent, device_change, not_sent

VERIFY, EMAIL = "/api/v2/sdk/captcha/verify", "/api/v2/sdk/email/send"
BIND, REGISTER_BIND = "/api/v2/sdk/social/bind", "/api/v2/sdk/social/register-bind"

RULES = (
    Rule("endpoint", Text("the flow ends at /social/bind (the account exists), not register-bind",
                          "流程在 /social/bind 结束（账号已存在），而不是 register-bind"),
         Text("SOCIAL_BIND links the Weibo account to someone who already has an account; "
              "each flow has its own completing call, and the state_token only opens its own.",
              "SOCIAL_BIND 把微博账号关联到已有账号的用户；每个流程都有自己的完成接口，state_token "
              "只能用于自己的流程。")),
    Rule("same_device", Text("the same device headers and X-client-id on every call",
                             "每次调用的设备头和 X-client-id 都相同"),
         Text("One user, one device, one flow: reuse the same headers.",
              "同一用户、同一设备、同一流程：复用相同的请求头。")),
    Rule("email", Text("captcha, code and bind all name the user's e-mail",
                       "验证码、邮件和绑定都使用用户的邮箱"),
         Text("The proof is the existing account's e-mail: the code goes there.",
              "凭证是已有账号的邮箱：验证码要发到那里。")),
    Rule("code_type", Text("the e-mail code is of the type bind accepts (BIND_EMAIL_EMS)",
                           "邮件验证码类型为绑定所接受的类型（BIND_EMAIL_EMS）"),
         Text("Binding and registering prove different things: ask for the code type of the "
              "call that will spend it.",
              "绑定和注册证明的是不同的事：申请与使用它的接口相符的验证码类型。")),
    Rule("flow", Text("SUCCESS as the existing user, now bound to the Weibo account; no new user",
                      "以已有用户身份 SUCCESS，且已绑定微博账号；没有新建用户"),
         Text("Walk login → captcha → e-mail code → bind, and return the last answer.",
              "依次完成登录 → 图形验证码 → 邮件验证码 → 绑定，并返回最后的应答。")),
)


def _scenario(name: Text | str, shown: bool) -> Scenario:
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
        return [_scenario(Text("bind to han.meimei@example.com", "绑定到 han.meimei@example.com"),
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
    title=Text("SOCIAL_BIND by e-mail", "通过邮箱完成 SOCIAL_BIND"),
    concept=Text("Binding proves an existing account's e-mail and ends at /social/bind.",
                 "绑定要证明已有账号的邮箱，并在 /social/bind 结束。"),
    story=Text(
        "This tenant links new Weibo accounts to existing users: the login answers SOCIAL_BIND. "
        "Han Meimei already has an account with her e-mail. Write `bind_by_email(base_url, "
        "client_id, access_token, uid, email)`: log in, solve a captcha with the e-mail as "
        "sender, send the code (`POST /api/v2/sdk/email/send`), then `POST "
        "/api/v2/sdk/social/bind` with the login's `X-state-token`, the e-mail and the code; "
        "return its answer. The sandbox's `/sandbox/captcha/{token}` and `/sandbox/outbox` "
        "stand in for the user's drag and mailbox.",
        "这个租户把新的微博账号关联到已有用户：登录返回 SOCIAL_BIND。"
        "韩梅梅已经用邮箱注册了账号。编写 `bind_by_email(base_url, client_id, access_token, uid, "
        "email)`：登录，以邮箱为 sender 完成图形验证码，发送邮件验证码（`POST "
        "/api/v2/sdk/email/send`），再带登录返回的 `X-state-token`、邮箱和验证码调用 `POST "
        "/api/v2/sdk/social/bind`，返回其应答。沙箱的 `/sandbox/captcha/{token}` 和 "
        "`/sandbox/outbox` 代替用户的拖动和邮箱。"),
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
