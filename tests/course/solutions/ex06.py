"""Reference solution of exercise 6."""

import json

import httpx


def second_factor(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    headers = {"X-operating-sys-version": "android14", "X-device-fingerprint": "course-device-6",
               "X-agent": "WeiboCourse/1.0", "X-client-id": client_id}
    with httpx.Client(base_url=base_url, headers=headers) as http:
        login = http.post("/api/v2/sdk/login/weibo",
                          json={"access_token": access_token, "uid": uid}).json()
        state = {"X-state-token": login["state_token"]}
        phone = http.get("/api/v2/sdk/mobile-by-token", headers=state).json()["mobile"]
        puzzle = http.get("/api/v2/sdk/captcha").json()
        point = http.get(f"/sandbox/captcha/{puzzle['token']}").json()
        passed = http.post("/api/v2/sdk/captcha/verify", json={
            "point_json": json.dumps(point), "token": puzzle["token"], "sender": phone}).json()
        http.post("/api/v2/sdk/sms/send", headers=state, json={
            "mobile": phone, "type": "MFA_AUTH_SMS", "captcha_token": passed["captcha_token"]})
        code = http.get("/sandbox/outbox").json()[-1]["code"]
        return http.post("/api/v2/sdk/mfa/sms", headers=state,
                         json={"mobile": phone, "verify_code": code}).json()
