"""``explorer.redact``: stable placeholders, decodable JWTs with masked personal claims, rules a
user can extend, and a docs page that lists every rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jwt
import pytest

from explorer.redact import PLACEHOLDER, RULES, Redactor, Rule, rules_table

ROOT = Path(__file__).resolve().parents[1]


def _id_token(**api: str) -> str:
    claims = {"iss": "https://tenant.example", "aud": "app", "sub": api.get("id", "u-1"),
              "api": json.dumps(api)}
    return jwt.encode(claims, "k" * 32, algorithm="HS256")


def test_same_value_same_placeholder_across_exchanges():
    r = Redactor()
    first = r.exchange({"method": "POST", "url": "https://tenant.example/x",
                        "request_headers": [("X-device-fingerprint", "fp-123456")],
                        "request_body": '{"uid": "5601234567"}', "status_code": 200,
                        "response_body": '{"state_token": "abc.def.ghi-state-value"}'})
    second = r.exchange({"method": "POST", "url": "https://tenant.example/y",
                         "request_headers": [("X-state-token", "abc.def.ghi-state-value"),
                                             ("X-device-fingerprint", "fp-123456")],
                         "request_body": '{"note": "uid 5601234567 again"}', "status_code": 200,
                         "response_body": "{}"})
    assert first["request_headers"] == [("X-device-fingerprint", "redacted-fingerprint-1")]
    state = json.loads(first["response_body"])["state_token"]
    assert dict(second["request_headers"])["X-state-token"] == state == "redacted-state_token-1"
    assert json.loads(second["request_body"])["note"] == "uid redacted-uid-1 again"


def test_jwt_claims_stay_decodable_personal_ones_masked():
    r = Redactor()
    token = _id_token(id="u-77", mobile="+86-13712345670", email="li@corp.cn", userName="li")
    out = r.jwt(token)
    header, payload, signature = out.split(".")
    assert header == token.split(".")[0] and PLACEHOLDER.fullmatch(signature)
    claims = jwt.decode(out, options={"verify_signature": False})
    assert claims["iss"] == "https://tenant.example" and claims["aud"] == "app"
    api = json.loads(claims["api"])
    assert api["mobile"] == "redacted-phone-1" and api["email"].endswith("@redacted.invalid")
    assert api["id"] == claims["sub"] == "redacted-uid-1" and api["userName"] == "redacted-name-1"
    assert r.jwt(token) == out and r.jwt(out) == out  # stable, and idempotent


def test_free_text_patterns_and_loopback_kept():
    r = Redactor()
    text = r.text("call 13712345670 or mail a.b@corp.cn from 10.2.3.4 via http://127.0.0.1:9/")
    assert "13712345670" not in text and "a.b@corp.cn" not in text and "10.2.3.4" not in text
    assert "http://127.0.0.1:9/" in text


def test_form_bodies_by_field():
    r = Redactor()
    body = r.body("grant_type=client_credentials&client_id=app&client_secret=S3cr3t-value",
                  "application/x-www-form-urlencoded")
    assert "S3cr3t" not in body and "client_id=app" in body


def test_a_user_rule_extends_the_defaults():
    rule = Rule("employee", "employee numbers", keys=("employeeNo",),
                pattern=re.compile(r"\bE\d{6}\b"))
    r = Redactor(extra=(rule,))
    out = json.loads(r.body('{"employeeNo": "E123456", "note": "see E654321"}'))
    assert out == {"employeeNo": "redacted-employee-1", "note": "see redacted-employee-2"}
    assert "E123456" in Redactor().body('{"employeeNo": "E123456"}')  # not a default rule


@pytest.mark.parametrize("page, language", [("redaction.md", "en"), ("redaction.zh.md", "zh")])
def test_the_docs_table_is_the_rule_table(page, language):
    """docs/redaction.md shows the one rule table, generated from the rules: every rule, key,
    how it is found and whether the gate refuses it; no row the rules do not have."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    table = rules_table(language)
    assert table in text, f"docs/{page}: paste `weibo-explorer scan --rules --lang {language}`"
    section = next(part for part in text.split("\n## ") if table in part)  # other tables follow
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows == [line for line in table.splitlines() if line.startswith("| `")]
    for rule in RULES:
        row = next(r for r in rows if r.startswith(f"| `{rule.name}` |"))
        assert all(f"`{key}`" in row for key in rule.keys)


def test_query_parameters_by_name():
    r = Redactor()
    out = r.exchange({"method": "GET", "url": "https://t.example/cb?access_token=AbCdEf123456&x=1",
                      "status_code": 200})
    assert out["url"] == "https://t.example/cb?access_token=redacted-access_token-1&x=1"


def test_structure_stays_while_values_go():
    """Header pairs keep their names, cookies their names and attributes, a list its items, a
    notebook's lines their breaks; a phone number written as a JSON number goes too."""
    r = Redactor()
    out = r.data({"headers": [{"name": "Set-Cookie", "value": "sid=Zx81kfP0qL2mN7rT; Path=/"}],
                  "pairs": [["Authorization", "Bearer 9f8e7d6c5b4a39281706"]],
                  "scope": ["openid", "profile"], "contact": 13812349876,
                  "source": ["token = 'x'\n", "print(token)"]})
    assert out["headers"] == [{"name": "Set-Cookie", "value": "sid=redacted-cookie-1; Path=/"}]
    assert out["pairs"] == [["Authorization", "Bearer redacted-authorization-1"]]
    assert out["scope"] == ["openid", "profile"] and out["contact"] == "redacted-phone-1"
    assert out["source"] == ["token = 'x'\n", "print(token)"]


def test_values_found_decoded_or_wrapped_are_replaced():
    r = Redactor()
    token = _id_token(id="u-1")
    wrapped = "│ " + token[:40] + " │\n│ " + token[40:] + " │"
    text = r.text(f"to=zhang.wei%40corp.cn tel １３８１２３４９８７６\n{wrapped}\n"
                  "Location: https://shop.corp.cn/cb#access_token=2.00Qw3RtY9uIoP5aSdF7gH&x=1")
    assert "zhang.wei" not in text and "１３８" not in text and token[40:] not in text
    assert "access_token=redacted-access_token-1&x=1" in text
