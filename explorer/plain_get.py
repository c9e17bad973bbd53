"""One GET without the cost of TLS set-up when the URL is plain ``http://``.

``httpx.get`` builds a client, and every httpx client loads the system's CA bundle into a fresh
TLS context (tens of milliseconds) even when the URL never speaks TLS. The sandbox's admin reads
(fixtures, captcha answers, outbox) go to ``http://127.0.0.1`` nearly always, and a form opening
or a notebook cell should not pay for certificates it will never check. An ``https://`` URL gets
httpx's default, verified, context as before; redirects are not followed, so a plain-http GET
cannot end up on a TLS connection.
"""

from __future__ import annotations

import httpx


def get(url: str, *, timeout: float, headers: dict[str, str] | None = None) -> httpx.Response:
    """``httpx.get(url, timeout=timeout)``, without building a TLS context for ``http://``."""
    if httpx.URL(url).scheme == "http":
        # No certificate is ever checked on this connection: an empty context replaces the
        # loaded CA bundle (no redirects are followed, so the scheme cannot change).
        return httpx.get(url, timeout=timeout, headers=headers, verify=False)
    return httpx.get(url, timeout=timeout, headers=headers)
