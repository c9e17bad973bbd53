"""The seed's examples as data: verbatim, corrected, and every stated claim proven by decoding."""

from __future__ import annotations

import json
from pathlib import Path

import jwt

from explorer import errata
from explorer.client.core import parse_response
from explorer.contract import ERRORS, STATUSES
from explorer.results import Exchange, IdaasError

# the vendor's page, verbatim
SEED = Path(__file__).resolve().parent / "vendor" / "login-by-weibo.md"
EVERY = (errata.REQUEST, *errata.EXAMPLES)


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_every_example_is_verbatim_from_the_vendor_page():
    page = SEED.read_text(encoding="utf-8")
    for item in EVERY:
        assert item.caption in page and item.raw in page, item.name


def test_only_success_example_1_fails_to_parse_and_its_fix_is_the_trailing_comma():
    assert [x.name for x in EVERY if not x.raw_parses] == ["success"]
    success = errata.example("success")
    assert success.raw_body.replace('",\n}', '"\n}') != success.raw_body
    assert json.loads(success.raw_body.replace('",\n}', '"\n}')) == success.body


def test_corrected_examples_cover_every_status_and_read_as_the_client_reads_them():
    responses = errata.EXAMPLES
    assert {x.outcome for x in responses} >= set(STATUSES)
    for x in responses:
        exchange = Exchange("POST", "http://t/x", (), "", x.status_code, x.headers,
                            json.dumps(x.body))
        result = parse_response(exchange, now=None)
        assert result.status == x.outcome, x.name
        assert x.raw_body.strip() != "" and x.headers == (("Content-Type", "application/json"),)
    error = errata.example("error")
    assert isinstance(parse_response(Exchange("POST", "u", (), "", 400, (), json.dumps(error.body)),
                                     now=None), IdaasError)
    assert error.body["error_msg"] == ERRORS[error.outcome].message.en


def test_every_item_of_section_7_is_answered():
    answered = {c.erratum for _, c in errata.all_corrections()}
    assert set(errata.ERRATA) <= answered
    assert all(c.reason and c.seed and c.corrected for _, c in errata.all_corrections())


def test_the_id_token_claims_stated_in_the_corrections():
    token = errata.example("success").body["id_token"]
    c = claims(token)
    assert c["exp"] - c["iat"] == 18000 and c["nbf"] == c["iat"] - 120
    assert (c["iss"], c["aud"], c["sub"]) == ("Issuer", "Audience", "subject")
    assert jwt.get_unverified_header(token) == {"kid": "k1", "alg": "RS256"}
    assert set(json.loads(c["api"])) == {"name", "mobile", "id", "userName", "email"}
    stated = next(x.seed("en") for x in errata.example("success").corrections
                  if x.erratum == 4)
    assert "18000" in stated and "iat - 120" in stated


def test_the_state_token_claims_stated_in_the_corrections():
    register, bind, mfa = (errata.example(n).body["state_token"]
                           for n in ("user_register", "social_bind", "mfa_auth"))
    assert register == bind
    assert json.loads(claims(bind)["sub"])["status"] == "USER_REGISTER"
    assert errata.example("social_bind").body["status"] == "SOCIAL_BIND"
    assert " SOCIAL_BIND" in errata.example("social_bind").raw
    for token in (register, mfa):
        assert jwt.get_unverified_header(token)["alg"] == "HS256"
        c = claims(token)
        assert c["exp"] - c["iat"] == 1800
    assert json.loads(claims(mfa)["sub"]).keys() == {"userId", "status"}


def test_status_lines_and_the_uid_as_the_corrections_say():
    for name in ("mfa_auth", "access_denied"):
        raw = errata.example(name).raw
        assert raw.startswith("HTTP 200 OK\n{") and "Content-Type" not in raw
        assert errata.example(name).corrected_text().startswith(
            "HTTP/1.1 200 OK\nContent-Type: application/json\n{")
    uid = json.loads(errata.REQUEST.raw_body)["uid"]
    assert len(uid) == 32 and int(uid, 16) and not uid.isdigit()
