"""The probe's requests: a small fixed list, built from the contract, none of which can change data.

Each parameter error is provoked with made-up values and the request is checked against
``explorer.precheck`` before it is planned (the contract's own rules say which code it must get):
a device header left out (PARAM.0001), no ``X-client-id`` (0002), an app id nobody registered
(0003), no ``access_token`` (0026), a blank ``uid`` (0027). All five fail the server's parameter
checks before any user, token or policy is read. Then the JWKS (a GET), the same error in the
other language, and the login path with two methods it does not take (GET, PUT: no body, refused
by routing). With a real ``access_token``/``uid`` (opt-in) one more request: the real login.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..contract import JWKS_PATH, LOGIN_PATH, WEIBO_LOGIN, Text, is_chinese
from ..precheck import predict_error

MADE_UP_TOKEN = "probe0000000000000000000000000000"
MADE_UP_UID = "0000000000"
MADE_UP_CLIENT_ID = "probe-unregistered-client-0000"
OTHER_METHODS = ("GET", "PUT")
MASK = "•••"

Kind = Literal["error", "language", "jwks", "method", "login"]


@dataclass(frozen=True)
class Planned:
    """One request of the probe and what the contract says it must get."""

    number: int
    kind: Kind
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, str] | None
    purposes: Text
    """Why this request is sent and what it must get, in both languages."""
    expect: str
    """An error code, ``JWKS``, ``HTTP 405`` or ``a login status``."""
    secret_fields: tuple[str, ...] = field(default=())

    @property
    def purpose(self) -> str:
        """The purpose in English (the report's data)."""
        return self.purposes.en

    def line(self, language: str = "en") -> str:
        """The request as one announcing line, secrets masked, its purpose in ``language``."""
        shown = {k: (MASK if k in self.secret_fields else v) for k, v in (self.body or {}).items()}
        body = f" body={shown}" if self.body is not None else ""
        return f"{self.number:>2}. {self.method} {self.path}{body} — {self.purposes(language)}"


def _device() -> dict[str, str]:
    return {h: WEIBO_LOGIN.header(h).example
            for h in ("X-operating-sys-version", "X-device-fingerprint", "X-agent")}


def _language(lang: str | None) -> dict[str, str]:
    return {"X-L": lang} if lang else {}


def _fill(text: Text, **values: str) -> Text:
    """``text`` with its ``{name}`` placeholders filled in both languages."""
    return Text(text.en.format(**values), text.zh.format(**values))


def plan(client_id: str, lang: str | None = None, *, access_token: str | None = None,
         uid: str | None = None) -> list[Planned]:
    """The probe's requests, in the order they are sent."""
    other = None if is_chinese(lang) else "zh"
    base = {**_device(), "X-client-id": client_id, "content-type": "application/json",
            **_language(lang)}
    made_up = {"access_token": MADE_UP_TOKEN, "uid": MADE_UP_UID}
    errors: list[tuple[str, Text, dict[str, str], dict[str, str]]] = [
        ("IDAAS.SDK.PARAM.0001", Text("X-agent left out", "不发送 X-agent"),
         {k: v for k, v in base.items() if k != "X-agent"}, made_up),
        ("IDAAS.SDK.PARAM.0002", Text("no X-client-id", "不发送 X-client-id"),
         {k: v for k, v in base.items() if k != "X-client-id"}, made_up),
        ("IDAAS.SDK.PARAM.0003", _fill(Text("X-client-id {id}, an app nobody registered",
                                            "X-client-id {id}，一个没人注册过的应用"),
                                       id=repr(MADE_UP_CLIENT_ID)),
         {**base, "X-client-id": MADE_UP_CLIENT_ID}, made_up),
        ("IDAAS.SDK.PARAM.0026", Text("no access_token", "不发送 access_token"), base,
         {"uid": MADE_UP_UID}),
        ("IDAAS.SDK.PARAM.0027", Text("a blank uid", "uid 为空白"), base,
         {"access_token": MADE_UP_TOKEN, "uid": " "}),
    ]
    out: list[Planned] = [Planned(1, "jwks", "GET", JWKS_PATH, {"accept": "application/json"},
                                  None, Text("the signing keys (public)", "签名公钥（公开）"),
                                  "JWKS")]
    for code, why, headers, body in errors:
        predicted = predict_error(headers, body, app_exists=lambda cid: cid == client_id)
        assert predicted == code, f"the probe's request for {code} would get {predicted}"
        out.append(Planned(len(out) + 1, "error", "POST", LOGIN_PATH, headers, body,
                           Text(f"{why.en} → {code}", f"{why.zh} → {code}"), code))
    language_check = {k: v for k, v in base.items() if k not in ("X-client-id", "X-L")}
    language_check.update(_language(other))
    asked = (Text("no X-client-id, X-L: zh → IDAAS.SDK.PARAM.0002 in Chinese",
                  "不发送 X-client-id，X-L: zh → 中文的 IDAAS.SDK.PARAM.0002") if other else
             Text("no X-client-id, X-L: not sent → IDAAS.SDK.PARAM.0002 in English",
                  "不发送 X-client-id 和 X-L → 英文的 IDAAS.SDK.PARAM.0002"))
    out.append(Planned(len(out) + 1, "language", "POST", LOGIN_PATH, language_check, made_up,
                       asked, "IDAAS.SDK.PARAM.0002"))
    for method in OTHER_METHODS:
        out.append(Planned(len(out) + 1, "method", method, LOGIN_PATH,
                           {**_device(), "X-client-id": client_id, **_language(lang)}, None,
                           _fill(Text("{method} on the login, which takes only POST → HTTP 405",
                                      "对登录接口发送 {method}（它只接受 POST）→ HTTP 405"),
                                 method=method),
                           "HTTP 405"))
    if access_token is not None and uid is not None:
        out.append(Planned(len(out) + 1, "login", "POST", LOGIN_PATH, base,
                           {"access_token": access_token, "uid": uid},
                           Text("YOUR real Weibo login (opt-in): its outcome and id_token",
                                "你自己的真实微博登录（需主动提供）：它的结果和 id_token"),
                           "a login status", ("access_token", "uid")))
    return out


__all__ = ["MADE_UP_CLIENT_ID", "MADE_UP_TOKEN", "MADE_UP_UID", "Planned", "plan"]
