"""The tenant's tokens: id_token (RS256, with kid), state_token (HS256), session_token, JWKS.

The RSA key is loaded once, as a key object — handing PEM bytes to ``jwt.encode`` re-parses the
key on every call (~39 ms instead of ~0.7 ms). RS256 (PKCS#1 v1.5) signatures are deterministic,
so the same claims give the same bytes. With a seed the key is the published sandbox-only key
shipped beside this module; without one a key is generated once and kept in the store.

``POST /api/v2/sdk/sso/session-token/id-token``: a fresh id_token for a live session.

The session keeps its token and its expiry (``expire`` is the seconds left): refreshing the
id_token is not a way to stretch a session. A session belongs to the app it was created for:
another app's ``X-client-id`` gets ``IDAAS.SDK.PARAM.0023`` like an unknown token.

The vendor's deprecated server-to-server route: an app token, then session_token → sso_ticket →
user, and refreshing a session.

``POST /api/v2/tenant/token`` (a form, OAuth 2 client credentials) gives a bearer token for
``TOKEN_TTL`` s. The ``/api/v2/tenant/sso/*`` calls take it as ``Authorization: Bearer`` and the
user's device in the body; the fingerprint must be the one the session was created with (the
vendor's ticket page). A ticket works once, within ``TICKET_TTL`` s, for the app that asked for it,
and only while its session does: a session revoked, expired or removed, or a user disabled or
removed, since the ticket was issued fails it with ``SANDBOX.TICKET.0001``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import ipaddress
import json
import sqlite3
from importlib import resources
from typing import TYPE_CHECKING, Any

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from jwt.algorithms import RSAAlgorithm
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ..contract import (
    ID_TOKEN_REFRESH,
    SESSION_REFRESH,
    SSO_TICKET,
    SSO_TICKET_VERIFY,
    TENANT_TOKEN,
    Endpoint,
)
from ._store import NotFound, Store
from .config import Rng
from .flow_rules import ApiError, check_client, form_fields, json_fields

if TYPE_CHECKING:
    from ._context import Sandbox


# ------------------------------------------------------------ signing
STATE_TOKEN_TTL = 1800
_NBF_SKEW = 120
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
                  "nbf": now - _NBF_SKEW, "sub": user["id"], "api": _compact(api)}
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


# ------------------------------------------------------------ session
_BAD_SESSION = "IDAAS.SDK.PARAM.0023"


def _session_for(sandbox: Sandbox, session_token: str, client_id: str) -> sqlite3.Row:
    """The live session of this app whose user is not disabled, or ``IDAAS.SDK.PARAM.0023``."""
    row = sandbox.store.live_session(session_token, sandbox.clock.timestamp())
    if row is None or row["client_id"] != client_id:
        raise ApiError(_BAD_SESSION)
    try:
        user = sandbox.store.user(row["user_id"])
    except NotFound:  # removed since the session began
        raise ApiError(_BAD_SESSION) from None
    if user["disabled"]:
        raise ApiError(_BAD_SESSION)
    return row


async def refresh_id_token(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id, _ = check_client(request, sandbox)
    token = request.headers.get("session-token", "").strip()
    if not token:
        raise ApiError(_BAD_SESSION)
    row = _session_for(sandbox, token, client_id)
    now = sandbox.clock.timestamp()
    jti = base64.urlsafe_b64encode(sandbox.rng.bytes(16)).rstrip(b"=").decode()
    id_token = sandbox.keys.id_token(
        issuer=sandbox.issuer(request), audience=client_id,
        user=sandbox.store.user(row["user_id"]), now=now,
        ttl=sandbox.store.policy()["id_token_ttl"], jti=jti)
    return JSONResponse({"session_token": token, "expire": row["expires_at"] - now,
                         "id_token": id_token})


def _routes_session() -> list[BaseRoute]:
    return [Route(ID_TOKEN_REFRESH.path, refresh_id_token, methods=["POST"])]


# ------------------------------------------------------------ tickets
TOKEN_TTL = 1800
TICKET_TTL = 300
SCOPE = "sso"
BAD_GRANT, BAD_CLIENT, BAD_BEARER = ("SANDBOX.TENANT.0001", "SANDBOX.TENANT.0002",
                                     "SANDBOX.TENANT.0003")
BAD_TICKET, OTHER_DEVICE = "SANDBOX.TICKET.0001", "SANDBOX.DEVICE.0001"
DEVICE_INCOMPLETE = "IDAAS.SDK.PARAM.0001"


async def app_token(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    fields = await form_fields(request, TENANT_TOKEN)
    if fields["grant_type"] != "client_credentials":
        raise ApiError(BAD_GRANT)
    app = sandbox.store.app(fields["client_id"])
    secret = app["client_secret"] if app else ""
    if app is None or not secret or not hmac.compare_digest(secret.encode(),
                                                             fields["client_secret"].encode()):
        raise ApiError(BAD_CLIENT)
    access_token = sandbox.rng.token(32)
    with sandbox.store.transaction() as db:
        db.execute("INSERT INTO app_tokens VALUES (?, ?, ?)",
                   (access_token, app["client_id"], sandbox.clock.timestamp() + TOKEN_TTL))
    return JSONResponse({"access_token": access_token, "token_type": "Bearer",
                         "expires_in": TOKEN_TTL, "scope": SCOPE},
                        headers={"Cache-Control": "no-store"})


def _bearer_app(request: Request, sandbox: Sandbox) -> str:
    """The client id whose live app token the ``Authorization`` header carries."""
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    row = sandbox.store.one("SELECT client_id FROM app_tokens WHERE access_token = ? AND "
                            "expires_at > ?", token.strip(), sandbox.clock.timestamp())
    if scheme.lower() != "bearer" or row is None:
        raise ApiError(BAD_BEARER)
    return str(row["client_id"])


async def _device_fields(request: Request, endpoint: Endpoint) -> dict[str, str]:
    fields = await json_fields(request, endpoint)
    try:
        ipaddress.ip_address(fields["device_ip"])
    except ValueError:
        raise ApiError(DEVICE_INCOMPLETE) from None
    return fields


def _same_device(expected: str, fields: dict[str, str]) -> None:
    if not hmac.compare_digest(expected.encode(), fields["device_fingerprint"].encode()):
        raise ApiError(OTHER_DEVICE)


async def sso_ticket(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id = _bearer_app(request, sandbox)
    fields = await _device_fields(request, SSO_TICKET)
    session = _session_for(sandbox, fields["session_token"], client_id)
    _same_device(session["device_fingerprint"], fields)
    ticket = "ST-" + sandbox.rng.token(32)
    with sandbox.store.transaction() as db:
        db.execute("INSERT INTO sso_tickets (sso_ticket, session_token, client_id, "
                   "device_fingerprint, expires_at) VALUES (?, ?, ?, ?, ?)",
                   (ticket, session["session_token"], client_id, fields["device_fingerprint"],
                    sandbox.clock.timestamp() + TICKET_TTL))
    return JSONResponse({"expire": TICKET_TTL, "sso_ticket": ticket})


async def verify_ticket(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id = _bearer_app(request, sandbox)
    fields = await _device_fields(request, SSO_TICKET_VERIFY)
    now = sandbox.clock.timestamp()
    with sandbox.store.transaction() as db:
        row = db.execute("SELECT * FROM sso_tickets WHERE sso_ticket = ?",
                         (fields["sso_ticket"],)).fetchone()
        usable = (row is not None and not row["used"] and row["expires_at"] > now
                  and row["client_id"] == client_id)
        if usable:  # spent by this try even if the device is wrong: a ticket is one try
            db.execute("UPDATE sso_tickets SET used = 1 WHERE sso_ticket = ?",
                       (fields["sso_ticket"],))
    if not usable:
        raise ApiError(BAD_TICKET)
    _same_device(row["device_fingerprint"], fields)
    try:  # the session must still be live, its user there and enabled, as when it was issued
        session = _session_for(sandbox, row["session_token"], client_id)
    except ApiError:
        raise ApiError(BAD_TICKET) from None
    user = sandbox.store.user(session["user_id"])
    return JSONResponse({"id": user["id"], "userName": user["user_name"], "name": user["name"],
                         "mobile": user["mobile"], "email": user["email"]})


async def refresh_session(request: Request) -> JSONResponse:
    sandbox: Sandbox = request.app.state.sandbox
    client_id = _bearer_app(request, sandbox)
    fields = await _device_fields(request, SESSION_REFRESH)
    session = _session_for(sandbox, fields["session_token"], client_id)
    _same_device(session["device_fingerprint"], fields)
    expire = sandbox.store.policy()["session_expire"]
    with sandbox.store.transaction() as db:
        db.execute("UPDATE sessions SET expires_at = ? WHERE session_token = ?",
                   (sandbox.clock.timestamp() + expire, session["session_token"]))
    return JSONResponse({"expire": expire, "session_token": session["session_token"]})


def _routes_tickets() -> list[BaseRoute]:
    return [Route(TENANT_TOKEN.path, app_token, methods=["POST"]),
            Route(SSO_TICKET.path, sso_ticket, methods=["POST"]),
            Route(SSO_TICKET_VERIFY.path, verify_ticket, methods=["POST"]),
            Route(SESSION_REFRESH.path, refresh_session, methods=["POST"])]


def routes() -> list[BaseRoute]:
    return [*_routes_session(), *_routes_tickets()]
