"""Each answer of the probe held against the contract: *matches*, *differs* (saying how), or
*not testable without credentials*.

A difference is named precisely, so a reader can act on it: "HTTP 200, the contract says 400",
"error_msg missing", "status 'SUCCESS ' has stray spaces", "English answer where X-L: zh was
asked". Pure functions of the recorded ``Exchange``; no I/O.

What a tenant sent is quoted clipped (``clip``) and a row lists at most ``MAX_HOW`` differences,
so a huge or many-keyed answer cannot make a huge row; a value of the wrong JSON type is a
difference, never an exception.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ..contract import ERRORS, WEIBO_LOGIN, is_chinese
from ..results import Exchange
from .planned import Planned

Verdict = Literal["matches", "differs", "untestable"]
CJK = re.compile(r"[\u4e00-\u9fff]")
ENVELOPE = ("error_code", "error_msg")
QUOTE = 120
"""The most characters of a tenant's value a row quotes."""
MAX_HOW = 12
"""The most differences and remarks one row lists."""


def clip(text: str, limit: int = QUOTE) -> str:
    """``text``, cut to ``limit`` characters (an ellipsis says it was cut)."""
    return text if len(text) <= limit else text[:limit] + "…"


def _listed(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(clip(item, 40) for item in items[:limit])
    return shown + (f", … (+{len(items) - limit})" if len(items) > limit else "")


@dataclass(frozen=True)
class Check:
    """One row of the probe's table."""

    subject: str
    expected: str
    observed: str
    verdict: Verdict
    how: tuple[str, ...] = ()
    """What differs (on *differs*), or remarks that do not break the contract."""
    request: int | None = None
    """The number of the probe request this row judges."""


@dataclass
class _Findings:
    differs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _json(exchange: Exchange) -> Any:
    try:
        return json.loads(exchange.response_body)
    except ValueError:
        return None


def _media_type(exchange: Exchange) -> str:
    value = next((v for k, v in exchange.response_headers if k.lower() == "content-type"), "")
    return value.split(";", 1)[0].strip().lower()


def judge_error(planned: Planned, exchange: Exchange) -> Check:
    """An error answer: status, envelope, code, message in the language asked."""
    expected = ERRORS[planned.expect]
    language = next((v for k, v in planned.headers.items() if k.lower() == "x-l"), None)
    want_msg = expected.message(language)
    f = _Findings()
    if exchange.status_code != expected.http_status:
        f.differs.append(f"HTTP {exchange.status_code}, the contract says {expected.http_status}")
    if _media_type(exchange) != "application/json":
        f.differs.append(f"content-type {_media_type(exchange) or 'missing'}, not application/json")
    body = _json(exchange)
    observed = f"HTTP {exchange.status_code}"
    if not isinstance(body, dict):
        f.differs.append("the body is not a JSON object")
    else:
        for name in ENVELOPE:
            if name not in body:
                f.differs.append(f"{name} missing from the envelope")
            elif not isinstance(body[name], str):
                f.differs.append(f"{name} is a JSON {type(body[name]).__name__}, not a string")
        extra = sorted(set(body) - set(ENVELOPE))
        if extra:
            f.notes.append("extra fields " + _listed(extra))
        code = body.get("error_code")
        if isinstance(code, str):
            observed += f" {clip(code)}"
            if code != code.strip():
                f.differs.append(f"error_code {clip(repr(code))} has stray spaces")
            if code.strip() != expected.code:
                f.differs.append(f"error_code {clip(code.strip())}, the contract says "
                                 f"{expected.code}")
        message = body.get("error_msg")
        if isinstance(message, str):
            observed += f" \"{clip(message)}\""
            f.differs.extend(_language(message, language, want_msg))
    return _check(planned, f"{expected.code} ({planned.purpose.split(' → ')[0]})",
                  f"HTTP {expected.http_status} {expected.code} \"{want_msg}\"", observed, f)


def _language(message: str, language: str | None, want: str) -> list[str]:
    chinese = bool(CJK.search(message))
    if is_chinese(language) and not chinese:
        return [f"English answer {clip(repr(message))} where X-L: {language} was asked"]
    if not is_chinese(language) and chinese:
        return [f"Chinese answer {clip(repr(message))} where English was asked"]
    if message.strip() != want:
        return [f"error_msg {clip(repr(message))}, the contract says {want!r}"]
    return []


def judge_jwks(planned: Planned, exchange: Exchange) -> Check:
    """The JWKS: HTTP 200, ``keys``, each key RSA with a kid, use sig, alg RS256, n and e."""
    f = _Findings()
    if exchange.status_code != 200:
        f.differs.append(f"HTTP {exchange.status_code}, expected 200")
    body = _json(exchange)
    keys = body.get("keys") if isinstance(body, dict) else None
    observed = f"HTTP {exchange.status_code}"
    if not isinstance(keys, list) or not keys:
        f.differs.append("no non-empty keys array" if isinstance(body, dict)
                         else "the body is not a JSON object")
    else:
        kids = [k.get("kid") for k in keys if isinstance(k, dict)]
        observed += f", {len(keys)} key(s), kid " + _listed([str(k) for k in kids])
        for i, key in enumerate(keys):
            if not isinstance(key, dict):
                f.differs.append(f"keys[{i}] is not an object")
                continue
            where = f"keys[{i}]"
            if key.get("kty") != "RSA":
                f.differs.append(f"{where}.kty is {clip(repr(key.get('kty')))}, not 'RSA'")
            kid = key.get("kid")
            if not kid:
                f.differs.append(f"{where}.kid missing: an id_token's kid cannot pick it")
            elif not isinstance(kid, str):
                f.differs.append(f"{where}.kid is a JSON {type(kid).__name__}, not a string: "
                                 "an id_token's kid cannot pick it")
            for name in ("n", "e"):
                if not key.get(name):
                    f.differs.append(f"{where}.{name} missing")
            if key.get("use", "sig") != "sig":
                f.differs.append(f"{where}.use is {clip(repr(key.get('use')))}, not 'sig'")
            if "alg" not in key:
                f.notes.append(f"{where}.alg not given (RS256 assumed)")
            elif key["alg"] != "RS256":
                f.differs.append(f"{where}.alg is {clip(repr(key['alg']))}, not 'RS256'")
        named = [k for k in kids if isinstance(k, str) and k]
        if len(set(named)) != len(named):
            f.differs.append("two keys share a kid")
    return _check(planned, "JWKS (GET /api/v1/oauth2/keys)",
                  "HTTP 200, keys: RSA, kid, use sig, alg RS256, n, e", observed, f)


def judge_method(planned: Planned, exchange: Exchange) -> Check:
    """A method the login does not take: refused with 405 (the vendor page documents only POST)."""
    f = _Findings()
    if exchange.status_code != 405:
        f.differs.append(f"HTTP {exchange.status_code} for {planned.method}, expected 405")
    body = _json(exchange)
    if isinstance(body, dict) and "error_code" in body:
        f.notes.append(f"in the envelope: {clip(str(body.get('error_code')))}")
    elif exchange.status_code == 405:
        f.notes.append("not in the API's envelope")
    return _check(planned, f"{planned.method} {planned.path}", "HTTP 405 (only POST documented)",
                  f"HTTP {exchange.status_code}", f)


def judge_login(planned: Planned, exchange: Exchange) -> Check:
    """The real login: a documented status with its fields, or a documented error."""
    f = _Findings()
    body = _json(exchange)
    observed = f"HTTP {exchange.status_code}"
    if not isinstance(body, dict):
        f.differs.append("the body is not a JSON object")
    elif "error_code" in body:
        code = str(body["error_code"])
        observed += f" {clip(code)}"
        if code.strip() in ERRORS:
            want = ERRORS[code.strip()].http_status
            if exchange.status_code != want:
                f.differs.append(f"HTTP {exchange.status_code}, the contract says {want}")
        else:
            f.differs.append(f"{clip(code)} is not a documented code")
    else:
        status = str(body.get("status", ""))
        observed += f" {clip(repr(status))}"
        if exchange.status_code != 200:
            f.differs.append(f"HTTP {exchange.status_code} for a status answer, expected 200")
        if status != status.strip():
            f.differs.append(f"status {clip(repr(status))} has stray spaces")
        try:
            spec = WEIBO_LOGIN.status(status)
        except KeyError:
            f.differs.append(f"status {clip(repr(status))} is not documented")
        else:
            for name in spec.fields:
                if name not in body:
                    f.differs.append(f"{name} missing from a {spec.name} answer")
    return _check(planned, "your real login", "a documented status or error", observed, f)


def _check(planned: Planned, subject: str, expected: str, observed: str, f: _Findings) -> Check:
    verdict: Verdict = "differs" if f.differs else "matches"
    how = f.differs + f.notes
    if len(how) > MAX_HOW:
        how = how[:MAX_HOW] + [f"… (+{len(how) - MAX_HOW})"]
    return Check(subject, expected, observed, verdict, tuple(how), planned.number)


JUDGES = {"error": judge_error, "language": judge_error, "jwks": judge_jwks,
          "method": judge_method, "login": judge_login}


def untestable(seen: set[str]) -> list[Check]:
    """Rows for what only a real user's login can show (minus what the real login did show)."""
    rows = []
    for status in WEIBO_LOGIN.statuses:
        if status.name not in seen:
            rows.append(Check(f"status {status.name}", status.meaning.en, "—", "untestable",
                              ("needs a real Weibo login that ends this way",)))
    for code in WEIBO_LOGIN.errors:
        error = ERRORS[code]
        if code in seen or error.source != "seed" or code.startswith("IDAAS.SDK.PARAM"):
            continue
        rows.append(Check(code, f"HTTP {error.http_status} \"{error.message.en}\"", "—",
                          "untestable", ("needs a real user, a tenant policy or a fault",)))
    if "id_token" not in seen:
        rows.append(Check("id_token signature", "RS256, verifies against the JWKS (kid)", "—",
                          "untestable", ("needs a SUCCESS login",)))
    return rows


__all__ = ["Check", "JUDGES", "MAX_HOW", "QUOTE", "Verdict", "clip", "untestable"]
