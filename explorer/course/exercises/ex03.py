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

from ...catalogue import Msg, Words
from ...contract import JWKS_PATH
from ...sandbox.tokens import Keys, sandbox_only_key
from ..model import Exercise, Rule, Run, Scenario
from ..tenant import Tenant

KINDS = ("genuine", "forged", "expired", "not_yet", "audience", "issuer", "unsigned")

RULES = (
    Rule("jwks", Msg("the tenant's JWKS (GET /api/v1/oauth2/keys) was fetched"),
         Msg("Whose key signed this token? The tenant publishes its public keys at its JWKS "
             "address; a token is only as good as the key you checked it with.")),
    Rule("genuine", Msg("a genuine id_token is accepted and its claims returned"),
         Msg("Return the decoded claims of a valid token (RS256, with the key whose kid the "
             "token's header names).")),
    Rule("forged", Msg("a token signed by another key is refused"),
         Msg("Decoding is not verifying: anyone can write a JWT. Only the signature, checked "
             "with the tenant's public key, says the tenant wrote it.")),
    Rule("unsigned",
         Msg("an unsigned token (alg none) is refused"),
         Msg("Which algorithms do you accept? Say so explicitly; never let the token choose.")),
    Rule("expired", Msg("an expired token is refused"),
         Msg("A token has a lifetime: exp says until when it may be used.")),
    Rule("not_yet", Msg("a token not valid yet (nbf in the future) is refused"),
         Msg("A lifetime has a start too: nbf.")),
    Rule("audience",
         Msg("a token for another app (aud) is refused"),
         Msg("A token the tenant issued to another app is genuine — but not for you. Which "
             "claim names the app it was issued to?")),
    Rule("issuer",
         Msg("a token from another issuer (iss) is refused"),
         Msg("Who issued the token? Your tenant's base URL is the only issuer you trust.")),
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


def _scenario(name: Words | str, shown: bool, kind: str) -> Scenario:
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
        return [_scenario(Msg("a genuine id_token"), True, "genuine"),
                _scenario(Msg("an expired id_token"), True, "expired")]
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
    title=Msg("Verify an id_token against the JWKS"),
    concept=Msg("Trust an id_token only after checking its signature with the tenant's key, "
                "its issuer, audience and lifetime."),
    story=Msg(
        "Your backend receives an id_token from the app after a SUCCESS. Before it creates a "
       "session it must be sure the tenant issued the token, for this app, and that it is "
       "valid now. Write `verify_id_token(id_token, jwks_url, issuer, audience)` with pyjwt: "
       "return the token's claims when it is good, raise an exception (or return None) when "
       "it is not. The check feeds it genuine tokens and bad ones it must refuse."),
    function="verify_id_token",
    scaffold='''import jwt


def verify_id_token(id_token: str, jwks_url: str, issuer: str, audience: str) -> dict:
    """The token's claims if the tenant signed it for `audience` and it is valid now;
    raise (or return None) otherwise."""
    ...  # your code here
''',
    rules=RULES, scenarios=scenarios, grade=grade,
)
