"""SandboxAdmin: the typed admin API the pytest plugin hands out, against the real server."""

from __future__ import annotations

from datetime import timedelta

import pytest

from explorer.client import CaptchaPassed, CodeSent, IdaasClient, MfaAuth, Success, UserRegister
from explorer.errors import SandboxError
from explorer.sandbox.tenant_admin import (
    AdminError,
    App,
    CaptchaAnswer,
    OutboxMessage,
    Policy,
    SandboxAdmin,
    User,
    WeiboToken,
)


@pytest.mark.idaas(fixture=None)
def test_arranging_an_empty_tenant_returns_typed_records(idaas_admin: SandboxAdmin,
                                                         idaas_client: IdaasClient) -> None:
    app = idaas_admin.add_app(idaas_client.client_id, "Mine", client_secret="s3cret")
    assert app == App(idaas_client.client_id, "Mine", "s3cret", None)
    assert idaas_admin.app(app.client_id) == app
    token = idaas_admin.weibo_token("tok-1", "1001", expires_in=600)
    assert token == WeiboToken("tok-1", "1001", idaas_admin.policy().weibo_appkey, 600)
    user = idaas_admin.add_user("alice", mobile="+86-13900001111", mfa=False)
    assert isinstance(user, User) and user.weibo_uids == () and user.user_name == "alice"
    bound = idaas_admin.bind_weibo(user.id, "1001")
    assert bound.weibo_uids == ("1001",) and idaas_admin.users() == [bound]
    result = idaas_client.login_weibo("tok-1", "1001")
    assert isinstance(result, Success) and result.id_token_check is not None
    assert result.id_token_check.api["id"] == user.id
    assert isinstance(idaas_client.login_weibo("tok-1", "1001"), Success)
    idaas_admin.update_user(user.id, mfa=True)
    assert isinstance(idaas_client.login_weibo("tok-1", "1001"), MfaAuth)


def test_a_refused_call_raises_with_the_sandbox_code(idaas_admin: SandboxAdmin) -> None:
    with pytest.raises(AdminError) as duplicate:
        idaas_admin.add_user("louxi")
    assert (duplicate.value.status_code, duplicate.value.error_code) == (409, "SANDBOX.ADMIN.0003")
    with pytest.raises(AdminError) as missing:
        idaas_admin.user("nobody")
    assert (missing.value.status_code, missing.value.error_code) == (404, "SANDBOX.ADMIN.0002")
    with pytest.raises(AdminError) as bad:
        idaas_admin.arm_busy(-1)
    assert (bad.value.status_code, bad.value.error_code) == (400, "SANDBOX.ADMIN.0001")


def test_policy_changes_only_what_is_given(idaas_admin: SandboxAdmin) -> None:
    before = idaas_admin.policy()
    after = idaas_admin.set_policy(unbound_social="reject", deny_ips=["10.0.0.0/8"])
    assert isinstance(after, Policy)
    assert (after.unbound_social, after.deny_ips) == ("reject", ("10.0.0.0/8",))
    assert (after.mfa_methods, after.id_token_ttl) == (before.mfa_methods, before.id_token_ttl)


def test_clock_and_busy_fault(idaas_admin: SandboxAdmin, idaas_client: IdaasClient) -> None:
    start = idaas_admin.now()
    assert idaas_admin.advance_clock(3600) - start >= timedelta(seconds=3600)
    assert idaas_admin.arm_busy(2) == 2
    assert idaas_admin.arm_busy(0) == 0


@pytest.mark.idaas(fixture="user-register")
def test_captcha_answer_and_outbox_drive_a_register_bind(idaas_sandbox, idaas_admin: SandboxAdmin,
                                                          idaas_client: IdaasClient) -> None:
    body = idaas_sandbox.fixture.body
    login = idaas_client.login_weibo(body["access_token"], body["uid"])
    assert isinstance(login, UserRegister)
    mobile = "+86-13900002222"
    captcha = idaas_client.get_captcha()
    answer = idaas_admin.captcha_answer(captcha.token)
    assert isinstance(answer, CaptchaAnswer)
    passed = idaas_client.verify_captcha(captcha.token, answer.point, mobile)
    assert isinstance(passed, CaptchaPassed)
    assert isinstance(idaas_client.send_sms(mobile, "REGISTER_SMS", passed.captcha_token), CodeSent)
    [message] = idaas_admin.outbox()
    assert isinstance(message, OutboxMessage)
    assert (message.channel, message.to, message.type) == ("sms", mobile, "REGISTER_SMS")
    assert idaas_admin.last_code(mobile, "REGISTER_SMS") == message.code
    with pytest.raises(SandboxError):
        idaas_admin.last_code("+86-10000000000")
    done = idaas_client.social_register_bind(login.state_token, mobile=mobile,
                                             verify_code=message.code)
    assert isinstance(done, Success)
    assert done.id_token_check is not None and done.id_token_check.api["mobile"] == mobile


def test_apply_runs_a_fixture_or_steps_and_stops_at_a_refused_step(
        idaas_admin: SandboxAdmin) -> None:
    """``apply``: the docs reset first (unless ``reset=False``), then each step as the sandbox
    answered it; a step it refuses raises with its code and names the step."""
    done = idaas_admin.apply("com-0002")
    assert done.fixture is not None and done.fixture["name"] == "com-0002"
    assert (done.steps[0].method, done.steps[0].path) == ("POST", "/sandbox/reset")
    assert done.request == done.fixture["request"]
    more = idaas_admin.apply([{"method": "POST", "path": "/sandbox/users",
                               "json": {"user_name": "li.lei"}}], reset=False)
    assert [s.status_code for s in more.steps] == [201] and more.fixture is None
    assert more.steps[0].response["user_name"] == "li.lei"
    with pytest.raises(AdminError) as refused:
        idaas_admin.apply([{"method": "POST", "path": "/sandbox/users",
                            "json": {"user_name": "li.lei"}}], reset=False)
    assert refused.value.error_code == "SANDBOX.ADMIN.0003"
    assert "POST /sandbox/users" in str(refused.value)
    with pytest.raises(KeyError, match="com-0002"):
        idaas_admin.apply("no-such-fixture")


def test_now_reads_the_clock_without_writing_and_requests_reads_the_log(
        idaas_admin: SandboxAdmin) -> None:
    before = idaas_admin.requests()
    first = idaas_admin.now()
    assert idaas_admin.now() >= first
    after = idaas_admin.requests(since=before[-1].id if before else None)
    clock_calls = [e for e in after if e.path == "/sandbox/clock"]
    assert [e.method for e in clock_calls] == ["GET", "GET"]
    assert all(e.admin and e.status == 200 for e in clock_calls)
