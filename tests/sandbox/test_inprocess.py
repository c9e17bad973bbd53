"""InProcessSandbox: the same tenant with no port, through httpx transports (sync and async)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from explorer.client import AsyncIdaasClient, IdaasClient, IdaasError, Success
from explorer.sandbox import InProcessSandbox, SandboxAdmin
from explorer.sandbox.seed import ACCOUNTS, CLIENT_ID

SEED_TOKEN, SEED_UID = ACCOUNTS["seed"][0], ACCOUNTS["seed"][1]


@pytest.mark.filterwarnings("error::explorer.client.ForeignTargetWarning")  # it is this machine
def test_a_sync_client_signs_in_and_verifies_the_id_token_without_a_socket() -> None:
    with InProcessSandbox() as box:
        with IdaasClient(box.base_url, CLIENT_ID, transport=box.transport) as client:
            result = client.login_weibo(SEED_TOKEN, SEED_UID)
        assert isinstance(result, Success), result
        assert result.id_token_check is not None and result.id_token_check.verdict == "VERIFIED"
        assert result.id_token_check.claims["iss"] == box.base_url
        with box.http() as http:
            assert http.get("/healthz").json()["status"] == "ok"
            nowhere = http.post("/sandbox/nowhere", json={}).json()
            assert nowhere["error_code"] == "SANDBOX.HTTP.0404"


def test_the_admin_api_arranges_it_and_errors_keep_their_envelope() -> None:
    with InProcessSandbox(fixtures="none") as box, \
            SandboxAdmin(box.base_url, transport=box.transport) as admin:
        assert admin.users() == []
        with IdaasClient(box.base_url, "my-app", transport=box.transport, retries=0) as client:
            unknown = client.login_weibo("tok", "1001")
            assert isinstance(unknown, IdaasError)
            assert unknown.error_code == "IDAAS.SDK.PARAM.0003"
            admin.add_app("my-app")
            admin.weibo_user("tok", "1001", "alice")
            assert isinstance(client.login_weibo("tok", "1001"), Success)


def test_an_async_client_uses_the_async_transport() -> None:
    async def main(box: InProcessSandbox) -> object:
        async with AsyncIdaasClient(box.base_url, CLIENT_ID,
                                    transport=box.async_transport) as client:
            return await client.login_weibo(SEED_TOKEN, SEED_UID)

    with InProcessSandbox() as box:
        assert isinstance(asyncio.run(main(box)), Success)


def test_closing_shuts_the_app_down() -> None:
    box = InProcessSandbox()
    http = box.http()
    box.close()
    with pytest.raises(httpx.ConnectError, match="closed"):  # as a stopped server would
        http.get("/healthz")
    http.close()
