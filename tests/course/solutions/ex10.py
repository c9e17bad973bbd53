"""Reference solution of exercise 10 (capstone)."""

import json
import time

import httpx

DEVICE = {"X-operating-sys-version": "android14", "X-device-fingerprint": "course-device-10",
          "X-agent": "WeiboCourse/1.0"}
BUSY = "IDAAS.SDK.COM.0002"


def sign_in_with_weibo(base_url: str, client_id: str, access_token: str, uid: str,
                       language: str = "en") -> dict:
    headers = {**DEVICE, "X-client-id": client_id, "X-L": language}
    with httpx.Client(base_url=base_url, headers=headers) as http:
        for attempt in range(3):
            answer = http.post("/api/v2/sdk/login/weibo",
                               json={"access_token": access_token, "uid": uid}).json()
            if answer.get("error_code") != BUSY:
                break
            time.sleep(0.05 * 2 ** attempt)
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
    return {"outcome": status, "message": answer.get("data")}
