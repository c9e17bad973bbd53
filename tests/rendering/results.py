"""Realistic results built with the dataclasses: real RS256/HS256 JWTs, really verified.

The tokens are signed with a throwaway RSA key and checked by the client's own checker
(``explorer.client.token_checks``) against a JWKS of that key, so each ``TokenCheck`` is what a
client really produces.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from explorer.client import token_checks
from explorer.contract import LOGIN_PATH
from explorer.results import (
    AccessDenied,
    Exchange,
    IdaasError,
    MfaAuth,
    SocialBind,
    Success,
    TokenCheck,
    UserRegister,
)

BASE = "http://127.0.0.1:8765"
CLIENT_ID = "nTo1eRIub60vPb54WeE6aojPwYwImtl4"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
JWKS = jwt.PyJWKSet.from_dict({"keys": [dict(json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(
    KEY.public_key())), kid="k1", alg="RS256", use="sig")]})
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'

DEVICE = {
    "X-operating-sys-version": "windows10.1.1",
    "X-device-fingerprint": "156aysdna213sc50",
    "X-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 13_3 like Mac OS X)",
    "X-client-id": CLIENT_ID,
    "content-type": "application/json",
}
BODY = {"access_token": "8B11C37B7894C5E2347E1606DC7CCFDC", "uid": "1404376560"}


def exchange(response: dict | str, status: int = 200, *, headers: dict | None = None,
             body: dict | str | None = None, language: str = "en") -> Exchange:
    sent = dict(DEVICE, **{"X-L": language}) if headers is None else headers
    raw = body if isinstance(body, str) else json.dumps(BODY if body is None else body)
    answer = response if isinstance(response, str) else json.dumps(response, ensure_ascii=False)
    return Exchange("POST", BASE + LOGIN_PATH, tuple(sent.items()), raw, status,
                    (("content-type", "application/json"),), answer, 12.0)


def id_token(*, api_padding: int = 0, **overrides) -> str:
    iat = int(NOW.timestamp())
    api = {"name": "", "mobile": "+86-15907132852", "id": "20220425140138519-BF1B-528B0551B",
           "userName": "louxi" + "x" * api_padding, "email": "11@qq.com"}
    claims = {"iss": BASE, "aud": CLIENT_ID, "exp": iat + 7200, "jti": "yLRTfWcUdbOOyAilwYSFjg",
              "iat": iat, "nbf": iat - 120, "sub": "20220425140138519-BF1B-528B0551B",
              "api": json.dumps(api, separators=(",", ":"))}
    claims.update(overrides)
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": "k1"})


def check_id_token(token: str, *, at: datetime = NOW) -> TokenCheck:
    """Verify with the client's own checker against a JWKS holding the test key."""
    return token_checks.check_id_token(token, JWKS, issuer=BASE, audience=CLIENT_ID, now=at,
                                       leeway=0)


def check_state_token(token: str) -> TokenCheck:
    return token_checks.open_state_token(token, now=NOW)


def state_token(status: str) -> str:
    iat = int(NOW.timestamp())
    sub = json.dumps({"socialUid": "o3DuE5SrIuhu9HdqnpwtsvkgdHQ", "status": status})
    return jwt.encode({"sub": sub, "exp": iat + 1800, "iat": iat, "jti": "16467039045100"},
                      "server-only-secret-key-of-32-bytes!!", algorithm="HS256")


def success(language: str = "en", *, token: str | None = None, check: bool = True) -> Success:
    token = token or id_token()
    body = {"session_token": "btsiBjx85prcZu6I6Ki057Tmw3nSF2VO", "expire": 604800,
            "status": "SUCCESS", "id_token": token}
    return Success("SUCCESS", exchange(body, language=language),
                   session_token=body["session_token"], expire=604800, id_token=token,
                   id_token_check=check_id_token(token) if check else None, received_at=NOW)


def flows(cls, status: str, language: str = "en", sent_status: str | None = None):
    token = state_token(status)
    data = json.dumps({"socialBindOrRegisterFlow": ["VERIFY_PHONE", "VERIFY_EMAIL"]})
    body = {"state_token": token, "data": data, "status": sent_status or status}
    return cls(sent_status or status, exchange(body, language=language), state_token=token,
               data=data, state_token_check=check_state_token(token),
               flows=("VERIFY_PHONE", "VERIFY_EMAIL"))


def user_register(language: str = "en") -> UserRegister:
    return flows(UserRegister, "USER_REGISTER", language)


def social_bind(language: str = "en", sent_status: str | None = None) -> SocialBind:
    return flows(SocialBind, "SOCIAL_BIND", language, sent_status)


def mfa_auth(language: str = "en") -> MfaAuth:
    token = state_token("MFA_AUTH")
    body = {"status": "MFA_AUTH", "state_token": token, "data": '["SMS"]'}
    return MfaAuth("MFA_AUTH", exchange(body, language=language), state_token=token, data='["SMS"]',
                   state_token_check=check_state_token(token), factors=("SMS",))


def access_denied(language: str = "en", text: str = "Access Denied") -> AccessDenied:
    return AccessDenied("ACCESS_DENIED", exchange({"status": "ACCESS_DENIED", "data": text},
                                                  language=language), message=text)


def error(code: str, msg: str, status: int = 400, *, headers: dict | None = None,
          body: dict | str | None = None, language: str = "en") -> IdaasError:
    ex = exchange({"error_code": code, "error_msg": msg}, status, headers=headers, body=body,
                  language=language)
    return IdaasError(code, msg, status, ex)


def without(name: str, **extra) -> dict:
    """The good device headers minus one, plus ``extra``."""
    headers = {k: v for k, v in DEVICE.items() if k != name}
    headers.update(extra)
    return headers
