"""Reference solution of exercise 2."""

import json

import httpx

DEVICE = {"X-operating-sys-version": "android13", "X-device-fingerprint": "course-device-0002",
          "X-agent": "WeiboCourse/1.0"}


def next_step(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    answer = httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                        headers={**DEVICE, "X-client-id": client_id},
                        json={"access_token": access_token, "uid": uid}).json()
    data = json.loads(answer["data"])
    return {"status": answer["status"], "state_token": answer["state_token"],
            "verify_methods": data["socialBindOrRegisterFlow"]}
