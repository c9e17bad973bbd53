"""Wrong (ex 8): retries at once, without waiting. Expected hint: backoff."""


import httpx

DEVICE = {"X-operating-sys-version": "android14", "X-device-fingerprint": "course-device-8",
          "X-agent": "WeiboCourse/1.0"}


def login_with_retry(base_url: str, client_id: str, access_token: str, uid: str,
                     attempts: int = 3, first_delay: float = 0.1) -> dict:
    with httpx.Client(base_url=base_url, headers={**DEVICE, "X-client-id": client_id}) as http:
        for attempt in range(attempts):
            answer = http.post("/api/v2/sdk/login/weibo",
                               json={"access_token": access_token, "uid": uid}).json()
            if answer.get("error_code") != "IDAAS.SDK.COM.0002":
                break
    return answer
