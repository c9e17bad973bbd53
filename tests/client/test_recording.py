"""Recording a full register-bind flow against a foreign stand-in: nothing secret reaches the
file, and the file still replays as a readable flow."""

from __future__ import annotations

import json

import jwt
import pytest
from standins import foreign_tenant

from explorer.client import (Captcha, CaptchaPassed, CodeSent, IdaasClient, Success,
                             UserRegister)
from explorer.client.recording import load_recording
from explorer.client.target import ForeignTargetWarning
from explorer.rendering import to_html, to_text
from explorer.sandbox import peek
from explorer.sandbox.fixtures import ACCOUNTS, CLIENT_ID
from explorer.scan import scan_paths

MOBILE = "+86-13900002222"


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    """The register-bind flow walked once with ``record=``; (file, the secrets it saw, results)."""
    path = tmp_path_factory.mktemp("recording") / "register-bind.json"
    token, uid, _, social_uid = ACCOUNTS["unbound"]
    with foreign_tenant() as tenant:
        import httpx

        httpx.put(tenant.admin_url + "/sandbox/policy", json={"unbound_social": "register"},
                  headers={"origin": tenant.admin_url}).raise_for_status()
        with pytest.warns(ForeignTargetWarning, match="tenant.test"), IdaasClient(
                tenant.base_url, CLIENT_ID, retries=0, transport=tenant.transport,
                record=path) as idaas:
            login = idaas.login_weibo(token, uid)
            assert isinstance(login, UserRegister), login
            captcha = idaas.get_captcha()
            assert isinstance(captcha, Captcha)
            point = peek.captcha_answer(tenant.admin_url, captcha.token)
            passed = idaas.verify_captcha(captcha.token, point, MOBILE)
            assert isinstance(passed, CaptchaPassed), passed
            sent = idaas.send_sms(MOBILE, "REGISTER_SMS", passed.captcha_token)
            assert isinstance(sent, CodeSent), sent
            code = peek.last_code(tenant.admin_url, MOBILE, "REGISTER_SMS")
            done = idaas.social_register_bind(login.state_token, mobile=MOBILE, verify_code=code)
            assert isinstance(done, Success), done
            assert done.id_token_check.verdict == "VERIFIED"
            device = idaas.settings.device
    api = done.id_token_check.api
    secrets = {
        "access_token": token, "uid": uid, "socialUid": social_uid,
        "state_token": login.state_token, "captcha token": captcha.token,
        "captcha_token": passed.captcha_token, "session_token": done.session_token,
        "id_token": done.id_token, "id_token signature": done.id_token.rsplit(".", 1)[1],
        "phone": MOBILE, "phone digits": MOBILE[-11:], "user id": api["id"],
        "fingerprint": device.device_fingerprint, "device ip": device.device_ip,
    }
    return path, secrets, done


def test_the_recording_holds_none_of_the_secret_values(flow):
    path, secrets, _ = flow
    text = path.read_text(encoding="utf-8")
    leaked = {name: value for name, value in secrets.items() if value and value in text}
    assert not leaked, leaked
    assert scan_paths([path]) == []  # and the publish gate agrees


def test_the_same_secret_gets_the_same_placeholder(flow):
    path, _, _ = flow
    doc = json.loads(path.read_text(encoding="utf-8"))
    login = doc["exchanges"][0]
    bind = next(e for e in doc["exchanges"] if e["url"].endswith("/social/register-bind"))
    state = json.loads(login["response_body"])["state_token"]
    assert dict(bind["request_headers"])["X-state-token"] == state
    fingerprints = {dict(e["request_headers"]).get("X-device-fingerprint") for e in doc["exchanges"]}
    assert fingerprints - {None} == {"redacted-fingerprint-1"}  # the JWKS GET carries none


def test_the_recording_replays_as_a_readable_flow(flow):
    path, _, done = flow
    recording = load_recording(path)
    calls = [(s.exchange.method, s.path.rsplit("/", 2)[-2:], s.outcome) for s in recording.steps]
    assert [c[2] for c in calls] == ["USER_REGISTER", "HTTP 200", "HTTP 200", "HTTP 200",
                                     "SUCCESS", "HTTP 200"], calls
    assert calls[4][1] == ["social", "register-bind"]
    text = str(recording)
    assert "USER_REGISTER" in text and "SUCCESS" in text
    first = recording.results()[0]
    assert isinstance(first, UserRegister) and "USER_REGISTER" in to_text(first)
    html = recording._repr_html_()
    assert "recorded from a tenant" in html
    success = [s for s in recording.steps if s.outcome == "SUCCESS"][-1]
    claims = jwt.decode(json.loads(success.exchange.response_body)["id_token"],
                        options={"verify_signature": False})
    assert claims["iss"] == "http://tenant.test" and claims["sub"].startswith("redacted-uid-")
    assert json.loads(claims["api"])["mobile"].startswith("redacted-phone-")
    assert "USER_REGISTER" in to_html(first)


def test_a_recorded_login_replays_through_a_client(flow, sandbox):
    """``replay`` sends a recorded step again (here to the docs sandbox): its redacted token is
    one Weibo does not know, which the sandbox says in its own envelope."""
    from explorer.client import IdaasError, replay

    path, _, _ = flow
    step = load_recording(path).steps[0]
    request = step.as_request()
    assert request["body"] == {"access_token": "redacted-access_token-1", "uid": "redacted-uid-1"}
    with IdaasClient(sandbox.base_url, CLIENT_ID, retries=0) as idaas:
        again = replay(idaas, request)
    assert isinstance(again, IdaasError) and again.error_code == "SANDBOX.WEIBO.0001"
