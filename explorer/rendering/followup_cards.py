"""Cards for the follow-up answers that are no login status: captcha, code sent, ticket, user...

Each card says what the answer is, the call to make next, the answer's fields (the captcha's two
images drawn inline) and the raw exchange, like a login's card.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from ..results import CallResult, Captcha, CodeSent
from .card import Badge, Card, Row, Section
from .labels import CALLS, LABELS

BADGES = {"Captcha": "CAPTCHA", "CaptchaPassed": "CAPTCHA OK", "CodeSent": "CODE SENT",
          "MaskedMobile": "MOBILE", "AppToken": "APP TOKEN", "SsoTicket": "SSO TICKET",
          "UserInfo": "USER", "SessionRefreshed": "SESSION"}
_IMAGES = ("original_image_base64", "jigsaw_image_base64")


def call_card(result: CallResult, lang: str, exchange_section: Any) -> Card:
    """The card of ``result``; ``exchange_section`` draws the raw exchange (from ``view``)."""
    kind = type(result).__name__
    headline, next_step = CALLS[kind]
    rows = tuple(_row(result, f.name) for f in fields(result)
                 if f.name != "exchange" and f.name not in _IMAGES)
    notes = (LABELS["empty_body"](lang),) if isinstance(result, CodeSent) else ()
    images: tuple[tuple[str, str], ...] = ()
    if isinstance(result, Captcha):
        images = ((LABELS["puzzle"](lang), result.original_image_base64),
                  (LABELS["piece"](lang), result.jigsaw_image_base64))
    answer = Section(f"{LABELS['call'](lang)} · {result.call}", notes=notes, rows=rows,
                     images=images, tone="info")
    return Card(badge=Badge(BADGES.get(kind, kind.upper()), "info"), headline=headline(lang),
                language=lang, next_step=next_step(lang),
                sections=(answer, exchange_section(result.exchange, lang)))


def _row(result: CallResult, name: str) -> Row:
    value = getattr(result, name)
    return Row(name, str(value), code=isinstance(value, str))
