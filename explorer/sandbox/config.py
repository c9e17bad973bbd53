"""All the sandbox's settings in one place; field names match ``weibo-explorer sandbox`` flags.

The sandbox's sense of time and chance: a clock that can stand still and a seedable RNG.

Every timestamp and every random value the sandbox hands out comes from here, so that with a seed
and a fixed clock the same requests give the same bytes. ``reset`` restores both to their start.

What a sandbox bound beyond loopback shows the network, and the admin token that guards it.

On loopback nobody but the developer's own machine reaches the admin API, so no token is needed
(the Origin and Host rules keep web pages out). Bound to ``0.0.0.0`` or any other non-loopback
address the captcha answers, the outbox, every app's ``client_secret`` and ``reset`` are one HTTP
call away for the whole network: a token is required, generated when none is given, and printed
once with a warning that says so.

The admin token a caller of the sandbox's admin API sends, when the sandbox wants one.

A sandbox on loopback needs none. Bound beyond loopback, or started with ``--admin-token``, every
``/sandbox/*`` call needs ``Authorization: Bearer TOKEN``: callers take it as an explicit
argument or, by default, from the same environment variable the sandbox reads.
"""

from __future__ import annotations

import ipaddress
import os
import random
import secrets
import string
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlsplit


# ------------------------------------------------------------ config
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


# ------------------------------------------------------------ clock
ALPHANUMERIC = string.ascii_letters + string.digits
URLSAFE = ALPHANUMERIC + "-_"
HEX_UPPER = "0123456789ABCDEF"
HORIZON = datetime(3000, 1, 1, tzinfo=UTC)
"""The clock never reaches this instant: an advance that would is refused. Far enough for any
expiry a scenario needs, near enough that every expiry computed from it (a session's, at most
ten years on) still has a date."""


class PastHorizon(ValueError):
    """An advance that would carry the clock to ``HORIZON`` or past it."""


class Clock:
    """Wall time, or a frozen instant when ``start`` is given; ``advance`` moves either forward."""

    def __init__(self, start: float | None = None) -> None:
        self._start = start
        self._offset = 0.0

    def now(self) -> float:
        """Seconds since the epoch, as the sandbox sees them."""
        base = self._start if self._start is not None else time.time()
        return base + self._offset

    @property
    def frozen(self) -> bool:
        """True when the clock started at a fixed instant (it moves only by ``advance``)."""
        return self._start is not None

    def timestamp(self) -> int:
        return int(self.now())

    def isoformat(self) -> str:
        return datetime.fromtimestamp(self.now(), UTC).isoformat().replace("+00:00", "Z")

    def advance(self, seconds: float) -> None:
        """Move forward by ``seconds``; ``PastHorizon`` (and no move) if that reaches
        ``HORIZON``."""
        if self.now() + seconds >= HORIZON.timestamp():
            raise PastHorizon(f"{self.isoformat()} + {seconds:g} s reaches "
                              f"{HORIZON.isoformat().replace('+00:00', 'Z')}")
        self._offset += seconds

    def reset(self) -> None:
        self._offset = 0.0


_SYSTEM = secrets.SystemRandom()
"""The OS's secure source, for tokens when no seed is set."""


def _secure_choice(alphabet: str, length: int) -> str:
    """``length`` uniform picks from ``alphabet`` out of the OS's secure source, a few bytes per
    pick drawn at once (``SystemRandom.choices`` makes one system call per character).

    Bytes at or above the largest multiple of the alphabet's size are dropped, so every
    character stays equally likely (no modulo bias)."""
    size = len(alphabet)
    if not 0 < size <= 256:
        return "".join(_SYSTEM.choices(alphabet, k=length))
    limit = 256 - 256 % size
    picked: list[str] = []
    while len(picked) < length:
        picked += [alphabet[b % size] for b in secrets.token_bytes(length + 8) if b < limit]
    return "".join(picked[:length])


class Rng:
    """Random strings: reproducible from ``seed``, or from the OS's secure source without one."""

    def __init__(self, seed: int | None = None) -> None:
        self._seed = seed
        self.reset()

    def reset(self) -> None:
        self._random = random.Random(self._seed) if self._seed is not None else None

    def choice(self, alphabet: str, length: int) -> str:
        if self._random is not None:
            return "".join(self._random.choices(alphabet, k=length))
        return _secure_choice(alphabet, length)

    def token(self, length: int = 32) -> str:
        """An opaque alphanumeric token, like the seed's session_token."""
        return self.choice(ALPHANUMERIC, length)

    def bytes(self, n: int) -> bytes:
        if self._random is not None:
            return self._random.randbytes(n)
        return secrets.token_bytes(n)


# ------------------------------------------------------------ exposure
def secure(config: SandboxConfig) -> tuple[SandboxConfig, str | None]:
    """``config`` with an admin token wherever one is required, and the warning to print once
    (None on loopback)."""
    if config.loopback:
        return config, None
    generated = config.admin_token is None
    if generated:
        config = replace(config, admin_token=secrets.token_urlsafe(24))
    lines = [
        f"WARNING: the sandbox listens on {config.host}:{config.port}, beyond loopback.",
        "Reachable from the network: the login API, and the admin API /sandbox/* (captcha "
        "answers, the outbox of codes, every app's client_secret, users, policy, reset).",
        "Every /sandbox/* call needs: Authorization: Bearer <admin token>.",
    ]
    if generated:
        lines.append(f"Admin token (generated, shown once): {config.admin_token}")
        lines.append("Give it to the project's tools with WEIBO_EXPLORER_ADMIN_TOKEN=<token>.")
    if config.seed is not None:
        lines.append(f"--seed {config.seed}: the signing key is the PUBLISHED sandbox-only key; "
                     "anyone can mint id_tokens this sandbox's JWKS accepts. Never trust them "
                     "outside the sandbox.")
    if not config.public_url:
        lines.append("Clients must send a Host header this sandbox accepts: pass --public-url "
                     "with the address they use.")
    return config, "\n".join(lines)


# ------------------------------------------------------------ admin_auth
ENV_VAR = "WEIBO_EXPLORER_ADMIN_TOKEN"


def admin_token(explicit: str | None = None) -> str | None:
    """``explicit`` when given, else ``$WEIBO_EXPLORER_ADMIN_TOKEN`` (None when unset or blank)."""
    token = explicit if explicit is not None else os.environ.get(ENV_VAR)
    return token.strip() if token and token.strip() else None


def admin_headers(token: str | None = None, *, write: bool = False) -> dict[str, str]:
    """Headers for one admin call: the bearer token if there is one, and for a write the JSON
    media type the sandbox requires of every admin write."""
    headers: dict[str, str] = {}
    chosen = admin_token(token)
    if chosen is not None:
        headers["Authorization"] = f"Bearer {chosen}"
    if write:
        headers["Content-Type"] = "application/json"
    return headers
