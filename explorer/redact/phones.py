"""Phone numbers in every national and international form, found by libphonenumber.

A cheap pattern proposes candidates (digits with spaces, dots, dashes, brackets, a ``+`` or
``00``); libphonenumber decides which are numbers. Dates, decimals and SVG path data are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PHONE_CANDIDATE = re.compile(r"(?<![\w+/=.%-])(?:\+|00)?[ \t]?\(?\+?\d[\d \t().\-]{5,22}\d"
                             r"(?![\w/=%]|\.\d)")
DATE_LIKE = re.compile(r"\(?\d{4}[-./]\d{1,2}[-./]\d{1,2}\b|\d{1,2}[-./]\d{1,2}[-./]\d{4}\b")


def _decimals(raw: str) -> bool:
    """Decimal numbers rather than a number written with dots (``1.81.91-3.06``, an SVG path's
    ``1.1 1.19``): a dot beside a dash, or a dotted group shorter than three digits."""
    if "." not in raw:
        return False
    if "-" in raw:
        return True
    groups = re.split(r"[.\s()]+", raw.lstrip("+").strip("()"))
    groups = [g for g in groups if g]
    return any(len(g) < 3 for g in (groups[1:] if raw.startswith("+") else groups))


def phones(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, E.164) of every phone number in ``text``: international numbers of any
    country, mainland mobiles in any spelling (dots, dashes, brackets, spaces), and numbers
    written nationally with their trunk ``0`` (``(010) 6552-9988``). libphonenumber decides
    (imported on the first candidate: a client that never redacts never loads it)."""
    for m in PHONE_CANDIDATE.finditer(text):
        raw = m.group(0).strip()
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 15 or DATE_LIKE.match(raw) or _decimals(raw):
            continue
        international = raw.lstrip("(").startswith(("+", "00"))
        import phonenumbers

        try:
            number = phonenumbers.parse(raw if not raw.startswith("00") else "+" + raw[2:], "CN")
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        kind = phonenumbers.number_type(number)
        mobile = kind in (phonenumbers.PhoneNumberType.MOBILE,
                          phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        national = raw.lstrip("(").startswith("0") and bool(re.search(r"[\s().-]", raw))
        if international or mobile or national:
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            yield start, start + len(raw), e164


__all__ = ["phones"]
