"""The tenant's tokens: id_token (RS256, with kid), state_token (HS256), session_token, JWKS.

The RSA key is loaded once, as a key object — handing PEM bytes to ``jwt.encode`` re-parses the
key on every call (~39 ms instead of ~0.7 ms). RS256 (PKCS#1 v1.5) signatures are deterministic,
so the same claims give the same bytes. With a seed the key is the published sandbox-only key
shipped beside this module; without one a key is generated once and kept in the store.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from importlib import resources
from typing import Any

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from jwt.algorithms import RSAAlgorithm

from .clock import Rng
from .store import Store

STATE_TOKEN_TTL = 1800
NBF_SKEW = 120
"""``nbf`` = ``iat`` − 120 s, as in the seed's sample id_token."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@functools.cache
def sandbox_only_key() -> rsa.RSAPrivateKey:
    """The published key of deterministic mode. Public: never trust it outside the sandbox.

    Parsed once per process: loading checks the key (about 50 ms, more than the rest of a
    sandbox's start), and the key object is immutable, so every seeded sandbox can share it."""
    doc = json.loads(resources.files(__package__).joinpath("sandbox_only_key.json").read_text())
    return _rsa(serialization.load_pem_private_key(doc["pem"].encode(), password=None))


def _rsa(key: object) -> rsa.RSAPrivateKey:
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"the signing key must be RSA, not {type(key).__name__}")
    return key


class Keys:
    """Signs the tenant's JWTs and publishes the public half."""

    def __init__(self, private_key: rsa.RSAPrivateKey, state_secret: bytes) -> None:
        self._private = private_key
        self._state_secret = state_secret
        jwk = RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
        thumbprint = _compact({k: jwk[k] for k in ("e", "kty", "n")}).encode()
        self.kid = base64.urlsafe_b64encode(hashlib.sha256(thumbprint).digest())[:16].decode()
        # The id_token's header never changes: encode it once, with PyJWT (its bytes are PyJWT's).
        self._id_header = jwt.encode({}, private_key, algorithm="RS256",
                                     headers={"kid": self.kid, "typ": None}).split(".")[0]
        self.jwks: dict[str, Any] = {
            "keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                      "n": jwk["n"], "e": jwk["e"]}]
        }

    @classmethod
    def load(cls, store: Store, seed: int | None) -> Keys:
        """The seed's keys (reproducible, even with ``:memory:``), or the store's own."""
        if seed is not None:
            secret = hashlib.sha256(f"sandbox-only state secret {seed}".encode()).digest()
            return cls(sandbox_only_key(), secret)
        # Read-or-create in one BEGIN IMMEDIATE transaction: of two processes opening a fresh
        # file at the same instant, the second waits for the first's write lock and then reads
        # the key it stored, so both serve one kid (and one state_token secret).
        with store.transaction() as db:
            rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN "
                                   "('signing_key', 'state_secret')").fetchall())
            if "signing_key" not in rows or "state_secret" not in rows:
                key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                rows = {"signing_key": key.private_bytes(
                            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode(),
                        "state_secret": Rng().bytes(32).hex()}
                db.executemany("INSERT INTO meta VALUES (?, ?)", rows.items())
        loaded = serialization.load_pem_private_key(rows["signing_key"].encode(), password=None)
        if not isinstance(loaded, rsa.RSAPrivateKey):
            raise RuntimeError("the store's signing key is not an RSA key")
        return cls(loaded, bytes.fromhex(rows["state_secret"]))

    def id_token(self, *, issuer: str, audience: str, user: dict[str, Any], now: int, ttl: int,
                 jti: str) -> str:
        """RS256 JWT with the seed's claims in the seed's order; ``api`` is a JSON string."""
        api = {"name": user["name"], "mobile": user["mobile"], "id": user["id"],
               "userName": user["user_name"], "email": user["email"]}
        claims = {"iss": issuer, "aud": audience, "exp": now + ttl, "jti": jti, "iat": now,
                  "nbf": now - NBF_SKEW, "sub": user["id"], "api": _compact(api)}
        return self._sign_rs256(claims)

    def _sign_rs256(self, claims: dict[str, Any]) -> str:
        """What ``jwt.encode(claims, key, "RS256", headers={"kid": kid, "typ": None})`` returns —
        the same bytes (claims compact and in order, ASCII-escaped) — with the constant header
        encoded once and the key signing directly: the per-call work PyJWT adds around the
        signature (header JSON, option checks, algorithm lookup) is a tenth of a login's."""
        payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{self._id_header}.{payload}".encode("ascii")
        signature = self._private.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return f"{self._id_header}.{payload}.{_b64url(signature)}"

    def state_token(self, *, subject: dict[str, str], now: int, jti: str,
                    binding: dict[str, str] | None = None) -> str:
        """HS256 JWT whose ``sub`` is a JSON string, like the seed's; only the server can verify.
        ``binding`` (``cid``: the client id, ``dfp``: a digest of the device fingerprint) ties
        it to the login that issued it; it sits beside ``sub``, which keeps the seed's shape."""
        claims = {"sub": _compact(subject), "exp": now + STATE_TOKEN_TTL, "iat": now, "jti": jti,
                  **(binding or {})}
        return jwt.encode(claims, self._state_secret, algorithm="HS256")

    def read_state_token(self, token: str, now: int) -> dict[str, Any]:
        """The claims of a state_token this tenant issued (raises ``jwt.InvalidTokenError``)."""
        claims = jwt.decode(token, self._state_secret, algorithms=["HS256"],
                            options={"verify_exp": False})
        if claims["exp"] <= now:
            raise jwt.ExpiredSignatureError("state_token expired")
        claims["sub"] = json.loads(claims["sub"])
        return claims
