"""The stateful sandbox IDaaS server: a tenant on a laptop, answering Weibo Login faithfully.

Outcomes follow from tenant data kept in SQLite (apps, users, Weibo bindings, policy), arranged
through the admin API (``/sandbox/*``) — from Python with ``SandboxAdmin``. Names are imported
lazily so that the OpenAPI generator can read ``explorer.sandbox.admin_schema``, and a caller of
``SandboxAdmin`` (httpx only), without loading Starlette or uvicorn.

The modules, one concept each (a leading ``_``: used only inside the package):

- ``config``: what a tenant starts with (``SandboxConfig``), its clock and RNG, the admin token;
- ``app``: ``create_app``, the routes and middleware put together (``_context``: one running
  tenant, handed to every route);
- ``server`` / ``inprocess``: the app on a loopback port (``EmbeddedSandbox``, ``serve``) or
  in this process without one (``InProcessSandbox``);
- ``_middleware``: the front door (who may call, how much they may send) and the request log;
- ``_store``: SQLite, its read cache and its WAL checkpoints;
- ``flow_rules``: what every route shares — bounded bodies, the error envelope, client and
  state_token checks, how a login ends; ``_flows``: the login and the ends of its flows (bind,
  register-bind, MFA); ``_challenges``: the slider captcha and the SMS / e-mail codes;
- ``tokens``: the signing keys, id_token refresh, the server-to-server ticket routes;
- ``_weibo``: the fake Weibo and the gateway the login calls it through;
- ``_admin_routes`` / ``admin_schema``: the admin API and its operations as data; ``seed``: the
  docs tenant and its fixtures; ``choices``: the sandbox-choices page's tables;
- ``tenant_admin``: ``SandboxAdmin``, the admin API from the caller's side.
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
    from .tenant_admin import AdminError as AdminError
    from .tenant_admin import SandboxAdmin as SandboxAdmin

__all__ = ["AdminError", "EmbeddedSandbox", "InProcessSandbox", "SandboxAdmin", "SandboxConfig",
           "create_app", "serve"]

_PUBLIC = {
    "SandboxConfig": "explorer.sandbox.config",
    "create_app": "explorer.sandbox.app",
    "EmbeddedSandbox": "explorer.sandbox.server",
    "serve": "explorer.sandbox.server",
    "InProcessSandbox": "explorer.sandbox.inprocess",
    "SandboxAdmin": "explorer.sandbox.tenant_admin",
    "AdminError": "explorer.sandbox.tenant_admin",
}


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'explorer.sandbox' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
