"""weibo-login-explorer: learn, try and document the IDaaS "Sign in with Weibo" call.

The layers, lowest first — nothing lower imports anything higher:
``contract`` → ``results`` → ``sandbox`` | ``client`` → ``rendering`` → ``widgets`` → notebooks →
``docs``. This module is the facade above all of them: it installs the ``Display`` through which
results show themselves (``results`` cannot import ``rendering``, which is higher), and Python runs
it before any submodule, so every result can display itself.

Public names are imported lazily, so ``import explorer`` stays cheap and a script that only needs the
client never loads ipywidgets.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import results as _results

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports each on first use
    from .client import (AccessDenied, AsyncIdaasClient, DeviceInfo, IdaasClient, IdaasError,
                         MfaAuth, SocialBind, Success, TransportError, UserRegister)
    from .expectations import expect
    from .rendering import render
    from .sandbox import EmbeddedSandbox, InProcessSandbox, SandboxAdmin
    from .widgets import LoginForm

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
    "InProcessSandbox": "explorer.sandbox",
    "SandboxAdmin": "explorer.sandbox",
    "render": "explorer.rendering",
    "LoginForm": "explorer.widgets",
    "expect": "explorer.expectations",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'explorer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


class _RenderingDisplay:
    """Results show themselves through ``explorer.rendering``, loaded on the first display."""

    def mimebundle(self, result: Any) -> dict[str, str]:
        return importlib.import_module("explorer.rendering").mimebundle(result)

    def to_html(self, result: Any) -> str:
        return importlib.import_module("explorer.rendering").to_html(result)

    def to_rich(self, result: Any) -> Any:
        return importlib.import_module("explorer.rendering").to_rich(result)


_results.install_display(_RenderingDisplay())
