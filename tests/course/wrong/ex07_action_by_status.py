"""Wrong (ex 7): picks the action from the HTTP status. Expected hint: action."""

import json

import httpx


def explain(base_url: str, headers: dict, body: dict, language: str) -> dict:
    response = httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                          headers={**headers, "X-L": language}, content=json.dumps(body))
    answer = response.json()
    action = {400: "fix_app", 500: "retry_later"}.get(response.status_code, "contact_admin")
    return {"error_code": answer.get("error_code"), "message": answer.get("error_msg"),
            "action": action}
