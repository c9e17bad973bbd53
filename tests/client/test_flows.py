"""The follow-up calls over HTTP against the real sandbox: every flow end to end, each forbidden
edge, and two register-binds racing for one state_token."""

from __future__ import annotations

import asyncio
import json

import pytest

from explorer.client import (
    AppToken,
    AsyncIdaasClient,
    Captcha,
    CaptchaPassed,
    CodeSent,
    IdaasClient,
    IdaasError,
    MaskedMobile,
    MfaAuth,
    Refreshed,
    SocialBind,
    SsoTicket,
    Success,
    UserInfo,
    UserRegister,
)
from explorer.contract import DEVICE_HEADERS, WEIBO_LOGIN
from explorer.sandbox import SandboxAdmin

CLIENT_ID = WEIBO_LOGIN.header("X-client-id").example
MOBILE = "+86-13900002222"


@pytest.fixture
def fresh(admin):
    """A tenant back at the docs data."""
    admin.reset()
    return admin


@pytest.fixture
def client(sandbox):
    with IdaasClient(sandbox.base_url, CLIENT_ID, retries=0) as idaas:
        yield idaas


def _login(client: IdaasClient, admin, fixture: str):
    by_name = {f["name"]: f for f in admin.fixtures()}
    for step in by_name[fixture]["arrange"]:
        admin(step["method"], step["path"], step.get("json"))
    return client.login_weibo(**by_name[fixture]["request"]["body"])


def _admin(base_url: str, read):  # noqa: ANN001 - one admin read, its client closed
    with SandboxAdmin(base_url) as admin:
        return read(admin)


def _code(client: IdaasClient, sender: str, type_: str, state_token: str | None = None) -> str:
    """Captcha → verify → send: the code as the user would read it."""
    base = client.base_url
    captcha = client.get_captcha()
    assert isinstance(captcha, Captcha)
    with SandboxAdmin(base) as admin:
        point = admin.captcha_answer(captcha.token).point
        passed = client.verify_captcha(captcha.token, point, sender)
        assert isinstance(passed, CaptchaPassed), passed
        if "@" in sender:
            sent = client.send_email(sender, type_, passed.captcha_token)
        else:
            sent = client.send_sms(sender, type_, passed.captcha_token, state_token=state_token)
        assert isinstance(sent, CodeSent), sent
        return admin.outbox()[-1].code


# ---------------------------------------------------------------------------------- the flows
def test_register_bind_by_phone_creates_a_bound_user(fresh, client):
    login = _login(client, fresh, "user-register")
    assert isinstance(login, UserRegister)
    code = _code(client, MOBILE, "REGISTER_SMS")
    result = client.social_register_bind(login.state_token, mobile=MOBILE, verify_code=code)
    assert isinstance(result, Success), result
    assert result.id_token_check.verdict == "VERIFIED"
    assert result.id_token_check.api["mobile"] == MOBILE
    again = _login(client, fresh, "user-register")
    assert isinstance(again, Success)  # the Weibo account is bound now
    assert again.id_token_check.api["id"] == result.id_token_check.api["id"]


def test_register_bind_by_email_async(fresh, sandbox):
    async def walk():
        async with AsyncIdaasClient(sandbox.base_url, CLIENT_ID, retries=0) as idaas:
            body = {f["name"]: f for f in fresh.fixtures()}["user-register"]["request"]["body"]
            fresh("PUT", "/sandbox/policy", {"unbound_social": "register"})
            login = await idaas.login_weibo(**body)
            captcha = await idaas.get_captcha()
            point = _admin(sandbox.base_url, lambda a: a.captcha_answer(captcha.token).point)
            passed = await idaas.verify_captcha(captcha.token, point, "w@example.com")
            sent = await idaas.send_email("w@example.com", "REGISTER_EMS", passed.captcha_token)
            code = _admin(sandbox.base_url, lambda a: a.last_code("w@example.com", "REGISTER_EMS"))
            return sent, await idaas.social_register_bind(login.state_token,
                                                          email="w@example.com", verify_code=code)

    sent, result = asyncio.run(walk())
    assert isinstance(sent, CodeSent) and sent.channel == "email" and sent.type == "REGISTER_EMS"
    assert isinstance(result, Success) and result.id_token_check.api["email"] == "w@example.com"


def test_bind_attaches_the_weibo_account_to_the_existing_user(fresh, client):
    user = fresh("POST", "/sandbox/users", {"user_name": "li.lei", "mobile": "+86-13900003333"})
    login = _login(client, fresh, "social-bind")
    assert isinstance(login, SocialBind)
    code = _code(client, "+86-13900003333", "BIND_MOBILE_SMS")
    result = client.social_bind(login.state_token, mobile="+86-13900003333", verify_code=code)
    assert isinstance(result, Success), result
    assert result.id_token_check.api["id"] == user["id"]


def test_mfa_by_sms_goes_to_the_users_phone(fresh, client):
    login = _login(client, fresh, "mfa-auth")
    assert isinstance(login, MfaAuth)
    masked = client.mobile_by_token(login.state_token)
    assert isinstance(masked, MaskedMobile) and "*" in masked.mobile
    code = _code(client, masked.mobile, "MFA_AUTH_SMS", state_token=login.state_token)
    result = client.mfa_sms(login.state_token, masked.mobile, code)
    assert isinstance(result, Success), result
    sent_to = _admin(client.base_url, lambda a: a.outbox()[-1].to)
    assert sent_to == result.id_token_check.api["mobile"]


def test_refresh_id_token_keeps_the_session(fresh, client):
    login = _login(client, fresh, "success")
    result = client.refresh_id_token(login.session_token)
    assert isinstance(result, Refreshed) and result.status == "SUCCESS"
    assert result.session_token == login.session_token
    assert result.id_token_check.verdict == "VERIFIED"
    assert "content-type" not in {k.lower() for k, _ in result.exchange.request_headers}


def test_ticket_route_gives_the_sessions_user_once(fresh, client):
    login = _login(client, fresh, "success")
    secret = fresh("GET", f"/sandbox/apps/{CLIENT_ID}")["client_secret"]
    token = client.app_token(secret)
    assert isinstance(token, AppToken) and token.token_type == "Bearer"
    assert token.exchange.request_body.startswith("grant_type=client_credentials")
    ticket = client.sso_ticket(token, login.session_token)
    assert isinstance(ticket, SsoTicket) and ticket.expire == 300
    user = client.verify_ticket(token, ticket)
    assert isinstance(user, UserInfo) and user.id == login.id_token_check.api["id"]
    twice = client.verify_ticket(token, ticket)
    assert isinstance(twice, IdaasError) and twice.error_code == "SANDBOX.TICKET.0001"


def test_device_headers_stay_the_same_across_a_flow(fresh, client):
    login = _login(client, fresh, "user-register")
    code = _code(client, MOBILE, "REGISTER_SMS")
    client.social_register_bind(login.state_token, mobile=MOBILE, verify_code=code)
    devices = {tuple((k, v) for k, v in ex.request_headers if k in DEVICE_HEADERS)
               for ex in client.history if "/sandbox/" not in ex.url and "oauth2" not in ex.url}
    assert len(devices) == 1


# ---------------------------------------------------------------------------- forbidden edges
def test_a_spent_state_token_is_refused(fresh, client):
    login = _login(client, fresh, "user-register")
    code = _code(client, MOBILE, "REGISTER_SMS")
    assert isinstance(client.social_register_bind(login.state_token, mobile=MOBILE,
                                                  verify_code=code), Success)
    code = _code(client, MOBILE, "REGISTER_SMS")
    again = client.social_register_bind(login.state_token, mobile=MOBILE, verify_code=code)
    assert isinstance(again, IdaasError) and again.error_code == "IDAAS.SDK.COMMON.1007"


def test_a_state_token_of_another_flow_is_refused(fresh, client):
    login = _login(client, fresh, "user-register")
    code = _code(client, MOBILE, "BIND_MOBILE_SMS")
    wrong = client.social_bind(login.state_token, mobile=MOBILE, verify_code=code)
    assert isinstance(wrong, IdaasError) and wrong.error_code == "IDAAS.SDK.COMMON.1007"
    assert client.mfa_sms(login.state_token, MOBILE, code).error_code == "IDAAS.SDK.COMMON.1007"


def test_an_expired_state_token_is_refused(fresh, client):
    login = _login(client, fresh, "user-register")
    fresh("POST", "/sandbox/clock", {"advance": 3600})
    code = _code(client, MOBILE, "REGISTER_SMS")
    late = client.social_register_bind(login.state_token, mobile=MOBILE, verify_code=code)
    assert isinstance(late, IdaasError) and late.error_code == "IDAAS.SDK.COMMON.1007"


def test_a_wrong_code_is_counted_then_the_right_one_works(fresh, client):
    login = _login(client, fresh, "user-register")
    code = _code(client, MOBILE, "REGISTER_SMS")
    wrong = "000000" if code != "000000" else "111111"
    miss = client.social_register_bind(login.state_token, mobile=MOBILE, verify_code=wrong)
    assert isinstance(miss, IdaasError) and miss.error_code == "SANDBOX.CODE.0001"
    hit = client.social_register_bind(login.state_token, mobile=MOBILE, verify_code=code)
    assert isinstance(hit, Success)


def test_wrong_captcha_and_code_without_captcha(fresh, client):
    captcha = client.get_captcha()
    x, y = _admin(client.base_url, lambda a: a.captcha_answer(captcha.token).point)
    miss = client.verify_captcha(captcha.token, (x + 60 if x < 200 else x - 60, y), MOBILE)
    assert isinstance(miss, IdaasError) and miss.error_code == "IDAAS.SDK.CAPTCHA.0002"
    assert json.loads(miss.exchange.request_body)["point_json"].startswith('{"x":')
    blind = client.send_sms(MOBILE, "REGISTER_SMS", "never-issued")
    assert isinstance(blind, IdaasError) and blind.error_code == "IDAAS.SDK.CAPTCHA.0006"


def test_an_expired_session_cannot_refresh(fresh, client):
    login = _login(client, fresh, "success")
    fresh("POST", "/sandbox/clock", {"advance": login.expire + 1})
    late = client.refresh_id_token(login.session_token)
    assert isinstance(late, IdaasError) and late.error_code == "IDAAS.SDK.PARAM.0023"


def test_two_register_binds_racing_for_one_state_token_create_one_user(fresh, sandbox, client):
    login = _login(client, fresh, "user-register")
    phones = ("+86-13900005551", "+86-13900005552")
    codes = [_code(client, phone, "REGISTER_SMS") for phone in phones]

    async def race():
        async with AsyncIdaasClient(sandbox.base_url, CLIENT_ID, retries=0) as a, \
                AsyncIdaasClient(sandbox.base_url, CLIENT_ID, retries=0) as b:
            return await asyncio.gather(*(
                idaas.social_register_bind(login.state_token, mobile=phone, verify_code=code)
                for idaas, phone, code in zip((a, b), phones, codes, strict=True)))

    results = asyncio.run(race())
    won = [r for r in results if isinstance(r, Success)]
    lost = [r for r in results if isinstance(r, IdaasError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].error_code == "IDAAS.SDK.COMMON.1007"
    again = _login(client, fresh, "user-register")
    assert isinstance(again, Success)
    assert again.id_token_check.api["id"] == won[0].id_token_check.api["id"]
