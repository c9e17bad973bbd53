"""The request log through the client helper and the timeline card."""

from __future__ import annotations

import httpx
from rich.console import Console

from explorer.sandbox.peek import LoggedRequest, requests
from explorer.contract import DEVICE_HEADERS, LOGIN_PATH, WEIBO_LOGIN
from explorer.rendering.timeline import timeline
from explorer.sandbox.fixtures import ACCOUNTS, CLIENT_ID
from explorer.sandbox.server import EmbeddedSandbox



def device_headers(client_id: str) -> dict[str, str]:
    headers = {name: WEIBO_LOGIN.header(name).example for name in DEVICE_HEADERS}
    return {**headers, "X-client-id": client_id}


def test_requests_reads_typed_entries_and_the_card_shows_them() -> None:
    access_token, uid, _, _ = ACCOUNTS["seed"]
    with EmbeddedSandbox(seed=3) as sandbox:
        httpx.post(sandbox.base_url + "/sandbox/reset", json={})
        first = requests(sandbox.base_url)[-1].id
        httpx.post(sandbox.base_url + LOGIN_PATH, headers=device_headers(CLIENT_ID),
                   json={"access_token": access_token, "uid": "wrong-uid"})
        entries = requests(sandbox.base_url, since=first)
    assert all(isinstance(e, LoggedRequest) for e in entries)
    login = entries[-1]
    assert login.path == LOGIN_PATH and login.status == 400 and not login.admin
    assert login.json() == {"access_token": access_token, "uid": "wrong-uid"}
    assert login.answer_json()["error_code"] == "SANDBOX.WEIBO.0001"
    assert login.header("X-Client-Id") == CLIENT_ID
    card = timeline(entries)
    html = card._repr_html_()
    assert LOGIN_PATH in html and "SANDBOX.WEIBO.0001" in html and "<script" not in html
    assert "/oauth2/get_token_info" in str(card) and f"x-client-id: {CLIENT_ID}" in str(card)
    console = Console(record=True, width=160)
    console.print(card)
    assert LOGIN_PATH in console.export_text()
    assert "/sandbox/" not in str(timeline(entries, admin=False))
