"""Wrong (ex 10): retries every error, refusals included. Expected hint: no_retry."""
import json

import httpx

DEVICE = {"X-operating-sys-version": "android14", "X-device-fingerprint": "dev-10",
          "X-agent": "MyApp/1.0"}


def sign_in_with_weibo(base_url: str, client_id: str, access_token: str, uid: str,
                       language: str = "en") -> dict:
    with httpx.Client(base_url=base_url,
                      headers={**DEVICE, "X-client-id": client_id, "X-L": language}) as http:
        for _ in range(3):
            answer = http.post("/api/v2/sdk/login/weibo",
                               json={"access_token": access_token, "uid": uid}).json()
            if "error_code" not in answer:
                break
    if "error_code" in answer:
        return {"outcome": answer["error_code"], "message": answer["error_msg"]}
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
