"""The follow-up flows end to end over HTTP against one real sandbox (seeded, frozen clock):
register-bind by phone and e-mail, bind, register-bind onto an existing phone, MFA by SMS,
id_token refresh, and every forbidden edge of the state_token and the codes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import jwt
import pytest

from explorer.sandbox import EmbeddedSandbox
from explorer.sandbox.seed import ACCOUNTS, CLIENT_ID, MFA_USER, SEED_USER

from .flows import captcha_pass, complete, docs_reset, flow_token, headers, login, send_code, users
from .helpers import assert_error, ok

NEW_PHONE, NEW_EMAIL = "13912345678", "New.User@Example.com"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with EmbeddedSandbox(seed=7, clock="2024-05-01T08:00:00Z") as server:
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            yield http


@pytest.fixture(autouse=True)
def _docs(client):
    docs_reset(client)


def _verified(client: httpx.Client, id_token: str) -> dict:
    """The id_token's claims, checked against the tenant's JWKS at the sandbox's frozen time."""
    jwks = jwt.PyJWKSet.from_dict(ok(client.get("/api/v1/oauth2/keys")))
    key = jwks[jwt.get_unverified_header(id_token)["kid"]]
    claims = jwt.decode(id_token, key.key, algorithms=["RS256"], audience=CLIENT_ID,
                        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False})
    claims["api"] = json.loads(claims["api"])
    return claims


def _uid_user(client: httpx.Client, uid: str) -> list[str]:
    return [u["id"] for u in users(client) if {"provider": "weibo", "uid": uid} in u["social"]]


# ------------------------------------------------------------------------------------ flows
@pytest.mark.parametrize("to", [NEW_PHONE, NEW_EMAIL])
def test_register_bind_creates_one_user_and_the_next_login_succeeds(client, to):
    state_token = flow_token(client, "USER_REGISTER")
    before = len(users(client))
    field = "email" if "@" in to else "mobile"
    code = send_code(client, to, "REGISTER_EMS" if field == "email" else "REGISTER_SMS")
    answer = ok(complete(client, "social/register-bind", state_token,
                         **{field: to, "verify_code": code}))
    assert answer["status"] == "SUCCESS" and set(answer) == {"status", "session_token",
                                                             "expire", "id_token"}
    claims = _verified(client, answer["id_token"])
    created = users(client)[-1]
    assert len(users(client)) == before + 1 and claims["sub"] == created["id"]
    expected = "+86-13912345678" if field == "mobile" else "new.user@example.com"
    assert created[field] == expected == claims["api"][field] == created["user_name"]
    assert login(client, "unbound")["status"] == "SUCCESS"
    assert _uid_user(client, ACCOUNTS["unbound"][1]) == [created["id"]]


@pytest.mark.parametrize("to", ["+86-15907132852", "15907132852", "11@QQ.com"])
def test_social_bind_binds_the_weibo_account_to_the_owner_of_the_phone_or_email(client, to):
    state_token = flow_token(client, "SOCIAL_BIND")
    field = "email" if "@" in to else "mobile"
    code = send_code(client, to, "BIND_EMAIL_EMS" if field == "email" else "BIND_MOBILE_SMS")
    answer = ok(complete(client, "social/bind", state_token, **{field: to, "verify_code": code}))
    assert answer["status"] == "SUCCESS"
    assert _verified(client, answer["id_token"])["sub"] == SEED_USER["id"]
    assert _uid_user(client, ACCOUNTS["unbound"][1]) == [SEED_USER["id"]]


def test_social_bind_to_a_phone_nobody_owns_is_user_not_found(client):
    state_token = flow_token(client, "SOCIAL_BIND")
    code = send_code(client, NEW_PHONE, "BIND_MOBILE_SMS")
    assert_error(complete(client, "social/bind", state_token, mobile=NEW_PHONE,
                          verify_code=code), "IDAAS.SDK.USER.0001")


def test_register_bind_onto_an_existing_phone_binds_that_user_and_creates_none(client):
    state_token = flow_token(client, "USER_REGISTER")
    before = users(client)
    code = send_code(client, "+86-15907132852", "REGISTER_SMS")
    answer = ok(complete(client, "social/register-bind", state_token, mobile="15907132852",
                         verify_code=code))
    assert _verified(client, answer["id_token"])["sub"] == SEED_USER["id"]
    assert [u["id"] for u in users(client)] == [u["id"] for u in before]
    assert _uid_user(client, ACCOUNTS["unbound"][1]) == [SEED_USER["id"]]


def test_binding_to_a_user_with_a_second_factor_asks_for_it(client):
    state_token = flow_token(client, "SOCIAL_BIND")
    code = send_code(client, MFA_USER["mobile"], "BIND_MOBILE_SMS")
    answer = ok(complete(client, "social/bind", state_token, mobile=MFA_USER["mobile"],
                         verify_code=code))
    assert answer["status"] == "MFA_AUTH" and answer["data"] == '["SMS"]'
    assert ok(client.get("/api/v2/sdk/mobile-by-token",
                         headers=headers(**{"X-state-token": answer["state_token"]}))) == {
        "mobile": "+86-138****0001"}


def _mfa_code(client: httpx.Client) -> tuple[str, str, str]:
    state_token = login(client, "mfa")["state_token"]
    masked = ok(client.get("/api/v2/sdk/mobile-by-token",
                           headers=headers(**{"X-state-token": state_token})))["mobile"]
    code = send_code(client, masked, "MFA_AUTH_SMS", **{"X-state-token": state_token})
    assert ok(client.get("/sandbox/outbox"))[-1]["to"] == MFA_USER["mobile"]
    return state_token, masked, code


def test_mfa_by_sms_succeeds_with_the_code_sent_to_the_users_phone(client):
    state_token, masked, code = _mfa_code(client)
    assert masked == "+86-138****0001"
    answer = ok(complete(client, "mfa/sms", state_token, mobile=masked, verify_code=code))
    assert answer["status"] == "SUCCESS"
    assert _verified(client, answer["id_token"])["sub"] == MFA_USER["id"]
    assert_error(complete(client, "mfa/sms", state_token, mobile=masked, verify_code=code),
                 "IDAAS.SDK.COMMON.1007")


def test_mfa_by_sms_is_access_denied_when_the_tenant_now_refuses_the_device(client):
    state_token, masked, code = _mfa_code(client)
    ok(client.put("/sandbox/policy", json={"deny_ips": ["192.168.1.0/24"]}))
    response = client.post("/api/v2/sdk/mfa/sms", headers=headers(**{
        "X-state-token": state_token, "X-device-ip": "192.168.1.2", "X-L": "zh"}),
        json={"mobile": MFA_USER["mobile"], "verify_code": code})
    assert ok(response) == {"status": "ACCESS_DENIED", "data": "拒绝访问"}


def test_mfa_rejects_another_phone_and_a_code_sent_without_its_state_token(client):
    state_token = login(client, "mfa")["state_token"]
    assert_error(complete(client, "mfa/sms", state_token, mobile=NEW_PHONE, verify_code="000000"),
                 "SANDBOX.CODE.0003")
    response = client.post("/api/v2/sdk/sms/send", headers=headers(), json={
        "mobile": NEW_PHONE, "type": "MFA_AUTH_SMS", "captcha_token": "x"})
    assert_error(response, "IDAAS.SDK.COMMON.1007")


def test_id_token_refresh_keeps_the_session_and_signs_a_new_token(client):
    success = login(client, "seed")
    ok(client.post("/sandbox/clock", json={"advance": 600}))
    response = client.post("/api/v2/sdk/sso/session-token/id-token",
                           headers=headers(**{"session-token": success["session_token"]}))
    fresh = ok(response)
    assert fresh["session_token"] == success["session_token"]
    assert fresh["expire"] == success["expire"] - 600
    old, new = _verified(client, success["id_token"]), _verified(client, fresh["id_token"])
    assert new["iat"] == old["iat"] + 600 and new["jti"] != old["jti"]
    assert new["sub"] == old["sub"] == SEED_USER["id"]


@pytest.mark.parametrize("case", ["missing", "unknown", "expired", "revoked", "other app"])
def test_a_bad_session_token_gets_param_0023(client, case):
    session_token = login(client, "seed")["session_token"]
    extra = {"session-token": session_token}
    if case == "missing":
        extra = {}
    elif case == "unknown":
        extra["session-token"] = "nope"
    elif case == "expired":
        ok(client.post("/sandbox/clock", json={"advance": 604800}))
    elif case == "revoked":
        ok(client.post(f"/sandbox/sessions/{session_token}/revoke", json={}))
    else:
        ok(client.post("/sandbox/apps", json={"client_id": "other-app"}))
        extra["X-client-id"] = "other-app"
    response = client.post("/api/v2/sdk/sso/session-token/id-token",
                           headers={**headers(), **extra, "X-L": "zh"})
    assert_error(response, "IDAAS.SDK.PARAM.0023", "zh")


# ---------------------------------------------------------------------- state_token edges
def test_a_state_token_is_spent_once_its_flow_completes(client):
    state_token = flow_token(client, "USER_REGISTER")
    code = send_code(client, NEW_PHONE, "REGISTER_SMS")
    ok(complete(client, "social/register-bind", state_token, mobile=NEW_PHONE, verify_code=code))
    code = send_code(client, NEW_PHONE, "REGISTER_SMS")
    response = complete(client, "social/register-bind", state_token, mobile=NEW_PHONE,
                        verify_code=code)
    assert_error(response, "IDAAS.SDK.COMMON.1007")
    assert "already used" in response.json()["error_msg"]


@pytest.mark.parametrize("flow, call", [("USER_REGISTER", "social/bind"),
                                        ("SOCIAL_BIND", "social/register-bind"),
                                        ("MFA_AUTH", "social/register-bind"),
                                        ("USER_REGISTER", "mfa/sms")])
def test_a_state_token_works_only_for_its_own_flow(client, flow, call):
    state_token = (login(client, "mfa")["state_token"] if flow == "MFA_AUTH"
                   else flow_token(client, flow))
    response = complete(client, call, state_token, mobile=NEW_PHONE, verify_code="123456")
    assert_error(response, "IDAAS.SDK.COMMON.1007")
    assert f"issued for {flow}" in response.json()["error_msg"]


def test_a_state_token_expires_after_1800_seconds(client):
    state_token = flow_token(client, "USER_REGISTER")
    code = send_code(client, NEW_PHONE, "REGISTER_SMS")
    ok(client.post("/sandbox/clock", json={"advance": 1800}))
    assert_error(complete(client, "social/register-bind", state_token, mobile=NEW_PHONE,
                          verify_code=code), "IDAAS.SDK.COMMON.1007")


@pytest.mark.parametrize("token", ["", "not-a-jwt", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"])
def test_a_missing_or_forged_state_token_is_refused(client, token):
    assert_error(complete(client, "social/register-bind", token, mobile=NEW_PHONE,
                          verify_code="123456"), "IDAAS.SDK.COMMON.1007")


# -------------------------------------------------------------------------------- code edges
def test_a_wrong_code_counts_and_the_fifth_wrong_try_burns_it(client):
    state_token = flow_token(client, "USER_REGISTER")
    code = send_code(client, NEW_PHONE, "REGISTER_SMS")
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for left in (4, 3, 2, 1):
        response = complete(client, "social/register-bind", state_token, mobile=NEW_PHONE,
                            verify_code=wrong)
        assert_error(response, "SANDBOX.CODE.0001")
        assert response.json()["error_msg"].endswith(f": {left}")
    assert_error(complete(client, "social/register-bind", state_token, mobile=NEW_PHONE,
                          verify_code=wrong), "SANDBOX.CODE.0004")
    assert_error(complete(client, "social/register-bind", state_token, mobile=NEW_PHONE,
                          verify_code=code), "SANDBOX.CODE.0004")
    code = send_code(client, NEW_PHONE, "REGISTER_SMS")  # a new code and the flow goes on
    ok(complete(client, "social/register-bind", state_token, mobile=NEW_PHONE, verify_code=code))


def test_a_code_of_the_wrong_type_proves_nothing(client):
    state_token = flow_token(client, "USER_REGISTER")
    code = send_code(client, NEW_PHONE, "BIND_MOBILE_SMS")
    response = complete(client, "social/register-bind", state_token, mobile=NEW_PHONE,
                        verify_code=code)
    assert_error(response, "SANDBOX.CODE.0003")
    assert "BIND_MOBILE_SMS" in response.json()["error_msg"]


def test_a_code_expires_after_300_seconds(client):
    state_token = flow_token(client, "USER_REGISTER")
    code = send_code(client, NEW_PHONE, "REGISTER_SMS")
    ok(client.post("/sandbox/clock", json={"advance": 300}))
    assert_error(complete(client, "social/register-bind", state_token, mobile=NEW_PHONE,
                          verify_code=code), "SANDBOX.CODE.0002")


def test_a_code_for_another_phone_does_not_count(client):
    state_token = flow_token(client, "USER_REGISTER")
    code = send_code(client, NEW_PHONE, "REGISTER_SMS")
    assert_error(complete(client, "social/register-bind", state_token, mobile="13900000000",
                          verify_code=code), "SANDBOX.CODE.0003")


# ----------------------------------------------------------------------------- captcha edges
def _puzzle(client):
    puzzle = ok(client.get("/api/v2/sdk/captcha", headers=headers()))
    return puzzle, ok(client.get(f"/sandbox/captcha/{puzzle['token']}"))


def _verify(client, token, x, y, sender=NEW_PHONE, **extra):
    return client.post("/api/v2/sdk/captcha/verify", headers=headers(**extra), json={
        "point_json": json.dumps({"x": x, "y": y}), "token": token, "sender": sender})


def test_the_captcha_is_two_pngs_and_accepts_5_pixels_either_way(client):
    import base64
    import io

    from PIL import Image

    puzzle, gap = _puzzle(client)
    background = Image.open(io.BytesIO(base64.b64decode(puzzle["originalImageBase64"])))
    piece = Image.open(io.BytesIO(base64.b64decode(puzzle["jigsawImageBase64"])))
    assert (background.format, background.size) == ("PNG", (310, 155))
    assert (piece.format, piece.size, piece.mode) == ("PNG", (47, 155), "RGBA")
    _, top, _, bottom = piece.getchannel("A").getbbox()  # the piece sits at the gap's height
    assert gap["y"] <= top and bottom <= gap["y"] + 47
    ok(_verify(client, puzzle["token"], gap["x"] + 5, gap["y"] - 5))
    puzzle, gap = _puzzle(client)
    assert_error(_verify(client, puzzle["token"], gap["x"] + 6, gap["y"]),
                 "IDAAS.SDK.CAPTCHA.0002")


def test_a_captcha_takes_one_answer_and_expires(client):
    puzzle, gap = _puzzle(client)
    assert_error(_verify(client, puzzle["token"], 0, 0), "IDAAS.SDK.CAPTCHA.0002")
    assert_error(_verify(client, puzzle["token"], gap["x"], gap["y"], **{"X-L": "zh"}),
                 "IDAAS.SDK.CAPTCHA.0002", "zh")
    puzzle, gap = _puzzle(client)
    ok(client.post("/sandbox/clock", json={"advance": 120}))
    assert_error(_verify(client, puzzle["token"], gap["x"], gap["y"]), "IDAAS.SDK.CAPTCHA.0002")


@pytest.mark.parametrize("point_json", ['{"x":1}', "237,5", "null", '{"x":"NaN","y":1}'])
def test_a_malformed_point_json_fails_the_captcha(client, point_json):
    puzzle, _ = _puzzle(client)
    response = client.post("/api/v2/sdk/captcha/verify", headers=headers(), json={
        "point_json": point_json, "token": puzzle["token"], "sender": NEW_PHONE})
    assert_error(response, "IDAAS.SDK.CAPTCHA.0002")


def test_a_point_json_object_instead_of_text_is_a_type_error(client):
    puzzle, gap = _puzzle(client)
    response = client.post("/api/v2/sdk/captcha/verify", headers=headers(), json={
        "point_json": gap, "token": puzzle["token"], "sender": NEW_PHONE})
    assert_error(response, "SANDBOX.BODY.0007")


@pytest.mark.parametrize("case", ["reused", "other sender", "expired"])
def test_a_captcha_token_works_once_for_its_sender(client, case):
    captcha_token = captcha_pass(client, NEW_PHONE)
    body = {"mobile": NEW_PHONE, "type": "REGISTER_SMS", "captcha_token": captcha_token}
    if case == "reused":
        assert client.post("/api/v2/sdk/sms/send", headers=headers(), json=body).status_code == 200
    elif case == "other sender":
        body["mobile"] = "13900000000"
    else:
        ok(client.post("/sandbox/clock", json={"advance": 120}))
    assert_error(client.post("/api/v2/sdk/sms/send", headers=headers(), json=body),
                 "IDAAS.SDK.CAPTCHA.0006")


# ------------------------------------------------------------------------- parameter checks
@pytest.mark.parametrize("body, code", [
    ({"verify_code": "123456"}, "SANDBOX.PARAM.0001"),
    ({"mobile": NEW_PHONE}, "SANDBOX.PARAM.0001"),
    ({"mobile": NEW_PHONE, "email": NEW_EMAIL, "verify_code": "1"}, "SANDBOX.PARAM.0003"),
    ({"mobile": 13912345678, "verify_code": "1"}, "SANDBOX.BODY.0007"),
])
def test_bad_bodies_get_their_codes_in_the_envelope(client, body, code):
    state_token = flow_token(client, "USER_REGISTER")
    assert_error(complete(client, "social/register-bind", state_token, **body), code)


def test_the_client_checks_come_first_as_for_the_login(client):
    response = client.post("/api/v2/sdk/social/register-bind",
                           headers={"X-client-id": CLIENT_ID}, content=b"{not json")
    assert_error(response, "IDAAS.SDK.PARAM.0001")
    response = client.get("/api/v2/sdk/captcha", headers=headers(**{"X-client-id": "nobody"}))
    assert_error(response, "IDAAS.SDK.PARAM.0003")
    response = client.post("/api/v2/sdk/sms/send", headers=headers(), json={
        "mobile": NEW_PHONE, "type": "SEND_ME_MONEY", "captcha_token": "x"})
    assert_error(response, "SANDBOX.PARAM.0002")


# ------------------------------------------------------------------------------ determinism
def _walk(client: httpx.Client) -> list[bytes]:
    docs_reset(client)
    state_token = flow_token(client, "USER_REGISTER")
    code = send_code(client, NEW_PHONE, "REGISTER_SMS")
    puzzle = client.get("/api/v2/sdk/captcha", headers=headers())
    done = complete(client, "social/register-bind", state_token, mobile=NEW_PHONE,
                    verify_code=code)
    return [state_token.encode(), code.encode(), puzzle.content, done.content]


def test_with_a_seed_and_a_frozen_clock_a_flow_gives_the_same_bytes(client):
    assert _walk(client) == _walk(client)


def test_an_mfa_send_whose_user_was_removed_answers_1007_like_mobile_by_token(client):
    state_token = login(client, "mfa")["state_token"]
    ok(client.post("/sandbox/reset", json={"fixtures": "none"}))  # the user is gone, the key stays
    ok(client.post("/sandbox/apps", json={"client_id": CLIENT_ID}))
    by_token = client.get("/api/v2/sdk/mobile-by-token",
                          headers=headers(**{"X-state-token": state_token}))
    sent = client.post("/api/v2/sdk/sms/send", headers=headers(**{"X-state-token": state_token}),
                       json={"mobile": MFA_USER["mobile"], "type": "MFA_AUTH_SMS",
                             "captcha_token": "any"})
    for answer in (by_token, sent):
        assert_error(answer, "IDAAS.SDK.COMMON.1007")
    assert sent.json() == by_token.json()
