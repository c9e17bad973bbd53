"""The docs fixtures: tenant data that reproduces each of the seed's examples, and one replayable
request per status and per documented error.

``load_docs`` writes the data; ``FIXTURES`` lists, per outcome, the admin calls it needs beyond that
data (``arrange``) and the exact request. Every fixture states what it depends on, so they give
their outcomes replayed in any order. The seed's own values are used wherever it has them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..catalogue import Msg, Words
from ..contract import DEVICE_HEADERS, LOGIN_PATH, WEIBO_LOGIN

if TYPE_CHECKING:
    from ._context import Sandbox


CLIENT_ID = WEIBO_LOGIN.header("X-client-id").example
CLIENT_SECRET = "docs-demo-secret-sandbox-only-0001"
"""The docs app's client_secret: fixed and published, so the ticket pages can show it."""
WEIBO_TOKEN_TTL = 157679999
"""Lifetime of the fake Weibo's tokens unless set: about five years, like Weibo's own apps."""

SEED_USER: dict[str, Any] = {  # decoded from the seed's id_token (its userName is "louxi")
    "id": "20220425140138519-BF1B-528B0551B", "user_name": "louxi", "name": "",
    "mobile": "+86-15907132852", "email": "11@qq.com", "disabled": False, "mfa": False,
}
MFA_USER: dict[str, Any] = {  # the userId in the seed's MFA_AUTH state_token
    "id": "20220120094310434-847C-A1D9BF9B0", "user_name": "mfa.user", "name": "MFA User",
    "mobile": "+86-13800000001", "email": "mfa@example.com", "disabled": False, "mfa": True,
}
DISABLED_USER: dict[str, Any] = {
    "id": "20220301090000000-D15A-B1ED00001", "user_name": "disabled.user", "name": "Disabled",
    "mobile": "+86-13800000002", "email": "disabled@example.com", "disabled": True, "mfa": False,
}

# (access_token, Weibo uid, user bound to it or None, tenant's socialUid for it)
ACCOUNTS = {
    "seed": (WEIBO_LOGIN.field("access_token").example, WEIBO_LOGIN.field("uid").example,
             SEED_USER, "Xq7Lr2NwA0cZfT5kVb9HsE3yJu1P"),
    "mfa": ("2E3F6B1A9C4D4E0F8A7B6C5D4E3F2A1B", "5601843297", MFA_USER,
            "Mk4TzQ8dHw2pLs6Vn0Rc1Ba5Ye7J"),
    "disabled": ("6C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5F", "5601843298", DISABLED_USER,
                 "Dz3Wq9Ek2Rt7Yu1Io5Pa8Sd4Fg6H"),
    "unbound": ("9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D", "1404376560", None,
                "o3DuE5SrIuhu9Hdqnpwtsv9kgdHQ"),  # the seed's USER_REGISTER socialUid
}
UNKNOWN_TOKEN = "00000000000000000000000000000000"


def load_docs(sandbox: Sandbox) -> None:
    """Write the docs data into an empty tenant (all at the clock's current instant)."""
    store, now = sandbox.store, sandbox.clock.timestamp()
    store.add_app(CLIENT_ID, "Docs demo app", None, CLIENT_SECRET)
    for access_token, uid, user, social_uid in ACCOUNTS.values():
        store.add_weibo_token(access_token, uid, store.policy()["weibo_appkey"], now,
                              now + WEIBO_TOKEN_TTL)
        if user is None:
            store.ensure_social_account("weibo", uid, social_uid)
        else:
            store.add_user(user)
            store.bind(user["id"], "weibo", uid, social_uid)


def _headers(**changes: str | None) -> dict[str, str]:
    headers: dict[str, str | None] = {name: WEIBO_LOGIN.header(name).example
                                      for name in DEVICE_HEADERS}
    headers["X-client-id"] = CLIENT_ID
    headers.update(changes)
    return {name: value for name, value in headers.items() if value is not None}


def _body(account: str, **changes: str | None) -> dict[str, str]:
    access_token, uid, _, _ = ACCOUNTS[account]
    body = {"access_token": access_token, "uid": uid, **changes}
    return {name: value for name, value in body.items() if value is not None}


def _policy(**changes: Any) -> dict[str, Any]:
    return {"method": "PUT", "path": "/sandbox/policy", "json": changes}


def _fixture(name: str, title: Words, outcome: str, seed_example: str, *,
             arrange: tuple[dict[str, Any], ...] = (), headers: dict[str, str] | None = None,
             body: dict[str, str] | None = None) -> dict[str, Any]:
    headers = _headers() if headers is None else headers
    return {"name": name, "title": title("en"), "title_zh": title("zh"), "outcome": outcome,
            "client_id": headers.get("X-client-id", ""), "arrange": list(arrange),
            "request": {"method": "POST", "path": LOGIN_PATH, "headers": headers,
                        "body": _body("seed") if body is None else body},
            "seed_example": seed_example}


_ERR = "Error table: "
FIXTURES: tuple[dict[str, Any], ...] = (
    _fixture("success", Msg("A bound, enabled user signs in"),
             "SUCCESS", "Success Example 1"),
    _fixture("user-register", Msg("An unbound Weibo account; the tenant auto-registers"),
             "USER_REGISTER", "Success Example 2",
             arrange=(_policy(unbound_social="register"),), body=_body("unbound")),
    _fixture("social-bind", Msg("An unbound Weibo account; the tenant binds to an existing user"),
             "SOCIAL_BIND", "Success Example 3",
             arrange=(_policy(unbound_social="bind"),), body=_body("unbound")),
    _fixture("mfa-auth", Msg("A user with a second factor"), "MFA_AUTH",
             "Success Example 4", body=_body("mfa")),
    _fixture("access-denied", Msg("The tenant denies logins from the device's network"),
             "ACCESS_DENIED", "Success Example 5",
             arrange=(_policy(deny_ips=["192.168.1.0/24"]),),
             headers=_headers(**{"X-device-ip": WEIBO_LOGIN.header("X-device-ip").example})),
    _fixture("param-0001", Msg("X-agent is missing"), "IDAAS.SDK.PARAM.0001",
             _ERR + "IDAAS.SDK.PARAM.0001 (and the Error Example)",
             headers=_headers(**{"X-agent": None})),
    _fixture("param-0002", Msg("X-client-id is missing"),
             "IDAAS.SDK.PARAM.0002",
             _ERR + "IDAAS.SDK.PARAM.0002", headers=_headers(**{"X-client-id": None})),
    _fixture("param-0003", Msg("X-client-id is not a registered app"), "IDAAS.SDK.PARAM.0003",
             _ERR + "IDAAS.SDK.PARAM.0003",
             headers=_headers(**{"X-client-id": "unregisteredClientId000000000000"})),
    _fixture("param-0026", Msg("access_token is missing"),
             "IDAAS.SDK.PARAM.0026",
             _ERR + "IDAAS.SDK.PARAM.0026", body=_body("seed", access_token=None)),
    _fixture("param-0027", Msg("uid is blank"), "IDAAS.SDK.PARAM.0027",
             _ERR + "IDAAS.SDK.PARAM.0027", body=_body("seed", uid="  ")),
    _fixture("user-0001", Msg("An unbound Weibo account; the tenant rejects unknown accounts"),
             "IDAAS.SDK.USER.0001", _ERR + "IDAAS.SDK.USER.0001",
             arrange=(_policy(unbound_social="reject"),), body=_body("unbound")),
    _fixture("user-0039", Msg("The bound user is disabled"),
             "IDAAS.SDK.USER.0039",
             _ERR + "IDAAS.SDK.USER.0039", body=_body("disabled")),
    _fixture("com-0002", Msg("The system is busy (a fault armed for one call)"),
             "IDAAS.SDK.COM.0002",
             _ERR + "IDAAS.SDK.COM.0002",
             arrange=({"method": "POST", "path": "/sandbox/faults", "json": {"busy": 1}},)),
    _fixture("weibo-rejected",
             Msg("Weibo does not know the access token"),
             "SANDBOX.WEIBO.0001",
             "none: the seed lists no code for a rejected Weibo token",
             body=_body("seed", access_token=UNKNOWN_TOKEN)),
)
