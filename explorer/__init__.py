"""weibo-login-explorer: learn, try and document the IDaaS "Sign in with Weibo" call.

The layers, lowest first — nothing lower imports anything higher:
``contract`` → ``sandbox`` | ``client`` → ``render`` → ``widgets`` → notebooks → ``docs``.

Public names are imported lazily, so ``import explorer`` stays cheap and a script that only needs the
client never loads ipywidgets.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "IdaasClient": "explorer.client",
    "AsyncIdaasClient": "explorer.client",
    "DeviceInfo": "explorer.client",
    "Success": "explorer.client",
    "UserRegister": "explorer.client",
    "SocialBind": "explorer.client",
    "MfaAuth": "explorer.client",
    "AccessDenied": "explorer.client",
    "IdaasError": "explorer.client",
    "TransportError": "explorer.client",
    "EmbeddedSandbox": "explorer.sandbox",
    "render": "explorer.render",
    "LoginForm": "explorer.widgets",
    "expect": "explorer.expect",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'explorer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
