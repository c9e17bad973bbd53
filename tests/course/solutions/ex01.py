"""Reference solution of exercise 1 (never copied to the learner)."""

import httpx

DEVICE = {
    "X-operating-sys-version": "android13",
    "X-device-fingerprint": "course-device-0001",
    "X-device-ip": "192.168.1.2",
    "X-agent": "Mozilla/5.0 (Linux; Android 13) WeiboCourse/1.0",
    "X-L": "en",
}


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    response = httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                          headers={**DEVICE, "X-client-id": client_id},
                          json={"access_token": access_token, "uid": uid})
    return response.json()
