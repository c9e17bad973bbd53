"""``SandboxAdmin``: arrange a sandbox tenant from Python, with typed answers.

The same admin API (``/sandbox/*``) that ``admin_client.arrange`` drives from JSON steps, as one
method per operation returning a frozen dataclass (``App``, ``User``, ``WeiboToken``, ``Policy``,
``OutboxMessage``, ``CaptchaAnswer``...). A refused call raises ``AdminError`` with the sandbox's
``error_code`` and ``error_msg``. Over HTTP only (httpx), so it works against any sandbox a URL or
an httpx transport reaches: the pytest plugin's session server, ``weibo-explorer sandbox``, or an
in-process app (``inprocess.InProcessSandbox``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import httpx

from . import admin_client

Channel = Literal["sms", "email"]
UnboundSocial = Literal["register", "bind", "reject"]


class AdminError(RuntimeError):
    """The sandbox refused an admin call (``SANDBOX.ADMIN.0001`` bad input, ``0002`` not found,
    ``0003`` already exists)."""

    def __init__(self, status_code: int, error_code: str, error_msg: str) -> None:
        super().__init__(f"{status_code} {error_code}: {error_msg}")
        self.status_code = status_code
        self.error_code = error_code
        self.error_msg = error_msg


@dataclass(frozen=True)
class App:
    """A client id the login accepts."""

    client_id: str
    name: str
    client_secret: str
    allowed_user_ids: tuple[str, ...] | None


@dataclass(frozen=True)
class User:
    """A tenant user and the Weibo uids bound to it."""

    id: str
    user_name: str
    name: str
    mobile: str
    email: str
    disabled: bool
    mfa: bool
    weibo_uids: tuple[str, ...]


@dataclass(frozen=True)
class WeiboToken:
    """An access token the fake Weibo accepts for ``uid``."""

    access_token: str
    uid: str
    appkey: str
    expires_in: int


@dataclass(frozen=True)
class Policy:
    """What the tenant does with unbound accounts, its factors, denied networks and lifetimes."""

    unbound_social: UnboundSocial
    verify_methods: tuple[str, ...]
    mfa_methods: tuple[str, ...]
    deny_ips: tuple[str, ...]
    session_expire: int
    id_token_ttl: int
    weibo_appkey: str


@dataclass(frozen=True)
class OutboxMessage:
    """A code the tenant "sent" by SMS or e-mail."""

    channel: Channel
    to: str
    type: str
    code: str
    sent_at: datetime


@dataclass(frozen=True)
class CaptchaAnswer:
    """Where a captcha puzzle's gap is: pass ``point`` to ``IdaasClient.verify_captcha``."""

    x: float
    y: float

    @property
    def point(self) -> tuple[float, float]:
        return (self.x, self.y)


@dataclass(frozen=True)
class Fixture:
    """A docs fixture: the outcome it gives and the exact login request that gives it."""

    name: str
    title: str
    outcome: str
    client_id: str
    headers: dict[str, str]
    body: dict[str, Any]


def _instant(text: str) -> datetime:
    instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def _app(data: dict[str, Any]) -> App:
    allowed = data.get("allowed_user_ids")
    return App(str(data["client_id"]), str(data.get("name") or ""), str(data["client_secret"]),
               None if allowed is None else tuple(str(u) for u in allowed))


def _user(data: dict[str, Any]) -> User:
    return User(str(data["id"]), str(data["user_name"]), str(data.get("name") or ""),
                str(data.get("mobile") or ""), str(data.get("email") or ""),
                bool(data["disabled"]), bool(data["mfa"]),
                tuple(str(s["uid"]) for s in data.get("social", ()) if s["provider"] == "weibo"))


def _policy(data: dict[str, Any]) -> Policy:
    return Policy(data["unbound_social"], tuple(data["verify_methods"]),
                  tuple(data["mfa_methods"]), tuple(data["deny_ips"]),
                  int(data["session_expire"]), int(data["id_token_ttl"]),
                  str(data["weibo_appkey"]))


def _fixture(data: dict[str, Any]) -> Fixture:
    request = data["request"]
    return Fixture(str(data["name"]), str(data["title"]), str(data["outcome"]),
                   str(data["client_id"]), dict(request["headers"]), dict(request["body"]))


class SandboxAdmin:
    """The admin API of one sandbox, typed. ``SandboxAdmin(base_url)``, or pass ``transport=`` (an
    httpx transport, e.g. an in-process app) and any ``base_url``. Close it, or use ``with``."""

    def __init__(self, base_url: str, *, transport: httpx.BaseTransport | None = None,
                 timeout: float = admin_client.TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, transport=transport, timeout=timeout)

    # ------------------------------------------------------------------------------ plumbing
    def _call(self, method: str, path: str, json: dict[str, Any] | None = None) -> Any:
        response = self._http.request(method, path, json=json)
        if response.status_code >= 400:
            try:
                body = response.json()
                code, msg = str(body["error_code"]), str(body["error_msg"])
            except (ValueError, KeyError, TypeError):
                code, msg = "HTTP", response.text[:200]
            raise AdminError(response.status_code, code, msg)
        return response.json()

    # ------------------------------------------------------------------------------ the tenant
    def reset(self, fixtures: Literal["docs", "none"] = "docs") -> datetime:
        """Empty the tenant (clock to its start, RNG re-seeded), then the docs data unless
        ``"none"``; returns the sandbox's now."""
        return _instant(self._call("POST", "/sandbox/reset", {"fixtures": fixtures})["now"])

    def fixtures(self) -> list[Fixture]:
        """The docs fixtures: one per status and per documented error."""
        return [_fixture(f) for f in self._call("GET", "/sandbox/fixtures")]

    def arrange(self, fixture: str) -> Fixture:
        """Reset to the docs data and make the admin calls the named fixture needs; returns it
        (its ``headers`` and ``body`` are the request that gives its ``outcome``)."""
        return _fixture(admin_client.arrange(self.base_url, fixture, http=self._http).fixture or {})

    # ------------------------------------------------------------------------------ apps, users
    def add_app(self, client_id: str, name: str = "", *,
                allowed_user_ids: list[str] | None = None,
                client_secret: str | None = None) -> App:
        """Register a client id (``allowed_user_ids``: only these users may log in to it)."""
        body: dict[str, Any] = {"client_id": client_id, "name": name,
                                "allowed_user_ids": allowed_user_ids}
        if client_secret is not None:
            body["client_secret"] = client_secret
        return _app(self._call("POST", "/sandbox/apps", body))

    def app(self, client_id: str) -> App:
        return _app(self._call("GET", f"/sandbox/apps/{client_id}"))

    def add_user(self, user_name: str, *, id: str | None = None, name: str = "",
                 mobile: str = "", email: str = "", disabled: bool = False,
                 mfa: bool = False) -> User:
        """A tenant user (``mfa=True``: its logins end MFA_AUTH; ``disabled``: USER.0039)."""
        body: dict[str, Any] = {"user_name": user_name, "name": name, "mobile": mobile,
                                "email": email, "disabled": disabled, "mfa": mfa}
        if id is not None:
            body["id"] = id
        return _user(self._call("POST", "/sandbox/users", body))

    def users(self) -> list[User]:
        return [_user(u) for u in self._call("GET", "/sandbox/users")]

    def user(self, user_id: str) -> User:
        return _user(self._call("GET", f"/sandbox/users/{user_id}"))

    def update_user(self, user_id: str, **fields: str | bool) -> User:
        """Change ``user_name``, ``name``, ``mobile``, ``email``, ``disabled`` or ``mfa``."""
        return _user(self._call("PATCH", f"/sandbox/users/{user_id}", dict(fields)))

    def bind_weibo(self, user_id: str, uid: str) -> User:
        """Bind a Weibo uid to the user: a login with a token for ``uid`` finds this user."""
        return _user(self._call("POST", f"/sandbox/users/{user_id}/social",
                                {"provider": "weibo", "uid": uid}))

    def weibo_token(self, access_token: str, uid: str, *, appkey: str | None = None,
                    expires_in: int | None = None) -> WeiboToken:
        """Make the fake Weibo accept ``access_token`` for ``uid``."""
        body: dict[str, Any] = {"access_token": access_token, "uid": uid}
        if appkey is not None:
            body["appkey"] = appkey
        if expires_in is not None:
            body["expires_in"] = expires_in
        data = self._call("POST", "/sandbox/weibo/tokens", body)
        return WeiboToken(str(data["access_token"]), str(data["uid"]), str(data["appkey"]),
                          int(data["expires_in"]))

    def weibo_user(self, access_token: str, uid: str, user_name: str, **fields: Any) -> User:
        """The usual arrangement in one call: a Weibo token, a user, the binding between them."""
        self.weibo_token(access_token, uid)
        return self.bind_weibo(self.add_user(user_name, **fields).id, uid)

    # ------------------------------------------------------------------------------ policy
    def policy(self) -> Policy:
        return _policy(self._call("GET", "/sandbox/policy"))

    def set_policy(self, *, unbound_social: UnboundSocial | None = None,
                   verify_methods: list[str] | None = None, mfa_methods: list[str] | None = None,
                   deny_ips: list[str] | None = None, session_expire: int | None = None,
                   id_token_ttl: int | None = None, weibo_appkey: str | None = None) -> Policy:
        """Change the fields given; the others keep their value."""
        changes = {k: v for k, v in {
            "unbound_social": unbound_social, "verify_methods": verify_methods,
            "mfa_methods": mfa_methods, "deny_ips": deny_ips, "session_expire": session_expire,
            "id_token_ttl": id_token_ttl, "weibo_appkey": weibo_appkey}.items() if v is not None}
        return _policy(self._call("PUT", "/sandbox/policy", changes))

    # ------------------------------------------------------------------------------ faults, clock
    def arm_busy(self, calls: int = 1) -> int:
        """The next ``calls`` logins that pass the checks answer IDAAS.SDK.COM.0002 (0 disarms)."""
        return int(self._call("POST", "/sandbox/faults", {"busy": calls})["busy"])

    def advance_clock(self, seconds: int) -> datetime:
        """Move the sandbox clock forward (expiry without waiting); returns the new now."""
        return _instant(self._call("POST", "/sandbox/clock", {"advance": seconds})["now"])

    def now(self) -> datetime:
        """The sandbox's clock."""
        return self.advance_clock(0)

    def revoke_session(self, session_token: str) -> None:
        self._call("POST", f"/sandbox/sessions/{session_token}/revoke")

    # ------------------------------------------------------------------------------ what it sent
    def outbox(self) -> list[OutboxMessage]:
        """Every SMS and e-mail code the tenant sent, oldest first."""
        return [OutboxMessage(m["channel"], str(m["to"]), str(m["type"]), str(m["code"]),
                              _instant(m["sent_at"])) for m in self._call("GET", "/sandbox/outbox")]

    def last_code(self, to: str | None = None, type: str | None = None) -> str:
        """The newest code sent (to ``to``, of ``type``); ``LookupError`` when there is none."""
        for message in reversed(self.outbox()):
            if (to is None or message.to == to) and (type is None or message.type == type):
                return message.code
        raise LookupError(f"no code sent to {to or 'anyone'} of type {type or 'any'}")

    def captcha_answer(self, token: str) -> CaptchaAnswer:
        """Where the gap of the captcha ``token`` is."""
        data = self._call("GET", f"/sandbox/captcha/{token}")
        return CaptchaAnswer(float(data["x"]), float(data["y"]))

    # ------------------------------------------------------------------------------ lifetime
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SandboxAdmin:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SandboxAdmin {self.base_url}>"
