"""The renderers, driven through ``explorer.rendering`` with results built from the dataclasses."""

from __future__ import annotations

import io
import json
import re
from html import escape
from html.parser import HTMLParser

import pytest
from rich.console import Console

import explorer
from explorer.contract import ERRORS, WEIBO_LOGIN
from explorer.rendering import mimebundle, render, to_html, to_rich, to_text

from . import results as R


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_static(html: str) -> None:
    """No script element, no event-handler attribute, no javascript: URL — parsed, not grepped."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag != "script", html
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name)
            assert "javascript:" not in (value or "").lower(), (tag, name)
    assert "<script" not in html.lower()

KINDS = {
    "SUCCESS": R.success,
    "USER_REGISTER": R.user_register,
    "SOCIAL_BIND": R.social_bind,
    "MFA_AUTH": R.mfa_auth,
    "ACCESS_DENIED": R.access_denied,
}


def rich_text(renderable) -> str:
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", list(KINDS))
def test_every_status_shows_badge_meaning_and_next_call(name, language):
    result = KINDS[name](language)
    status = WEIBO_LOGIN.status(name)
    html, text = to_html(result), to_text(result)
    assert '<span class="wle-badge wle-' in html and f">{name}</span>" in html
    for output, quote in ((html, escape), (text, str)):
        assert quote(status.meaning(language)) in output
        assert quote(status.next_step(language)) in output
    other = "en" if language == "zh" else "zh"
    assert status.next_step(other) not in html
    assert_static(html)
    assert "<details" in html and "<summary>" in html


@pytest.mark.parametrize("name", list(KINDS))
def test_language_follows_x_l_and_can_be_overridden(name):
    result = KINDS[name]("zh")
    assert 'lang="zh"' in to_html(result)
    assert "原始请求与响应" in to_html(result)
    forced = to_html(result, language="en")
    assert 'lang="en"' in forced and "Raw exchange" in forced and "原始请求与响应" not in forced


def test_success_shows_session_expiry_and_verified_id_token():
    result = R.success()
    text = to_text(result)
    assert "btsiBjx85prcZu6I6Ki057Tmw3nSF2VO" in text
    assert "2026-01-09 03:04:05 UTC" in text and "in 7 d" in text
    assert "[VERIFIED]" in text
    assert "louxi" in text and "+86-15907132852" in text  # api claim decoded
    assert "2026-01-02 05:04:05 UTC" in text  # exp as a date
    assert "lifetime (exp − iat)  2 h" in text


def test_countdown_is_relative_to_when_the_answer_came():
    result = R.success()
    from dataclasses import replace

    later = replace(result, expire=604800 - 3600)
    assert "in 6 d 23 h" in to_text(later)
    assert to_html(result) == to_html(result)  # same bytes every time


@pytest.mark.parametrize("claims, reason", [
    ({"exp": int(R.NOW.timestamp()) - 10}, "the token has expired"),
    ({"aud": "someone-else"}, "aud is not your client id"),
    ({"iss": "https://evil.example"}, "iss is not this tenant"),
    ({"nbf": int(R.NOW.timestamp()) + 600}, "the token is not valid yet"),
])
def test_invalid_id_token_says_why(claims, reason):
    result = R.success(token=R.id_token(**claims))
    html = to_html(result)
    assert "INVALID" in html and escape(reason) in html
    assert "wle-badge wle-error" in html
    assert "do not trust this login" in html


def test_the_claim_that_failed_is_marked():
    text = to_text(R.success(token=R.id_token(aud="someone-else")))
    assert "aud                   someone-else  (✗ fails the check)" in text
    assert text.count("fails the check") == 1


def test_forged_signature_is_invalid():
    token = R.id_token()
    head, body, sig = token.split(".")
    flipped = sig[:20] + ("A" if sig[20] != "A" else "B") + sig[21:]
    forged = R.success(token=f"{head}.{body}.{flipped}")
    assert "`signature` — the signature matches no key" in to_text(forged)


def test_id_token_the_client_could_not_verify_says_so():
    from dataclasses import replace

    check = replace(R.check_id_token(R.id_token()), verdict="UNVERIFIABLE",
                    reason="JWKS unavailable: connection refused")
    text = render(check).text
    assert "could not verify it: `JWKS unavailable: connection refused`" in text
    assert "only by the server" not in text


def test_unchecked_token_is_decoded_and_says_it_was_not_verified():
    text = to_text(R.success(check=False))
    assert "[NOT CHECKED]" in text and "louxi" in text


def test_malformed_token_is_shown_not_raised():
    text = to_text(R.success(token="not-a-jwt", check=False))
    assert "[NOT A JWT]" in text and "not-a-jwt" in text


@pytest.mark.parametrize("factory", [R.user_register, R.social_bind, R.mfa_auth])
def test_state_token_is_readable_but_only_the_server_verifies_it(factory):
    for language, words in (("en", "verifiable only by the server"), ("zh", "只有服务器能验证")):
        html = to_html(factory(language))
        assert words in html and "HS256" in html
        assert "o3DuE5SrIuhu9HdqnpwtsvkgdHQ" in html  # sub decoded


def test_flows_are_explained_with_the_code_type_to_send():
    register, bind = to_text(R.user_register()), to_text(R.social_bind())
    assert "Phone number + SMS verification code" in register and "REGISTER_SMS" in register
    assert "E-mail + e-mail verification code" in register and "REGISTER_EMS" in register
    assert "BIND_MOBILE_SMS" in bind and "BIND_EMAIL_EMS" in bind
    assert '{"socialBindOrRegisterFlow": ["VERIFY_PHONE", "VERIFY_EMAIL"]}' in register


def test_seed_status_with_a_leading_space_is_pointed_out():
    text = to_text(R.social_bind(sent_status=" SOCIAL_BIND"))
    assert '`" SOCIAL_BIND"`' in text and "[SOCIAL_BIND]" in text


def test_mfa_factors_and_access_denied_text():
    assert "SMS code to the user's bound phone" in to_text(R.mfa_auth())
    assert "短信验证码" in to_text(R.mfa_auth("zh"))
    assert "Access Denied" in to_text(R.access_denied())


# --------------------------------------------------------------------------------------- errors
CAUSES = [
    ("IDAAS.SDK.PARAM.0001", {"headers": R.without("X-agent")}, "`X-agent` was missing"),
    ("IDAAS.SDK.PARAM.0001", {"headers": R.without("X-agent", **{"X-agent": "  "})},
     "`X-agent` was empty"),
    ("IDAAS.SDK.PARAM.0001", {"headers": dict(R.DEVICE, **{"X-device-ip": "999.1.1.1"})},
     "`X-device-ip` `999.1.1.1` is not an IP address"),
    ("IDAAS.SDK.PARAM.0002", {"headers": R.without("X-client-id")}, "`X-client-id` was missing"),
    ("IDAAS.SDK.PARAM.0003", {"headers": dict(R.DEVICE, **{"X-client-id": "abc"})},
     "X-client-id `abc` is not a registered app"),
    ("IDAAS.SDK.PARAM.0026", {"body": {"uid": "1"}}, "`access_token` was missing"),
    ("IDAAS.SDK.PARAM.0027", {"body": {"access_token": "t", "uid": ""}}, "`uid` was empty"),
    ("SANDBOX.BODY.0001", {"body": "{not json"}, "the body is not JSON: Expecting property name"),
    ("SANDBOX.BODY.0002", {"body": "[1, 2]"}, "the body was a JSON array"),
    ("SANDBOX.BODY.0003", {"body": {"access_token": "t", "uid": 1404376560}},
     "`uid` was a JSON number, not a string"),
    ("SANDBOX.BODY.0004", {"body": json.dumps({"access_token": "x" * 70000, "uid": "1"})},
     "the body was 70032 bytes (limit 65536)"),
    ("SANDBOX.BODY.0005", {"headers": dict(R.DEVICE, **{"content-type": "text/plain"})},
     "content-type was `text/plain`"),
    ("IDAAS.SDK.USER.0001", {}, "Weibo uid `1404376560` is bound to no user of this tenant"),
    ("IDAAS.SDK.USER.0039", {}, "the user is disabled"),
    ("IDAAS.SDK.COM.0002", {}, "Nothing in the request itself"),
]


@pytest.mark.parametrize("code, sent, cause", CAUSES, ids=[c[0] + "-" + c[2][:12] for c in CAUSES])
def test_error_explains_code_messages_action_and_cause(code, sent, cause):
    spec = ERRORS[code]
    text = to_text(R.error(code, spec.message.en, spec.http_status, **sent))
    assert f"[{code}]" in text
    assert f"HTTP status        {spec.http_status}" in text
    assert spec.message.en in text and spec.message.zh in text
    assert spec.action.en in text
    assert cause in text
    assert ("code of this sandbox, not the vendor's" in text) == (spec.source == "sandbox")


def test_error_in_chinese_keeps_both_messages():
    spec = ERRORS["IDAAS.SDK.PARAM.0001"]
    html = to_html(R.error(spec.code, spec.message.zh,
                           headers=R.without("X-agent", **{"X-L": "zh-CN"})))
    assert spec.action.zh in html and spec.message.en in html and spec.message.zh in html
    assert "<code>X-agent</code> 缺失" in html


def test_a_huge_body_is_clipped_in_the_raw_exchange():
    body = json.dumps({"access_token": "x" * 70000, "uid": "1"})
    text = to_text(R.error("SANDBOX.BODY.0004", "too large", 413, body=body))
    assert "x" * 4000 in text and "x" * 9000 not in text
    assert "more characters]" in text


def test_weibo_rejection_reason_and_unknown_codes():
    text = to_text(R.error("SANDBOX.WEIBO.0001", "Weibo rejected the access token: expired_token"))
    assert "Weibo's reason: expired_token" in text
    unknown = to_text(R.error("IDAAS.SDK.FOO.9999", "Something"))
    assert "`IDAAS.SDK.FOO.9999` is not in the contract" in unknown


# ------------------------------------------------------------------------------------- escaping
def test_hostile_server_strings_stay_data():
    results = [
        R.access_denied(text=R.HOSTILE),
        R.error("IDAAS.SDK.USER.0039", R.HOSTILE),
        R.error("SANDBOX.WEIBO.0001", "rejected: " + R.HOSTILE),
        R.error(R.HOSTILE, R.HOSTILE, body={"access_token": R.HOSTILE, "uid": R.HOSTILE}),
    ]
    for result in results:
        for language in ("en", "zh"):
            html = to_html(result, language)
            assert_static(html)
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
            assert R.HOSTILE in to_text(result, language)


def test_rich_shows_markup_like_text_literally():
    text = rich_text(to_rich(R.access_denied(text="[bold red]not markup[/bold red]")))
    assert "[bold red]not markup[/bold red]" in text
    assert "ACCESS_DENIED" in text and "Access denied" in text


# --------------------------------------------------------------------------------- public shape
def test_render_object_displays_itself_everywhere():
    result = R.success()
    shown = render(result)
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle == mimebundle(result) == result._repr_mimebundle_()
    assert shown._repr_html_() == to_html(result) == result._repr_html_()
    assert str(shown) == to_text(result)
    assert "SUCCESS" in rich_text(shown) and "SUCCESS" in rich_text(result)
    # and what they all show is the result, not just the same thing thrice
    meaning = WEIBO_LOGIN.status("SUCCESS").meaning("en")
    assert bundle["text/plain"].startswith(f"[SUCCESS] {meaning}")
    assert escape(meaning) in bundle["text/html"] and result.session_token in bundle["text/html"]
    assert bundle["text/html"].startswith('<div class="wle wle-success" lang="en">')


def test_explorer_render_is_the_function_whichever_import_came_first():
    import explorer.rendering as module

    assert explorer.render is module.render
    assert explorer.render(R.access_denied()).text == render(R.access_denied()).text


def test_token_check_renders_on_its_own():
    check = R.check_id_token(R.id_token())
    html = render(check).html
    assert "VERIFIED" in html and "louxi" in html
    assert_static(html)
    assert "只有服务器能验证" in render(R.check_state_token(R.state_token("MFA_AUTH")), "zh").text


def test_a_thousand_char_token_is_in_wrapping_code():
    token = R.id_token(api_padding=700)
    assert len(token) > 1000
    html = to_html(R.success(token=token))
    assert f"<code>{token}</code>" in html
    assert "overflow-wrap: anywhere" in html


@pytest.mark.parametrize("name", list(KINDS))
def test_the_next_step_label_does_not_repeat_the_call_the_step_names(name):
    """「下一步调用调用 GET …」 (issue 25): the label reads on into the step as shown."""
    result = KINDS[name]("zh")
    shown = re.sub(r"<[^>]+>", "", to_html(result))
    assert "调用调用" not in shown and "调用调用" not in to_text(result).replace(": ", "")
