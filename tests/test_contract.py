"""The contract as data for a family of logins: the Weibo login is one ``SocialLogin`` record joined
with what the family shares, and another login of the family (QQ, built here from data) goes
through the OpenAPI generator with no code of its own."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

import explorer.openapi
from explorer.contract import (
    ERRORS,
    LOGIN_HEADERS,
    LOGIN_PATH,
    LOGIN_RESPONSE_FIELDS,
    LOGIN_STATUSES,
    LOGINS,
    STATUSES,
    WEIBO,
    WEIBO_LOGIN,
    BodyField,
    ErrorCode,
    SocialLogin,
    Text,
)
from explorer.openapi import build, route_methods

QQ_ERRORS = (
    ErrorCode("TEST.QQ.0001", 400, Text("QQ access token cannot be empty", "QQ授权token不能为空"),
              Text("Send the QQ access_token.", "请发送QQ的access_token。"), "family",
              cause="access_token"),
    ErrorCode("TEST.QQ.0002", 400, Text("QQ open_id cannot be empty", "QQ open_id不能为空"),
              Text("Send the QQ open_id.", "请发送QQ的open_id。"), "family", cause="open_id"),
    ErrorCode("TEST.QQ.0003", 400, Text("QQ rejected the access token", "QQ拒绝了该授权token"),
              Text("Get a fresh token from QQ.", "请重新获取QQ授权token。"), "sandbox",
              reason=Text("made up by this test: the codes of a QQ login are not documented here",
                          "本测试编造的错误码：这里没有 QQ 登录的错误码文档")),
)
"""Made-up codes: only the shape matters (docs/vendor-api.md names the QQ login, not its codes)."""

QQ = SocialLogin(
    provider="qq",
    name=Text("QQ", "QQ"),
    description=Text("Trade a QQ access_token and open_id for an IDaaS session.",
                     "用QQ的access_token和open_id换取IDaaS会话。"),
    body=(
        BodyField("access_token", Text("QQ authorization token", "QQ授权token"), True,
                  "5F1A0B2C3D4E5F60718293A4B5C6D7E8", Text("From QQ.", "由QQ签发。"),
                  "TEST.QQ.0001"),
        BodyField("open_id", Text("QQ open ID", "QQ open ID"), True,
                  "A1B2C3D4E5F60718293A4B5C6D7E8F90", Text("From QQ.", "由QQ签发。"),
                  "TEST.QQ.0002"),
    ),
    provider_errors=("TEST.QQ.0003",),
    source="family",
    see="docs/vendor-api.md (api-family §6)",
)


@pytest.fixture
def qq(monkeypatch: pytest.MonkeyPatch):
    """The QQ login as an Endpoint, its made-up codes known to the contract and the generator."""
    for e in QQ_ERRORS:
        monkeypatch.setitem(ERRORS, e.code, e)
        monkeypatch.setitem(explorer.openapi.ALL_ERRORS, e.code, e)
    return QQ.endpoint()


def test_the_weibo_login_is_its_own_record_joined_with_the_family():
    assert WEIBO_LOGIN == WEIBO.endpoint() and LOGINS == (WEIBO_LOGIN,)
    assert (WEIBO_LOGIN.method, WEIBO_LOGIN.path, LOGIN_PATH) == (
        "POST", "/api/v2/sdk/login/weibo", "/api/v2/sdk/login/weibo")
    assert WEIBO_LOGIN.headers is LOGIN_HEADERS and WEIBO_LOGIN.statuses is LOGIN_STATUSES
    assert WEIBO_LOGIN.response_fields is LOGIN_RESPONSE_FIELDS
    assert (WEIBO_LOGIN.provider, WEIBO_LOGIN.operation_id) == ("weibo", "loginWeibo")
    assert (WEIBO_LOGIN.summary.en, WEIBO_LOGIN.summary.zh) == ("Sign in with Weibo", "微博登录")
    assert STATUSES == ("SUCCESS", "USER_REGISTER", "SOCIAL_BIND", "MFA_AUTH", "ACCESS_DENIED")
    # the order the server checks in: the family's, the body's fields, busy, Weibo, the user
    assert WEIBO_LOGIN.errors == (
        "IDAAS.SDK.PARAM.0001", "IDAAS.SDK.PARAM.0002", "IDAAS.SDK.PARAM.0003",
        "SANDBOX.BODY.0005", "SANDBOX.BODY.0004", "SANDBOX.BODY.0001", "SANDBOX.BODY.0002",
        "SANDBOX.BODY.0003", "IDAAS.SDK.PARAM.0026", "IDAAS.SDK.PARAM.0027",
        "IDAAS.SDK.COM.0002", "SANDBOX.WEIBO.0001", "IDAAS.SDK.USER.0039",
        "IDAAS.SDK.USER.0001",
    )


def test_a_second_login_of_the_family_is_data(qq):
    assert (qq.method, qq.path, qq.provider, qq.operation_id) == (
        "POST", "/api/v2/sdk/login/qq", "qq", "loginQq")
    assert (qq.summary.en, qq.summary.zh) == ("Sign in with QQ", "QQ登录")
    assert qq.headers == WEIBO_LOGIN.headers and qq.statuses == WEIBO_LOGIN.statuses
    assert [f.name for f in qq.body] == ["access_token", "open_id"]
    weibo_only = {"IDAAS.SDK.PARAM.0026", "IDAAS.SDK.PARAM.0027", "SANDBOX.WEIBO.0001"}
    assert qq.errors == tuple(
        {"IDAAS.SDK.PARAM.0026": "TEST.QQ.0001", "IDAAS.SDK.PARAM.0027": "TEST.QQ.0002",
         "SANDBOX.WEIBO.0001": "TEST.QQ.0003"}.get(c, c) for c in WEIBO_LOGIN.errors)
    assert not weibo_only & set(qq.errors)


def test_the_openapi_generator_takes_a_second_login_with_no_code_of_its_own(qq):
    alone = build()
    both = build(logins=(WEIBO_LOGIN, qq))
    validate(both)
    assert both["paths"][LOGIN_PATH] == alone["paths"][LOGIN_PATH]  # Weibo's stays as it was
    op = both["paths"]["/api/v2/sdk/login/qq"]["post"]
    assert (op["operationId"], op["tags"], op["summary"]) == (
        "loginQq", ["login"], "Sign in with QQ / QQ登录")
    assert {p["name"] for p in op["parameters"]} == {
        h.name for h in LOGIN_HEADERS if h.name != "content-type"}
    body = op["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/LoginQqRequest"}
    request = both["components"]["schemas"]["LoginQqRequest"]
    assert request["required"] == ["access_token", "open_id"]
    assert "TEST.QQ.0002" in request["properties"]["open_id"]["description"]
    ok = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["discriminator"]["mapping"] == alone["paths"][LOGIN_PATH]["post"][
        "responses"]["200"]["content"]["application/json"]["schema"]["discriminator"]["mapping"]
    assert op["x-error-order"] == list(qq.errors)
    bad_request = op["responses"]["400"]["x-error-codes"]
    assert {"TEST.QQ.0001", "TEST.QQ.0002", "TEST.QQ.0003", "IDAAS.SDK.PARAM.0001"} <= set(
        bad_request)
    assert "SANDBOX.WEIBO.0001" not in bad_request and "seed" not in body.get("examples", {})
    assert op["responses"]["500"]["x-error-codes"][0] == "IDAAS.SDK.COM.0002"
    assert route_methods((WEIBO_LOGIN, qq))["/api/v2/sdk/login/qq"] == ["POST"]
