"""The sandbox's sense of time and chance: a clock that can stand still and a seedable RNG.

Every timestamp and every random value the sandbox hands out comes from here, so that with a seed
and a fixed clock the same requests give the same bytes. ``reset`` restores both to their start.
"""

from __future__ import annotations

import random
import secrets
import string
import time
from datetime import UTC, datetime

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
