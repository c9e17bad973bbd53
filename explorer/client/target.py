"""Is a base URL the local sandbox or a real tenant? Real data goes only where the user saw it go.

A target is *local* when its host is a loopback name or address (``127.0.0.1``, ``::1``,
``localhost``); anything else is *foreign*: a real tenant, where the access_token, uid and device
headers a call carries are real data. The client and the form say so once, before the first call
to a foreign target (``ForeignTargetWarning``), naming the host.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class ForeignTargetWarning(UserWarning):
    """Real data is about to be sent to a host that is not this machine."""


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_loopback(url: str) -> bool:
    """True when ``url`` points at this machine (a sandbox), False for any other host."""
    host = host_of(url)
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def foreign_notice(url: str) -> str:
    """The sentence shown before the first call to a foreign target."""
    return (f"Real data will be sent to {host_of(url)} ({url}): not the local sandbox. The "
            "access_token, uid and device headers you give go to that tenant. Recordings are "
            "redacted; secrets typed into the form are not saved with the notebook.")


__all__ = ["ForeignTargetWarning", "foreign_notice", "host_of", "is_loopback"]
