"""The httpx client for ``POST /api/v2/sdk/login/weibo``.

``IdaasClient`` / ``AsyncIdaasClient`` send the login and return a typed result per status
(``Success``, ``UserRegister``, ``SocialBind``, ``MfaAuth``, ``AccessDenied``) or an ``IdaasError``
for a documented error; only a call with no documented answer raises (``CallFailed``, an
``explorer.errors.ExplorerError``). The calls that follow a login (captcha, codes, bind,
register-bind, MFA, id_token refresh, tickets) are methods of the same clients
(``followup_methods.FollowUps``). The result types live one layer lower, in ``explorer.results``,
and are re-exported here. ``to_curl`` and ``to_httpx`` turn any request or
result into something to paste. (A sandbox's captcha answers and outbox:
``explorer.sandbox.SandboxAdmin``.)
"""

from __future__ import annotations

from ..errors import CallFailed
from ..results import (
    AccessDenied,
    AppToken,
    CallOutcome,
    Captcha,
    CaptchaPassed,
    CodeSent,
    Exchange,
    IdaasError,
    MaskedMobile,
    MfaAuth,
    Refreshed,
    Result,
    SessionRefreshed,
    SocialBind,
    SsoTicket,
    Success,
    TokenCheck,
    UserInfo,
    UserRegister,
)
from .clients import AsyncIdaasClient, IdaasClient
from .clocks import SandboxClock, clock_for, sandbox_clock, wall_clock
from .device import DeviceInfo
from .recording import Recorder, Recording, load_recording
from .replay_data import replay
from .snippets import to_curl, to_httpx
from .target import ForeignTargetWarning

__all__ = [
    "AccessDenied", "AppToken", "AsyncIdaasClient", "CallFailed", "CallOutcome", "Captcha",
    "CaptchaPassed", "CodeSent", "DeviceInfo", "Exchange", "ForeignTargetWarning", "IdaasClient",
    "IdaasError", "MaskedMobile", "MfaAuth", "Recorder", "Recording", "Refreshed", "Result",
    "SandboxClock", "SessionRefreshed", "SocialBind", "SsoTicket", "Success", "TokenCheck",
    "UserInfo", "UserRegister", "clock_for", "load_recording", "replay", "sandbox_clock", "to_curl",
    "to_httpx", "wall_clock",
]
