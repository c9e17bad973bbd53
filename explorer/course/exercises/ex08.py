"""Exercise 8: ``IDAAS.SDK.COM.0002`` — retry with backoff, give up after N; graded by the timing
of the retries in the request log (sandbox clock)."""

from __future__ import annotations

import random
from itertools import pairwise
from typing import Any

from ...contract import LOGIN_PATH, Text
from ..model import Exercise, Miss, Rule, Run, Scenario
from ..tenant import Tenant
from .wire import answered, not_sent

BUSY = "IDAAS.SDK.COM.0002"
TOLERANCE = 0.8
"""A wait counts if it is at least this share of the one asked for (timer and scheduling slack)."""

RULES = (
    Rule("retry_busy", Text("after IDAAS.SDK.COM.0002 the login is tried again (while attempts "
                            "remain)", "收到 IDAAS.SDK.COM.0002 后（尚有次数时）重试登录"),
         Text("One code means the tenant is busy, not that the request is wrong: it is worth "
              "another try.", "有一个错误码表示租户繁忙，而不是请求错误：值得再试一次。")),
    Rule("only_busy", Text("any other answer ends the loop", "其他任何应答都结束循环"),
         Text("Retry what can succeed later; a refusal or a success is final.",
              "只重试稍后可能成功的请求；拒绝或成功都是最终结果。")),
    Rule("give_up", Text("no more than `attempts` logins in all", "登录总次数不超过 `attempts`"),
         Text("A busy tenant needs less traffic, not more: count your attempts and stop.",
              "繁忙的租户需要更少的请求，而不是更多：数好尝试次数并及时停止。")),
    Rule("backoff", Text("waits first_delay, then twice as long before each further try "
                         "(sandbox clock)",
                         "先等待 first_delay，之后每次重试前等待时间加倍（沙箱时钟）"),
         Text("Back off: wait before retrying, and wait longer each time, so that many clients "
              "do not all come back at once.",
              "退避：重试前先等待，且每次等待更久，避免大量客户端同时重试。")),
    Rule("answer", Text("returns the last answer", "返回最后一次应答"),
         Text("When you give up, the caller still needs to know why: return the last answer.",
              "放弃时调用方仍需知道原因：返回最后一次应答。")),
)


def _scenario(name: Text | str, shown: bool, busy: int, attempts: int, delay: float,
              disabled: bool = False) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account()
        tenant.user(uid, disabled=disabled)
        if busy:
            tenant.busy(busy)
        return {"base_url": tenant.base_url, "client_id": client_id,
                "access_token": access_token, "uid": uid, "attempts": attempts,
                "first_delay": delay}

    return Scenario(name, shown, arrange, {"busy": busy})


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Text("busy once", "繁忙一次"), True, 1, 3, 0.1)]
    attempts = rng.choice([2, 3])
    return [_scenario("hidden 0", False, 2, 3, rng.choice([0.05, 0.08, 0.1])),
            _scenario("hidden 1", False, 4, attempts, 0.05),
            _scenario("hidden 2", False, 0, 3, 0.05, disabled=True)]


def grade(run: Run) -> dict[str, bool | Miss | None]:
    logins = run.to(LOGIN_PATH, "POST")
    if not logins:
        return {"retry_busy": not_sent("POST", LOGIN_PATH)}
    attempts, delay = run.kwargs["attempts"], run.kwargs["first_delay"]
    codes = [(answered(c) or {}).get("error_code") for c in logins]
    grades: dict[str, bool | Miss | None] = {
        "give_up": len(logins) <= attempts,
        "only_busy": all(code == BUSY for code in codes[:-1]),
        "answer": run.returned == answered(logins[-1]),
    }
    if codes[0] == BUSY:
        grades["retry_busy"] = len(logins) >= min(attempts, run.scenario.facts["busy"] + 1)
    gaps = [b.sandbox_timestamp - a.sandbox_timestamp for a, b in pairwise(logins)]
    if gaps:
        grades["backoff"] = all(gap >= TOLERANCE * delay * 2 ** i for i, gap in enumerate(gaps))
    return grades


EXERCISE = Exercise(
    number=8, slug="retry-busy",
    title=Text("COM.0002: retry with backoff", "COM.0002：退避重试"),
    concept=Text("Retry only 'busy', wait longer each time, and stop after N tries.",
                 "只重试“繁忙”，每次等待更久，N 次后停止。"),
    story=Text(
        "At peak time the tenant sometimes answers `IDAAS.SDK.COM.0002` (busy). Write "
        "`login_with_retry(base_url, client_id, access_token, uid, attempts, first_delay)`: "
        "send the login; while the answer is COM.0002 and attempts remain, wait (first_delay "
        "seconds, then twice as long each time) and send it again; return the last answer. The "
        "check reads the times of your requests from the sandbox's request log.",
        "高峰期租户有时返回 `IDAAS.SDK.COM.0002`（繁忙）。编写 `login_with_retry(base_url, "
        "client_id, access_token, uid, attempts, first_delay)`：发送登录请求；当应答为 COM.0002 "
        "且仍有次数时，等待（先 first_delay 秒，之后每次加倍）再发送；返回最后一次应答。"
        "检查会从沙箱请求日志读取你的请求时间。"),
    function="login_with_retry",
    scaffold='''import time

import httpx


def login_with_retry(base_url: str, client_id: str, access_token: str, uid: str,
                     attempts: int = 3, first_delay: float = 0.1) -> dict:
    """Log in; retry IDAAS.SDK.COM.0002 with exponential backoff, at most `attempts` tries;
    return the last answer."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
