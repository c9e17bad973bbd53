"""Wrong (ex 1): only the client id — the device headers forgotten. Expected hint: device."""
import httpx


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    return httpx.post(f"{base_url}/api/v2/sdk/login/weibo", headers={"X-client-id": client_id},
                      json={"access_token": access_token, "uid": uid}).json()
