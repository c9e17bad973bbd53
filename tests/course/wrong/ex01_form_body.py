"""Wrong (ex 1): a form body (data=) instead of JSON. Expected hint: json_body."""
import httpx

DEVICE = {"X-operating-sys-version": "android13", "X-device-fingerprint": "abc123",
          "X-agent": "MyApp/1.0"}


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    return httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                      headers={**DEVICE, "X-client-id": client_id},
                      data={"access_token": access_token, "uid": uid}).json()
