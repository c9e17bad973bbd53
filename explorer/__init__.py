"""weibo-login-explorer: learn, try and document the IDaaS "Sign in with Weibo" call.

The layers, lowest first — nothing lower imports anything higher:
``contract`` → ``results`` → ``sandbox`` | ``client`` → ``rendering`` → ``widgets`` → notebooks →
``docs``. This module is the facade above all of them: it installs the ``Display`` through which
results show themselves (``results`` cannot import ``rendering``, which is higher), and Python runs
it before any submodule, so every result can display itself.

Public names are imported lazily, so ``import explorer`` stays cheap and a script that only needs
the client never loads ipywidgets. A name whose optional dependencies (an extra) are not installed —
``LoginForm`` without ``[lab]`` — still imports, so ``from explorer import *`` works on a base
install; using it raises ``ModuleNotFoundError`` naming the extra to install.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

from . import results as _results

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports each on first use
    from .client import AccessDenied as AccessDenied
    from .client import AsyncIdaasClient as AsyncIdaasClient
    from .client import DeviceInfo as DeviceInfo
    from .client import IdaasClient as IdaasClient
    from .client import IdaasError as IdaasError
    from .client import MfaAuth as MfaAuth
    from .client import SocialBind as SocialBind
    from .client import Success as Success
    from .client import UserRegister as UserRegister
    from .errors import BuildFailed as BuildFailed
    from .errors import CallFailed as CallFailed
    from .errors import CourseError as CourseError
    from .errors import DocsError as DocsError
    from .errors import ExplorerError as ExplorerError
    from .errors import NoFunction as NoFunction
    from .errors import NotebookError as NotebookError
    from .errors import SandboxError as SandboxError
    from .errors import SiteError as SiteError
    from .expectations import expect as expect
    from .rendering import render as render
    from .sandbox import EmbeddedSandbox as EmbeddedSandbox
    from .sandbox import InProcessSandbox as InProcessSandbox
    from .sandbox import SandboxAdmin as SandboxAdmin
    from .widgets import LoginForm as LoginForm

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
    "ExplorerError": "explorer.errors",
    "CallFailed": "explorer.errors",
    "SandboxError": "explorer.errors",
    "CourseError": "explorer.errors",
    "NoFunction": "explorer.errors",
    "DocsError": "explorer.errors",
    "NotebookError": "explorer.errors",
    "SiteError": "explorer.errors",
    "BuildFailed": "explorer.errors",
    "EmbeddedSandbox": "explorer.sandbox",
    "InProcessSandbox": "explorer.sandbox",
    "SandboxAdmin": "explorer.sandbox",
    "render": "explorer.rendering",
    "LoginForm": "explorer.widgets",
    "expect": "explorer.expectations",
}

_EXTRAS = {"LoginForm": "lab"}
"""The public names that need an extra of the package (``pip install
'weibo-login-explorer[lab]'``)."""

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'explorer' has no attribute {name!r}")
    try:
        value = getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as missing:
        if name not in _EXTRAS or (missing.name or "explorer").startswith("explorer"):
            raise  # a base name, or a module of this package itself: a real fault
        return _NeedsExtra(name, _EXTRAS[name], missing.name or "")
    globals()[name] = value
    return value


class _NeedsExtra:
    """Stands in for a public name whose extra is not installed: importing it works, calling it or
    reading its attributes raises ``ModuleNotFoundError`` that names the extra (in the reader's
    language). Not cached, so installing the extra in a running kernel makes the real name
    appear."""

    def __init__(self, name: str, extra: str, missing: str) -> None:
        self._name, self._extra, self._missing = name, extra, missing

    def error(self) -> ModuleNotFoundError:
        from .i18n import ENV_VAR, edition, from_locale, word

        language = edition() if os.environ.get(ENV_VAR) else from_locale()
        message = word("needs_extra", language, name=self._name, extra=self._extra,
                       missing=self._missing)
        return ModuleNotFoundError(message, name=self._missing)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise self.error()

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        raise self.error()

    def __repr__(self) -> str:
        return f"<explorer.{self._name}: needs the [{self._extra}] extra>"


class _RenderingDisplay:
    """Results show themselves through ``explorer.rendering``, loaded on the first display."""

    def mimebundle(self, result: Any) -> dict[str, str]:
        bundle: dict[str, str] = importlib.import_module("explorer.rendering").mimebundle(result)
        return bundle

    def to_html(self, result: Any) -> str:
        html: str = importlib.import_module("explorer.rendering").to_html(result)
        return html

    def to_rich(self, result: Any) -> Any:
        return importlib.import_module("explorer.rendering").to_rich(result)


_results.install_display(_RenderingDisplay())
