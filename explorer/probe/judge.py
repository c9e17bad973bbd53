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

from ..contract import ERRORS, WEIBO_LOGIN, Text, is_chinese
from ..results import Exchange
from .planned import Planned

Verdict = Literal["matches", "differs", "untestable"]
CJK = re.compile(r"[\u4e00-\u9fff]")
ENVELOPE = ("error_code", "error_msg")
QUOTE = 120
"""The most characters of a tenant's value a row quotes."""
MAX_HOW = 12
"""The most differences and remarks one row lists."""


WORDS: dict[str, Text] = {
    "http_contract": Text("HTTP {got}, the contract says {want}", "HTTP {got}，契约规定为 {want}"),
    "not_json_type": Text("content-type {type}, not application/json",
                          "content-type 为 {type}，不是 application/json"),
    "missing": Text("missing", "缺失"),
    "not_object": Text("the body is not a JSON object", "响应体不是 JSON 对象"),
    "envelope_missing": Text("{name} missing from the envelope", "错误格式中缺少 {name}"),
    "not_string": Text("{name} is a JSON {type}, not a string",
                       "{name} 是 JSON {type}，不是字符串"),
    "extra_fields": Text("extra fields {names}", "多出的字段：{names}"),
    "stray_spaces": Text("{name} {value} has stray spaces", "{name} {value} 带有多余的空格"),
    "code_contract": Text("error_code {got}, the contract says {want}",
                          "error_code 为 {got}，契约规定为 {want}"),
    "english_answer": Text("English answer {message} where X-L: {language} was asked",
                           "请求了 X-L: {language}，应答却是英文 {message}"),
    "chinese_answer": Text("Chinese answer {message} where English was asked",
                           "请求的是英文，应答却是中文 {message}"),
    "msg_contract": Text("error_msg {got}, the contract says {want}",
                         "error_msg 为 {got}，契约规定为 {want}"),
    "http_expected": Text("HTTP {got}, expected {want}", "HTTP {got}，预期为 {want}"),
    "no_keys": Text("no non-empty keys array", "没有非空的 keys 数组"),
    "keys_seen": Text(", {n} key(s), kid {kids}", "，{n} 个密钥，kid {kids}"),
    "key_not_object": Text("{where} is not an object", "{where} 不是对象"),
    "key_is_not": Text("{where} is {got}, not {want}", "{where} 为 {got}，不是 {want}"),
    "kid_missing": Text("{where}.kid missing: an id_token's kid cannot pick it",
                        "缺少 {where}.kid：id_token 的 kid 无法选中它"),
    "kid_not_string": Text("{where}.kid is a JSON {type}, not a string: an id_token's kid cannot "
                           "pick it", "{where}.kid 是 JSON {type}，不是字符串：id_token 的 kid "
                           "无法选中它"),
    "key_missing": Text("{where} missing", "缺少 {where}"),
    "alg_assumed": Text("{where}.alg not given (RS256 assumed)",
                        "未给出 {where}.alg（按 RS256 处理）"),
    "shared_kid": Text("two keys share a kid", "两个密钥使用同一个 kid"),
    "jwks_expected": Text("HTTP 200, keys: RSA, kid, use sig, alg RS256, n, e",
                          "HTTP 200，keys：RSA、kid、use sig、alg RS256、n、e"),
    "method_expected": Text("HTTP {got} for {method}, expected 405",
                            "{method} 得到 HTTP {got}，预期为 405"),
    "in_envelope": Text("in the envelope: {code}", "使用错误格式：{code}"),
    "not_envelope": Text("not in the API's envelope", "没有使用本 API 的错误格式"),
    "only_post": Text("HTTP 405 (only POST documented)", "HTTP 405（文档只列出 POST）"),
    "undocumented_code": Text("{code} is not a documented code", "{code} 不是文档中的错误码"),
    "status_http": Text("HTTP {got} for a status answer, expected 200",
                        "状态应答得到 HTTP {got}，预期为 200"),
    "status_undocumented": Text("status {status} is not documented", "状态 {status} 不在文档中"),
    "field_missing": Text("{name} missing from a {status} answer", "{status} 应答中缺少 {name}"),
    "real_login": Text("your real login", "你的真实登录"),
    "documented_outcome": Text("a documented status or error", "文档中的某个状态或错误"),
    "status_row": Text("status {name}", "状态 {name}"),
    "needs_login": Text("needs a real Weibo login that ends this way",
                        "需要一次以此结束的真实微博登录"),
    "needs_user": Text("needs a real user, a tenant policy or a fault",
                       "需要真实用户、租户策略或故障"),
    "id_token_row": Text("id_token signature", "id_token 签名"),
    "id_token_expected": Text("RS256, verifies against the JWKS (kid)",
                              "RS256，可用 JWKS（按 kid）验证"),
    "needs_success": Text("needs a SUCCESS login", "需要一次 SUCCESS 登录"),
    "outcome_row": Text("outcome", "结果"),
    "six_endings": Text("one of the six endings", "六种结局之一"),
    "unreadable": Text("unreadable", "无法读取"),
    "no_jwks": Text("the JWKS was not available", "拿不到 JWKS"),
    "announce": Text("The probe sends {n} requests to {url}, none of which can change the "
                     "tenant's data:",
                     "探测将向 {url} 发送 {n} 个请求，它们都不会改变租户的数据："),
    "written": Text("report written to {path}", "报告已写入 {path}"),
    "dry_run": Text("Dry run: the probe would send {n} requests to {url}, none of which can "
                    "change the tenant's data:",
                    "试运行：探测会向 {url} 发送 {n} 个请求，它们都不会改变租户的数据："),
}


def say(key: str, words: str | None, **values: object) -> str:
    """``WORDS[key]`` in the language ``words`` names, placeholders filled."""
    return WORDS[key]("zh" if is_chinese(words) else "en").format(**values)


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
