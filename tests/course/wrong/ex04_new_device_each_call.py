"""Wrong (ex 4): a fresh fingerprint per call (a helper that makes headers each time).
Expected hint: same_device. The sandbox completes the flow anyway; only the wire shows it."""
import json
import uuid

import httpx


def headers(client_id: str) -> dict:
    return {"X-operating-sys-version": "ios17.2", "X-device-fingerprint": uuid.uuid4().hex,
            "X-agent": "MyApp/1.0", "X-client-id": client_id}


def register_by_phone(base_url: str, client_id: str, access_token: str, uid: str,
                      phone: str) -> dict:
    login = httpx.post(f"{base_url}/api/v2/sdk/login/weibo", headers=headers(client_id),
                       json={"access_token": access_token, "uid": uid}).json()
    puzzle = httpx.get(f"{base_url}/api/v2/sdk/captcha", headers=headers(client_id)).json()
    point = httpx.get(f"{base_url}/sandbox/captcha/{puzzle['token']}").json()
    passed = httpx.post(f"{base_url}/api/v2/sdk/captcha/verify", headers=headers(client_id),
                        json={"point_json": json.dumps(point), "token": puzzle["token"],
                              "sender": phone}).json()
    httpx.post(f"{base_url}/api/v2/sdk/sms/send", headers=headers(client_id), json={
        "mobile": phone, "type": "REGISTER_SMS", "captcha_token": passed["captcha_token"]})
    code = httpx.get(f"{base_url}/sandbox/outbox").json()[-1]["code"]
    return httpx.post(f"{base_url}/api/v2/sdk/social/register-bind",
                      headers={**headers(client_id), "X-state-token": login["state_token"]},
                      json={"mobile": phone, "verify_code": code}).json()
