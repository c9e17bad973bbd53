"""The calls that follow a login, without I/O: one ``Call`` (request + parser) per endpoint.

After USER_REGISTER / SOCIAL_BIND: captcha → send a code → bind or register-bind; after
MFA_AUTH: the masked phone → captcha → send a code → ``mfa/sms``; after SUCCESS: refresh the
id_token, or the deprecated ticket route (app token → ticket → user). Each builder takes the
client's ``Settings`` (its device headers stay the same across a flow, as the vendor requires) and
returns the request as it goes over the wire with the function that reads the answer; the clients
run it through ``core.call_flow`` like the login (same retry, same envelope, same id_token check).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

import httpx

from ..contract import (
    CAPTCHA,
    CAPTCHA_VERIFY,
    EMAIL_SEND,
    ID_TOKEN_REFRESH,
    MFA_SMS,
    MOBILE_BY_TOKEN,
    SESSION_REFRESH,
    SMS_SEND,
    SOCIAL_BIND,
    SOCIAL_REGISTER_BIND,
    SSO_TICKET,
    SSO_TICKET_VERIFY,
    TENANT_TOKEN,
    Endpoint,
)
from ..errors import CallFailed
from ..results import (
    AppToken,
    Captcha,
    CaptchaPassed,
    CodeSent,
    Exchange,
    IdaasError,
    MaskedMobile,
    Refreshed,
    Result,
    SessionRefreshed,
    SsoTicket,
    UserInfo,
)
from .core import Parser, Settings, build_request, json_body, parse_response, read_envelope

T = TypeVar("T")

Headers = Mapping[str, "str | None"] | None
Point = tuple[float, float] | Mapping[str, float] | str


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request and how to read its answer (into ``T``)."""

    request: httpx.Request
    parse: Parser[T]


def _json_call(s: Settings, endpoint: Endpoint, fields: Mapping[str, Any] | None,
               parse: Parser[T], extra: Mapping[str, str] | None = None,
               headers: Headers = None) -> Call[T]:
    """The endpoint's request: a JSON body when it takes one, none (and no content-type) else."""
    content = json_body(fields) if fields is not None else None
    return Call(build_request(s, endpoint.method, endpoint.path, content=content,
                              content_type=endpoint.content_type, extra=extra, headers=headers,
                              client_headers=_takes_client_headers(endpoint)), parse)


def _takes_client_headers(endpoint: Endpoint) -> bool:
    """The app-facing calls carry the device headers; the server-to-server ticket route not."""
    return any(h.name == "X-client-id" for h in endpoint.headers)


def _state(token: str) -> dict[str, str]:
    return {"X-state-token": token}


def _bearer(app_token: str | AppToken) -> dict[str, str]:
    token = app_token.access_token if isinstance(app_token, AppToken) else app_token
    return {"Authorization": f"Bearer {token}"}


# --------------------------------------------------------------------------------- parsers
def _answer(exchange: Exchange, *, empty_ok: bool = False) -> dict[str, Any] | IdaasError:
    body = read_envelope(exchange, empty_ok=empty_ok)
    if not isinstance(body, IdaasError) and exchange.status_code != 200:
        raise CallFailed(f"HTTP {exchange.status_code} without the error envelope", exchange)
    return body


def _parsed(build: Callable[[Mapping[str, Any], Exchange], T], *,
            empty_ok: bool = False) -> Parser[T | IdaasError]:
    """A parser: the error envelope as an ``IdaasError``, else ``build(body, exchange)``."""

    def parse(exchange: Exchange, now: datetime) -> T | IdaasError:
        body = _answer(exchange, empty_ok=empty_ok)
        return body if isinstance(body, IdaasError) else build(body, exchange)

    return parse


def _str(body: Mapping[str, Any], key: str) -> str:
    return str(body.get(key) or "")


def _int(body: Mapping[str, Any], key: str) -> int:
    return int(body.get(key) or 0)


def _code_sent(channel: Literal["sms", "email"], to: str,
               type_: str) -> Parser[CodeSent | IdaasError]:
    """The send-code calls answer an empty 200: the result says what was asked for."""
    return _parsed(lambda b, e: CodeSent(exchange=e, channel=channel, to=to, type=type_),
                   empty_ok=True)


def _refreshed(exchange: Exchange, now: datetime) -> Refreshed | IdaasError:
    body = _answer(exchange)
    if isinstance(body, IdaasError):
        return body
    return Refreshed(status=str(body.get("status") or "SUCCESS").strip(), exchange=exchange,
                     session_token=str(body.get("session_token", "")),
                     expire=int(body.get("expire") or 0),
                     id_token=str(body.get("id_token", "")), received_at=now)


# ----------------------------------------------------------------------------- the calls
def point_json(point: Point) -> str:
    """The captcha answer as the vendor sends it: JSON *text* such as ``{"x":237.0,"y":5.0}``."""
    if isinstance(point, str):
        return point
    x, y = (point["x"], point["y"]) if isinstance(point, Mapping) else point
    return json.dumps({"x": float(x), "y": float(y)}, separators=(",", ":"))


def get_captcha(s: Settings, *, headers: Headers = None) -> Call[Captcha | IdaasError]:
    return _json_call(s, CAPTCHA, None, _parsed(lambda b, e: Captcha(
        exchange=e, token=_str(b, "token"), secret_key=_str(b, "secretKey"),
        original_image_base64=_str(b, "originalImageBase64"),
        jigsaw_image_base64=_str(b, "jigsawImageBase64"))), headers=headers)


def verify_captcha(s: Settings, token: str, point: Point, sender: str, *,
                   headers: Headers = None) -> Call[CaptchaPassed | IdaasError]:
    fields = {"point_json": point_json(point), "token": token, "sender": sender}
    return _json_call(s, CAPTCHA_VERIFY, fields, _parsed(lambda b, e: CaptchaPassed(
        exchange=e, captcha_token=_str(b, "captcha_token"))), headers=headers)


def send_sms(s: Settings, mobile: str, type: str, captcha_token: str, *,
             state_token: str | None = None,
             headers: Headers = None) -> Call[CodeSent | IdaasError]:
    """``state_token`` only for ``MFA_AUTH_SMS``: the code goes to that user's phone."""
    fields = {"mobile": mobile, "type": type, "captcha_token": captcha_token}
    extra = _state(state_token) if state_token is not None else None
    return _json_call(s, SMS_SEND, fields, _code_sent("sms", mobile, type), extra, headers)


def send_email(s: Settings, email: str, type: str, captcha_token: str, *,
               headers: Headers = None) -> Call[CodeSent | IdaasError]:
    fields = {"email": email, "type": type, "captcha_token": captcha_token}
    return _json_call(s, EMAIL_SEND, fields, _code_sent("email", email, type), headers=headers)


def _proof(mobile: str | None, email: str | None, verify_code: str) -> dict[str, str | None]:
    if (mobile is None) == (email is None):
        raise TypeError("give exactly one of mobile= or email=")
    return {"mobile": mobile, "email": email, "verify_code": verify_code}


def social_bind(s: Settings, state_token: str, *, mobile: str | None = None,
                email: str | None = None, verify_code: str,
                headers: Headers = None) -> Call[Result]:
    return _json_call(s, SOCIAL_BIND, _proof(mobile, email, verify_code), parse_response,
                      _state(state_token), headers)


def social_register_bind(s: Settings, state_token: str, *, mobile: str | None = None,
                         email: str | None = None, verify_code: str,
                         headers: Headers = None) -> Call[Result]:
    return _json_call(s, SOCIAL_REGISTER_BIND, _proof(mobile, email, verify_code),
                      parse_response, _state(state_token), headers)


def mobile_by_token(s: Settings, state_token: str, *,
                    headers: Headers = None) -> Call[MaskedMobile | IdaasError]:
    return _json_call(s, MOBILE_BY_TOKEN, None, _parsed(lambda b, e: MaskedMobile(
        exchange=e, mobile=_str(b, "mobile"))), _state(state_token), headers)


def mfa_sms(s: Settings, state_token: str, mobile: str, verify_code: str, *,
            headers: Headers = None) -> Call[Result]:
    return _json_call(s, MFA_SMS, {"mobile": mobile, "verify_code": verify_code},
                      parse_response, _state(state_token), headers)


def refresh_id_token(s: Settings, session_token: str, *,
                     headers: Headers = None) -> Call[Refreshed | IdaasError]:
    return _json_call(s, ID_TOKEN_REFRESH, None, _refreshed,
                      {"session-token": session_token}, headers)


# ------------------------------------------------------------------- the deprecated ticket route
def _device_fields(s: Settings) -> dict[str, str | None]:
    d = s.device
    return {"operating_sys_version": d.operating_sys_version, "device_ip": d.device_ip,
            "device_fingerprint": d.device_fingerprint, "agent": d.agent}


def app_token(s: Settings, client_secret: str, *,
              headers: Headers = None) -> Call[AppToken | IdaasError]:
    form = {"grant_type": "client_credentials", "client_id": s.client_id,
            "client_secret": client_secret}
    return Call(build_request(s, TENANT_TOKEN.method, TENANT_TOKEN.path, form=form,
                              headers=headers,
                              client_headers=_takes_client_headers(TENANT_TOKEN)), _parsed(
        lambda b, e: AppToken(exchange=e, access_token=_str(b, "access_token"),
                              token_type=_str(b, "token_type"),
                              expires_in=_int(b, "expires_in"), scope=_str(b, "scope"))))


def sso_ticket(s: Settings, app_token: str | AppToken, session_token: str, *,
               headers: Headers = None) -> Call[SsoTicket | IdaasError]:
    fields = {"session_token": session_token, **_device_fields(s)}
    return _json_call(s, SSO_TICKET, fields, _parsed(lambda b, e: SsoTicket(
        exchange=e, sso_ticket=_str(b, "sso_ticket"), expire=_int(b, "expire"))),
        _bearer(app_token), headers)


def verify_ticket(s: Settings, app_token: str | AppToken, ticket: str | SsoTicket, *,
                  headers: Headers = None) -> Call[UserInfo | IdaasError]:
    value = ticket.sso_ticket if isinstance(ticket, SsoTicket) else ticket
    fields = {"sso_ticket": value, **_device_fields(s)}
    return _json_call(s, SSO_TICKET_VERIFY, fields, _parsed(lambda b, e: UserInfo(
        exchange=e, id=_str(b, "id"), user_name=_str(b, "userName"), name=_str(b, "name"),
        mobile=_str(b, "mobile"), email=_str(b, "email"))), _bearer(app_token), headers)


def refresh_session(s: Settings, app_token: str | AppToken, session_token: str, *,
                    headers: Headers = None) -> Call[SessionRefreshed | IdaasError]:
    fields = {"session_token": session_token, **_device_fields(s)}
    return _json_call(s, SESSION_REFRESH, fields, _parsed(lambda b, e: SessionRefreshed(
        exchange=e, session_token=_str(b, "session_token"), expire=_int(b, "expire"))),
        _bearer(app_token), headers)
