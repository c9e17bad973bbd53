"""What each kind of result shows, decided once for every output format.

``card(result, language)`` turns a result into a ``Card``: the badge, the meaning and the next call
(from the contract), then the sections of its kind, then the raw exchange.
"""

from __future__ import annotations

import json
from typing import Any

from ..contract import WEIBO_LOGIN
from ..errors import CallFailed
from ..results import (
    AccessDenied,
    CallResult,
    Exchange,
    IdaasError,
    LoginResult,
    MfaAuth,
    Refreshed,
    SocialBind,
    Success,
    TokenCheck,
    UserRegister,
)
from .card import Badge, Card, Rich, Row, Section, Tone, fill
from .causes import likely_causes, related_fields, transport_hint
from .followup_cards import call_card
from .labels import FACTORS, FLOW_CODE_TYPES, FLOWS, LABELS
from .times import duration, iso, relative
from .token_panels import token_section

_FLOWS = (UserRegister, SocialBind)
_STATE_TOKEN = (UserRegister, SocialBind, MfaAuth)

STATUS_TONES: dict[str, Tone] = {
    "SUCCESS": "success", "USER_REGISTER": "info", "SOCIAL_BIND": "info",
    "MFA_AUTH": "warn", "ACCESS_DENIED": "error",
}


def card(result: Any, language: str | None = None) -> Card:
    """The content of ``result`` in ``language`` (default: the request's ``X-L``)."""
    if isinstance(result, TokenCheck):
        return _token_card(result, language or "en")
    if isinstance(result, CallFailed):
        return _transport_card(result, language or _language_of(result.exchange))
    lang = language or result.language or "en"
    if isinstance(result, IdaasError):
        return _error_card(result, lang)
    if isinstance(result, LoginResult):
        return _status_card(result, lang)
    if isinstance(result, CallResult):
        return call_card(result, lang, exchange_section)
    raise TypeError(f"cannot render {type(result).__name__}")


def _language_of(exchange: Exchange | None) -> str:
    return (exchange.language if exchange else None) or "en"


# ------------------------------------------------------------------------------------- statuses
def _status_card(result: LoginResult, lang: str) -> Card:
    status = WEIBO_LOGIN.status(result.status)
    notes = []
    if result.status != status.name:
        notes.append(fill(LABELS["status_sent"](lang), value=json.dumps(result.status),
                          name=status.name))
    check = getattr(result, "id_token_check", None)
    if isinstance(result, Success) and not result.ok:  # INVALID, UNVERIFIABLE or never checked
        why = check.explanation if check is not None else LABELS["UNCHECKED"](lang)
        notes.append(fill(LABELS["untrusted_login"](lang), reason=why))
    refreshed = isinstance(result, Refreshed)
    if refreshed:
        notes.append((LABELS["refreshed_note"](lang),))
    return Card(
        badge=Badge(status.name, STATUS_TONES.get(status.name, "neutral")),
        headline=LABELS["refreshed"](lang) if refreshed else status.meaning(lang),
        language=lang,
        next_step=status.next_step(lang),
        notes=tuple(notes),
        sections=(*_status_sections(result, lang), exchange_section(result.exchange, lang)),
    )


def _status_sections(result: LoginResult, lang: str) -> tuple[Section, ...]:
    if isinstance(result, Success):
        return _session(result, lang), token_section(
            result.id_token_check, lang, kind="id_token", token=result.id_token,
            reference=result.received_at)
    if isinstance(result, AccessDenied):
        return (Section(LABELS["denied"](lang), notes=(result.message,), tone="error"),)
    if isinstance(result, _STATE_TOKEN):
        state = token_section(result.state_token_check, lang, kind="state_token",
                              token=result.state_token)
        return _data_section(result, lang), state
    return ()


def _session(result: Success, lang: str) -> Section:
    rows = [
        Row(LABELS["session_token"](lang), result.session_token, code=True),
        Row(LABELS["expire"](lang), LABELS["seconds"](lang).format(n=result.expire),
            hint=duration(result.expire, lang)),
    ]
    expires_at = result.session_expires_at
    if expires_at is not None:
        rows.append(Row(LABELS["expires_at"](lang), iso(expires_at),
                        hint=relative(expires_at, result.received_at, lang)))
        if result.received_at is not None:
            rows.append(Row(LABELS["received_at"](lang), iso(result.received_at)))
    return Section(LABELS["session"](lang), rows=tuple(rows), tone="success")


def _data_section(result: UserRegister | SocialBind | MfaAuth, lang: str) -> Section:
    raw = Row(LABELS["data_raw"](lang), result.data, code=True)
    undocumented = LABELS["undocumented"](lang)
    if isinstance(result, _FLOWS):
        status = WEIBO_LOGIN.status(result.status).name
        rows = tuple(
            Row(flow, FLOWS[flow](lang) if flow in FLOWS else undocumented,
                hint=_code_type(status, flow, lang))
            for flow in result.flows
        )
        title = LABELS["flows"](lang)
    else:
        assert isinstance(result, MfaAuth)
        rows = tuple(Row(f, FACTORS[f](lang) if f in FACTORS else undocumented)
                     for f in result.factors)
        title = LABELS["factors"](lang)
    notes = () if rows else (LABELS["data_unreadable"](lang),)
    return Section(title, notes=notes, rows=(*rows, raw), tone="info")


def _code_type(status: str, flow: str, lang: str) -> str:
    kind = FLOW_CODE_TYPES.get((status, flow))
    return f"{LABELS['sms_type'](lang)} {kind}" if kind else ""


# --------------------------------------------------------------------------------------- errors
def _error_card(error: IdaasError, lang: str) -> Card:
    spec = error.spec
    rows = [Row(LABELS["http_status"](lang), str(error.http_status)),
            Row(LABELS["server_said"](lang), error.error_msg, code=True)]
    notes: list[Rich] = []
    if spec is None:
        notes.append(fill(LABELS["unknown_code"](lang), code=error.error_code))
    else:
        rows += [Row(LABELS["message_en"](lang), spec.message.en),
                 Row(LABELS["message_zh"](lang), spec.message.zh)]
        if spec.source == "sandbox":
            notes.append(fill(LABELS["source_sandbox"](lang), code=spec.code,
                              reason=(spec.reason(lang) if spec.reason else "",)))
        elif spec.source == "family":
            notes.append(fill(LABELS["source_family"](lang), code=spec.code))
    sections = [Section(LABELS["error"](lang), notes=tuple(notes), rows=tuple(rows), tone="error")]
    if spec is not None:
        fields = related_fields(spec)
        sections.append(Section(
            LABELS["cause"](lang), notes=likely_causes(error, lang),
            rows=(Row(LABELS["fields"](lang), ", ".join(fields), code=True),) if fields else (),
            tone="warn"))
    sections.append(exchange_section(error.exchange, lang))
    return Card(
        badge=Badge(error.error_code, "error"),
        headline=spec.message(lang) if spec else error.error_msg,
        language=lang,
        next_step=spec.action(lang) if spec else "",
        next_label="action",
        sections=tuple(sections),
    )


# ---------------------------------------------------------------------------- tokens, transport
def _token_card(check: TokenCheck, lang: str) -> Card:
    panel = token_section(check, lang)
    return Card(badge=panel.badge or Badge(check.verdict, "neutral"),
                headline=LABELS[check.kind](lang), language=lang, sections=(panel,))


def _transport_card(error: CallFailed, lang: str) -> Card:
    sections = (exchange_section(error.exchange, lang),) if error.exchange else ()
    hint = transport_hint(error, lang)
    return Card(badge=Badge(LABELS["transport"](lang), "error"), headline=str(error),
                language=lang, notes=(LABELS["transport_note"](lang), *([hint] if hint else [])),
                sections=sections)


# ------------------------------------------------------------------------------------- exchange
def exchange_section(exchange: Exchange, lang: str) -> Section:
    """The raw request and response, closed by default. No timing: a card is the same bytes
    each time the same exchange is shown, which the executed docs rely on."""
    request = "\n".join([f"{exchange.method} {exchange.url}",
                         *(f"{k}: {v}" for k, v in exchange.request_headers),
                         "", _pretty(exchange.request_body)])
    response = "\n".join([f"HTTP {exchange.status_code}",
                          *(f"{k}: {v}" for k, v in exchange.response_headers),
                          "", _pretty(exchange.response_body)])
    title = f"{LABELS['exchange'](lang)} · {exchange.method} {exchange.status_code}"
    return Section(title, pre=((LABELS["request"](lang), request),
                               (LABELS["response"](lang), response)), collapsed=True)


RAW_LIMIT = 4096
"""Characters of a body shown in the raw exchange; a 64 KiB body would bury the card."""


def _pretty(body: str) -> str:
    """A JSON object body indented for reading; anything else exactly as it went over the wire."""
    try:
        value = json.loads(body)
        if isinstance(value, dict):
            body = json.dumps(value, indent=2, ensure_ascii=False)
    except ValueError:
        pass
    if len(body) <= RAW_LIMIT:
        return body
    return f"{body[:RAW_LIMIT]}… [{len(body) - RAW_LIMIT:,} more characters]"

