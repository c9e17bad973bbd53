"""The follow-up answers of a real sandbox, rendered: a card per kind in en and zh, the captcha's
images inline, the same bytes for the same exchange, static HTML."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from explorer.client import Captcha, IdaasClient
from explorer.contract import WEIBO_LOGIN
from explorer.rendering import render, to_html, to_text
from explorer.sandbox import EmbeddedSandbox, SandboxAdmin

from .test_render import assert_static

CLOCK = "2024-05-01T08:00:00Z"
INSTANT = datetime(2024, 5, 1, 8, 0, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def answers() -> Iterator[dict]:
    """One of each follow-up answer from our own seeded, frozen sandbox."""
    with EmbeddedSandbox(seed=11, clock=CLOCK, fixtures="docs") as box, \
            IdaasClient(box.base_url, WEIBO_LOGIN.header("X-client-id").example, retries=0,
                        clock=lambda: INSTANT) as idaas, \
            httpx.Client(base_url=box.base_url) as http_admin:
        login = idaas.login_weibo(WEIBO_LOGIN.field("access_token").example,
                                  WEIBO_LOGIN.field("uid").example)
        captcha = idaas.get_captcha()
        with SandboxAdmin(box.base_url) as admin:
            point = admin.captcha_answer(captcha.token).point
        passed = idaas.verify_captcha(captcha.token, point, "a@b.cn")
        sent = idaas.send_email("a@b.cn", "REGISTER_EMS", passed.captcha_token)
        secret = http_admin.get(f"/sandbox/apps/{idaas.client_id}").json()["client_secret"]
        token = idaas.app_token(secret)
        ticket = idaas.sso_ticket(token, login.session_token)
        yield {"captcha": captcha, "passed": passed, "sent": sent, "token": token,
               "ticket": ticket, "user": idaas.verify_ticket(token, ticket),
               "refreshed": idaas.refresh_id_token(login.session_token)}


BADGES = {"captcha": "CAPTCHA", "passed": "CAPTCHA OK", "sent": "CODE SENT", "token": "APP TOKEN",
          "ticket": "SSO TICKET", "user": "USER", "refreshed": "SUCCESS"}


@pytest.mark.parametrize("kind", sorted(BADGES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_answer_renders_with_its_badge_next_step_and_exchange(answers, kind, lang):
    result = answers[kind]
    html = to_html(result, lang)
    assert_static(html)
    assert re.search(r'class="wle-badge wle-\w+">' + re.escape(BADGES[kind]) + "</span>", html)
    assert "wle-next" in html and result.exchange.url.split("//", 1)[1].split("/", 1)[1] in html
    assert to_html(result, lang) == html  # same bytes every time
    assert ("下一步" in html) == (lang == "zh")


def test_captcha_card_draws_both_pngs_inline_and_text_gives_their_size(answers):
    captcha: Captcha = answers["captcha"]
    html = to_html(captcha)
    for data in (captcha.original_image_base64, captcha.jigsaw_image_base64):
        assert f'src="data:image/png;base64,{data}"' in html
    assert base64.b64decode(captcha.original_image_base64).startswith(b"\x89PNG")
    assert "originalImageBase64" not in str(render(captcha).card.sections[0].rows)
    assert re.search(r"PNG \d+×\d+", to_text(captcha))


def test_refreshed_says_the_answer_has_no_status(answers):
    text = to_text(answers["refreshed"])
    assert "id_token refreshed" in text and "no status field" in text
    assert "VERIFIED" in text


def test_a_hostile_base64_is_not_drawn():
    from explorer.rendering.html import image

    assert "<img" not in image("x", '"><script>alert(1)</script>')
