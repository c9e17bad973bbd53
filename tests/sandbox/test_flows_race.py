"""Two register-binds racing for one state_token, as real concurrent HTTP requests on separate
connections against a file-backed sandbox: exactly one user is created, the loser gets
IDAAS.SDK.COMMON.1007. Repeated, because one lucky interleaving proves little."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from explorer.sandbox import EmbeddedSandbox

from .flows import docs_reset, flow_token, headers, send_code, users
from .helpers import assert_error, ok

ROUNDS = 25
RACERS = 3


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("race") / "tenant.sqlite"
    with EmbeddedSandbox(db=str(db)) as server:
        yield server.base_url


def _race(base_url: str, path: str, headers: dict, body: dict) -> list[httpx.Response]:
    clients = [httpx.Client(base_url=base_url, timeout=10) for _ in range(RACERS)]
    for c in clients:  # connect first, so the requests leave together
        c.get("/healthz")
    start = threading.Barrier(RACERS)
    answers: list[httpx.Response] = [None] * RACERS  # type: ignore[list-item]

    def run(i: int) -> None:
        start.wait()
        answers[i] = clients[i].post(path, headers=headers, json=body)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    return answers


def test_racing_register_binds_create_exactly_one_user(base_url):
    with httpx.Client(base_url=base_url, timeout=10) as client:
        docs_reset(client)
        for round_ in range(ROUNDS):
            phone = f"1390000{round_:04d}"
            before = len(users(client))
            state_token = flow_token(client, "USER_REGISTER")
            code = send_code(client, phone, "REGISTER_SMS")
            answers = _race(base_url, "/api/v2/sdk/social/register-bind",
                            headers(**{"X-state-token": state_token}),
                            {"mobile": phone, "verify_code": code})
            winners = [a for a in answers if a.status_code == 200]
            assert len(winners) == 1, [a.text for a in answers]
            assert ok(winners[0])["status"] == "SUCCESS"
            for loser in (a for a in answers if a.status_code != 200):
                assert_error(loser, "IDAAS.SDK.COMMON.1007")
            after = users(client)
            assert len(after) == before + 1
            assert sum(u["mobile"] == f"+86-{phone}" for u in after) == 1
            # free the docs account for the next round: unbind by resetting to the docs data
            docs_reset(client)
