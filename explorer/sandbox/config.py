"""All the sandbox's settings in one place; field names match ``weibo-explorer sandbox`` flags."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlsplit

from .clock import HORIZON


@dataclass(frozen=True)
class SandboxConfig:
    """How to run one sandbox tenant.

    ``seed`` and ``clock`` together make it deterministic: same requests, same bytes. ``clock`` is
    an ISO 8601 instant at which the sandbox clock stands still (until ``POST /sandbox/clock``).
    ``weibo_base_url`` sends the Weibo calls over the network instead of in-process.
    ``public_url`` is the tenant's public base URL (the id_token's ``iss``); None means
    ``http://{host}:{bound port}``; its host is also accepted in the ``Host`` header.
    ``admin_token``: when set, every ``/sandbox/*`` call needs ``Authorization: Bearer TOKEN``.
    ``request_timeout``: seconds a connection may take to finish sending a request (headers and
    body) before it is closed; also the idle keep-alive limit.
    """

    host: str = "127.0.0.1"
    port: int = 8600
    db: str = ":memory:"
    fixtures: Literal["docs", "none"] = "docs"
    seed: int | None = None
    clock: str | None = None
    weibo_base_url: str | None = None
    public_url: str | None = None
    admin_token: str | None = None
    request_timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.fixtures not in ("docs", "none"):
            raise ValueError(f"fixtures must be 'docs' or 'none', not {self.fixtures!r}")
        if self.clock is not None:
            self.clock_start()  # fail early on a malformed instant
        if not self.request_timeout > 0:
            raise ValueError(f"request_timeout must be positive, not {self.request_timeout!r}")
        if self.public_url is not None:
            parts = urlsplit(self.public_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"public_url must be an http(s) URL, not {self.public_url!r}")
        if self.admin_token is not None and not self.admin_token.strip():
            raise ValueError("admin_token must not be blank")

    @property
    def loopback(self) -> bool:
        """True when bound to a loopback interface only (no admin token needed there)."""
        return is_loopback(self.host)


    def clock_start(self) -> float | None:
        """The frozen clock's start as a Unix timestamp, or None for the real clock."""
        if self.clock is None:
            return None
        instant = datetime.fromisoformat(self.clock.replace("Z", "+00:00"))
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        if instant >= HORIZON:
            raise ValueError(f"clock must be before the sandbox clock's horizon "
                             f"{HORIZON.isoformat()}, not {self.clock!r}")
        return instant.timestamp()


def is_loopback(host: str) -> bool:
    """``localhost``, or a loopback IP address (``127.0.0.0/8``, ``::1``)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
