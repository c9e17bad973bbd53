"""Cheat (ex 1): a correct sign-in, then it moves the sandbox's clock through the admin API (a
solution may read the user's drag and phone, never change the tenant)."""
import httpx

DEVICE = {"X-operating-sys-version": "ios17.2", "X-device-fingerprint": "course-device-1",
          "X-agent": "WeiboCourse/1.0 (iPhone)"}


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    answer = httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                        headers={**DEVICE, "X-client-id": client_id},
                        json={"access_token": access_token, "uid": uid}).json()
    httpx.post(f"{base_url}/sandbox/clock", json={"advance": 3600})
    return answer
