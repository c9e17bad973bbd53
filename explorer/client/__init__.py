"""The httpx client for ``POST /api/v2/sdk/login/weibo``.

``IdaasClient`` / ``AsyncIdaasClient`` send the login and return a typed result per status
(``Success``, ``UserRegister``, ``SocialBind``, ``MfaAuth``, ``AccessDenied``) or an ``IdaasError``
for a documented error; only transport failures raise (``TransportError``). ``to_curl`` and
``to_httpx`` turn any request or result into something to paste.
"""

from __future__ import annotations

from .clients import AsyncIdaasClient, IdaasClient
from .device import DeviceInfo
from .results import (
    AccessDenied,
    Exchange,
    IdaasError,
    MfaAuth,
    Result,
    SocialBind,
    Success,
    TokenCheck,
    TransportError,
    UserRegister,
)
from .replay import replay
from .snippets import to_curl, to_httpx

__all__ = [
    "AccessDenied", "AsyncIdaasClient", "DeviceInfo", "Exchange", "IdaasClient", "IdaasError",
    "MfaAuth", "Result", "SocialBind", "Success", "TokenCheck", "TransportError", "UserRegister",
    "replay", "to_curl", "to_httpx",
]
