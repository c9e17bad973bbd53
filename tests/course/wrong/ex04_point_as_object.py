"""Wrong (ex 4): sends the captcha's point as an object, not as a JSON string, so verify refuses
and the answer has no captcha_token: the function raises KeyError. Expected hint: state_once."""
import httpx


def register_by_phone(base_url: str, client_id: str, access_token: str, uid: str,
                      phone: str) -> dict:
    headers = {"X-operating-sys-version": "ios17.2", "X-device-fingerprint": "dev-4",
               "X-agent": "MyApp/1.0", "X-client-id": client_id}
    with httpx.Client(base_url=base_url, headers=headers) as http:
        login = http.post("/api/v2/sdk/login/weibo",
                          json={"access_token": access_token, "uid": uid}).json()
        puzzle = http.get("/api/v2/sdk/captcha").json()
        point = http.get(f"/sandbox/captcha/{puzzle['token']}").json()
        passed = http.post("/api/v2/sdk/captcha/verify", json={
            "point_json": point, "token": puzzle["token"], "sender": phone}).json()
        captcha_token = passed["captcha_token"]
        http.post("/api/v2/sdk/sms/send", json={
            "mobile": phone, "type": "REGISTER_SMS", "captcha_token": captcha_token})
        code = http.get("/sandbox/outbox").json()[-1]["code"]
        return http.post("/api/v2/sdk/social/register-bind",
                         headers={"X-state-token": login["state_token"]},
                         json={"mobile": phone, "verify_code": code}).json()
