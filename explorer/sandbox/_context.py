"""One running tenant: its config, store, clock, RNG, keys and Weibo gateway, shared by all routes.

Route handlers find it at ``request.app.state.sandbox``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from starlette.requests import Request

from ._middleware import BodyPrefetch, RecordingMiddleware, RequestLog
from ._store import Store
from ._weibo import WeiboGateway, local_app
from .config import HEX_UPPER, Clock, Rng, SandboxConfig
from .tokens import Keys


@dataclass
class Sandbox:
    config: SandboxConfig
    store: Store
    clock: Clock
    rng: Rng
    keys: Keys
    weibo: WeiboGateway
    requests: RequestLog = field(default_factory=RequestLog)

    @classmethod
    def open(cls, config: SandboxConfig) -> Sandbox:
        """Open the store; a new database gets the configured fixtures, an old one keeps its
        data."""
        from . import seed as fixtures

        store = Store(config.db)
        sandbox = cls(config, store, Clock(config.clock_start()), Rng(config.seed),
                      Keys.load(store, config.seed), WeiboGateway(config.weibo_base_url))
        sandbox.weibo.local = RecordingMiddleware(BodyPrefetch(local_app(sandbox)),
                                                  sandbox.requests, sandbox.clock, kind="weibo")
        with store.transaction():  # two processes opening one fresh file seed it once
            if store.meta("initialized") is None:
                if config.fixtures == "docs":
                    fixtures.load_docs(sandbox)
                store.set_meta("initialized", config.fixtures)
        return sandbox

    def reset(self, fixtures: Literal["docs", "none"]) -> None:
        """Empty tenant, clock at its start, RNG re-seeded; then the docs data if asked."""
        from . import seed as docs

        self.store.reset()
        self.clock.reset()
        self.rng.reset()
        self.requests.clear()
        if fixtures == "docs":
            docs.load_docs(self)

    def issuer(self, request: Request) -> str:
        """The tenant's public base URL: configured, or the address this server is bound to."""
        if self.config.public_url:
            return self.config.public_url.rstrip("/")
        host, port = request.scope.get("server") or (self.config.host, self.config.port)
        return f"http://{host}:{port}"

    def new_user_id(self) -> str:
        """A user id in the vendor's shape: ``20220425140138519-BF1B-528B0551B``."""
        now = self.clock.now()
        stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d%H%M%S")
        millis = int(round(now * 1000)) % 1000
        return (f"{stamp}{millis:03d}-{self.rng.choice(HEX_UPPER, 4)}-"
                f"{self.rng.choice(HEX_UPPER, 9)}")

    def new_social_uid(self) -> str:
        """The tenant's id of a social account, like the seed's ``o3DuE5SrIuhu9Hdqnpwtsv9kgdHQ``."""
        from .config import URLSAFE

        return self.rng.choice(URLSAFE, 28)

    async def aclose(self) -> None:
        await self.weibo.aclose()
        self.store.close()
