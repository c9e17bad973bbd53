"""The tenant's tokens, checked the way an app would: id_token against the JWKS fetched over
HTTP."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import httpx
import jwt
import pytest

from explorer.contract import JWKS_PATH
from explorer.sandbox import EmbeddedSandbox

from .helpers import CLIENT_ID, empty_tenant, login, ok, user_with_weibo


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(fixtures="none") as running:  # real clock: exp checks are real
        yield running


@pytest.fixture(scope="module")
def client(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        yield http


@pytest.fixture()
def success(client) -> dict:
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001", name="Ann", mobile="+86-1", email="a@b.c")
    return ok(login(client))


def _verify(client: httpx.Client, token: str, issuer: str) -> dict:
    jwks = jwt.PyJWKSet.from_dict(ok(client.get(JWKS_PATH)))
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in jwks.keys if k.key_id == kid)
    return jwt.decode(token, key, algorithms=["RS256"], audience=CLIENT_ID, issuer=issuer)


def test_id_token_verifies_against_the_jwks_and_carries_the_user(client, server, success):
    claims = _verify(client, success["id_token"], server.base_url)
    assert list(claims) == ["iss", "aud", "exp", "jti", "iat", "nbf", "sub", "api"]
    api = json.loads(claims["api"])
    assert api == {"name": "Ann", "mobile": "+86-1", "id": claims["sub"],
                   "userName": "user-1001", "email": "a@b.c"}
    assert claims["exp"] - claims["iat"] == 7200
    header = jwt.get_unverified_header(success["id_token"])
    assert header["alg"] == "RS256" and "typ" not in header


@pytest.mark.parametrize("part", [1, 2])
def test_tampered_id_token_fails(client, server, success, part):
    pieces = success["id_token"].split(".")
    if part == 1:
        claims = json.loads(base64.urlsafe_b64decode(pieces[1] + "=="))
        claims["sub"] = "someone-else"
        pieces[1] = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    else:
        pieces[2] = ("A" if pieces[2][0] != "A" else "B") + pieces[2][1:]
    with pytest.raises(jwt.InvalidSignatureError):
        _verify(client, ".".join(pieces), server.base_url)


def test_id_token_has_the_wrong_audience_for_another_app(client, server, success):
    with pytest.raises(jwt.InvalidAudienceError):
        jwks = jwt.PyJWKSet.from_dict(ok(client.get(JWKS_PATH)))
        jwt.decode(success["id_token"], jwks.keys[0], algorithms=["RS256"], audience="other")


def test_state_token_is_hs256_with_a_json_subject_and_thirty_minutes(client):
    empty_tenant(client)
    ok(client.post("/sandbox/weibo/tokens", json={"access_token": "tok", "uid": "1001"}))
    body = ok(login(client))
    assert jwt.get_unverified_header(body["state_token"]) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(body["state_token"], options={"verify_signature": False})
    assert list(claims) == ["sub", "exp", "iat", "jti", "cid", "dfp"]  # seed's four, then binding
    assert claims["cid"] == CLIENT_ID and len(claims["dfp"]) == 22
    assert claims["exp"] - claims["iat"] == 1800
    subject = json.loads(claims["sub"])
    assert subject["status"] == "USER_REGISTER" and len(subject["socialUid"]) == 28


def test_session_tokens_are_32_chars_and_unique(client):
    empty_tenant(client)
    user_with_weibo(client, "tok", "1001")
    tokens = {ok(login(client))["session_token"] for _ in range(5)}
    assert len(tokens) == 5 and all(len(t) == 32 and t.isalnum() for t in tokens)


@pytest.mark.parametrize("name", ["Zoë 张三", "plain"])
def test_id_token_bytes_are_what_pyjwt_would_sign(name):
    """The id_token is signed without PyJWT's per-call wrapper: its bytes must not differ."""
    import jwt as pyjwt

    from explorer.sandbox._store import Store
    from explorer.sandbox.tokens import Keys

    keys = Keys.load(Store(), seed=7)
    user = {"id": "u-1", "name": name, "mobile": "+86 138", "email": "a@b.c", "user_name": "zo"}
    token = keys.id_token(issuer="http://127.0.0.1:1", audience="app", user=user, now=1700000000,
                          ttl=7200, jti="j1")
    claims = pyjwt.decode(token, options={"verify_signature": False})
    expected = pyjwt.encode(claims, keys._private, algorithm="RS256",
                            headers={"kid": keys.kid, "typ": None})
    assert token == expected
    public = pyjwt.PyJWKSet.from_dict(keys.jwks).keys[0].key
    assert pyjwt.decode(token, public, algorithms=["RS256"], audience="app",
                        options={"verify_exp": False})["api"] == claims["api"]
