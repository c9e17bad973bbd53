"""Helpers for the documentation notebooks: which sandbox to talk to, and how to arrange it.

``sandbox()`` answers the base URL. Under ``weibo-explorer docs build`` that is the notebook's own
deterministic sandbox (the build sets ``WEIBO_EXPLORER_SANDBOX_URL``); opened in JupyterLab, the
notebook starts one embedded sandbox in its kernel with the same seed and clock, so it runs alone.

``language()`` is the docs edition this notebook runs for (``en`` or ``zh``, set by the build);
``x_l()`` the ``X-L`` its clients send, so the Chinese edition's outputs are the sandbox's own
Chinese. ``arrange(base_url, "success")`` replays a fixture's admin steps (or your own list of
steps) and shows each call, so readers learn the sandbox's admin API along the way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from . import i18n
from .sandbox.tenant_admin import Arrangement, SandboxAdmin, Step

ENV_VAR = "WEIBO_EXPLORER_SANDBOX_URL"
SEED = 20260101
CLOCK = "2026-01-01T00:00:00Z"
"""Seed and clock of every docs sandbox: the same requests give the same bytes."""

_embedded: Any = None


def clock() -> Callable[[], datetime]:
    """The docs sandbox's frozen "now", for ``IdaasClient(..., clock=clock())``: tokens are
    checked at the sandbox's instant, results show the same times on every run, and each check
    says it used the sandbox clock. (Against any sandbox URL: ``client.sandbox_clock(url)``.)"""
    from .client.clocks import SandboxClock

    instant = datetime.fromisoformat(CLOCK.replace("Z", "+00:00"))
    return SandboxClock("", instant, frozen=True)


def language() -> str:
    """The edition this notebook runs for: ``"zh"`` when the docs build executes the Chinese
    edition (``WEIBO_EXPLORER_LANG=zh``), else ``"en"``. Opened in JupyterLab: English unless
    that variable says otherwise."""
    return i18n.edition()


def x_l() -> str | None:
    """The ``X-L`` for this edition's clients: none in English (the vendor's example sends
    none), ``"zh"`` in Chinese — pass it as ``IdaasClient(..., language=x_l())``."""
    return i18n.x_l(language())


def sandbox() -> str:
    """The sandbox base URL for this notebook (no trailing slash)."""
    url = os.environ.get(ENV_VAR)
    if url:
        return url.rstrip("/")
    global _embedded
    if _embedded is None:
        from .sandbox import EmbeddedSandbox

        box = EmbeddedSandbox(db=":memory:", fixtures="docs", seed=SEED, clock=CLOCK)
        box.__enter__()  # lives as long as the kernel
        import atexit

        atexit.register(box.__exit__, None, None, None)
        _embedded = box
    base_url: str = _embedded.base_url
    return base_url.rstrip("/")


def arrange(base_url: str, fixture_or_steps: str | dict[str, Any] | Sequence[dict[str, Any]],
            *, reset: bool = True) -> Arrangement:
    """``SandboxAdmin(base_url).apply(...)``: a fixture's admin steps (or your own list of
    ``{"method", "path", "json"}`` steps), after a reset to the docs data unless ``reset=False``;
    the ``Arrangement`` shows each call."""
    with SandboxAdmin(base_url) as admin:
        return admin.apply(fixture_or_steps, reset=reset)


def fixtures(base_url: str) -> list[dict[str, Any]]:
    """The sandbox's docs fixtures as it serves them (``SandboxAdmin.fixture_data``)."""
    with SandboxAdmin(base_url) as admin:
        return admin.fixture_data()


__all__ = ["CLOCK", "ENV_VAR", "SEED", "Arrangement", "Step", "arrange", "clock", "fixtures",
           "language", "sandbox", "x_l"]
