"""Wrong (ex 4): the captcha and the code go to the phone number copied from the docs.
Expected hint: phone."""
import json

import httpx

DOCS_PHONE = "15907132852"


def register_by_phone(base_url: str, client_id: str, access_token: str, uid: str,
                      phone: str) -> dict:
    headers = {"X-operating-sys-version": "ios17.2", "X-device-fingerprint": "dev-1",
               "X-agent": "MyApp/1.0", "X-client-id": client_id}
    with httpx.Client(base_url=base_url, headers=headers) as http:
        login = http.post("/api/v2/sdk/login/weibo",
                          json={"access_token": access_token, "uid": uid}).json()
        puzzle = http.get("/api/v2/sdk/captcha").json()
        point = http.get(f"/sandbox/captcha/{puzzle['token']}").json()
        passed = http.post("/api/v2/sdk/captcha/verify", json={
            "point_json": json.dumps(point), "token": puzzle["token"],
            "sender": DOCS_PHONE}).json()
        http.post("/api/v2/sdk/sms/send", json={
            "mobile": DOCS_PHONE, "type": "REGISTER_SMS",
            "captcha_token": passed["captcha_token"]})
        code = http.get("/sandbox/outbox").json()[-1]["code"]
        return http.post("/api/v2/sdk/social/register-bind",
                         headers={"X-state-token": login["state_token"]},
                         json={"mobile": phone, "verify_code": code}).json()
