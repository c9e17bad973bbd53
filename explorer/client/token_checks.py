"""Opening the two kinds of JWT a login returns.

An ``id_token`` is RS256, signed with a key the tenant publishes at ``GET /api/v1/oauth2/keys``:
a client can and must verify it (signature, ``iss``, ``aud``, ``exp``, ``nbf``). A ``state_token``
is HS256, signed with a secret only the server holds: a client can read it, never verify it.

Time checks are done here, not by pyjwt, so they can use the caller's clock (a sandbox with a
frozen or advanced clock is checked against that clock, not the laptop's).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import jwt

from ..results import TokenCheck

ID_TOKEN_ALGORITHMS = ("RS256",)
STATE_TOKEN_NOTE = "HS256: signed with a secret only the server holds; readable, not verifiable"


def parse_jwks(document: Any) -> jwt.PyJWKSet:
    """A JWKS response body as pyjwt keys (ValueError when it is not a usable JWKS)."""
    try:
        return jwt.PyJWKSet.from_dict(document)
    except (jwt.PyJWKSetError, jwt.PyJWKError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a usable JWKS: {exc}") from exc


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def expected_issuers(base_url: str, issuer: str | None = None) -> tuple[str, ...]:
    """The ``iss`` values a client accepts: ``issuer`` when given (exactly that); otherwise the
    base URL — and, when that names this machine's loopback, the same URL under each loopback
    name, because ``localhost``, ``127.0.0.1`` and ``[::1]`` are one server for the client but
    three spellings for a string comparison (a sandbox signs ``http://127.0.0.1:PORT``)."""
    if issuer is not None:
        return (issuer.rstrip("/"),)
    base = base_url.rstrip("/")
    parts = urlsplit(base)
    host = (parts.hostname or "").lower()
    shown = f"[{host}]" if ":" in host else host
    if shown not in LOOPBACK_NAMES:
        return (base,)
    port = f":{parts.port}" if parts.port else ""
    aliases = [urlunsplit((parts.scheme, name + port, parts.path, "", "")) for name in
               LOOPBACK_NAMES]
    return (base, *(alias for alias in aliases if alias != base))


def signing_key(jwks: jwt.PyJWKSet, kid: Any) -> jwt.PyJWK | None:
    """The key named ``kid`` that may verify an RS256 signature: an RSA key whose ``use`` is
    absent or ``sig`` and whose ``alg`` is absent or RS256 (an encryption key, or a key meant
    for another algorithm, never verifies a signature even when its kid matches)."""
    for key in jwks.keys:
        data: dict[str, Any] = getattr(key, "_jwk_data", {})
        if (key.key_id == kid and data.get("kty") == "RSA"
                and data.get("use", "sig") == "sig"
                and data.get("alg", "RS256") in ID_TOKEN_ALGORITHMS):
            return key
    return None


def _open(token: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    return header, claims


def check_id_token(
    token: str,
    jwks: jwt.PyJWKSet | None,
    *,
    issuer: str | Sequence[str],
    audience: str,
    now: datetime,
    leeway: float = 30.0,
    unavailable: str | None = None,
    clock: str | None = None,
) -> TokenCheck:
    """Verify an id_token. ``reason`` on INVALID is one of: ``malformed``, ``signature``,
    ``issuer``, ``audience``, ``expired``, ``not yet valid`` (checked in that order); ``detail``
    says more (which kid, the expected and the received ``iss``...).

    ``issuer`` is the accepted ``iss`` (or several: see ``expected_issuers``). ``jwks=None`` (the
    keys could not be fetched; ``unavailable`` says why) gives UNVERIFIABLE: the token may be
    fine, the client just cannot tell. ``clock`` names the clock ``now`` came from
    (``"sandbox clock"``, ``"wall clock"``), so the result can say so.
    """
    issuers = (issuer,) if isinstance(issuer, str) else tuple(issuer)
    opened = _open(token)
    if opened is None:
        return TokenCheck("id_token", token, {}, {}, "INVALID", "malformed", now, clock=clock)
    header, claims = opened

    def verdict(reason: str | None, detail: str | None = None) -> TokenCheck:
        return TokenCheck("id_token", token, header, claims,
                          "INVALID" if reason else "VERIFIED", reason, now, detail, clock=clock)

    if jwks is None:
        return TokenCheck("id_token", token, header, claims, "UNVERIFIABLE",
                          f"JWKS unavailable: {unavailable}", now, clock=clock)

    if header.get("alg") not in ID_TOKEN_ALGORITHMS:
        return verdict("signature", f"alg {header.get('alg')!r} is not RS256")
    key = signing_key(jwks, header.get("kid"))
    if key is None:
        return verdict("signature", f"no RS256 signing key with kid {header.get('kid')!r}")
    try:
        jwt.decode(token, key.key, algorithms=list(ID_TOKEN_ALGORITHMS),
                   options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                            "verify_aud": False, "verify_iss": False})
    except jwt.PyJWTError as exc:
        return verdict("signature", f"{type(exc).__name__} with kid {header.get('kid')!r}")
    received = str(claims.get("iss", ""))
    if received.rstrip("/") not in {i.rstrip("/") for i in issuers}:
        return verdict("issuer", f"expected {issuers[0]!r}, received {received!r}")
    aud = claims.get("aud")
    if audience not in (aud if isinstance(aud, list) else [aud]):
        return verdict("audience")
    t = now.timestamp()
    exp, nbf = claims.get("exp"), claims.get("nbf")
    if not isinstance(exp, (int, float)) or t > exp + leeway:
        return verdict("expired")
    if isinstance(nbf, (int, float)) and t < nbf - leeway:
        return verdict("not yet valid")
    return verdict(None)


def open_state_token(token: str, *, now: datetime, clock: str | None = None) -> TokenCheck:
    """Read a state_token without verifying it: UNVERIFIABLE by design (INVALID if unreadable)."""
    opened = _open(token)
    if opened is None:
        return TokenCheck("state_token", token, {}, {}, "INVALID", "malformed", now, clock=clock)
    header, claims = opened
    return TokenCheck("state_token", token, header, claims, "UNVERIFIABLE", STATE_TOKEN_NOTE, now,
                      clock=clock)


def unchecked_id_token(token: str, *, now: datetime, clock: str | None = None) -> TokenCheck:
    """An id_token opened but, as the caller asked (``verify_id_token=False``), not verified."""
    opened = _open(token)
    header, claims = opened if opened is not None else ({}, {})
    return TokenCheck("id_token", token, header, claims, "UNCHECKED",
                      "verification turned off by the caller (verify_id_token=False)", now,
                      clock=clock)
