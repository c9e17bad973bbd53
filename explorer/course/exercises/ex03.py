"""Exercise 3: verify an id_token against the tenant's JWKS — signature, iss, aud, exp, nbf.

The checker signs the bad tokens itself: with the sandbox's own published key (the embedded
sandbox runs seeded, so it signs with ``sandbox_only_key``) for expired, not-yet-valid,
other-audience and other-issuer tokens, with a stranger's key for a forged one, and unsigned.
"""

from __future__ import annotations

import random
import time
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from ...contract import JWKS_PATH, Text
from ...sandbox.tokens import Keys, sandbox_only_key
from ..model import Exercise, Rule, Run, Scenario
from ..tenant import Tenant

KINDS = ("genuine", "forged", "expired", "not_yet", "audience", "issuer", "unsigned")

RULES = (
    Rule("jwks", Text("the tenant's JWKS (GET /api/v1/oauth2/keys) was fetched",
                      "获取了租户的 JWKS（GET /api/v1/oauth2/keys）"),
         Text("Whose key signed this token? The tenant publishes its public keys at its JWKS "
              "address; a token is only as good as the key you checked it with.",
              "是谁的密钥签发了这个令牌？租户在 JWKS 地址公布公钥；"
              "令牌是否可信取决于你用来校验的密钥。")),
    Rule("genuine", Text("a genuine id_token is accepted and its claims returned",
                         "真实的 id_token 被接受并返回其声明"),
         Text("Return the decoded claims of a valid token (RS256, with the key whose kid the "
              "token's header names).",
              "对有效令牌返回解码后的声明（RS256，使用令牌头中 kid 指向的密钥）。")),
    Rule("forged", Text("a token signed by another key is refused", "其他密钥签名的令牌被拒绝"),
         Text("Decoding is not verifying: anyone can write a JWT. Only the signature, checked "
              "with the tenant's public key, says the tenant wrote it.",
              "解码不等于校验：任何人都能写出 JWT。只有用租户公钥校验过的签名才能证明它"
              "出自租户。")),
    Rule("unsigned",
         Text("an unsigned token (alg none) is refused", "未签名令牌（alg none）被拒绝"),
         Text("Which algorithms do you accept? Say so explicitly; never let the token choose.",
              "你接受哪些算法？要明确指定，不要让令牌自己选择。")),
    Rule("expired", Text("an expired token is refused", "过期令牌被拒绝"),
         Text("A token has a lifetime: exp says until when it may be used.",
              "令牌有有效期：exp 表示可以使用到何时。")),
    Rule("not_yet", Text("a token not valid yet (nbf in the future) is refused",
                         "尚未生效的令牌（nbf 在未来）被拒绝"),
         Text("A lifetime has a start too: nbf.", "有效期也有起点：nbf。")),
    Rule("audience",
         Text("a token for another app (aud) is refused", "签发给其他应用（aud）的令牌被拒绝"),
         Text("A token the tenant issued to another app is genuine — but not for you. Which "
              "claim names the app it was issued to?",
              "租户签发给其他应用的令牌是真的——但不是给你的。哪个声明指明了令牌签发给哪个应用？")),
    Rule("issuer",
         Text("a token from another issuer (iss) is refused", "其他签发方（iss）的令牌被拒绝"),
         Text("Who issued the token? Your tenant's base URL is the only issuer you trust.",
              "令牌由谁签发？你只信任自己租户的地址作为签发方。")),
)


@lru_cache(maxsize=1)
def _stranger() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@lru_cache(maxsize=1)
def _tenant_key() -> tuple[rsa.RSAPrivateKey, str]:
    """The seeded sandbox's signing key and its kid (what its JWKS publishes)."""
    key = sandbox_only_key()
    return key, Keys(key, b"").kid


def _sign(claims: dict[str, Any], kind: str) -> str:
    tenant_key, kid = _tenant_key()
    if kind == "unsigned":
        return jwt.encode(claims, "", algorithm="none", headers={"kid": kid})
    key = _stranger() if kind == "forged" else tenant_key
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def _scenario(name: Text | str, shown: bool, kind: str) -> Scenario:
    def arrange(tenant: Tenant) -> dict[str, Any]:
        client_id = tenant.app("course-app" if shown else None)
        access_token, uid = tenant.weibo_account()
        tenant.user(uid)  # the Weibo account is bound, so the login answers a token
        genuine = tenant.login(client_id, access_token, uid).json()["id_token"]
        issuer = tenant.base_url
        if kind == "genuine":
            token = genuine
        else:
            claims = jwt.decode(genuine, options={"verify_signature": False})
            now = int(time.time())
            if kind == "expired":
                claims.update(iat=now - 7200, nbf=now - 7200, exp=now - 3600)
            elif kind == "not_yet":
                claims.update(iat=now, nbf=now + 3600, exp=now + 7200)
            elif kind == "audience":
                claims["aud"] = f"app-{tenant.word(10)}"
            elif kind == "issuer":
                claims["iss"] = f"https://{tenant.word(6)}.idaas.example"
            token = _sign(claims, kind)
        return {"id_token": token, "jwks_url": f"{tenant.base_url}{JWKS_PATH}",
                "issuer": issuer, "audience": client_id}

    return Scenario(name, shown, arrange, {"kind": kind, "refuse": kind != "genuine"})


def scenarios(rng: random.Random, shown: bool) -> list[Scenario]:
    if shown:
        return [_scenario(Text("a genuine id_token", "真实的 id_token"), True, "genuine"),
                _scenario(Text("an expired id_token", "过期的 id_token"), True, "expired")]
    hidden = ["genuine", "forged", "unsigned", "expired", "not_yet", "audience", "issuer"]
    rng.shuffle(hidden)
    return [_scenario(f"hidden {i}", False, kind) for i, kind in enumerate(hidden)]


def grade(run: Run) -> dict[str, bool | None]:
    kind = run.scenario.facts["kind"]
    fetched = any(c.path == JWKS_PATH and c.method == "GET" for c in run.api_calls)
    if kind == "genuine":
        claims = jwt.decode(run.kwargs["id_token"], options={"verify_signature": False})
        accepted = (run.error is None and isinstance(run.returned, dict)
                    and run.returned.get("sub") == claims["sub"])
        return {"genuine": accepted, "jwks": fetched}
    refused = run.error is not None or run.returned is None or run.returned is False
    return {kind: refused}


EXERCISE = Exercise(
    number=3, slug="verify-id-token",
    title=Text("Verify an id_token against the JWKS", "用 JWKS 校验 id_token"),
    concept=Text("Trust an id_token only after checking its signature with the tenant's key, "
                 "its issuer, audience and lifetime.",
                 "只有在用租户密钥校验签名并检查签发方、受众和有效期后，才能信任 id_token。"),
    story=Text(
        "Your backend receives an id_token from the app after a SUCCESS. Before it creates a "
        "session it must be sure the tenant issued the token, for this app, and that it is "
        "valid now. Write `verify_id_token(id_token, jwks_url, issuer, audience)` with pyjwt: "
        "return the token's claims when it is good, raise an exception (or return None) when "
        "it is not. The check feeds it genuine tokens and bad ones it must refuse.",
        "应用在 SUCCESS 后把 id_token 交给你的后端。后端创建会话前必须确认：令牌由租户签发、"
        "签发给本应用、且当前有效。用 pyjwt 编写 `verify_id_token(id_token, jwks_url, issuer, "
        "audience)`：令牌有效时返回其声明，无效时抛出异常（或返回 None）。"
        "检查会提供真实令牌和必须拒绝的坏令牌。"),
    function="verify_id_token",
    scaffold='''import jwt


def verify_id_token(id_token: str, jwks_url: str, issuer: str, audience: str) -> dict:
    """The token's claims if the tenant signed it for `audience` and it is valid now;
    raise (or return None) otherwise."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
