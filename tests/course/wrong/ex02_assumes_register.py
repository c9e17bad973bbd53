"""Wrong (ex 2): assumes every unknown account registers. Expected hint: status."""
import json

import httpx

DEVICE = {"X-operating-sys-version": "android13", "X-device-fingerprint": "abc123",
          "X-agent": "MyApp/1.0"}


def next_step(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    answer = httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                        headers={**DEVICE, "X-client-id": client_id},
                        json={"access_token": access_token, "uid": uid}).json()
    return {"status": "USER_REGISTER", "state_token": answer["state_token"],
            "verify_methods": json.loads(answer["data"])["socialBindOrRegisterFlow"]}
