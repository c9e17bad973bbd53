"""Reference solution of exercise 4."""

import json

import httpx


def register_by_phone(base_url: str, client_id: str, access_token: str, uid: str,
                      phone: str) -> dict:
    headers = {"X-operating-sys-version": "ios17.2", "X-device-fingerprint": "course-device-4",
               "X-agent": "WeiboCourse/1.0 (iPhone)", "X-client-id": client_id}
    with httpx.Client(base_url=base_url, headers=headers) as http:
        login = http.post("/api/v2/sdk/login/weibo",
                          json={"access_token": access_token, "uid": uid}).json()
        state_token = login["state_token"]
        puzzle = http.get("/api/v2/sdk/captcha").json()
        point = http.get(f"/sandbox/captcha/{puzzle['token']}").json()  # the user's drag
        passed = http.post("/api/v2/sdk/captcha/verify", json={
            "point_json": json.dumps(point), "token": puzzle["token"], "sender": phone}).json()
        http.post("/api/v2/sdk/sms/send", json={
            "mobile": phone, "type": "REGISTER_SMS", "captcha_token": passed["captcha_token"]})
        code = http.get("/sandbox/outbox").json()[-1]["code"]  # the user reads their phone
        return http.post("/api/v2/sdk/social/register-bind",
                         headers={"X-state-token": state_token},
                         json={"mobile": phone, "verify_code": code}).json()
