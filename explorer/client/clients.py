"""``IdaasClient`` and ``AsyncIdaasClient``: the Weibo Login call over httpx.

Both run the same ``core.call_flow`` for the login and every follow-up call (``followup_methods``);
they differ only in how they send and sleep. Documented
outcomes come back as values (``Success`` ... ``IdaasError``); only a failure to get a documented
answer at all raises ``CallFailed``.
"""

from __future__ import annotations

import asyncio
import os
import time
import warnings
from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import httpx

from ..errors import CallFailed
from ..results import Exchange, Result, TokenCheck
from .clocks import wall_clock
from .core import (
    Flow,
    JwksCache,
    Send,
    Settings,
    build_login_request,
    call_flow,
    exchange_of,
    login_flow,
    verify_flow,
)
from .device import DeviceInfo
from .followup_methods import AsyncFollowUps, FollowUps
from .followup_requests import Call
from .recording import Recorder
from .target import ForeignTargetWarning, foreign_notice, is_loopback

T = TypeVar("T")


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
        issuer: str | None = None,
        leeway: float = 30.0,
        timeout: float = 10.0,
        clock: Callable[[], datetime] = wall_clock,
        history: int = 50,
        record: str | os.PathLike[str] | Recorder | None = None,
    ) -> None:
        """
        ``retries``: extra attempts after ``IDAAS.SDK.COM.0002`` (0 turns retrying off), waiting
        ``backoff``, 2×``backoff``, 4×``backoff``... seconds. ``clock`` is the "now" tokens are
        checked against: the wall clock, or for a sandbox ``clocks.sandbox_clock(base_url)``
        (its published, possibly frozen, instant); results name it. ``history`` keeps the
        last exchanges, retries included, in ``self.history``. ``record`` (a path or a
        ``Recorder``) writes every exchange, redacted, to a file (see ``client.recording``).
        Before the first call to a host that is not loopback, a ``ForeignTargetWarning`` says
        that real data will be sent and where.

        Every SUCCESS id_token is verified against the tenant's JWKS; a login whose id_token is
        INVALID or cannot be checked has ``ok == False``. ``verify_id_token=False`` turns that
        off explicitly (the verdict then reads UNCHECKED, never VERIFIED). ``issuer`` is the
        ``iss`` to expect; by default the base URL, where loopback names (``localhost``,
        ``127.0.0.1``, ``[::1]``) count as one host.
        """
        self.settings = Settings(
            base_url=base_url.rstrip("/"), client_id=client_id, device=device or DeviceInfo(),
            language=language, retries=max(0, retries), backoff=backoff,
            verify_id_token=verify_id_token, leeway=leeway, clock=clock,
            issuer=issuer.rstrip("/") if issuer else None,
        )
        self.timeout = timeout
        self.jwks = JwksCache()
        self._closed = False
        self.history: deque[Exchange] = deque(maxlen=history)
        self.recorder: Recorder | None = None
        self.record_to(record)
        self._warned = is_loopback(self.settings.base_url)

    def record_to(self, record: str | os.PathLike[str] | Recorder | None) -> None:
        """Write every exchange from now on, redacted, to ``record`` (a path starts a new
        recording there; a ``Recorder`` goes on with its own), or stop recording (None)."""
        self.recorder = (record if isinstance(record, Recorder) or record is None
                         else Recorder(record))

    def _before_send(self, request: httpx.Request) -> None:
        """Say once, before the first call to a foreign host, that real data goes there."""
        if not self._warned:
            self._warned = True
            warnings.warn(foreign_notice(str(request.url)), ForeignTargetWarning, stacklevel=4)

    @property
    def is_closed(self) -> bool:
        """True once ``close()`` (``aclose()``) ran: the client sends nothing more."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"this {type(self).__name__} is closed")

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
        exchange = exchange_of(request, response)
        self.history.append(exchange)
        if self.recorder is not None:
            self.recorder.add(exchange)



def _failed(request: httpx.Request, exc: httpx.HTTPError) -> CallFailed:
    return CallFailed(f"{request.method} {request.url}: {type(exc).__name__}: {exc}",
                          url=str(request.url))


class IdaasClient(_Base, FollowUps):
    """A blocking client for one tenant and app. Use as a context manager, or call ``close()``.

    >>> with IdaasClient("http://127.0.0.1:8600", "my-client-id") as idaas:
    ...     result = idaas.login_weibo("8B11C37B...", "1404376560")
    """

    def __init__(self, base_url: str, client_id: str, device: DeviceInfo | None = None,
                 language: str | None = None, *, transport: httpx.BaseTransport | None = None,
                 **options: Any) -> None:
        super().__init__(base_url, client_id, device, language, **options)
        self._transport = transport
        self._client: httpx.Client | None = None

    @property
    def _http(self) -> httpx.Client:
        """The httpx client, made on the first call: building a request (a snippet, a preview)
        needs none, and a client's TLS context alone costs tens of milliseconds."""
        self._check_open()
        if self._client is None:
            self._client = httpx.Client(transport=self._transport, timeout=self.timeout)
        return self._client

    def _call(self, call: Call[T]) -> T:
        return self._run(call_flow(self.settings, call.request, call.parse, self.jwks))

    def _run(self, flow: Flow[T]) -> T:
        response: httpx.Response | None = None
        try:
            while True:
                step = flow.send(response)
                if isinstance(step, Send):
                    self._before_send(step.request)
                    try:
                        response = self._http.send(step.request)
                    except httpx.HTTPError as exc:
                        raise _failed(step.request, exc) from exc
                    self._record(step.request, response)
                else:
                    time.sleep(step.seconds)
                    response = None
        except StopIteration as stop:
            result: T = stop.value
            return result

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
        """Verify an id_token against the tenant's JWKS (cached; fetched again, at most every
        few seconds, for a kid it lacks or a signature that fails), at ``now``."""
        return self._run(verify_flow(self.settings, self.jwks, id_token, now))

    def close(self) -> None:
        self._closed = True
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> IdaasClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncIdaasClient(_Base, AsyncFollowUps):
    """The same client for asyncio: ``await idaas.login_weibo(...)``; ``async with`` closes it."""

    def __init__(self, base_url: str, client_id: str, device: DeviceInfo | None = None,
                 language: str | None = None, *, transport: httpx.AsyncBaseTransport | None = None,
                 **options: Any) -> None:
        super().__init__(base_url, client_id, device, language, **options)
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    @property
    def _http(self) -> httpx.AsyncClient:
        """The httpx client, made on the first call (see ``IdaasClient._http``)."""
        self._check_open()
        if self._client is None:
            self._client = httpx.AsyncClient(transport=self._transport, timeout=self.timeout)
        return self._client

    async def _call(self, call: Call[T]) -> T:
        return await self._run(call_flow(self.settings, call.request, call.parse, self.jwks))

    async def _run(self, flow: Flow[T]) -> T:
        response: httpx.Response | None = None
        try:
            while True:
                step = flow.send(response)
                if isinstance(step, Send):
                    self._before_send(step.request)
                    try:
                        response = await self._http.send(step.request)
                    except httpx.HTTPError as exc:
                        raise _failed(step.request, exc) from exc
                    self._record(step.request, response)
                else:
                    await asyncio.sleep(step.seconds)
                    response = None
        except StopIteration as stop:
            result: T = stop.value
            return result

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
        return await self._run(verify_flow(self.settings, self.jwks, id_token, now))

    async def aclose(self) -> None:
        self._closed = True
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> AsyncIdaasClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

