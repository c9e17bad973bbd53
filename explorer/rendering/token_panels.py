"""JWT panels: the header, the claims with readable times, ``sub``/``api`` decoded, the verdict.

The verdict comes from the ``TokenCheck`` the client made; this module never verifies anything.
Given a bare token (verification was off) it only decodes it, and says so.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import jwt

from ..results import TokenCheck
from .card import Badge, Code, Rich, Row, Section, Tone, fill
from .labels import LABELS, REASON_CLAIMS, REASONS
from .times import duration, from_epoch, iso, relative

TIME_CLAIMS = ("iat", "nbf", "exp", "auth_time")

_VERDICTS: dict[str, tuple[Tone, str]] = {
    "VERIFIED": ("success", "verified_note"),
    "INVALID": ("error", "invalid_note"),
    "UNVERIFIABLE": ("info", "unverifiable_note"),
    "UNCHECKED": ("warn", "unchecked_note"),
}


def token_section(
    check: TokenCheck | None,
    language: str | None,
    *,
    kind: str = "id_token",
    token: str = "",
    reference: datetime | None = None,
) -> Section:
    """The panel of one JWT: from a ``TokenCheck``, or from a bare token decoded unverified."""
    if check is None:
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            return Section(LABELS[kind](language), Badge(LABELS["MALFORMED"](language), "error"),
                           notes=(fill(LABELS["malformed_note"](language), detail=str(exc)),),
                           rows=(Row(LABELS["token"](language), token, code=True),), tone="error")
        verdict, reason = "UNCHECKED", None
    else:
        header, claims, verdict, reason = check.header, check.claims, check.verdict, check.reason
        kind, token = check.kind, check.token
        reference = check.checked_at or reference
    tone, note_key = _VERDICTS[verdict]
    if verdict == "UNVERIFIABLE" and kind == "id_token":
        note_key = "unverifiable_id_note"
    note = fill(LABELS[note_key](language),
                reason=_reason(reason, language, check.detail if check is not None else None),
                alg=str(header.get("alg", "?")))
    rows = [Row(LABELS["token"](language), token, code=True)]
    if check is not None and check.checked_at is not None:
        rows.append(Row(LABELS["checked_at"](language), iso(check.checked_at),
                        hint=LABELS["at_clock"](language).format(
                            clock=_clock(check.clock, language)) if check.clock else ""))
    return Section(
        LABELS[kind](language),
        Badge(LABELS[verdict](language), tone),
        notes=(note,),
        rows=tuple(rows),
        children=tuple(part for part in (
            Section(LABELS["jwt_header"](language), rows=_plain_rows(header)),
            Section(LABELS["claims"](language),
                    rows=claim_rows(claims, reference, language,
                                    failed=REASON_CLAIMS.get(reason or ""))),
            *_decoded(claims, language),
        ) if part.rows),
        tone=tone,
    )


def claim_rows(claims: dict[str, Any], reference: datetime | None, language: str | None,
               failed: str | None = None) -> tuple[Row, ...]:
    """One row per claim; NumericDates as ISO dates with the epoch and a relative phrase; the
    claim a verification failed on (``failed``) is marked."""
    rows = []
    for name, value in claims.items():
        mark = LABELS["failed_claim"](language) if name == failed else ""
        moment = from_epoch(value) if name in TIME_CLAIMS else None
        if moment is not None:
            when = relative(moment, reference, language)
            rows.append(Row(name, iso(moment),
                            hint=" · ".join(filter(None, (str(value), when, mark)))))
        else:
            rows.append(Row(name, _show(value), code=True, hint=mark))
    lifetime = _lifetime(claims, language)
    if lifetime:
        rows.append(Row(LABELS["lifetime"](language), lifetime))
    return tuple(rows)


def _clock(name: str, language: str | None) -> str:
    key = {"sandbox clock": "sandbox_clock", "wall clock": "wall_clock"}.get(name)
    return LABELS[key](language) if key else name


def _reason(reason: str | None, language: str | None,
            detail: str | None = None) -> Code | Rich:
    """The client's short reason, explained when it is one of the known ones, then its detail
    (e.g. the expected and the received ``iss``)."""
    extra = f" ({detail})" if detail else ""
    if reason in REASONS:
        return (Code(reason), f" — {REASONS[reason](language)}{extra}")
    return (Code(reason or "?"), extra) if extra else Code(reason or "?")


def _lifetime(claims: dict[str, Any], language: str | None) -> str:
    exp, iat = from_epoch(claims.get("exp")), from_epoch(claims.get("iat"))
    if exp is None or iat is None:
        return ""
    return duration((exp - iat).total_seconds(), language)


def _decoded(claims: dict[str, Any], language: str | None) -> tuple[Section, ...]:
    """``api`` and a JSON ``sub`` hold JSON strings inside the JSON: shown decoded as tables."""
    out = []
    for name, key in (("sub", "sub_claim"), ("api", "api_claim")):
        value = _json_inside(claims.get(name))
        if isinstance(value, dict):
            out.append(Section(LABELS[key](language), rows=_plain_rows(value)))
    return tuple(out)


def _plain_rows(mapping: dict[str, Any]) -> tuple[Row, ...]:
    return tuple(Row(str(k), _show(v), code=True) for k, v in mapping.items())


def _json_inside(value: Any) -> Any:
    if isinstance(value, str) and value[:1] == "{":
        try:
            return json.loads(value)
        except ValueError:
            return None
    return None


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

