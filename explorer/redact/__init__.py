"""Redaction: every secret and personal value of an exchange replaced by a stable placeholder.

A recording of a real tenant must be safe to commit and publish, yet still read as a flow: the
state_token the login answered must visibly be the one the bind call sends. So a ``Redactor``
gives each distinct value one placeholder for its whole life (``redacted-phone-1`` everywhere the
same phone appears), and remembers every value it replaced so that a later copy of it — in a
header, a JWT claim, a URL — is replaced too.

What to replace comes from the one rule table (``explorer.redact.rules``) through the one detector
(``explorer.redact.detect``) that the publish gate uses too, so whatever the gate would refuse,
redaction has replaced. A user adds a rule with ``Redactor(extra=(Rule(...),))``. JWTs keep their
header and claims decodable; the signature becomes a placeholder and personal claims are masked.
This package sits low, beside ``contract.py``, so the client, the form, the scanner and the docs
can all use it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .detect import (
    Hit,
    find,
    is_lines,
    is_pair,
    pair,
    personal_container,
    rule_for_key,
    split_credential,
)
from .rules import EMAIL, IPV4, JWT, MIN_LITERAL, PHONE, PLACEHOLDER, PLAIN_KEYS, RULES, Rule


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_TEST_NETS = ("192.0.2.", "198.51.100.", "203.0.113.")
"""RFC 5737's documentation ranges: the placeholders of IP addresses."""


@dataclass
class Redactor:
    """Replaces secrets with placeholders, the same value always with the same one.

    ``extra`` rules are added to ``RULES``; ``keep`` lists values never replaced (e.g. the
    tenant's public client id if a rule would catch it).
    """

    extra: tuple[Rule, ...] = ()
    keep: frozenset[str] = frozenset()
    seen: dict[str, str] = field(default_factory=dict)
    """Every value replaced so far → its placeholder."""
    _counts: dict[str, int] = field(default_factory=dict)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return RULES + tuple(self.extra)

    # ------------------------------------------------------------------------- placeholders
    def placeholder(self, rule: str, value: str) -> str:
        """The stable placeholder of ``value`` under ``rule`` (a new one on first sight)."""
        if value in self.seen:
            return self.seen[value]
        if PLACEHOLDER.fullmatch(value) or not value.strip() or value in self.keep:
            return value
        if rule == "ip" and value.startswith(_TEST_NETS):
            return value
        self._counts[rule] = self._counts.get(rule, 0) + 1
        token = f"redacted-{rule}-{self._counts[rule]}"
        if rule == "email":
            token += "@redacted.invalid"
        elif rule == "ip":  # still an address, so a redacted request passes validation
            token = _TEST_NETS[(self._counts[rule] - 1) // 254 % 3] + str(
                (self._counts[rule] - 1) % 254 + 1)
        self.seen[value] = token
        return token

    # ----------------------------------------------------------------------------- values
    def value(self, key: str, value: Any, *, claims: bool = False,
              rule: Rule | None = None) -> Any:
        """A field's value redacted by its key's rule (and recursively, by content)."""
        if rule is None:
            rule = (rule_for_key(key, value, rules=self.rules, claims=claims)
                    or personal_container(key, value, self.rules))
        carry = rule if rule is not None and rule.personal else None
        if isinstance(value, Mapping):
            return self.mapping(value, claims=claims, rule=carry)
        if isinstance(value, list):
            if is_lines(value):  # lines of one text (a notebook's source)
                return self.text("".join(value)).splitlines(keepends=True)
            return [self._item(key, item, claims=claims, rule=carry) for item in value]
        if isinstance(value, str) and (nested := _json_object(value)) is not None:
            # a JSON string inside a field (the id_token's ``api``, a state_token's ``sub``)
            return json.dumps(self.mapping(nested, claims=claims or rule is not None),
                              ensure_ascii=False, separators=(",", ":"))
        if value is None or isinstance(value, bool):
            return value
        if rule is None:
            if isinstance(value, str):
                return self.text(value)
            return self._number(value)
        text = str(value)
        if rule.name == "jwt" or JWT.fullmatch(text):
            return self.jwt(text)
        spans = split_credential(rule.name, text)
        for start, end in reversed(spans):
            part = text[start:end]
            replaced = self.jwt(part) if JWT.fullmatch(part) else self.placeholder(rule.name, part)
            text = text[:start] + replaced + text[end:]
        return text

    def _item(self, key: str, item: Any, *, claims: bool, rule: Rule | None) -> Any:
        if is_pair(item):  # a header pair: [name, value] or HAR's {"name": …, "value": …}
            name, value = pair(item)
            redacted = self.value(name, value)
            return [name, redacted] if isinstance(item, list) else {**item, "value": redacted}
        return self.value(key, item, claims=claims, rule=rule)

    def _number(self, value: Any) -> Any:
        """A bare JSON number is kept unless it is a phone number (then it becomes a string)."""
        text = str(value)
        redacted = self.text(text)
        return value if redacted == text else redacted

    def mapping(self, data: Mapping[str, Any], *, claims: bool = False,
                rule: Rule | None = None) -> dict[str, Any]:
        return {key: self.value(key, item, claims=claims, rule=rule)
                for key, item in data.items()}

    def jwt(self, token: str) -> str:
        """The JWT with its claims redacted (personal ones masked) and a placeholder signature."""
        parts = token.split(".")
        if len(parts) != 3:
            return self.placeholder("jwt", token)
        try:
            claims = json.loads(_b64decode(parts[1]))
        except ValueError:
            return self.placeholder("jwt", token)
        if token in self.seen:
            return self.seen[token]
        if PLACEHOLDER.fullmatch(parts[2]):
            return token  # redacted already
        masked = self.mapping(claims, claims=True) if isinstance(claims, dict) else claims
        payload = _b64encode(json.dumps(masked, ensure_ascii=False, separators=(",", ":")).encode())
        signature = self.placeholder("signature", parts[2] or token)  # alg none gets one too
        redacted = f"{parts[0]}.{payload}.{signature}"
        self.seen[token] = redacted
        return redacted

    def text(self, text: str) -> str:
        """Free text: known values first (longest first), then whatever the detector finds."""
        for value in sorted(self.seen, key=len, reverse=True):
            if len(value) >= MIN_LITERAL and value in text:
                text = text.replace(value, self.seen[value])
        for _ in range(3):  # a value found decoded may reveal another once replaced
            hits = _outermost(find(text, self.rules))
            if not hits:
                break
            for hit in reversed(hits):
                text = text[:hit.start] + self._replacement(hit, text[hit.start:hit.end]) + \
                    text[hit.end:]
        return text

    def _replacement(self, hit: Hit, original: str) -> str:
        if hit.rule == "jwt" and hit.via in ("", "joined"):
            return self.jwt(hit.value)
        if hit.via == "base64":  # the whole run it was found in goes
            return self.placeholder(hit.rule, original)
        token = self.placeholder(hit.rule, hit.value)
        if original != hit.value and token != hit.value:
            self.seen.setdefault(original, token)  # its encoded spelling too
        return token

    # -------------------------------------------------------------------------- exchanges
    def headers(self, headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, self.value(name, value)) for name, value in headers]

    def body(self, body: str, content_type: str = "") -> str:
        """A request or response body: JSON by keys, a form by fields, anything else as text."""
        data = _json_value(body)
        if isinstance(data, (dict, list)):
            return json.dumps(self.data(data), ensure_ascii=False, separators=(",", ":"))
        if "x-www-form-urlencoded" in content_type.lower() and body:
            fields = parse_qsl(body, keep_blank_values=True)
            return urlencode([(key, self.value(key, value)) for key, value in fields])
        return self.text(body)

    def exchange(self, exchange: Mapping[str, Any]) -> dict[str, Any]:
        """An exchange as plain data (``method``, ``url``, ``request_headers`` as pairs, bodies,
        ``status_code``, ``response_headers``...) with every secret replaced.

        Structured fields go first so that values found by key are known when the free text
        (the URL, a plain-text body) is read.
        """
        out = dict(exchange)
        request_headers = _pairs(exchange.get("request_headers"))
        response_headers = _pairs(exchange.get("response_headers"))
        out["request_headers"] = self.headers(request_headers)
        out["response_headers"] = self.headers(response_headers)
        out["request_body"] = self.body(str(exchange.get("request_body") or ""),
                                        _content_type(request_headers))
        out["response_body"] = self.body(str(exchange.get("response_body") or ""),
                                         _content_type(response_headers))
        out["url"] = self.url(str(exchange.get("url", "")))
        # a second pass: values learned late (a response's token) inside earlier fields
        out["request_headers"] = [(n, self.text(v)) for n, v in out["request_headers"]]
        out["request_body"] = self.text(out["request_body"])
        return out

    def url(self, url: str) -> str:
        """A URL with its query and fragment parameters redacted by name, then as text."""
        rest, hash_, fragment = url.partition("#")
        base, sep, query = rest.partition("?")
        if sep and query:
            rest = base + "?" + self._params(query)
        if hash_ and "=" in fragment:
            fragment = self._params(fragment)
        return self.text(rest + hash_ + fragment)

    def _params(self, query: str) -> str:
        fields = parse_qsl(query, keep_blank_values=True)
        return urlencode([(k, self.value(k, v, claims=True)) for k, v in fields])

    def data(self, data: Any) -> Any:
        """Any JSON value (a notebook, a HAR file, a recording) with every secret replaced."""
        if isinstance(data, dict):
            return self.mapping(data)
        if isinstance(data, list):
            return self.value("", data)
        return self.value("", data)

    def document(self, text: str, suffix: str = "") -> str:
        """A whole file's text: JSON (notebooks, HAR, recordings) by structure, the rest as text."""
        if suffix.lower() in (".json", ".ipynb", ".har"):
            data = _json_value(text)
            if isinstance(data, (dict, list)):
                return self.finish(json.dumps(self.data(data), ensure_ascii=False, indent=1))
        return self.text(text)

    def finish(self, document: str) -> str:
        """A whole serialized document once more through every known value (belt and braces)."""
        return self.text(document)


def _outermost(hits: list[Hit]) -> list[Hit]:
    """The hits to replace: no two overlapping (the earliest, then the longest, wins)."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if hit.end > hit.start and (not chosen or hit.start >= chosen[-1].end):
            chosen.append(hit)
    return chosen


def _pairs(headers: Any) -> list[tuple[str, str]]:
    if not headers:
        return []
    items = headers.items() if isinstance(headers, Mapping) else headers
    return [(str(name), str(value)) for name, value in items]


def _content_type(headers: list[tuple[str, str]]) -> str:
    return next((v for n, v in headers if n.lower() == "content-type"), "")


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _json_object(text: str) -> dict[str, Any] | None:
    if not text.startswith("{"):
        return None
    value = _json_value(text)
    return value if isinstance(value, dict) else None


TABLE_WORDS = {
    "en": ("Rule", "What it hides", "Keys, headers, fields, claims", "Found in text",
           "Publish gate", "its pattern", "libphonenumber", "beside its key", "refuses",
           "redacts only",
           "† only inside a token's claims, a URL's query or fragment, or when the value looks "
           "like a secret."),
    "zh": ("规则", "隐藏什么", "键、请求头、字段、声明", "在文本中如何找到", "发布检查", "按其模式",
           "libphonenumber", "写在键旁", "拒绝", "只脱敏",
           "† 只在令牌的声明、URL 的查询或片段中，或值看起来像密钥时才取。"),
}


def rules_table(language: str = "en", rules: tuple[Rule, ...] = RULES) -> str:
    """The rule table as Markdown, as ``docs/redaction.md`` shows it (``weibo-explorer scan
    --rules`` prints it; a test keeps the page equal to it)."""
    words = TABLE_WORDS["zh" if language == "zh" else "en"]
    lines = [f"| {' | '.join(words[:5])} |", "|---|---|---|---|---|"]
    for rule in rules:
        keys = ", ".join(f"`{k}`" + ("†" if k in PLAIN_KEYS else "") for k in rule.keys)
        found = [words[5]] if rule.pattern is not None else []
        found += [words[6]] if rule.finder == "phone" else []
        found += [words[7]] if rule.context else []
        description = rule.description(language)
        lines.append(f"| `{rule.name}` | {description} | {keys or '—'} | "
                     f"{', '.join(found) or '—'} | {words[8] if rule.refuse else words[9]} |")
    return "\n".join(lines) + "\n\n" + words[10] + "\n"


def redact_exchange(exchange: Mapping[str, Any],
                    redactor: Redactor | None = None) -> dict[str, Any]:
    """One exchange redacted with a fresh (or the given) ``Redactor``."""
    return (redactor or Redactor()).exchange(exchange)


__all__ = ["EMAIL", "IPV4", "JWT", "PHONE", "PLACEHOLDER", "RULES", "Redactor", "Rule",
           "redact_exchange", "rules_table"]
