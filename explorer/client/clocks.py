"""Which "now" a client checks tokens at: the wall clock, or the sandbox's published clock.

A sandbox started with ``--clock`` stands still at that instant, so its tokens are issued then and
a laptop's clock (months later) would call every id_token expired. A client talking to a sandbox
therefore checks at the sandbox's instant (``GET /sandbox/clock``) and says so; a client talking to
a real tenant checks at the wall clock. Clocks are callables returning an aware ``datetime``, with
a ``name`` the results carry (``TokenCheck.clock``) so a reader sees which clock was used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from ..catalogue import Msg

CLOCK_PATH = "/sandbox/clock"
WALL, SANDBOX = "wall clock", "sandbox clock"


def _utcnow() -> datetime:
    return datetime.now(UTC)


def wall_clock() -> datetime:
    """The machine's clock, in UTC: right against a real tenant."""
    return _utcnow()


wall_clock.name = WALL  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SandboxClock:
    """The clock of the sandbox at ``base_url`` as read once from ``GET /sandbox/clock``.

    A frozen sandbox clock gives its instant on every call; a running one gives the wall clock
    moved by the offset the sandbox reported (its advances), so both stay in step without asking
    the sandbox again. ``POST /sandbox/clock`` (an advance) needs a fresh ``sandbox_clock``.
    """

    base_url: str
    instant: datetime
    frozen: bool
    offset: float = 0.0
    name: str = SANDBOX

    def __call__(self) -> datetime:
        if self.frozen:
            return self.instant
        return datetime.fromtimestamp(_utcnow().timestamp() + self.offset, UTC)

    def describe(self, language: str = "en") -> str:
        """``checked at the sandbox clock, 2026-01-01 00:00 UTC (frozen)``; in Chinese
        ``2026-01-01 00:00 UTC，已冻结`` (the Chinese note around it names the clock)."""
        if language == "zh":
            return _SANDBOX_ZH(language).format(
                moment=f"{self().astimezone(UTC):%Y-%m-%d %H:%M}",
                frozen=_FROZEN_ZH(language) if self.frozen else "")
        return describe(self(), self.name) + (" (frozen)" if self.frozen else "")


_SANDBOX_ZH = Msg("the sandbox clock, {moment} UTC{frozen}")
_FROZEN_ZH = Msg(" (frozen)")


def describe(moment: datetime, name: str) -> str:
    """``checked at the sandbox clock, 2026-01-01 00:00 UTC``."""
    return f"checked at the {name}, {moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def clock_name(clock: Callable[[], datetime]) -> str | None:
    """The name a clock carries (``wall clock``, ``sandbox clock``), None for a bare callable."""
    name = getattr(clock, "name", None)
    return name if isinstance(name, str) else None


def sandbox_clock(base_url: str, *, timeout: float = 10.0) -> SandboxClock | None:
    """The sandbox's clock when ``base_url`` is a sandbox (it answers ``GET /sandbox/clock``
    with its instant), None otherwise — a real tenant, or nothing listening: use the wall clock.

    One GET, answered by no real tenant route: this is how the CLI and the form tell a sandbox
    from a tenant, so nobody has to say which one they point at.
    """
    base = base_url.rstrip("/")
    try:
        response = httpx.get(base + CLOCK_PATH, timeout=timeout,
                             headers={"accept": "application/json"})
        if response.status_code != 200:
            return None
        body = response.json()
        instant = datetime.fromisoformat(str(body["now"]).replace("Z", "+00:00"))
        frozen = body.get("frozen")
    except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    frozen = bool(frozen) if isinstance(frozen, bool) else True
    return SandboxClock(base, instant, frozen, instant.timestamp() - _utcnow().timestamp())


def clock_for(base_url: str) -> Callable[[], datetime]:
    """The clock to check ``base_url``'s tokens at: its sandbox clock, else the wall clock."""
    return sandbox_clock(base_url) or wall_clock
