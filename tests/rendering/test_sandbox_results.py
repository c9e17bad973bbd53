"""Real results: every docs fixture of a real sandbox, sent by the real client, rendered in
en/zh."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape

import httpx
import pytest

from explorer.client import DeviceInfo, IdaasClient, IdaasError, Success
from explorer.contract import ERRORS, WEIBO_LOGIN
from explorer.rendering import render
from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.seed import FIXTURES

from .test_render import assert_static

CLOCK = datetime(2024, 5, 1, 8, 0, 0, tzinfo=UTC)
CAUSES = {  # what the card must say about the user's own request, per fixture
    "param-0001": ("`X-agent` was missing", "`X-agent` 缺失"),
    "param-0002": ("`X-client-id` was missing", "`X-client-id` 缺失"),
    "param-0003": ("X-client-id `unregisteredClientId000000000000` is not a registered app",
                   "X-client-id `unregisteredClientId000000000000` 不是已注册的应用"),
    "param-0026": ("`access_token` was missing", "`access_token` 缺失"),
    "param-0027": ("`uid` was empty", "`uid` 为空"),
    "user-0001": ("Weibo uid `1404376560` is bound to no user of this tenant",
                  "微博 uid `1404376560` 未绑定"),
    "user-0039": ("Weibo uid `5601843298` is bound to a user, and the user is disabled",
                  "该用户已被禁用"),
    "com-0002": ("Nothing in the request itself", "请求本身没有问题"),
    "weibo-rejected": ("Weibo's reason:", "微博给出的原因："),
}


@pytest.fixture(scope="module")
def frozen_sandbox() -> Iterator[EmbeddedSandbox]:
    """Our own seeded sandbox with a frozen clock (the session one runs on the wall clock)."""
    with EmbeddedSandbox(seed=7, clock=CLOCK.isoformat().replace("+00:00", "Z")) as server:
        yield server


def send(sandbox: EmbeddedSandbox, fixture: dict, language: str):
    """Arrange the fixture over the admin API, then send its exact request with the client."""
    with httpx.Client(base_url=sandbox.base_url) as admin:
        assert admin.post("/sandbox/reset", json={"fixtures": "docs"}).status_code < 300
        for call in fixture["arrange"]:
            assert admin.request(call["method"], call["path"], json=call["json"]).status_code < 300
    request = fixture["request"]
    dropped = {name: None for name in (*DeviceInfo().headers(), "X-client-id")}
    body = request["body"]
    with IdaasClient(sandbox.base_url, fixture["client_id"], language=language, retries=0,
                     clock=lambda: CLOCK) as client:
        return client.login_weibo(body.get("access_token"), body.get("uid"),
                                  headers={**dropped, **request["headers"]})


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("fixture", FIXTURES, ids=[f["name"] for f in FIXTURES])
def test_docs_fixture_renders_what_an_expert_needs(frozen_sandbox, fixture, language):
    result = send(frozen_sandbox, fixture, language)
    shown = render(result)
    html, text = shown.html, shown.text
    assert_static(html)
    assert f'lang="{language}"' in html
    outcome = fixture["outcome"]
    assert text.startswith(f"[{outcome}] ")
    if outcome in ERRORS:
        assert isinstance(result, IdaasError) and result.error_code == outcome
        spec = ERRORS[outcome]
        assert escape(spec.message.en) in html and escape(spec.message.zh) in html
        assert escape(spec.action(language)) in html
        assert escape(result.error_msg) in html
        assert str(spec.http_status) in text
        assert CAUSES[fixture["name"]][language == "zh"] in text
        says_sandbox = "sandbox, not the vendor" in text or "本沙箱的错误码" in text
        assert says_sandbox == (spec.source == "sandbox")
    else:
        status = WEIBO_LOGIN.status(outcome)
        assert escape(status.meaning(language)) in html
        assert escape(status.next_step(language)) in html
    if isinstance(result, Success):
        assert result.id_token_check.verdict == "VERIFIED"
        assert "[VERIFIED]" in text or "[已验证]" in text
        assert "louxi" in text  # the api claim, decoded
    if outcome in ("USER_REGISTER", "SOCIAL_BIND", "MFA_AUTH"):
        assert "[UNVERIFIABLE]" in text or "[无法验证]" in text


def test_real_results_render_the_same_bytes_twice(frozen_sandbox):
    fixture = FIXTURES[0]
    first, second = (send(frozen_sandbox, fixture, "en") for _ in range(2))
    # the same request to a seeded sandbox with a frozen clock gives the same answer...
    assert first.exchange.response_body == second.exchange.response_body
    # ...and two separately received results draw the same card, byte for byte
    assert render(first).html == render(second).html
    assert render(first).text == render(second).text
    # which shows what the server sent (each value of its body, HTML-escaped)
    sent = json.loads(first.exchange.response_body)
    assert sent["status"] == "SUCCESS" and len(sent["session_token"]) == 32
    for value in sent.values():
        assert escape(str(value)) in render(first).html
