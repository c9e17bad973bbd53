"""Reference solution of exercise 9."""

from datetime import datetime

import httpx
import jwt

DEVICE = {"X-operating-sys-version": "android14", "X-device-fingerprint": "course-device-9",
          "X-agent": "WeiboCourse/1.0"}


def fresh_id_token(base_url: str, client_id: str, session_token: str, id_token: str) -> str:
    with httpx.Client(base_url=base_url) as http:
        now = datetime.fromisoformat(http.get("/healthz").json()["now"].replace("Z", "+00:00"))
        expires = jwt.decode(id_token, options={"verify_signature": False})["exp"]
        if expires - now.timestamp() >= 300:
            return id_token
        answer = http.post("/api/v2/sdk/sso/session-token/id-token", headers={
            **DEVICE, "X-client-id": client_id, "session-token": session_token}).json()
        return answer["id_token"]
