"""The sandbox as pytest fixtures, for your own app's test suite (loaded automatically through
the ``pytest11`` entry point once ``weibo-login-explorer`` is installed).

* ``idaas_server`` — one real sandbox server (uvicorn on a free 127.0.0.1 port) per test session,
  so per pytest-xdist worker;
* ``idaas_sandbox`` — that server with a fresh tenant for this test (``SandboxTenant``): reset to
  the docs data, or to a docs fixture's arrangement with ``@pytest.mark.idaas(fixture="mfa-auth")``,
  or empty with ``@pytest.mark.idaas(fixture=None)``;
* ``idaas_admin`` — ``SandboxAdmin``, the typed admin API of that tenant (``add_app``,
  ``add_user``, ``bind_weibo``, ``weibo_token``, ``set_policy``, ``arm_busy``, ``advance_clock``,
  ``outbox``, ``captcha_answer``...);
* ``idaas_client`` — an ``IdaasClient`` for that tenant (the fixture's client id, or the docs
  app's; tokens checked at the sandbox's clock), closed after the test;
* ``idaas_inprocess`` — a tenant served in this process with no port (``InProcessSandbox``:
  ``.transport`` / ``.async_transport`` / ``.http()``), for code that takes an httpx client.

Heavy imports happen inside the fixtures: merely having the plugin installed costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

import pytest

if TYPE_CHECKING:
    from .client import IdaasClient
    from .sandbox.inprocess import InProcessSandbox
    from .sandbox.server import EmbeddedSandbox
    from .sandbox.tenant_admin import Fixture, SandboxAdmin

MARKER = "idaas"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(fixture='docs', client_id=None): the tenant idaas_sandbox / idaas_inprocess "
        "give this test: 'docs' (the docs data, default), a docs fixture's name (e.g. "
        "'mfa-auth': the docs data arranged for that outcome) or None / 'none' (empty tenant); "
        "client_id: the app idaas_client signs in as.")


@dataclass(frozen=True)
class TenantChoice:
    """What a test's ``idaas`` marker asks for."""

    data: Literal["docs", "none"]
    fixture: str | None
    client_id: str | None


def tenant_choice(node: pytest.Item) -> TenantChoice:
    """Read ``@pytest.mark.idaas(...)`` (the closest one wins)."""
    marker = node.get_closest_marker(MARKER)
    if marker is None:
        return TenantChoice("docs", None, None)
    unknown = set(marker.kwargs) - {"fixture", "client_id"}
    if unknown or len(marker.args) > 1:
        raise pytest.UsageError(f"@pytest.mark.{MARKER} takes fixture= and client_id=, "
                                f"not {sorted(unknown) or marker.args}")
    name = marker.args[0] if marker.args else marker.kwargs.get("fixture", "docs")
    client_id = marker.kwargs.get("client_id")
    if name is None or name == "none":
        return TenantChoice("none", None, client_id)
    if name == "docs":
        return TenantChoice("docs", None, client_id)
    return TenantChoice("docs", str(name), client_id)


@dataclass(frozen=True)
class SandboxTenant:
    """The tenant a test got: where it answers, the docs fixture arranged (if any), the app."""

    base_url: str
    server: EmbeddedSandbox
    fixture: Fixture | None
    client_id: str
    empty: bool

    def now(self) -> datetime:
        """The sandbox's clock (it may stand still or have been advanced)."""
        import httpx

        from .sandbox.tenant_admin import AdminError, SandboxAdmin

        try:
            with SandboxAdmin(self.base_url) as admin:
                return admin.now()
        except (httpx.HTTPError, AdminError, ValueError, KeyError, TypeError):
            return datetime.now(UTC)


def _arrange(admin: SandboxAdmin, choice: TenantChoice) -> Fixture | None:
    if choice.fixture is not None:
        return admin.arrange(choice.fixture)
    admin.reset(choice.data)
    return None


def _client_id(choice: TenantChoice, fixture: Fixture | None) -> str:
    if choice.client_id is not None:
        return choice.client_id
    if fixture is not None and fixture.client_id:
        return fixture.client_id
    from .sandbox.seed import CLIENT_ID  # the docs app

    return CLIENT_ID


@pytest.fixture(scope="session")
def idaas_server() -> Iterator[EmbeddedSandbox]:
    """One real sandbox server on a free loopback port for the session (per xdist worker)."""
    from .sandbox.server import EmbeddedSandbox

    with EmbeddedSandbox(fixtures="docs") as server:
        yield server


@pytest.fixture
def idaas_sandbox(request: pytest.FixtureRequest,
                  idaas_server: EmbeddedSandbox) -> Iterator[SandboxTenant]:
    """A fresh tenant on the session's server, as the test's ``idaas`` marker chose."""
    from .sandbox.tenant_admin import SandboxAdmin

    choice = tenant_choice(request.node)
    with SandboxAdmin(idaas_server.base_url) as admin:
        fixture = _arrange(admin, choice)
    yield SandboxTenant(idaas_server.base_url, idaas_server, fixture,
                        _client_id(choice, fixture), choice.data == "none")


@pytest.fixture
def idaas_admin(idaas_sandbox: SandboxTenant) -> Iterator[SandboxAdmin]:
    """The typed admin API of this test's tenant."""
    from .sandbox.tenant_admin import SandboxAdmin

    with SandboxAdmin(idaas_sandbox.base_url) as admin:
        yield admin


@pytest.fixture
def idaas_client(idaas_sandbox: SandboxTenant) -> Iterator[IdaasClient]:
    """An ``IdaasClient`` on this test's tenant, checking tokens at the sandbox's clock."""
    from .client import IdaasClient

    with IdaasClient(idaas_sandbox.base_url, idaas_sandbox.client_id, retries=0,
                     clock=idaas_sandbox.now) as client:
        yield client


@pytest.fixture
def idaas_inprocess(request: pytest.FixtureRequest) -> Iterator[InProcessSandbox]:
    """A tenant served in this process, no port: ``.transport`` for ``httpx.Client`` /
    ``IdaasClient(..., transport=)``, ``.async_transport`` for async clients, ``.http()``."""
    from .sandbox.inprocess import InProcessSandbox
    from .sandbox.tenant_admin import SandboxAdmin

    choice = tenant_choice(request.node)
    with InProcessSandbox(fixtures=choice.data) as box:
        with SandboxAdmin(box.base_url, transport=box.transport) as admin:
            _arrange(admin, choice)
        yield box
