"""Exercise 2: read a USER_REGISTER / SOCIAL_BIND answer — ``data`` is JSON inside a string."""

from __future__ import annotations

import json
import random

from ...contract import LOGIN_PATH, Text
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, login_problem, not_sent, once

METHODS = ("VERIFY_PHONE", "VERIFY_EMAIL")

RULES = (
    Rule("request", Text("a well-formed login: one JSON POST with the device headers and "
                         "X-client-id", "格式正确的登录：一次带设备头和 X-client-id 的 JSON POST"),
         Text("Start from exercise 1: the same request, sent once.",
              "从练习 1 开始：同样的请求，只发送一次。")),
    Rule("status", Text("status is the answer's status (USER_REGISTER or SOCIAL_BIND)",
                        "status 取自应答的 status（USER_REGISTER 或 SOCIAL_BIND）"),
         Text("A 200 is not always a finished login: the answer's status says which flow the "
              "tenant wants next, and it depends on the tenant's policy.",
              "200 并不总是登录完成：应答的 status 表明租户接下来要求的流程，它取决于租户策略。")),
    Rule("state_token", Text("state_token is the one this answer carried",
                             "state_token 为本次应答携带的那个"),
         Text("The state_token ties the next calls to this login; each login issues a new one.",
              "state_token 把后续调用与本次登录关联；每次登录都会签发新的。")),
    Rule("methods", Text("verify_methods is a list of strings read from data",
                         "verify_methods 是从 data 中读出的字符串列表"),
         Text("Look at the type of data: it is a string that itself contains JSON. Parse it a "
              "second time to get the object inside.",
              "看看 data 的类型：它是一个内含 JSON 的字符串。需要再解析一次才能得到里面的对象。")),
)


def _scenario(name: Text | str, shown: bool, flow: str, methods: list[str]) -> Scenario:
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
        return [_scenario(Text("an unknown Weibo account, register by phone",
                               "未知微博账号，通过手机注册"), True, "USER_REGISTER",
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
    title=Text("Read a USER_REGISTER / SOCIAL_BIND answer",
               "读懂 USER_REGISTER / SOCIAL_BIND 应答"),
    concept=Text("A 200 can ask for more: status names the flow, data is JSON inside a string.",
                 "200 也可能要求更多：status 指明流程，data 是字符串里的 JSON。"),
    story=Text(
        "A new user signs in with a Weibo account the tenant has never seen. Depending on its "
        "policy the tenant answers USER_REGISTER (create an account) or SOCIAL_BIND (link to an "
        "existing one), with a state_token and, in `data`, the ways the user may prove who they "
        "are. Write `next_step(base_url, client_id, access_token, uid)` returning "
        "`{\"status\": ..., \"state_token\": ..., \"verify_methods\": [...]}` so your app can "
        "show the right screen.",
        "一位新用户用租户从未见过的微博账号登录。根据策略，租户返回 USER_REGISTER（创建账号）或 "
        "SOCIAL_BIND（关联已有账号），附带 state_token，并在 `data` 中给出用户可用的验证方式。编写 "
        "`next_step(base_url, client_id, access_token, uid)`，返回 "
        "`{\"status\": ..., \"state_token\": ..., \"verify_methods\": [...]}`，"
        "让应用显示正确的页面。"),
    function="next_step",
    scaffold='''import json

import httpx


def next_step(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    """Log in; return {"status", "state_token", "verify_methods"} from the answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
