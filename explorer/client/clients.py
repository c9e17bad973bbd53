"""``IdaasClient`` and ``AsyncIdaasClient``: the Weibo Login call over httpx.

Both run the same ``core.call_flow`` for the login and every follow-up call (``calls.FollowUps``);
they differ only in how they send and sleep. Documented
outcomes come back as values (``Success`` ... ``IdaasError``); only a failure to get a documented
answer at all raises ``TransportError``.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from datetime import datetime, timezone
from typing import Awaitable, Callable, Mapping

import httpx

from .calls import FollowUps
from .core import (Flow, JwksCache, Send, Settings, build_login_request, call_flow, exchange_of,
                   login_flow)
from .device import DeviceInfo
from .flows import Call
from .results import CallOutcome, Exchange, Result, TokenCheck, TransportError
from .tokens import check_id_token


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class _Base:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        device: DeviceInfo | None = None,
        language: str | None = None,
        *,
        retries: int = 2,
        backoff: float = 0.25,
        verify_id_token: bool = True,
        leeway: float = 30.0,
        timeout: float = 10.0,
        clock: Callable[[], datetime] = _utcnow,
        history: int = 50,
    ) -> None:
        """
        ``retries``: extra attempts after ``IDAAS.SDK.COM.0002`` (0 turns retrying off), waiting
        ``backoff``, 2×``backoff``, 4×``backoff``... seconds. ``clock`` is the "now" tokens are
        checked against (pass the sandbox's clock when it is frozen). ``history`` keeps the
        last exchanges, retries included, in ``self.history``.
        """
        self.settings = Settings(
            base_url=base_url.rstrip("/"), client_id=client_id, device=device or DeviceInfo(),
            language=language, retries=max(0, retries), backoff=backoff,
            verify_id_token=verify_id_token, leeway=leeway, clock=clock,
        )
        self.timeout = timeout
        self.jwks = JwksCache()
        self.history: deque[Exchange] = deque(maxlen=history)

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    @property
    def client_id(self) -> str:
        return self.settings.client_id

    def build_request(
        self,
        access_token: str | None,
        uid: str | None,
        *,
        headers: Mapping[str, str | None] | None = None,
        raw_body: bytes | str | None = None,
    ) -> httpx.Request:
        """The login request this client would send (for ``to_curl``, or to look at)."""
        return build_login_request(self.settings, access_token, uid, headers=headers,
                                   raw_body=raw_body)

    def _record(self, request: httpx.Request, response: httpx.Response) -> None:
        self.history.append(exchange_of(request, response))

    def _check(self, id_token: str, now: datetime | None) -> TokenCheck:
        s = self.settings
        return check_id_token(id_token, self.jwks.keys, issuer=s.base_url, audience=s.client_id,
                              now=now or s.clock(), leeway=s.leeway, unavailable=self.jwks.error)


def _failed(request: httpx.Request, exc: httpx.HTTPError) -> TransportError:
    return TransportError(f"{request.method} {request.url}: {type(exc).__name__}: {exc}")


class IdaasClient(_Base, FollowUps[CallOutcome]):
    """A blocking client for one tenant and app. Use as a context manager, or call ``close()``.

    >>> with IdaasClient("http://127.0.0.1:8600", "my-client-id") as idaas:
    ...     result = idaas.login_weibo("8B11C37B...", "1404376560")
    """

    def __init__(self, base_url: str, client_id: str, device: DeviceInfo | None = None,
                 language: str | None = None, *, transport: httpx.BaseTransport | None = None,
                 **options) -> None:
        super().__init__(base_url, client_id, device, language, **options)
        self._transport = transport
        self._client: httpx.Client | None = None

    @property
    def _http(self) -> httpx.Client:
        """The httpx client, made on the first call: building a request (a snippet, a preview)
        needs none, and a client's TLS context alone costs tens of milliseconds."""
        if self._client is None:
            self._client = httpx.Client(transport=self._transport, timeout=self.timeout)
        return self._client

    def _call(self, call: Call) -> CallOutcome:
        return self._run(call_flow(self.settings, call.request, call.parse, self.jwks))

    def _run(self, flow: Flow) -> CallOutcome:
        response = None
        try:
            while True:
                step = flow.send(response)
                if isinstance(step, Send):
                    try:
                        response = self._http.send(step.request)
                    except httpx.HTTPError as exc:
                        raise _failed(step.request, exc) from exc
                    self._record(step.request, response)
                else:
                    time.sleep(step.seconds)
                    response = None
        except StopIteration as stop:
            return stop.value

    def login_weibo(
        self,
        access_token: str | None,
        uid: str | None,
        *,
        headers: Mapping[str, str | None] | None = None,
        raw_body: bytes | str | None = None,
    ) -> Result:
        """Sign in with a Weibo access_token and uid.

        ``None`` leaves a body field out; ``headers`` overrides the client's (``None`` drops
        one); ``raw_body`` is sent instead of the JSON body.
        """
        request = self.build_request(access_token, uid, headers=headers, raw_body=raw_body)
        return self._run(login_flow(self.settings, request, self.jwks))

    def check_id_token(self, id_token: str, *, now: datetime | None = None) -> TokenCheck:
        """Verify an id_token against the tenant's JWKS (fetched once per client), at ``now``."""
        self._run(_fetch_only(self))
        return self._check(id_token, now)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> IdaasClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class AsyncIdaasClient(_Base, FollowUps[Awaitable[CallOutcome]]):
    """The same client for asyncio: ``await idaas.login_weibo(...)``; ``async with`` closes it."""

    def __init__(self, base_url: str, client_id: str, device: DeviceInfo | None = None,
                 language: str | None = None, *, transport: httpx.AsyncBaseTransport | None = None,
                 **options) -> None:
        super().__init__(base_url, client_id, device, language, **options)
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    @property
    def _http(self) -> httpx.AsyncClient:
        """The httpx client, made on the first call (see ``IdaasClient._http``)."""
        if self._client is None:
            self._client = httpx.AsyncClient(transport=self._transport, timeout=self.timeout)
        return self._client

    async def _call(self, call: Call) -> CallOutcome:
        return await self._run(call_flow(self.settings, call.request, call.parse, self.jwks))

    async def _run(self, flow: Flow) -> CallOutcome:
        response = None
        try:
            while True:
                step = flow.send(response)
                if isinstance(step, Send):
                    try:
                        response = await self._http.send(step.request)
                    except httpx.HTTPError as exc:
                        raise _failed(step.request, exc) from exc
                    self._record(step.request, response)
                else:
                    await asyncio.sleep(step.seconds)
                    response = None
        except StopIteration as stop:
            return stop.value

    async def login_weibo(
        self,
        access_token: str | None,
        uid: str | None,
        *,
        headers: Mapping[str, str | None] | None = None,
        raw_body: bytes | str | None = None,
    ) -> Result:
        """See ``IdaasClient.login_weibo``."""
        request = self.build_request(access_token, uid, headers=headers, raw_body=raw_body)
        return await self._run(login_flow(self.settings, request, self.jwks))

    async def check_id_token(self, id_token: str, *, now: datetime | None = None) -> TokenCheck:
        """See ``IdaasClient.check_id_token``."""
        await self._run(_fetch_only(self))
        return self._check(id_token, now)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> AsyncIdaasClient:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.aclose()


def _fetch_only(client: _Base) -> Flow:
    yield from client.jwks.fetch(client.settings.base_url)
    return None
