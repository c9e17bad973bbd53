"""Wrong (ex 10): every HTTP 200 taken for a finished login. Expected hint: flow."""
import httpx

DEVICE = {"X-operating-sys-version": "android14", "X-device-fingerprint": "dev-10",
          "X-agent": "MyApp/1.0"}


def sign_in_with_weibo(base_url: str, client_id: str, access_token: str, uid: str,
                       language: str = "en") -> dict:
    for _ in range(3):
        response = httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                              headers={**DEVICE, "X-client-id": client_id, "X-L": language},
                              json={"access_token": access_token, "uid": uid})
        answer = response.json()
        if answer.get("error_code") != "IDAAS.SDK.COM.0002":
            break
    if response.status_code == 200:
        return {"outcome": "SUCCESS", "session_token": answer.get("session_token"),
                "id_token": answer.get("id_token")}
    return {"outcome": answer["error_code"], "message": answer["error_msg"]}
