"""How a login ends once its user is known: ACCESS_DENIED, MFA_AUTH or SUCCESS.

The Weibo login and the follow-up flows (bind, register-bind, the second factor) end the same way
for the same user, so they share this one module: the policy checks, the state_token of a second
factor, and the session with its id_token.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..catalogue import Msg

if TYPE_CHECKING:
    from .context import Sandbox

ACCESS_DENIED_TEXT = Msg("Access Denied")
"""The seed's ``data`` for ACCESS_DENIED, and its Chinese."""

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def compact(value: Any) -> str:
    """JSON as the seed prints ``data``: no spaces, non-ASCII kept."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def device_ip(value: str | None) -> IpAddress | None:
    """The X-device-ip (None when absent or blank); ``ValueError`` when malformed."""
    return ipaddress.ip_address(value.strip()) if value and value.strip() else None


def denied(user: dict[str, Any], app: dict[str, Any], ip: IpAddress | None,
           policy: dict[str, Any]) -> bool:
    """The tenant refuses this user here: the app does not allow them, or the IP is denied."""
    allowed = app["allowed_user_ids"]
    if allowed is not None and user["id"] not in allowed:
        return True
    return ip is not None and any(
        ip in ipaddress.ip_network(cidr, strict=False) for cidr in policy["deny_ips"])


def fingerprint_digest(request: Request) -> str:
    """What a state_token records of the device: a digest of ``X-device-fingerprint`` (the
    token is readable by anyone who holds it; the fingerprint itself need not be)."""
    fingerprint = request.headers.get("x-device-fingerprint", "").strip()
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:22]


def state_token(sandbox: Sandbox, request: Request, client_id: str,
                subject: dict[str, str]) -> str:
    """A state_token for ``subject``, bound to the app and device of ``request`` (``cid``,
    ``dfp``); its ``jti`` is milliseconds plus one digit, as the seed's."""
    millis = int(round(sandbox.clock.now() * 1000))
    jti = f"{millis}{sandbox.rng.choice('0123456789', 1)}"
    return sandbox.keys.state_token(subject=subject, now=sandbox.clock.timestamp(), jti=jti,
                                    binding={"cid": client_id,
                                             "dfp": fingerprint_digest(request)})


def success(sandbox: Sandbox, request: Request, user: dict[str, Any], client_id: str,
            policy: dict[str, Any]) -> JSONResponse:
    """A new session for ``user``: session_token, expire, and a signed id_token."""
    now = sandbox.clock.timestamp()
    session_token = sandbox.rng.token(32)
    jti = base64.urlsafe_b64encode(sandbox.rng.bytes(16)).rstrip(b"=").decode()
    id_token = sandbox.keys.id_token(issuer=sandbox.issuer(request), audience=client_id,
                                     user=user, now=now, ttl=policy["id_token_ttl"], jti=jti)
    sandbox.store.add_session(session_token, user["id"], client_id, now,
                              now + policy["session_expire"],
                              request.headers.get("x-device-fingerprint", "").strip())
    return JSONResponse({"session_token": session_token, "expire": policy["session_expire"],
                         "status": "SUCCESS", "id_token": id_token})


def conclude(sandbox: Sandbox, request: Request, user: dict[str, Any], client_id: str,
             app: dict[str, Any], *, second_factor_done: bool = False,
             policy: dict[str, Any] | None = None) -> JSONResponse:
    """End a login of an enabled ``user``: ACCESS_DENIED, MFA_AUTH (a new state_token, unless
    this call was the second factor) or SUCCESS. A disabled user is refused before this.
    ``policy`` is the tenant's policy as this call already read it (read now when None)."""
    if policy is None:
        policy = sandbox.store.policy()
    if denied(user, app, device_ip(request.headers.get("x-device-ip")), policy):
        text = ACCESS_DENIED_TEXT(request.headers.get("x-l"))
        return JSONResponse({"status": "ACCESS_DENIED", "data": text})
    if user["mfa"] and policy["mfa_methods"] and not second_factor_done:
        token = state_token(sandbox, request, client_id,
                            {"userId": user["id"], "status": "MFA_AUTH"})
        return JSONResponse({"status": "MFA_AUTH", "state_token": token,
                             "data": compact(policy["mfa_methods"])})
    return success(sandbox, request, user, client_id, policy)
