"""Exercise 9: keep a session — refresh the id_token before it expires, by the tenant's clock."""

from __future__ import annotations

import random
from typing import Any

from ...contract import ID_TOKEN_REFRESH, Text
from ...sandbox.tenant_admin import LoggedRequest
from ..model import Exercise, Miss, Rule, Run, Scenario, held
from ..tenant import Tenant
from .wire import answered, client_problem, missing_device

MARGIN = 300
"""Refresh when the id_token has less than this many seconds left."""

RULES = (
    Rule("refresh_due", Text("an id_token with less than 300 s left (tenant's clock) is refreshed",
                             "剩余不足 300 秒（按租户时钟）的 id_token 会被刷新"),
         Text("Whose clock decides? The token's exp is the tenant's time: ask the tenant what "
              "time it is (in the sandbox, GET /healthz answers now) rather than trusting the "
              "machine you run on.",
              "由谁的时钟决定？令牌的 exp 是租户的时间：询问租户当前时间（沙箱中 GET /healthz "
              "返回 now），而不是相信你所在机器的时钟。")),
    Rule("no_needless", Text("a fresh id_token is kept (no refresh call)",
                             "仍然新鲜的 id_token 被保留（不调用刷新）"),
         Text("Each refresh is a call the tenant must answer: refresh only when the token is "
              "about to expire.", "每次刷新都是租户必须响应的调用：只在令牌即将过期时刷新。")),
    Rule("request", Text("the refresh sends the session-token header, the device headers and "
                         "X-client-id", "刷新请求携带 session-token 头、设备头和 X-client-id"),
         Text("The session, not the old id_token, is what proves the user is still signed in; "
              "it travels in a header.",
              "证明用户仍在登录状态的是会话，而不是旧的 id_token；它放在请求头里。")),
    Rule("returns", Text("returns the id_token to use now (the new one after a refresh)",
                         "返回现在应使用的 id_token（刷新后为新的）"),
         Text("After a refresh the old token is still near its end: return the one from the "
              "answer.", "刷新后旧令牌仍即将过期：返回应答中的那个。")),
)


def _scenario(name: Text | str, shown: bool, ttl: int, left: int) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account()
        tenant.user(uid)
        tenant.policy(id_token_ttl=ttl)
        answer = tenant.login(client_id, access_token, uid).json()
        tenant.advance(ttl - left)
        return {"base_url": tenant.base_url, "client_id": client_id,
                "session_token": answer["session_token"], "id_token": answer["id_token"]}

    return Scenario(name, shown, arrange, {"due": left < MARGIN})


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Text("100 s left", "剩余 100 秒"), True, 3600, 100),
                _scenario(Text("just issued", "刚签发"), True, 3600, 3600)]
    ttl = rng.choice([900, 1800, 7200])
    return [_scenario("hidden 0", False, ttl, rng.randrange(30, 250)),
            _scenario("hidden 1", False, ttl, rng.randrange(400, ttl - 100)),
            _scenario("hidden 2", False, ttl, rng.randrange(30, 250))]


def _session_problem(call: LoggedRequest, session_token: str) -> Text | None:
    """None when the refresh carried the session's token in its session-token header."""
    if call.header("session-token") == session_token:
        return None
    return Text(f"{call.method} {call.path} did not send the session's token in its "
                "session-token header",
                f"{call.method} {call.path} 没有在 session-token 请求头中发送会话的令牌")


def grade(run: Run) -> dict[str, bool | Miss | None]:
    refreshes = run.to(ID_TOKEN_REFRESH.path, "POST")
    due = run.scenario.facts["due"]
    grades: dict[str, bool | Miss | None] = {}
    if due:
        grades["refresh_due"] = len(refreshes) == 1
    else:
        grades["no_needless"] = not refreshes
        grades["returns"] = run.returned == run.kwargs["id_token"]
    if refreshes:
        call = refreshes[-1]
        grades["request"] = held(_session_problem(call, run.kwargs["session_token"])
                                 or missing_device(call)
                                 or client_problem(call, run.kwargs["client_id"]))
        new = (answered(call) or {}).get("id_token")
        if due:
            grades["returns"] = bool(new) and run.returned == new
    if due and not refreshes:
        grades["returns"] = False if run.returned == run.kwargs["id_token"] else None
    return grades


EXERCISE = Exercise(
    number=9, slug="refresh-id-token",
    title=Text("Keep a session: refresh the id_token", "保持会话：刷新 id_token"),
    concept=Text("Refresh shortly before exp, by the tenant's clock, with the session-token.",
                 "按租户时钟在 exp 前不久用 session-token 刷新。"),
    story=Text(
        "Your app keeps users signed in for days, but an id_token lives only an hour or two. "
        "Write `fresh_id_token(base_url, client_id, session_token, id_token)`: when the "
        "id_token has less than 300 seconds left by the tenant's clock, call `POST "
        "/api/v2/sdk/sso/session-token/id-token` (header `session-token`, plus the device "
        "headers) and return the new id_token; otherwise return the one you have. In the "
        "sandbox the clock moves: `GET {base_url}/healthz` tells its `now`.",
        "应用让用户保持登录数天，但 id_token 只有一两个小时的有效期。编写 "
        "`fresh_id_token(base_url, client_id, session_token, id_token)`：当按租户时钟 id_token "
        "剩余不足 300 秒时，调用 `POST /api/v2/sdk/sso/session-token/id-token`（请求头 "
        "`session-token` 以及设备头）并返回新的 id_token；否则返回现有的。沙箱的时钟会移动：`GET "
        "{base_url}/healthz` 返回其 `now`。"),
    function="fresh_id_token",
    scaffold='''from datetime import datetime

import httpx

def fresh_id_token(base_url: str, client_id: str, session_token: str, id_token: str) -> str:
    """The id_token to use now: refreshed when < 300 s are left (tenant's clock)."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
