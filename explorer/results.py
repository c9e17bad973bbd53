"""What a call can end as: one typed value per status, one for a documented error.

Documented outcomes are values, never exceptions: ``login_weibo`` returns a ``Success``,
``UserRegister``, ``SocialBind``, ``MfaAuth``, ``AccessDenied`` or ``IdaasError``; bind,
register-bind and MFA answer the same types, the other follow-up calls one type each
(``Captcha``, ``CaptchaPassed``, ``CodeSent``, ``MaskedMobile``, ``Refreshed``, ``AppToken``,
``SsoTicket``, ``UserInfo``, ``SessionRefreshed``). Every result keeps
the raw ``Exchange`` it came from, so it can be shown, replayed or turned into a curl command.
Results know how to show themselves (``_repr_html_``, ``_repr_mimebundle_``, ``__rich__``) through
a ``Display`` installed from above (``install_display``): the package's top-level ``__init__``
installs one that loads ``explorer.rendering`` on first use, so this module imports nothing higher
than ``contract`` and the layers stay one-way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from .contract import ERRORS, ErrorCode


class Display(Protocol):
    """How results show themselves; installed by a higher layer (``explorer/__init__.py``)."""

    def mimebundle(self, result: Any) -> dict[str, str]: ...

    def to_html(self, result: Any) -> str: ...

    def to_rich(self, result: Any) -> Any: ...


_display: Display | None = None


def install_display(display: Display) -> None:
    """Make every result show itself through ``display`` (Jupyter, Rich)."""
    global _display
    _display = display


def _installed() -> Display:
    if _display is None:
        raise RuntimeError("no Display installed: import explorer (its __init__ installs one)")
    return _display


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response, as they went over the wire."""

    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: str
    status_code: int
    response_headers: tuple[tuple[str, str], ...]
    response_body: str
    elapsed_ms: float = 0.0

    @property
    def language(self) -> str | None:
        """The request's ``X-L`` header, if any."""
        for name, value in self.request_headers:
            if name.lower() == "x-l":
                return value
        return None

    def response_json(self) -> Any:
        """The response body parsed as JSON (None when it is not JSON)."""
        try:
            return json.loads(self.response_body)
        except ValueError:
            return None


Verdict = Literal["VERIFIED", "INVALID", "UNVERIFIABLE", "UNCHECKED"]


@dataclass(frozen=True)
class TokenCheck:
    """A JWT opened and, where the client can, verified.

    ``VERIFIED``: signature checked against the tenant's JWKS, and ``iss``, ``aud``, ``exp``,
    ``nbf`` hold. ``INVALID``: one of them does not (``reason`` says which). ``UNVERIFIABLE``: the
    token is readable but the client could not check it (every state_token, signed with a key
    only the server holds; an id_token whose JWKS could not be fetched). ``UNCHECKED``: the client
    was told not to verify (``verify_id_token=False``) and did not. ``detail`` adds specifics to
    ``reason`` (e.g. the expected and the received ``iss``).
    """

    kind: Literal["id_token", "state_token"]
    token: str
    header: dict[str, Any]
    claims: dict[str, Any]
    verdict: Verdict
    reason: str | None = None
    checked_at: datetime | None = None
    detail: str | None = None

    @property
    def explanation(self) -> str:
        """Verdict, reason and detail in one line: ``INVALID (issuer: expected ..., received
        ...)``."""
        why = ": ".join(part for part in (self.reason, self.detail) if part)
        return f"{self.verdict} ({why})" if why else self.verdict
    clock: str | None = None
    """Which clock ``checked_at`` was read from: ``"sandbox clock"`` (the sandbox's published,
    possibly frozen, instant) or ``"wall clock"``; None when the caller's clock had no name."""

    @property
    def expires_at(self) -> datetime | None:
        exp = self.claims.get("exp")
        return datetime.fromtimestamp(exp, UTC) if isinstance(exp, (int, float)) else None

    @property
    def subject(self) -> Any:
        """``sub``, decoded once more when it is a JSON string (state_tokens nest JSON there)."""
        return _maybe_json(self.claims.get("sub"))

    @property
    def api(self) -> dict[str, Any] | None:
        """The id_token's ``api`` claim, a JSON string holding the user: decoded."""
        value = _maybe_json(self.claims.get("api"))
        return value if isinstance(value, dict) else None


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class _Displayable:
    """What every result of a call has: its ``exchange``, the request's language, whether it is a
    documented success (an ``IdaasError`` says no), and rich display through the installed
    ``Display``."""

    exchange: Exchange

    @property
    def language(self) -> str | None:
        """The request's ``X-L`` header, if any."""
        return self.exchange.language

    @property
    def ok(self) -> bool:
        return True

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return _installed().mimebundle(self)

    def _repr_html_(self) -> str:
        return _installed().to_html(self)

    def __rich__(self) -> Any:
        return _installed().to_rich(self)


@dataclass(frozen=True)
class LoginResult(_Displayable):
    """Common to every 200 answer: the status as sent and the exchange."""

    status: str
    exchange: Exchange = field(repr=False)


@dataclass(frozen=True)
class Success(LoginResult):
    session_token: str = ""
    expire: int = 0
    id_token: str = ""
    id_token_check: TokenCheck | None = None
    """The id_token opened and verified against the JWKS (None when verification was off)."""
    received_at: datetime | None = None

    @property
    def ok(self) -> bool:
        """True only when the id_token was VERIFIED (or the client was explicitly told not to
        verify it: UNCHECKED). An INVALID or UNVERIFIABLE id_token — or none checked at all —
        is a login the application must not trust, whatever the status says."""
        check = self.id_token_check
        return check is not None and check.verdict in ("VERIFIED", "UNCHECKED")

    @property
    def untrusted(self) -> str | None:
        """Why this login must not be trusted (None when ``ok``)."""
        if self.ok:
            return None
        check = self.id_token_check
        return check.explanation if check is not None else "the id_token was not checked"

    @property
    def session_expires_at(self) -> datetime | None:
        if self.received_at is None:
            return None
        return datetime.fromtimestamp(self.received_at.timestamp() + self.expire, UTC)


@dataclass(frozen=True)
class _StateTokenResult(LoginResult):
    state_token: str = ""
    data: str = ""
    """``data`` as the server sent it: a JSON string."""
    state_token_check: TokenCheck | None = None


@dataclass(frozen=True)
class _FlowResult(_StateTokenResult):
    flows: tuple[str, ...] = ()
    """The tenant's ways to prove a phone or e-mail: ``VERIFY_PHONE``, ``VERIFY_EMAIL``."""


@dataclass(frozen=True)
class UserRegister(_FlowResult):
    """Unbound Weibo account; the tenant registers a new user once a phone or e-mail is proven."""


@dataclass(frozen=True)
class SocialBind(_FlowResult):
    """Unbound Weibo account; the user must bind it to an existing account."""


@dataclass(frozen=True)
class MfaAuth(_StateTokenResult):
    factors: tuple[str, ...] = ()
    """Second factors the tenant accepts, e.g. ``("SMS",)``."""


@dataclass(frozen=True)
class AccessDenied(LoginResult):
    message: str = ""
    """The server's text from ``data``."""


@dataclass(frozen=True)
class IdaasError(_Displayable):
    """A documented error: ``{error_code, error_msg}`` with its HTTP status."""

    error_code: str
    error_msg: str
    http_status: int
    exchange: Exchange = field(repr=False)

    @property
    def ok(self) -> bool:
        return False

    @property
    def status(self) -> str:
        return self.error_code


    @property
    def spec(self) -> ErrorCode | None:
        """The contract's entry for this code (None for a code the contract does not know)."""
        return ERRORS.get(self.error_code)


@dataclass(frozen=True)
class Refreshed(Success):
    """A new id_token for a live session (``POST /api/v2/sdk/sso/session-token/id-token``).

    The answer has the shape of a login's SUCCESS without its ``status`` field; ``status`` reads
    ``"SUCCESS"`` so the same checks, renderers and ``expect`` apply."""


# ------------------------------------------------------------------- answers of the other calls
@dataclass(frozen=True)
class CallResult(_Displayable):
    """A 200 answer of a follow-up call that is no login status (captcha, code sent, ticket...)."""

    exchange: Exchange = field(repr=False)

    @property
    def call(self) -> str:
        """``METHOD /path`` of the call this answers."""
        from urllib.parse import urlsplit

        return f"{self.exchange.method} {urlsplit(self.exchange.url).path}"


@dataclass(frozen=True)
class Captcha(CallResult):
    """A slider puzzle: the background with a gap and the piece to slide into it (base64 PNGs).

    Solve it by sending the piece's top-left ``{"x", "y"}`` in the background to
    ``verify_captcha`` with ``token``."""

    token: str = ""
    secret_key: str = ""
    original_image_base64: str = ""
    jigsaw_image_base64: str = ""

    @property
    def original_png(self) -> bytes:
        return _b64(self.original_image_base64)

    @property
    def jigsaw_png(self) -> bytes:
        return _b64(self.jigsaw_image_base64)


def _b64(value: str) -> bytes:
    import base64
    import binascii

    if "," in value and value.startswith("data:"):
        value = value.split(",", 1)[1]
    try:
        return base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError):
        return b""


@dataclass(frozen=True)
class CaptchaPassed(CallResult):
    """The captcha was solved: ``captcha_token`` lets one code be sent to ``sender``."""

    captcha_token: str = ""


@dataclass(frozen=True)
class CodeSent(CallResult):
    """A verification code is on its way (the server answers 200 with an empty body)."""

    channel: Literal["sms", "email"] = "sms"
    to: str = ""
    type: str = ""


@dataclass(frozen=True)
class MaskedMobile(CallResult):
    """The phone number an MFA_AUTH challenge goes to, masked by the server."""

    mobile: str = ""


@dataclass(frozen=True)
class AppToken(CallResult):
    """The app's own token for the deprecated ticket route (``Authorization: Bearer``)."""

    access_token: str = ""
    token_type: str = ""
    expires_in: int = 0
    scope: str = ""


@dataclass(frozen=True)
class SsoTicket(CallResult):
    """A one-time ticket for a session_token (deprecated route); ``expire`` seconds to use it."""

    sso_ticket: str = ""
    expire: int = 0


@dataclass(frozen=True)
class UserInfo(CallResult):
    """The user a ticket stands for (deprecated route)."""

    id: str = ""
    user_name: str = ""
    name: str = ""
    mobile: str = ""
    email: str = ""


@dataclass(frozen=True)
class SessionRefreshed(CallResult):
    """A session_token with a renewed lifetime (deprecated route)."""

    session_token: str = ""
    expire: int = 0


Result = Success | UserRegister | SocialBind | MfaAuth | AccessDenied | IdaasError
CallOutcome = (Result | Captcha | CaptchaPassed | CodeSent | MaskedMobile | AppToken | SsoTicket
               | UserInfo | SessionRefreshed)
"""Anything a call of the client can return."""
