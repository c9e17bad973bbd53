"""The admin token a caller of the sandbox's admin API sends, when the sandbox wants one.

A sandbox on loopback needs none. Bound beyond loopback, or started with ``--admin-token``, every
``/sandbox/*`` call needs ``Authorization: Bearer TOKEN``: callers take it as an explicit
argument or, by default, from the same environment variable the sandbox reads.
"""

from __future__ import annotations

import os

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
