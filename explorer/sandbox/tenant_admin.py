"""``SandboxAdmin``: the sandbox's admin API (``/sandbox/*``) from the caller's side, typed.

One method per operation, returning a frozen dataclass (``App``, ``User``, ``WeiboToken``,
``Policy``, ``OutboxMessage``, ``CaptchaAnswer``, ``LoggedRequest``...); a refused call raises
``AdminError`` with the sandbox's ``error_code`` and ``error_msg``. ``apply`` runs a docs fixture's
admin steps (or a list of ``{"method", "path", "json"}`` steps) and returns the ``Arrangement`` the
notebooks, the form's presets, the CLI and ``demo`` show. Over HTTP only (httpx), never the
server's modules, so it works against any sandbox a URL or an httpx transport reaches: the pytest
plugin's session server, ``weibo-explorer sandbox``, a colleague's, or an in-process app
(``InProcessSandbox``). ``admin_token`` (default ``$WEIBO_EXPLORER_ADMIN_TOKEN``) is sent when
given, for a sandbox that needs one.

A client for a plain ``http://`` URL is built without a TLS context (``verify=False``: no
certificate is ever checked on such a connection, and redirects are not followed, so the scheme
cannot change). That buys most of what one read through a fresh client costs:
``benchmarks/admin_reads.py``, 176 → 14 ms (medians of 3 runs, a shared 2-core machine under
load).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import httpx

from ..errors import SandboxError
from .config import admin_headers

TIMEOUT = 10.0
RESET: dict[str, Any] = {"method": "POST", "path": "/sandbox/reset", "json": {"fixtures": "docs"}}
"""Back to the docs data: the first step of every arrangement, so replays give the same answers."""
PAGE = 100
"""Entries asked for per read of the request log: the most the sandbox serves at once."""

Channel = Literal["sms", "email"]
UnboundSocial = Literal["register", "bind", "reject"]


class AdminError(SandboxError):
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


@dataclass(frozen=True)
class Step:
    """One admin call as it was made, with the sandbox's answer."""

    method: str
    path: str
    json: Any
    status_code: int
    response: Any = None


@dataclass(frozen=True)
class Arrangement:
    """What ``SandboxAdmin.apply`` did: the fixture it followed (if any) and each admin call."""

    base_url: str
    steps: tuple[Step, ...]
    fixture: dict[str, Any] | None = field(default=None)

    @property
    def request(self) -> dict[str, Any] | None:
        """The fixture's request (``{"headers", "body"}``), ready for ``replay``."""
        return self.fixture["request"] if self.fixture else None

    def _repr_html_(self) -> str:
        from ..i18n import edition, word

        language = edition()  # the docs edition's language (English outside a docs build)
        title = (word("arranged_for", language, name=html.escape(self.fixture["name"]))
                 if self.fixture else "")
        rows = "".join(
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td><pre>{}</pre></td>"
            "<td>{}</td></tr>".format(
                html.escape(s.method), html.escape(s.path),
                html.escape(json.dumps(s.json, ensure_ascii=False, indent=1)) if s.json else "",
                s.status_code,
            )
            for s in self.steps
        )
        return (
            '<div class="wx-arrange"><p>'
            + word("arranged", language, title=title, n=str(len(self.steps)),
                   url=html.escape(self.base_url))
            + "</p><table><thead><tr>"
            + "".join(f"<th>{word(c, language)}</th>" for c in ("method", "path", "body", "status"))
            + "</tr>"
            f"</thead><tbody>{rows}</tbody></table></div>"
        )

    def __repr__(self) -> str:
        name = f" for {self.fixture['name']}" if self.fixture else ""
        lines = [f"Arranged {self.base_url}{name}"]
        lines += [f"  {s.method} {s.path} -> {s.status_code}" for s in self.steps]
        return "\n".join(lines)


@dataclass(frozen=True)
class LoggedRequest:
    """One call the sandbox answered, as its request log recorded it (secrets masked)."""

    id: int
    kind: str
    """``api`` (login and follow-ups), ``weibo`` (the fake Weibo) or ``admin`` (``/sandbox/*``)."""
    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    """Lower-case names."""
    body: str
    status: int
    answer: str
    sandbox_time: str
    sandbox_timestamp: float
    wall_time: str
    duration_ms: float
    body_truncated: bool = False
    query_truncated: bool = False
    headers_truncated: bool = False
    answer_truncated: bool = False

    @property
    def admin(self) -> bool:
        return self.kind == "admin"

    def json(self) -> Any:
        """The request body parsed as JSON (None when it is not JSON)."""
        return _maybe_json(self.body)

    def answer_json(self) -> Any:
        """The answer parsed as JSON (None when it is not JSON)."""
        return _maybe_json(self.answer)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def _maybe_json(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def logged(entries: list[dict[str, Any]]) -> list[LoggedRequest]:
    """``GET /sandbox/requests``'s JSON as typed entries (unknown keys ignored)."""
    fields = LoggedRequest.__dataclass_fields__
    return [LoggedRequest(**{k: v for k, v in entry.items() if k in fields}) for entry in entries]


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


_ARRANGED: dict[str, list[dict[str, Any]]] = {}
"""Per sandbox URL, the admin calls ``apply`` made since its last reset (the reset included)."""


def arranged_since_reset(url: str) -> list[dict[str, Any]]:
    """The admin calls this process made through ``apply`` on the sandbox serving ``url`` (a
    base URL or any URL under it), from its last reset on: replayed in that order against the
    same seed and clock, they put a fresh sandbox in the same state. Empty when none was made."""
    for base, steps in _ARRANGED.items():
        if url == base or url.startswith(base + "/"):
            return [dict(step) for step in steps]
    return []


class SandboxAdmin:
    """The admin API of one sandbox, typed. ``SandboxAdmin(base_url)``, or pass ``transport=`` (an
    httpx transport, e.g. an in-process app) and any ``base_url``. Close it, or use ``with``."""

    def __init__(self, base_url: str, *, transport: httpx.BaseTransport | None = None,
                 timeout: float = TIMEOUT, admin_token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        plain = transport is not None or httpx.URL(self.base_url).scheme == "http"
        self._http = httpx.Client(base_url=self.base_url, transport=transport, timeout=timeout,
                                  headers=admin_headers(admin_token), verify=not plain)

    # ------------------------------------------------------------------------------ plumbing
    def _call(self, method: str, path: str, json: Any = None) -> Any:
        return _answer(self._send(method, path, json))

    def _send(self, method: str, path: str, body: Any = None) -> httpx.Response:
        """One admin call; a body goes as compact JSON (every admin write is JSON)."""
        return self._http.request(method, path, headers=_JSON if body is not None else None,
                                  content=None if body is None else json.dumps(
                                      body, ensure_ascii=False, separators=(",", ":")).encode())

    # ------------------------------------------------------------------------------ the tenant
    def reset(self, fixtures: Literal["docs", "none"] = "docs") -> datetime:
        """Empty the tenant (clock to its start, RNG re-seeded), then the docs data unless
        ``"none"``; returns the sandbox's now."""
        return _instant(self._call("POST", "/sandbox/reset", {"fixtures": fixtures})["now"])

    def fixtures(self) -> list[Fixture]:
        """The docs fixtures: one per status and per documented error."""
        return [_fixture(f) for f in self.fixture_data()]

    def fixture_data(self) -> list[dict[str, Any]]:
        """The docs fixtures as the sandbox serves them (JSON: each with its ``arrange`` steps and
        its ``request``)."""
        found: list[dict[str, Any]] = self._call("GET", "/sandbox/fixtures")
        return found

    def arrange(self, fixture: str) -> Fixture:
        """Reset to the docs data and make the admin calls the named fixture needs; returns it
        (its ``headers`` and ``body`` are the request that gives its ``outcome``)."""
        return _fixture(self.apply(fixture).fixture or {})

    def apply(self, fixture_or_steps: str | dict[str, Any] | Sequence[dict[str, Any]], *,
              reset: bool = True) -> Arrangement:
        """Put the sandbox in the state an example needs: ``fixture_or_steps`` is a fixture (or
        its name, ``KeyError`` listing the names when there is none) or a list of ``{"method",
        "path", "json"}`` steps. With ``reset`` (the default) the tenant is first reset to the docs
        data, so running an example twice gives the same answers. A step the sandbox refuses
        raises ``AdminError``: the example would not give its outcome."""
        if isinstance(fixture_or_steps, str):
            by_name = {f["name"]: f for f in self.fixture_data()}
            if fixture_or_steps not in by_name:
                raise KeyError(f"no fixture {fixture_or_steps!r}; the sandbox has: "
                               f"{', '.join(sorted(by_name))}")
            chosen: dict[str, Any] | None = by_name[fixture_or_steps]
        else:
            chosen = fixture_or_steps if isinstance(fixture_or_steps, dict) else None
        planned = list(chosen["arrange"] if chosen is not None else fixture_or_steps)
        if reset:
            planned.insert(0, RESET)
            _ARRANGED[self.base_url] = []
        done: list[Step] = []
        for step in planned:
            response = self._send(step["method"], step["path"], step.get("json"))
            answer = _answer(response, f"{step['method']} {step['path']}")
            done.append(Step(step["method"], step["path"], step.get("json"),
                             response.status_code, answer))
            _ARRANGED.setdefault(self.base_url, []).append(
                {"method": step["method"], "path": step["path"], "json": step.get("json")})
        return Arrangement(self.base_url, tuple(done), chosen)

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
        """The sandbox's clock (``GET /sandbox/clock``: it may stand still or have been
        advanced)."""
        return _instant(self._call("GET", "/sandbox/clock")["now"])

    def revoke_session(self, session_token: str) -> None:
        self._call("POST", f"/sandbox/sessions/{session_token}/revoke")

    # ------------------------------------------------------------------------------ what it sent
    def outbox(self) -> list[OutboxMessage]:
        """Every SMS and e-mail code the tenant sent, oldest first."""
        return [OutboxMessage(m["channel"], str(m["to"]), str(m["type"]), str(m["code"]),
                              _instant(m["sent_at"])) for m in self._call("GET", "/sandbox/outbox")]

    def last_code(self, to: str | None = None, type: str | None = None) -> str:
        """The newest code sent (to ``to``, of ``type``); ``SandboxError`` when there is none."""
        for message in reversed(self.outbox()):
            if (to is None or message.to == to) and (type is None or message.type == type):
                return message.code
        raise SandboxError(f"no code sent to {to or 'anyone'} of type {type or 'any'}")

    def captcha_answer(self, token: str) -> CaptchaAnswer:
        """Where the gap of the captcha ``token`` is."""
        data = self._call("GET", f"/sandbox/captcha/{token}")
        return CaptchaAnswer(float(data["x"]), float(data["y"]))

    def requests(self, since: int | None = None) -> list[LoggedRequest]:
        """The sandbox's request log, oldest first; with ``since`` only the entries after that
        id. Reads every page (``GET /sandbox/requests`` serves at most ``PAGE`` a call)."""
        entries: list[dict[str, Any]] = []
        after = int(since or 0)
        while True:
            page = self._call("GET", f"/sandbox/requests?since={after}&limit={PAGE}")
            if not isinstance(page, list):
                raise AdminError(200, "HTTP", "GET /sandbox/requests did not answer a JSON list")
            entries += page
            if len(page) < PAGE:
                return logged(entries)
            after = int(page[-1]["id"])

    # ------------------------------------------------------------------------------ lifetime
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SandboxAdmin:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SandboxAdmin {self.base_url}>"


_JSON = {"Content-Type": "application/json"}


def _answer(response: httpx.Response, call: str = "") -> Any:
    """The answer's JSON (its text when it is not JSON); ``AdminError`` for a refusal."""
    try:
        answer = response.json()
    except ValueError:
        answer = response.text
    if response.status_code >= 400:
        if isinstance(answer, dict) and "error_code" in answer:
            code, msg = str(answer["error_code"]), str(answer.get("error_msg", ""))
        else:
            code, msg = "HTTP", str(answer)[:200]
        raise AdminError(response.status_code, code, f"{call}: {msg}" if call else msg)
    return answer
