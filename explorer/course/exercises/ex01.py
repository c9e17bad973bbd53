"""Exercise 1: the first call — SUCCESS with the seven headers."""

from __future__ import annotations

import random

from ...contract import LOGIN_PATH, Text
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, body_problem, missing_device, not_sent

RULES = (
    Rule("one_login", Text("one POST to /api/v2/sdk/login/weibo per sign-in",
                           "每次登录向 /api/v2/sdk/login/weibo 发送一次 POST"),
         Text("The login is a single POST to the tenant's /api/v2/sdk/login/weibo: check the "
              "method and the path (base_url is the tenant).",
              "登录是对租户 /api/v2/sdk/login/weibo 的一次 POST：检查请求方法和路径（base_url "
              "即租户地址）。")),
    Rule("device", Text("device headers sent: X-operating-sys-version, X-device-fingerprint, "
                        "X-agent (X-device-ip, if sent, an IP)",
                        "发送了设备头：X-operating-sys-version、X-device-fingerprint、"
                        "X-agent（若发送 X-device-ip 须为IP）"),
         Text("The tenant wants to know which device is signing in: three X- headers describe "
              "it, and without them it answers IDAAS.SDK.PARAM.0001.",
              "租户需要知道是哪台设备在登录：三个 X- 头描述设备，缺少时返回 "
              "IDAAS.SDK.PARAM.0001。")),
    Rule("client_id", Text("X-client-id is the app's client id", "X-client-id 为应用的 client id"),
         Text("The tenant also needs to know which app is asking: that is a header, not a body "
              "field.", "租户还需要知道是哪个应用在请求：这是一个请求头，而不是请求体字段。")),
    Rule("json_body", Text("body is JSON (content-type: application/json) with access_token and "
                           "uid as strings",
                           "请求体为 JSON（content-type: application/json），access_token 与 "
                           "uid 为字符串"),
         Text("How is the body encoded? The login reads a JSON object, and says so in its "
              "content-type; a form body is not JSON.",
              "请求体如何编码？登录接口读取 JSON 对象，并由 content-type 声明；表单不是 JSON。")),
    Rule("answer", Text("the function returns the server's answer, parsed",
                        "函数返回服务器的应答（已解析）"),
         Text("Return what this call answered — each sign-in gets its own session_token, so "
              "an answer copied from one run is wrong in the next.",
              "返回本次调用的应答——每次登录都有自己的 session_token，"
              "复制某次运行的应答在下一次就是错的。")),
)


def _scenario(name: Text | str, shown: bool, fixed: bool) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, str]:
        client_id = tenant.app("course-app" if fixed else None)
        access_token, uid = tenant.weibo_account("5601843296" if fixed else None)
        tenant.user(uid, name="Li Lei" if fixed else tenant.word(5))
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid}

    return Scenario(name, shown, arrange)


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Text("a bound user signs in", "已绑定用户登录"), True, True)]
    return [_scenario(f"hidden {i}", False, False) for i in range(2)]


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"one_login": not_sent("POST", LOGIN_PATH)}
    login = logins[-1]
    answer = answered(login)
    return {
        "one_login": len(logins) == 1,
        "device": held(missing_device(login)),
        "client_id": login.headers.get("x-client-id", "").strip() == run.kwargs["client_id"],
        "json_body": held(body_problem(login, "access_token", "uid")),
        "answer": isinstance(run.returned, dict) and isinstance(answer, dict)
        and answer.get("status") == "SUCCESS" and run.returned == answer,
    }


EXERCISE = Exercise(
    number=1, slug="first-call",
    title=Text("The first call", "第一次调用"),
    concept=Text("A login is one JSON POST with device headers and the app's client id.",
                 "登录是一次带设备头和应用 client id 的 JSON POST。"),
    story=Text(
        "Your team's mobile app gets a Weibo access_token and uid from the Weibo SDK. Your job: "
        "trade them for an IDaaS session. Write `sign_in(base_url, client_id, access_token, "
        "uid)` with httpx: POST to `{base_url}/api/v2/sdk/login/weibo` with the headers the "
        "vendor page lists, and return the parsed JSON answer. For a bound user it is "
        "`{\"status\": \"SUCCESS\", \"session_token\": ..., \"id_token\": ...}`.",
        "团队的移动应用从微博 SDK 拿到了 access_token 和 uid。你的任务：用它们换取 IDaaS 会话。"
        "用 httpx 编写 `sign_in(base_url, client_id, access_token, uid)`："
        "带上厂商文档列出的请求头，POST 到 `{base_url}/api/v2/sdk/login/weibo`，并返回解析后的 "
        "JSON 应答。已绑定用户的应答为 "
        "`{\"status\": \"SUCCESS\", \"session_token\": ..., \"id_token\": ...}`。"),
    function="sign_in",
    scaffold='''import httpx


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    """POST the Weibo token to the tenant's login; return the parsed JSON answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
