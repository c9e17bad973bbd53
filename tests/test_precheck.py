"""``predict_error`` against the real sandbox: for each request, the documented outcome written
out here (the exact error code, or SUCCESS for a request whose parameters pass) is both what is
predicted before sending and what the server answers, with the code's HTTP status."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from explorer.contract import DEVICE_HEADERS, ERRORS, LOGIN_PATH, MAX_BODY_BYTES, WEIBO_LOGIN
from explorer.precheck import CHECKED, check, predict_error

CLIENT_ID = WEIBO_LOGIN.header("X-client-id").example  # the docs fixtures' registered app
GOOD_HEADERS = {**{n: WEIBO_LOGIN.header(n).example for n in DEVICE_HEADERS},
                "X-client-id": CLIENT_ID, "content-type": "application/json"}
GOOD_BODY = {name: WEIBO_LOGIN.field(name).example for name in ("access_token", "uid")}
_DROP = object()


def _request(headers: dict[str, Any] | None = None, body: Any = _DROP):
    sent = {**GOOD_HEADERS}
    for name, value in (headers or {}).items():
        sent = {k: v for k, v in sent.items() if k.lower() != name.lower()}
        sent[name] = value
    return sent, (GOOD_BODY if body is _DROP else body)


CASES: dict[str, tuple[dict[str, Any], Any]] = {
    "passes": _request(),
    "X-agent missing": _request({"X-agent": None}),
    "X-agent blank": _request({"x-agent": "   "}),
    "fingerprint empty": _request({"X-device-fingerprint": ""}),
    "os version missing and uid blank": _request({"X-operating-sys-version": None},
                                                 {**GOOD_BODY, "uid": ""}),
    "malformed device ip": _request({"X-device-ip": "999.1.1.1"}),
    "good device ip": _request({"X-device-ip": "10.0.0.1"}),
    "blank device ip": _request({"X-device-ip": " "}),
    "ipv6 device ip": _request({"X-device-ip": "::1"}),
    "client id missing": _request({"X-client-id": None}),
    "client id blank": _request({"X-client-id": "  "}),
    "unknown app": _request({"X-client-id": "nobody"}),
    "client id padded": _request({"X-client-id": f" {CLIENT_ID} "}),
    "no content-type": _request({"content-type": None}),
    "text/plain": _request({"Content-Type": "text/plain"}),
    "json with charset": _request({"content-type": "Application/JSON; charset=utf-8"}),
    "not json": _request(body=b"{access_token:"),
    "not utf-8": _request(body=b"\xff\xfe{"),
    "escaped lone surrogate": _request(body=b'{"access_token":"\\ud800","uid":"1"}'),
    "raw lone surrogate": _request(
        body='{"access_token":"\ud800","uid":"1"}'.encode("utf-8", "surrogatepass")),
    "escaped characters": _request(body=json.dumps(GOOD_BODY).replace(
        GOOD_BODY["uid"][0], f"\\u{ord(GOOD_BODY['uid'][0]):04x}", 1).encode()),
    "a list": _request(body=[GOOD_BODY]),
    "a string": _request(body=b'"x"'),
    "null body": _request(body=None),
    "too large": _request(body={**GOOD_BODY, "pad": "x" * MAX_BODY_BYTES}),
    "numeric uid": _request(body={**GOOD_BODY, "uid": 1404376560}),
    "token is true": _request(body={**GOOD_BODY, "access_token": True}),
    "null uid": _request(body={**GOOD_BODY, "uid": None}),
    "access_token missing": _request(body={"uid": GOOD_BODY["uid"]}),
    "access_token blank": _request(body={**GOOD_BODY, "access_token": " "}),
    "uid missing": _request(body={"access_token": GOOD_BODY["access_token"]}),
    "uid blank": _request(body={**GOOD_BODY, "uid": "\t"}),
    "both blank: token first": _request(body={"access_token": "", "uid": ""}),
    "device beats body": _request({"X-agent": ""}, b"not json"),
    "client id beats content-type": _request({"X-client-id": None, "content-type": "text/xml"}),
}


# The documented answer of each case: written out, not computed by the code under test. The seed's
# account is bound to an enabled user in the docs data, so parameters that pass end in SUCCESS.
DEVICE, CLIENT_ID_EMPTY, UNKNOWN_APP = (
    "IDAAS.SDK.PARAM.0001", "IDAAS.SDK.PARAM.0002", "IDAAS.SDK.PARAM.0003")
TOKEN_EMPTY, UID_EMPTY = "IDAAS.SDK.PARAM.0026", "IDAAS.SDK.PARAM.0027"
NOT_JSON, NOT_OBJECT, NOT_STRING, TOO_LARGE, NOT_JSON_TYPE = (
    "SANDBOX.BODY.0001", "SANDBOX.BODY.0002", "SANDBOX.BODY.0003", "SANDBOX.BODY.0004",
    "SANDBOX.BODY.0005")
EXPECTED: dict[str, str] = {
    "passes": "SUCCESS",
    "X-agent missing": DEVICE, "X-agent blank": DEVICE, "fingerprint empty": DEVICE,
    "os version missing and uid blank": DEVICE, "malformed device ip": DEVICE,
    "good device ip": "SUCCESS", "blank device ip": "SUCCESS", "ipv6 device ip": "SUCCESS",
    "client id missing": CLIENT_ID_EMPTY, "client id blank": CLIENT_ID_EMPTY,
    "unknown app": UNKNOWN_APP, "client id padded": "SUCCESS",
    "no content-type": NOT_JSON_TYPE, "text/plain": NOT_JSON_TYPE, "json with charset": "SUCCESS",
    "not json": NOT_JSON, "not utf-8": NOT_JSON,
    "escaped lone surrogate": NOT_JSON, "raw lone surrogate": NOT_JSON,
    "escaped characters": "SUCCESS",
    "a list": NOT_OBJECT, "a string": NOT_OBJECT, "null body": NOT_OBJECT,
    "too large": TOO_LARGE, "numeric uid": NOT_STRING, "token is true": NOT_STRING,
    "null uid": UID_EMPTY, "access_token missing": TOKEN_EMPTY, "access_token blank": TOKEN_EMPTY,
    "uid missing": UID_EMPTY, "uid blank": UID_EMPTY, "both blank: token first": TOKEN_EMPTY,
    "device beats body": DEVICE, "client id beats content-type": CLIENT_ID_EMPTY,
}


def _wire(body: Any) -> bytes:
    if isinstance(body, bytes):
        return body
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture(scope="module")
def http(sandbox):
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        client.post("/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
        yield client


def test_every_case_has_its_documented_answer():
    assert set(EXPECTED) == set(CASES)
    assert {code for code in EXPECTED.values() if code != "SUCCESS"} == set(CHECKED)


@pytest.mark.parametrize("case", list(CASES))
def test_prediction_and_the_sandbox_both_give_the_documented_answer(http, case):
    headers, body = CASES[case]
    expected = EXPECTED[case]
    predicted = predict_error(headers, body, app_exists=lambda cid: cid == CLIENT_ID)
    assert (predicted or "SUCCESS") == expected
    assert predict_error(headers, _wire(body), app_exists=lambda cid: cid == CLIENT_ID) == predicted
    # HTTP drops the whitespace around a field value (RFC 9110 §5.5); h11 refuses to send it
    sent = {name: value.strip() for name, value in headers.items() if value is not None}
    response = http.post(LOGIN_PATH, headers=sent, content=_wire(body))
    answer = response.json()
    if expected == "SUCCESS":
        assert (response.status_code, answer.get("status")) == (200, "SUCCESS"), answer
    else:
        assert answer == {"error_code": expected, "error_msg": answer.get("error_msg")}, answer
        assert response.status_code == ERRORS[expected].http_status


def test_without_app_exists_an_unknown_app_is_not_predicted():
    headers, body = CASES["unknown app"]
    assert predict_error(headers, body) is None


def test_sentence_names_the_field_and_the_code_in_both_languages():
    found = check(*CASES["X-agent blank"])
    assert (found.code, found.field) == ("IDAAS.SDK.PARAM.0001", "X-agent")
    assert found.sentence() == "X-agent is empty: the server will answer IDAAS.SDK.PARAM.0001"
    assert found.sentence("zh-CN") == "X-agent 为空：服务器将返回 IDAAS.SDK.PARAM.0001"
    assert str(check(*CASES["numeric uid"])) == (
        "uid is a JSON number, not a string: the server will answer SANDBOX.BODY.0003")
    assert check(*CASES["uid missing"]).sentence().startswith("uid is missing")
    assert (check(*CASES["malformed device ip"]).reason()
            == "X-device-ip '999.1.1.1' is not an IP address")


def test_checked_codes_follow_the_contracts_order():
    order = [WEIBO_LOGIN.errors.index(code) for code in CHECKED]
    assert order == sorted(order)
