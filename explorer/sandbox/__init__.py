"""The stateful sandbox IDaaS server: a tenant on a laptop, answering Weibo Login faithfully.

Outcomes follow from tenant data kept in SQLite (apps, users, Weibo bindings, policy), arranged
through the admin API (``/sandbox/*``). Names are imported lazily so that the OpenAPI generator can
read ``explorer.sandbox.admin_schema``, and a caller ``admin_client`` / ``peek`` / ``tenant_admin``
(httpx only), without loading Starlette or uvicorn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports on first use
    from .app import create_app as create_app
    from .config import SandboxConfig as SandboxConfig
    from .inprocess import InProcessSandbox as InProcessSandbox
    from .server import EmbeddedSandbox as EmbeddedSandbox
    from .server import serve as serve
    from .tenant_admin import SandboxAdmin as SandboxAdmin

_PUBLIC = {
    "SandboxConfig": "explorer.sandbox.config",
    "create_app": "explorer.sandbox.app",
    "EmbeddedSandbox": "explorer.sandbox.server",
    "serve": "explorer.sandbox.server",
    "InProcessSandbox": "explorer.sandbox.inprocess",
    "SandboxAdmin": "explorer.sandbox.tenant_admin",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'explorer.sandbox' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
