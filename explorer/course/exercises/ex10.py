"""Exercise 10 (capstone): one ``sign_in_with_weibo`` that ends every one of the six outcomes
correctly, against a randomised hidden tenant."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from ...contract import LOGIN_PATH, Text
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, login_problem, not_sent

BUSY = "IDAAS.SDK.COM.0002"

RULES = (
    Rule("request", Text("every login is well-formed: JSON, device headers, X-client-id",
                         "每次登录格式正确：JSON、设备头、X-client-id"),
         Text("Start from exercise 1's request.", "从练习 1 的请求开始。")),
    Rule("language", Text("X-L carries the user's language", "X-L 携带用户的语言"),
         Text("Messages come back in the language the request asks for: which header says it?",
              "应答信息的语言由请求决定：哪个请求头表明语言？")),
    Rule("error", Text("an error answer returns its error_code and error_msg",
                       "错误应答返回其 error_code 和 error_msg"),
         Text("An error is an answer too: its body says what went wrong. Read the envelope "
              "instead of raising on the HTTP status.",
              "错误也是一种应答：其响应体说明了问题所在。读取错误响应体，而不是因 HTTP "
              "状态码直接抛异常。")),
    Rule("success", Text("SUCCESS returns the session_token and id_token",
                         "SUCCESS 返回 session_token 和 id_token"),
         Text("On SUCCESS the session is in the answer: hand both tokens to the app.",
              "SUCCESS 时会话就在应答里：把两个令牌都交给应用。")),
    Rule("flow", Text("USER_REGISTER / SOCIAL_BIND return the state_token and verify_methods "
                      "(a list)",
                      "USER_REGISTER / SOCIAL_BIND 返回 state_token 和 verify_methods（列表）"),
         Text("A 200 is not always a finished login: read status, and remember that data is "
              "JSON inside a string (exercise 2).",
              "200 并不总是登录完成：读取 status，并记住 data 是字符串里的 JSON（练习 2）。")),
    Rule("mfa", Text("MFA_AUTH returns the state_token and mfa_methods (a list)",
                     "MFA_AUTH 返回 state_token 和 mfa_methods（列表）"),
         Text("A second factor is another 200 that is not a session: its data lists the "
              "methods, as JSON inside a string.",
              "二次认证也是一个不代表会话的 200：其 data 以字符串内 JSON 的形式列出认证方式。")),
    Rule("denied", Text("ACCESS_DENIED gives no session and shows data as the message",
                        "ACCESS_DENIED 不产生会话，并以 data 作为提示信息"),
         Text("The tenant can refuse a user it knows, with a 200: status says so, and there is "
              "no token to keep.",
              "租户可以用 200 拒绝已知用户：status 会说明，且没有可保存的令牌。")),
    Rule("no_retry", Text("a refused login is not sent again", "被拒绝的登录不会重发"),
         Text("Retrying only helps when the server says it was busy; a refusal will be refused "
              "again.", "只有服务器表示繁忙时重试才有用；被拒绝的请求重试仍会被拒绝。")),
    Rule("retry_busy", Text("after IDAAS.SDK.COM.0002 the login is tried again",
                            "收到 IDAAS.SDK.COM.0002 后会重试登录"),
         Text("One error code means 'busy, try again later'. Which one?",
              "有一个错误码表示“繁忙，请稍后重试”。是哪一个？")),
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


def _scenario(name: Text | str, shown: bool, case: str, language: str) -> Scenario:
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
        return [_scenario(Text("a bound user", "已绑定用户"), True, "success", "en"),
                _scenario(Text("a new Weibo account (USER_REGISTER)",
                               "新的微博账号（USER_REGISTER）"),
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
    title=Text("Capstone: every outcome, ended right", "综合练习：正确处理每一种结果"),
    concept=Text("One function that reads the answer's status or error_code and ends each of "
                 "the six outcomes the way the app needs.",
                 "一个函数读取应答的 status 或 error_code，并按应用需要正确结束六种结果中"
                 "的每一种。"),
    story=Text(
        "Put it together: your app's real sign-in. Write `sign_in_with_weibo(base_url, "
        "client_id, access_token, uid, language)` returning a dict with `outcome` and what the "
        "app needs next: SUCCESS → `session_token`, `id_token`; USER_REGISTER / SOCIAL_BIND → "
        "`state_token`, `verify_methods` (list); MFA_AUTH → `state_token`, `mfa_methods` "
        "(list); ACCESS_DENIED → `message` (the answer's data); an error → `outcome` is the "
        "error_code, `message` its error_msg, in the user's `language`. When the tenant is busy "
        "(IDAAS.SDK.COM.0002) try again. The check runs it against a randomised hidden tenant.",
        "综合起来：应用真正的登录。编写 `sign_in_with_weibo(base_url, client_id, "
        "access_token, uid, language)`，返回包含 `outcome` 以及应用下一步所需内容的 dict：SUCCESS "
        "→ `session_token`、`id_token`；USER_REGISTER / SOCIAL_BIND → `state_token`、"
        "`verify_methods`（列表）；MFA_AUTH → `state_token`、`mfa_methods`（列表）；ACCESS_DENIED "
        "→ `message`（应答的 data）；错误 → `outcome` 为 error_code，`message` 为其 error_msg，"
        "使用用户的 `language`。租户繁忙（IDAAS.SDK.COM.0002）时重试。"
        "检查会在一个随机的隐藏租户上运行它。"),
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
