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

from ..catalogue import Msg, Words, fill
from ..contract import JWKS_PATH, LOGIN_PATH, WEIBO_LOGIN, is_chinese
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
    purposes: Words
    """Why this request is sent and what it must get, in both languages."""
    expect: str
    """An error code, ``JWKS``, ``HTTP 405`` or ``a login status``."""
    secret_fields: tuple[str, ...] = field(default=())

    @property
    def purpose(self) -> str:
        """The purpose in English (the report's data)."""
        return self.purposes("en")

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


def plan(client_id: str, lang: str | None = None, *, access_token: str | None = None,
         uid: str | None = None) -> list[Planned]:
    """The probe's requests, in the order they are sent."""
    other = None if is_chinese(lang) else "zh"
    base = {**_device(), "X-client-id": client_id, "content-type": "application/json",
            **_language(lang)}
    made_up = {"access_token": MADE_UP_TOKEN, "uid": MADE_UP_UID}
    errors: list[tuple[str, Words, dict[str, str], dict[str, str]]] = [
        ("IDAAS.SDK.PARAM.0001", Msg("X-agent left out"),
         {k: v for k, v in base.items() if k != "X-agent"}, made_up),
        ("IDAAS.SDK.PARAM.0002", Msg("no X-client-id"),
         {k: v for k, v in base.items() if k != "X-client-id"}, made_up),
        ("IDAAS.SDK.PARAM.0003", fill(Msg("X-client-id {id}, an app nobody registered"),
                                      id=repr(MADE_UP_CLIENT_ID)),
         {**base, "X-client-id": MADE_UP_CLIENT_ID}, made_up),
        ("IDAAS.SDK.PARAM.0026", Msg("no access_token"), base,
         {"uid": MADE_UP_UID}),
        ("IDAAS.SDK.PARAM.0027", Msg("a blank uid"), base,
         {"access_token": MADE_UP_TOKEN, "uid": " "}),
    ]
    out: list[Planned] = [Planned(1, "jwks", "GET", JWKS_PATH, {"accept": "application/json"},
                                  None, Msg("the signing keys (public)"),
                                  "JWKS")]
    for code, why, headers, body in errors:
        predicted = predict_error(headers, body, app_exists=lambda cid: cid == client_id)
        assert predicted == code, f"the probe's request for {code} would get {predicted}"
        out.append(Planned(len(out) + 1, "error", "POST", LOGIN_PATH, headers, body,
                           fill(Msg("{why} → {code}"), why=why, code=code), code))
    language_check = {k: v for k, v in base.items() if k not in ("X-client-id", "X-L")}
    language_check.update(_language(other))
    asked = (Msg("no X-client-id, X-L: zh → IDAAS.SDK.PARAM.0002 in Chinese") if other else
             Msg("no X-client-id, X-L: not sent → IDAAS.SDK.PARAM.0002 in English"))
    out.append(Planned(len(out) + 1, "language", "POST", LOGIN_PATH, language_check, made_up,
                       asked, "IDAAS.SDK.PARAM.0002"))
    for method in OTHER_METHODS:
        out.append(Planned(len(out) + 1, "method", method, LOGIN_PATH,
                           {**_device(), "X-client-id": client_id, **_language(lang)}, None,
                           fill(Msg("{method} on the login, which takes only POST → HTTP 405"),
                                method=method),
                           "HTTP 405"))
    if access_token is not None and uid is not None:
        out.append(Planned(len(out) + 1, "login", "POST", LOGIN_PATH, base,
                           {"access_token": access_token, "uid": uid},
                           Msg("YOUR real Weibo login (opt-in): its outcome and id_token"),
                           "a login status", ("access_token", "uid")))
    return out


__all__ = ["MADE_UP_CLIENT_ID", "MADE_UP_TOKEN", "MADE_UP_UID", "Planned", "plan"]
