"""Wrong (ex 10): raise_for_status() turns every error answer into an exception.
Expected hint: error."""
import json

import httpx

DEVICE = {"X-operating-sys-version": "android14", "X-device-fingerprint": "dev-10",
          "X-agent": "MyApp/1.0"}


def sign_in_with_weibo(base_url: str, client_id: str, access_token: str, uid: str,
                       language: str = "en") -> dict:
    response = httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                          headers={**DEVICE, "X-client-id": client_id, "X-L": language},
                          json={"access_token": access_token, "uid": uid})
    response.raise_for_status()
    answer = response.json()
    status = answer["status"]
    if status == "SUCCESS":
        return {"outcome": status, "session_token": answer["session_token"],
                "id_token": answer["id_token"]}
    if status in ("USER_REGISTER", "SOCIAL_BIND"):
        return {"outcome": status, "state_token": answer["state_token"],
                "verify_methods": json.loads(answer["data"])["socialBindOrRegisterFlow"]}
    if status == "MFA_AUTH":
        return {"outcome": status, "state_token": answer["state_token"],
                "mfa_methods": json.loads(answer["data"])}
    return {"outcome": status, "message": answer["data"]}
