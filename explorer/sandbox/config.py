"""All the sandbox's settings in one place; field names match ``weibo-explorer sandbox`` flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal


@dataclass(frozen=True)
class SandboxConfig:
    """How to run one sandbox tenant.

    ``seed`` and ``clock`` together make it deterministic: same requests, same bytes. ``clock`` is
    an ISO 8601 instant at which the sandbox clock stands still (until ``POST /sandbox/clock``).
    ``weibo_base_url`` sends the Weibo calls over the network instead of in-process.
    ``public_url`` is the tenant's public base URL (the id_token's ``iss``); None means
    ``http://{host}:{bound port}``.
    """

    host: str = "127.0.0.1"
    port: int = 8600
    db: str = ":memory:"
    fixtures: Literal["docs", "none"] = "docs"
    seed: int | None = None
    clock: str | None = None
    weibo_base_url: str | None = None
    public_url: str | None = None

    def __post_init__(self) -> None:
        if self.fixtures not in ("docs", "none"):
            raise ValueError(f"fixtures must be 'docs' or 'none', not {self.fixtures!r}")
        if self.clock is not None:
            self.clock_start()  # fail early on a malformed instant

    def clock_start(self) -> float | None:
        """The frozen clock's start as a Unix timestamp, or None for the real clock."""
        if self.clock is None:
            return None
        instant = datetime.fromisoformat(self.clock.replace("Z", "+00:00"))
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=timezone.utc)
        return instant.timestamp()
