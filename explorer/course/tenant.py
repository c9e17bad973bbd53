"""Arranging a fresh tenant for one scenario, through the sandbox's one admin client.

Every scenario starts from an empty tenant (``SandboxAdmin.reset("none")``): its clock, RNG and
request log start over. The helpers below add what the scenario needs and return what the
learner's function is called with. Random values (client ids, tokens, uids, phones) come from
the checker's RNG, so hidden scenarios differ from the shown ones.
"""

from __future__ import annotations

import random
import string
from typing import Any

import httpx

from ..contract import DEVICE_HEADERS, LOGIN_PATH, WEIBO_LOGIN
from ..sandbox.tenant_admin import LoggedRequest, SandboxAdmin, User


class Tenant:
    """The sandbox behind ``base_url``, seen by the checker (admin calls raise on refusal)."""

    def __init__(self, base_url: str, rng: random.Random) -> None:
        self.base_url = base_url
        self.rng = rng
        self.sandbox = SandboxAdmin(base_url)
        # the checker's own logins: kept alive, and plain http on loopback needs no TLS context
        # (building one costs about 0.1 s, per client)
        self._api = httpx.Client(base_url=base_url, timeout=10.0, verify=False)

    def close(self) -> None:
        self.sandbox.close()
        self._api.close()

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
        self.sandbox.reset("none")

    def app(self, client_id: str | None = None, *,
            allowed_user_ids: list[str] | None = None) -> str:
        client_id = client_id or f"app-{self.word(12)}"
        self.sandbox.add_app(client_id, allowed_user_ids=allowed_user_ids)
        return client_id

    def weibo_account(self, uid: str | None = None) -> tuple[str, str]:
        """A Weibo access token the fake Weibo accepts: ``(access_token, uid)``."""
        access_token, uid = self.hex(32), uid or self.uid()
        self.sandbox.weibo_token(access_token, uid)
        return access_token, uid

    def user(self, uid: str | None = None, **fields: Any) -> User:
        """A user (bound to Weibo ``uid`` when given)."""
        user = self.sandbox.add_user(f"user-{self.word(6)}", **fields)
        return self.sandbox.bind_weibo(user.id, uid) if uid is not None else user

    def policy(self, **fields: Any) -> None:
        self.sandbox.set_policy(**fields)

    def users(self) -> list[User]:
        return self.sandbox.users()

    def busy(self, calls: int) -> None:
        """The next ``calls`` logins that pass the checks answer IDAAS.SDK.COM.0002."""
        self.sandbox.arm_busy(calls)

    def advance(self, seconds: int) -> None:
        self.sandbox.advance_clock(seconds)

    def log(self, since: int) -> list[LoggedRequest]:
        """The request log after entry ``since``."""
        return self.sandbox.requests(since)

    def last_log_id(self) -> int:
        entries = self.sandbox.requests()
        return entries[-1].id if entries else 0

    def login(self, client_id: str, access_token: str, uid: str) -> httpx.Response:
        """A well-formed login, as the checker's own (for scenarios that need a token)."""
        headers = {name: WEIBO_LOGIN.header(name).example for name in DEVICE_HEADERS}
        return self._api.post(LOGIN_PATH, headers={**headers, "X-client-id": client_id},
                              json={"access_token": access_token, "uid": uid})
