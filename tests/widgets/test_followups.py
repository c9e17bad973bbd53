"""The form's follow-up steps, driven headlessly against the real sandbox: a USER_REGISTER,
SOCIAL_BIND or MFA_AUTH answer offers the step pre-filled with its state_token, the step walks
captcha → code → submit to SUCCESS, and a SUCCESS offers verify / refresh / ticket."""

from __future__ import annotations

import base64

import pytest

from explorer.client import (
    Captcha,
    IdaasError,
    Refreshed,
    Success,
    TokenCheck,
    UserInfo,
    UserRegister,
)
from explorer.notebook import arrange
from explorer.widgets import LoginForm
from explorer.widgets.followups import SessionStep, VerifyStep, next_steps


@pytest.fixture(scope="module")
def form(sandbox):
    return LoginForm(base_url=sandbox.base_url)


def _step(form: LoginForm, preset: str):
    result = form.fill(preset=preset).submit()
    children = form.followups.children
    assert len(children) == 1
    return result, children[0]


def test_user_register_offers_a_verify_step_with_its_state_token_and_flows(form):
    result, step = _step(form, "user-register")
    assert isinstance(result, UserRegister) and isinstance(step, VerifyStep)
    assert step.state_token == result.state_token
    assert [value for _, value in step.channel.options] == ["mobile", "email"]
    assert step.endpoint.path == "/api/v2/sdk/social/register-bind"
    assert step.code_type == "REGISTER_SMS"


def test_register_by_phone_through_the_step_until_success(form):
    _, step = _step(form, "user-register")
    captcha = step.get_captcha()
    assert isinstance(captcha, Captcha)
    puzzle, piece = bytes(step.puzzle.value), bytes(step.piece.value)
    assert puzzle.startswith(b"\x89PNG") and piece.startswith(b"\x89PNG")
    assert base64.b64encode(puzzle).decode() in step.output.value  # drawn in the card
    step.fill(mobile="+86-13900007777").solve()
    assert step.send_code().__class__.__name__ == "CodeSent"
    step.read_code()
    assert len(step.code.value) == 6 and "+86-13900007777" in step.inbox.value
    result = step.submit()
    assert isinstance(result, Success), result
    assert 'wle-badge wle-success">SUCCESS' in step.output.value
    assert isinstance(step.next_step, SessionStep)


def test_register_by_email_picks_the_email_code_type(form):
    _, step = _step(form, "user-register")
    step.fill(email="step@example.com").solve().send_code()
    assert step.code_type == "REGISTER_EMS"
    step.read_code()
    assert isinstance(step.submit(), Success)


def test_a_wrong_code_shows_the_error_and_offers_nothing(form):
    _, step = _step(form, "user-register")
    step.fill(mobile="+86-13900008888").solve().send_code()
    step.read_code()
    step.fill(verify_code="000000" if step.code.value != "000000" else "111111")
    result = step.submit()
    assert isinstance(result, IdaasError) and result.error_code == "SANDBOX.CODE.0001"
    assert step.next_step is None and "SANDBOX.CODE.0001" in step.output.value


def test_social_bind_step_binds_to_the_existing_user(form, sandbox):
    _, step = _step(form, "social-bind")  # the preset resets the tenant first
    user = arrange(sandbox.base_url, [{"method": "POST", "path": "/sandbox/users", "json": {
        "user_name": "step.user", "mobile": "+86-13900009999"}}], reset=False).steps[-1].response
    assert step.endpoint.path == "/api/v2/sdk/social/bind"
    step.fill(mobile="+86-13900009999").solve().send_code()
    assert step.code_type == "BIND_MOBILE_SMS"
    step.read_code()
    result = step.submit()
    assert isinstance(result, Success) and result.id_token_check.api["id"] == user["id"]


def test_read_the_sms_says_what_to_fill_in_not_that_a_sandbox_is_none(form):
    _, step = _step(form, "user-register")
    assert step.to.placeholder.startswith("e.g. ")  # a hint, not a value filled in
    step.read_code()
    assert "Fill in the phone" in step.output.value and "Not a sandbox" not in step.output.value
    step.fill(mobile="+86-13900005555").read_code()  # nothing sent to it yet
    assert "No REGISTER_SMS code to +86-13900005555" in step.output.value
    assert "3. Send code" in step.output.value and "Not a sandbox" not in step.output.value


def test_mfa_step_starts_from_the_masked_phone(form):
    _, step = _step(form, "mfa-auth")
    assert step.endpoint.path == "/api/v2/sdk/mfa/sms" and step.code_type == "MFA_AUTH_SMS"
    assert "*" in step.to.value  # GET /api/v2/sdk/mobile-by-token answered on opening
    step.solve().send_code()
    step.read_code()
    assert isinstance(step.submit(), Success)


def test_success_offers_verify_refresh_and_ticket(form):
    result, step = _step(form, "success")
    assert isinstance(step, SessionStep)
    check = step.verify_id_token()
    assert isinstance(check, TokenCheck) and check.verdict == "VERIFIED"
    refreshed = step.refresh_id_token()
    assert isinstance(refreshed, Refreshed) and refreshed.session_token == result.session_token
    user = step.ticket()  # the sandbox's client_secret is looked up
    assert isinstance(user, UserInfo) and user.id == result.id_token_check.api["id"]
    assert "SSO TICKET" in step.output.value and "USER" in step.output.value


def test_errors_and_denials_offer_no_step(form):
    assert next_steps(form.fill(preset="access-denied").submit()) == []
    assert next_steps(form.fill(preset="param-0026").submit()) == []


def test_the_step_follows_the_language_of_the_request(form):
    result = form.fill(preset="user-register", **{"X-L": "zh"}).submit()
    step = next_steps(result)[0]
    assert "下一步" in step.title.value
    form.fill(**{"X-L": None})


def test_the_form_offers_its_next_step_by_name(sandbox):
    form = LoginForm(base_url=sandbox.base_url)
    assert form.next_step is None
    form.fill(preset="user-register")
    form.submit()
    assert form.next_step is form.followups.children[0]
    form.fill(preset="access-denied")
    form.submit()
    assert form.next_step is None


def test_a_replaced_step_closes_its_client_and_the_steps_it_offered(form):
    _, step = _step(form, "user-register")
    step.fill(mobile="+86-13900008888").solve()
    step.send_code()
    step.read_code()
    step.submit()
    offered = step.next_step
    assert isinstance(offered, SessionStep)
    assert not step.client.is_closed and not offered.client.is_closed
    form.fill(preset="success").submit()  # a new answer replaces the steps shown
    assert step.client.is_closed and offered.client.is_closed
    assert form.followups.children and not form.followups.children[0].client.is_closed
