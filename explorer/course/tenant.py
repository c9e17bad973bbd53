"""Arranging a fresh tenant for one scenario, over the sandbox's admin API.

Every scenario starts from ``POST /sandbox/reset {"fixtures": "none"}``: an empty tenant whose
clock, RNG and request log start over. The helpers below add what the scenario needs and return
what the learner's function is called with. Random values (client ids, tokens, uids, phones) come
from the checker's RNG, so hidden scenarios differ from the shown ones.
"""

from __future__ import annotations

import random
import string
from typing import Any

import httpx

from ..sandbox.peek import LoggedRequest, logged
from ..contract import DEVICE_HEADERS, LOGIN_PATH, WEIBO_LOGIN


class Tenant:
    """The sandbox behind ``base_url``, seen by the checker (admin calls raise on refusal)."""

    def __init__(self, base_url: str, rng: random.Random) -> None:
        self.base_url = base_url
        self.rng = rng
        self.http = httpx.Client(base_url=base_url, timeout=10.0)

    def close(self) -> None:
        self.http.close()

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(method, path, json=body)
        if response.status_code >= 400:
            raise RuntimeError(f"arranging the scenario: {method} {path} -> {response.text}")
        return response.json()

    # ------------------------------------------------------------------ random but plausible data
    def word(self, length: int = 8) -> str:
        return "".join(self.rng.choices(string.ascii_lowercase + string.digits, k=length))

    def hex(self, length: int = 32) -> str:
        return "".join(self.rng.choices("0123456789ABCDEF", k=length))

    def uid(self) -> str:
        return str(self.rng.randrange(1_000_000_000, 9_999_999_999))

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(0, 10**9):09d}"

    def email(self) -> str:
        return f"{self.word(6)}@{self.rng.choice(['example.com', 'corp.example', 'mail.test'])}"

    # ------------------------------------------------------------------------------ arrangements
    def reset(self) -> None:
        self.admin("POST", "/sandbox/reset", {"fixtures": "none"})

    def app(self, client_id: str | None = None, **fields: Any) -> str:
        client_id = client_id or f"app-{self.word(12)}"
        self.admin("POST", "/sandbox/apps", {"client_id": client_id, **fields})
        return client_id

    def weibo_account(self, uid: str | None = None) -> tuple[str, str]:
        """A Weibo access token the fake Weibo accepts: ``(access_token, uid)``."""
        access_token, uid = self.hex(32), uid or self.uid()
        self.admin("POST", "/sandbox/weibo/tokens", {"access_token": access_token, "uid": uid})
        return access_token, uid

    def user(self, uid: str | None = None, **fields: Any) -> dict[str, Any]:
        """A user (bound to Weibo ``uid`` when given)."""
        user = self.admin("POST", "/sandbox/users", {"user_name": f"user-{self.word(6)}",
                                                      **fields})
        if uid is not None:
            user = self.admin("POST", f"/sandbox/users/{user['id']}/social",
                              {"provider": "weibo", "uid": uid})
        return user

    def policy(self, **fields: Any) -> dict[str, Any]:
        return self.admin("PUT", "/sandbox/policy", fields)

    def users(self) -> list[dict[str, Any]]:
        return self.admin("GET", "/sandbox/users")

    def log(self, since: int) -> list[LoggedRequest]:
        """The request log after entry ``since`` (over the checker's kept-alive connection)."""
        return logged(self.admin("GET", f"/sandbox/requests?since={since}"))

    def last_log_id(self) -> int:
        entries = self.admin("GET", "/sandbox/requests")
        return entries[-1]["id"] if entries else 0

    def login(self, client_id: str, access_token: str, uid: str) -> httpx.Response:
        """A well-formed login, as the checker's own (for scenarios that need a token)."""
        headers = {name: WEIBO_LOGIN.header(name).example for name in DEVICE_HEADERS}
        return self.http.post(LOGIN_PATH, headers={**headers, "X-client-id": client_id},
                              json={"access_token": access_token, "uid": uid})
