"""Reference solution of exercise 7."""

import json

import httpx

ACTIONS = {
    "IDAAS.SDK.PARAM.0001": "fix_app", "IDAAS.SDK.PARAM.0002": "fix_app",
    "IDAAS.SDK.PARAM.0003": "fix_app", "SANDBOX.BODY.0005": "fix_app",
    "SANDBOX.WEIBO.0001": "weibo_again",
    "IDAAS.SDK.USER.0039": "contact_admin", "IDAAS.SDK.USER.0001": "contact_admin",
    "IDAAS.SDK.COM.0002": "retry_later",
}


def explain(base_url: str, headers: dict, body: dict, language: str) -> dict:
    answer = httpx.post(f"{base_url}/api/v2/sdk/login/weibo",
                        headers={**headers, "X-L": language},
                        content=json.dumps(body)).json()
    code = answer.get("error_code")
    return {"error_code": code, "message": answer.get("error_msg"),
            "action": ACTIONS.get(code, "contact_admin")}
