"""Wrong (ex 5): completes with register-bind, as for USER_REGISTER. Expected hint: endpoint."""

import json

import httpx


def bind_by_email(base_url: str, client_id: str, access_token: str, uid: str,
                  email: str) -> dict:
    headers = {"X-operating-sys-version": "ios17.2", "X-device-fingerprint": "course-device-5",
               "X-agent": "WeiboCourse/1.0 (iPhone)", "X-client-id": client_id}
    with httpx.Client(base_url=base_url, headers=headers) as http:
        login = http.post("/api/v2/sdk/login/weibo",
                          json={"access_token": access_token, "uid": uid}).json()
        puzzle = http.get("/api/v2/sdk/captcha").json()
        point = http.get(f"/sandbox/captcha/{puzzle['token']}").json()
        passed = http.post("/api/v2/sdk/captcha/verify", json={
            "point_json": json.dumps(point), "token": puzzle["token"], "sender": email}).json()
        http.post("/api/v2/sdk/email/send", json={
            "email": email, "type": "REGISTER_EMS", "captcha_token": passed["captcha_token"]})
        code = http.get("/sandbox/outbox").json()[-1]["code"]
        return http.post("/api/v2/sdk/social/register-bind",
                         headers={"X-state-token": login["state_token"]},
                         json={"email": email, "verify_code": code}).json()
