"""``ResolvingTransport``: send a named host's requests to another address, like curl's
``--resolve``.

A foreign tenant's name (``tenant.test``) can be tried against a stand-in on loopback without
touching ``/etc/hosts``: the URL, the ``Host`` header and the id_token's issuer keep the name, only
the TCP connection goes to the mapped address.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx


class ResolvingTransport(httpx.BaseTransport):
    """Connect to ``hosts[name]`` (an address, or ``address:port``) for a request to ``name``;
    other hosts resolve as usual."""

    def __init__(self, hosts: Mapping[str, str], inner: httpx.BaseTransport | None = None) -> None:
        self.hosts = {name.lower(): address for name, address in hosts.items()}
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        address = self.hosts.get(request.url.host.lower())
        if address is None:
            return self.inner.handle_request(request)
        headers = httpx.Headers(request.headers)  # carries Host: the name, not the address
        headers.setdefault("host", request.url.netloc.decode("ascii"))
        host, _, port = address.partition(":") if address.count(":") == 1 else (address, "", "")
        url = request.url.copy_with(host=host, port=int(port) if port else request.url.port)
        routed = httpx.Request(request.method, url,
                               headers=headers, stream=request.stream,
                               extensions=request.extensions)
        return self.inner.handle_request(routed)

    def close(self) -> None:
        self.inner.close()


def parse_resolve(values: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["tenant.test:127.0.0.1:26001"]`` → ``{"tenant.test": "127.0.0.1:26001"}`` (the port is
    optional; ValueError if malformed)."""
    hosts: dict[str, str] = {}
    for value in values:
        name, sep, address = value.partition(":")
        if not sep or not name or not address:
            raise ValueError(f"--resolve wants HOST:ADDRESS, not {value!r}")
        hosts[name] = address
    return hosts


__all__ = ["ResolvingTransport", "parse_resolve"]
