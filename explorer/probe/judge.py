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

from ..catalogue import Msg, Words
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


WORDS: dict[str, Words] = {
    "http_contract": Msg("HTTP {got}, the contract says {want}"),
    "not_json_type": Msg("content-type {type}, not application/json"),
    "missing": Msg("missing"),
    "not_object": Msg("the body is not a JSON object"),
    "envelope_missing": Msg("{name} missing from the envelope"),
    "not_string": Msg("{name} is a JSON {type}, not a string"),
    "extra_fields": Msg("extra fields {names}"),
    "stray_spaces": Msg("{name} {value} has stray spaces"),
    "code_contract": Msg("error_code {got}, the contract says {want}"),
    "english_answer": Msg("English answer {message} where X-L: {language} was asked"),
    "chinese_answer": Msg("Chinese answer {message} where English was asked"),
    "msg_contract": Msg("error_msg {got}, the contract says {want}"),
    "http_expected": Msg("HTTP {got}, expected {want}"),
    "no_keys": Msg("no non-empty keys array"),
    "keys_seen": Msg(", {n} key(s), kid {kids}"),
    "key_not_object": Msg("{where} is not an object"),
    "key_is_not": Msg("{where} is {got}, not {want}"),
    "kid_missing": Msg("{where}.kid missing: an id_token's kid cannot pick it"),
    "kid_not_string": Msg("{where}.kid is a JSON {type}, not a string: an id_token's kid cannot "
                          "pick it"),
    "key_missing": Msg("{where} missing"),
    "alg_assumed": Msg("{where}.alg not given (RS256 assumed)"),
    "shared_kid": Msg("two keys share a kid"),
    "jwks_expected": Msg("HTTP 200, keys: RSA, kid, use sig, alg RS256, n, e"),
    "method_expected": Msg("HTTP {got} for {method}, expected 405"),
    "in_envelope": Msg("in the envelope: {code}"),
    "not_envelope": Msg("not in the API's envelope"),
    "only_post": Msg("HTTP 405 (only POST documented)"),
    "undocumented_code": Msg("{code} is not a documented code"),
    "status_http": Msg("HTTP {got} for a status answer, expected 200"),
    "status_undocumented": Msg("status {status} is not documented"),
    "field_missing": Msg("{name} missing from a {status} answer"),
    "real_login": Msg("your real login"),
    "documented_outcome": Msg("a documented status or error"),
    "status_row": Msg("status {name}"),
    "needs_login": Msg("needs a real Weibo login that ends this way"),
    "needs_user": Msg("needs a real user, a tenant policy or a fault"),
    "id_token_row": Msg("id_token signature"),
    "id_token_expected": Msg("RS256, verifies against the JWKS (kid)"),
    "needs_success": Msg("needs a SUCCESS login"),
    "outcome_row": Msg("outcome"),
    "six_endings": Msg("one of the six endings"),
    "unreadable": Msg("unreadable"),
    "no_jwks": Msg("the JWKS was not available"),
    "announce": Msg("The probe sends {n} requests to {url}, none of which can change the "
                    "tenant's data:"),
    "written": Msg("report written to {path}"),
    "dry_run": Msg("Dry run: the probe would send {n} requests to {url}, none of which can "
                   "change the tenant's data:"),
}


def say(key: str, words: str | None, **values: object) -> str:
    """``WORDS[key]`` in the language ``words`` names (the catalogue's: the pseudo-locale's too),
    placeholders filled."""
    return WORDS[key](words).format(**values)


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


def judge_error(planned: Planned, exchange: Exchange, words: str = "en") -> Check:
    """An error answer: status, envelope, code, message in the language asked."""
    expected = ERRORS[planned.expect]
    language = next((v for k, v in planned.headers.items() if k.lower() == "x-l"), None)
    want_msg = expected.message(language)
    f = _Findings()
    if exchange.status_code != expected.http_status:
        f.differs.append(say("http_contract", words, got=exchange.status_code,
                              want=expected.http_status))
    if _media_type(exchange) != "application/json":
        f.differs.append(say("not_json_type", words,
                              type=_media_type(exchange) or say("missing", words)))
    body = _json(exchange)
    observed = f"HTTP {exchange.status_code}"
    if not isinstance(body, dict):
        f.differs.append(say("not_object", words))
    else:
        for name in ENVELOPE:
            if name not in body:
                f.differs.append(say("envelope_missing", words, name=name))
            elif not isinstance(body[name], str):
                f.differs.append(say("not_string", words, name=name,
                                      type=type(body[name]).__name__))
        extra = sorted(set(body) - set(ENVELOPE))
        if extra:
            f.notes.append(say("extra_fields", words, names=_listed(extra)))
        code = body.get("error_code")
        if isinstance(code, str):
            observed += f" {clip(code)}"
            if code != code.strip():
                f.differs.append(say("stray_spaces", words, name="error_code",
                                      value=clip(repr(code))))
            if code.strip() != expected.code:
                f.differs.append(say("code_contract", words, got=clip(code.strip()),
                                      want=expected.code))
        message = body.get("error_msg")
        if isinstance(message, str):
            observed += f" \"{clip(message)}\""
            f.differs.extend(_language(message, language, want_msg, words))
    paren = "（{}）" if is_chinese(words) else " ({})"
    return _check(planned, expected.code + paren.format(planned.purposes(words).split(" → ")[0]),
                  f"HTTP {expected.http_status} {expected.code} \"{want_msg}\"", observed, f)


def _language(message: str, language: str | None, want: str, words: str) -> list[str]:
    chinese = bool(CJK.search(message))
    if is_chinese(language) and not chinese:
        return [say("english_answer", words, message=clip(repr(message)), language=language)]
    if not is_chinese(language) and chinese:
        return [say("chinese_answer", words, message=clip(repr(message)))]
    if message.strip() != want:
        return [say("msg_contract", words, got=clip(repr(message)), want=repr(want))]
    return []


def judge_jwks(planned: Planned, exchange: Exchange, words: str = "en") -> Check:
    """The JWKS: HTTP 200, ``keys``, each key RSA with a kid, use sig, alg RS256, n and e."""
    f = _Findings()
    if exchange.status_code != 200:
        f.differs.append(say("http_expected", words, got=exchange.status_code, want=200))
    body = _json(exchange)
    keys = body.get("keys") if isinstance(body, dict) else None
    observed = f"HTTP {exchange.status_code}"
    if not isinstance(keys, list) or not keys:
        f.differs.append(say("no_keys", words) if isinstance(body, dict)
                         else say("not_object", words))
    else:
        kids = [k.get("kid") for k in keys if isinstance(k, dict)]
        observed += say("keys_seen", words, n=len(keys), kids=_listed([str(k) for k in kids]))
        for i, key in enumerate(keys):
            if not isinstance(key, dict):
                f.differs.append(say("key_not_object", words, where=f"keys[{i}]"))
                continue
            where = f"keys[{i}]"
            if key.get("kty") != "RSA":
                f.differs.append(say("key_is_not", words, where=f"{where}.kty",
                                      got=clip(repr(key.get("kty"))), want="'RSA'"))
            kid = key.get("kid")
            if not kid:
                f.differs.append(say("kid_missing", words, where=where))
            elif not isinstance(kid, str):
                f.differs.append(say("kid_not_string", words, where=where,
                                      type=type(kid).__name__))
            for name in ("n", "e"):
                if not key.get(name):
                    f.differs.append(say("key_missing", words, where=f"{where}.{name}"))
            if key.get("use", "sig") != "sig":
                f.differs.append(say("key_is_not", words, where=f"{where}.use",
                                      got=clip(repr(key.get("use"))), want="'sig'"))
            if "alg" not in key:
                f.notes.append(say("alg_assumed", words, where=where))
            elif key["alg"] != "RS256":
                f.differs.append(say("key_is_not", words, where=f"{where}.alg",
                                      got=clip(repr(key["alg"])), want="'RS256'"))
        named = [k for k in kids if isinstance(k, str) and k]
        if len(set(named)) != len(named):
            f.differs.append(say("shared_kid", words))
    return _check(planned, "JWKS (GET /api/v1/oauth2/keys)", say("jwks_expected", words),
                  observed, f)


def judge_method(planned: Planned, exchange: Exchange, words: str = "en") -> Check:
    """A method the login does not take: refused with 405 (the vendor page documents only POST)."""
    f = _Findings()
    if exchange.status_code != 405:
        f.differs.append(say("method_expected", words, got=exchange.status_code,
                              method=planned.method))
    body = _json(exchange)
    if isinstance(body, dict) and "error_code" in body:
        f.notes.append(say("in_envelope", words, code=clip(str(body.get("error_code")))))
    elif exchange.status_code == 405:
        f.notes.append(say("not_envelope", words))
    return _check(planned, f"{planned.method} {planned.path}", say("only_post", words),
                  f"HTTP {exchange.status_code}", f)


def judge_login(planned: Planned, exchange: Exchange, words: str = "en") -> Check:
    """The real login: a documented status with its fields, or a documented error."""
    f = _Findings()
    body = _json(exchange)
    observed = f"HTTP {exchange.status_code}"
    if not isinstance(body, dict):
        f.differs.append(say("not_object", words))
    elif "error_code" in body:
        code = str(body["error_code"])
        observed += f" {clip(code)}"
        if code.strip() in ERRORS:
            want = ERRORS[code.strip()].http_status
            if exchange.status_code != want:
                f.differs.append(say("http_contract", words, got=exchange.status_code,
                                      want=want))
        else:
            f.differs.append(say("undocumented_code", words, code=clip(code)))
    else:
        status = str(body.get("status", ""))
        observed += f" {clip(repr(status))}"
        if exchange.status_code != 200:
            f.differs.append(say("status_http", words, got=exchange.status_code))
        if status != status.strip():
            f.differs.append(say("stray_spaces", words, name="status",
                                  value=clip(repr(status))))
        try:
            spec = WEIBO_LOGIN.status(status)
        except KeyError:
            f.differs.append(say("status_undocumented", words, status=clip(repr(status))))
        else:
            for name in spec.fields:
                if name not in body:
                    f.differs.append(say("field_missing", words, name=name, status=spec.name))
    return _check(planned, say("real_login", words), say("documented_outcome", words),
                  observed, f)


def _check(planned: Planned, subject: str, expected: str, observed: str, f: _Findings) -> Check:
    verdict: Verdict = "differs" if f.differs else "matches"
    how = f.differs + f.notes
    if len(how) > MAX_HOW:
        how = how[:MAX_HOW] + [f"… (+{len(how) - MAX_HOW})"]
    return Check(subject, expected, observed, verdict, tuple(how), planned.number)


JUDGES = {"error": judge_error, "language": judge_error, "jwks": judge_jwks,
          "method": judge_method, "login": judge_login}


def untestable(seen: set[str], words: str = "en") -> list[Check]:
    """Rows for what only a real user's login can show (minus what the real login did show),
    in ``words``'s language."""
    lang = "zh" if is_chinese(words) else "en"
    rows = []
    for status in WEIBO_LOGIN.statuses:
        if status.name not in seen:
            rows.append(Check(say("status_row", lang, name=status.name), status.meaning(lang),
                              "—", "untestable", (say("needs_login", lang),)))
    for code in WEIBO_LOGIN.errors:
        error = ERRORS[code]
        if code in seen or error.source != "seed" or code.startswith("IDAAS.SDK.PARAM"):
            continue
        rows.append(Check(code, f"HTTP {error.http_status} \"{error.message(lang)}\"", "—",
                          "untestable", (say("needs_user", lang),)))
    if "id_token" not in seen:
        rows.append(Check(say("id_token_row", lang), say("id_token_expected", lang), "—",
                          "untestable", (say("needs_success", lang),)))
    return rows


__all__ = ["Check", "JUDGES", "MAX_HOW", "QUOTE", "WORDS", "Verdict", "clip", "say",
           "untestable"]
