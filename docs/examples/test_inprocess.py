"""Code that takes an httpx client, tested against the sandbox with no port at all."""
import httpx
import pytest


def sign_in(http: httpx.Client, access_token: str, uid: str) -> str:
    """Your app's code: calls the tenant and returns how the login ended."""
    answer = http.post("/api/v2/sdk/login/weibo", json={"access_token": access_token, "uid": uid},
                       headers={"X-client-id": "nTo1eRIub60vPb54WeE6aojPwYwImtl4",
                                "X-operating-sys-version": "android14", "X-agent": "MyApp/1.0",
                                "X-device-fingerprint": "3f1c9a7e5b2d4c60"})
    return answer.json().get("status") or answer.json()["error_code"]


@pytest.mark.idaas(fixture="user-register")
def test_sign_in_in_process(idaas_inprocess):
    with idaas_inprocess.http() as http:
        assert sign_in(http, "9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D", "1404376560") == "USER_REGISTER"
        assert sign_in(http, "unknown-token", "1404376560") == "SANDBOX.WEIBO.0001"
