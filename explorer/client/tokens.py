"""Opening the two kinds of JWT a login returns.

An ``id_token`` is RS256, signed with a key the tenant publishes at ``GET /api/v1/oauth2/keys``:
a client can and must verify it (signature, ``iss``, ``aud``, ``exp``, ``nbf``). A ``state_token``
is HS256, signed with a secret only the server holds: a client can read it, never verify it.

Time checks are done here, not by pyjwt, so they can use the caller's clock (a sandbox with a
frozen or advanced clock is checked against that clock, not the laptop's).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import jwt

from .results import TokenCheck

ID_TOKEN_ALGORITHMS = ("RS256",)
STATE_TOKEN_NOTE = "HS256: signed with a secret only the server holds; readable, not verifiable"


def parse_jwks(document: Any) -> jwt.PyJWKSet:
    """A JWKS response body as pyjwt keys (ValueError when it is not a usable JWKS)."""
    try:
        return jwt.PyJWKSet.from_dict(document)
    except (jwt.PyJWKSetError, jwt.PyJWKError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a usable JWKS: {exc}") from exc


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
    issuer: str,
    audience: str,
    now: datetime,
    leeway: float = 30.0,
    unavailable: str | None = None,
    clock: str | None = None,
) -> TokenCheck:
    """Verify an id_token. ``reason`` on INVALID is one of: ``malformed``, ``signature``,
    ``issuer``, ``audience``, ``expired``, ``not yet valid`` (checked in that order).

    ``jwks=None`` (the keys could not be fetched; ``unavailable`` says why) gives UNVERIFIABLE:
    the token may be fine, the client just cannot tell. ``clock`` names the clock ``now`` came
    from (``"sandbox clock"``, ``"wall clock"``), so the result can say so.
    """
    opened = _open(token)
    if opened is None:
        return TokenCheck("id_token", token, {}, {}, "INVALID", "malformed", now, clock)
    header, claims = opened

    def verdict(reason: str | None) -> TokenCheck:
        return TokenCheck("id_token", token, header, claims,
                          "INVALID" if reason else "VERIFIED", reason, now, clock)

    if jwks is None:
        return TokenCheck("id_token", token, header, claims, "UNVERIFIABLE",
                          f"JWKS unavailable: {unavailable}", now, clock)
    if header.get("alg") not in ID_TOKEN_ALGORITHMS:
        return verdict("signature")
    try:
        key = jwks[header.get("kid", "")]
        jwt.decode(token, key.key, algorithms=list(ID_TOKEN_ALGORITHMS),
                   options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                            "verify_aud": False, "verify_iss": False})
    except (KeyError, jwt.PyJWTError):
        return verdict("signature")
    if str(claims.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
        return verdict("issuer")
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
        return TokenCheck("state_token", token, {}, {}, "INVALID", "malformed", now, clock)
    header, claims = opened
    return TokenCheck("state_token", token, header, claims, "UNVERIFIABLE", STATE_TOKEN_NOTE, now,
                      clock)
