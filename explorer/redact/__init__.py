"""Redaction: every secret and personal value of an exchange replaced by a stable placeholder.

A recording of a real tenant must be safe to commit and publish, yet still read as a flow: the
state_token the login answered must visibly be the one the bind call sends. So a ``Redactor``
gives each distinct value one placeholder for its whole life (``redacted-phone-1`` everywhere the
same phone appears), and remembers every value it replaced so that a later copy of it — in a
header, a JWT claim, a URL — is replaced too.

The rules (``RULES``) are data: a name, what they catch, the JSON keys / header names / form
fields whose values they take, and a pattern for free text. A user adds one with
``Redactor(extra=(Rule(...),))``. JWTs keep their header and claims decodable; the signature
becomes a placeholder and personal claims are masked. Only the standard library: this module sits
low, beside ``contract.py``, so the client, the form, the scanner and the docs can all use it.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

PLACEHOLDER = re.compile(r"redacted-[a-z_]+-\d+(?:@redacted\.invalid)?")
"""What every placeholder looks like (the publish gate accepts these)."""

JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\w+/=])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\w+/])")
"""Mainland mobile numbers; never inside a longer word or base64 (a captcha image)."""
MIN_LITERAL = 6
"""Shorter values are replaced only where their key says so, never wherever they occur."""
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")


@dataclass(frozen=True)
class Rule:
    """One kind of value to hide.

    ``keys``: JSON keys, header names and form fields (case-insensitive) whose whole value is
    taken; ``pattern``: a regex that finds the value in any text. ``personal``: a JWT claim of
    this name is masked too (claims otherwise stay as they are).
    """

    name: str
    description: str
    keys: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    personal: bool = False


RULES: tuple[Rule, ...] = (
    Rule("session_token", "the tenant's session_token (login SUCCESS, refresh calls)",
         ("session_token", "session-token", "sessionToken")),
    Rule("state_token", "the state_token of an unfinished login (USER_REGISTER, SOCIAL_BIND, "
         "MFA_AUTH) and the X-state-token header that returns it", ("state_token", "x-state-token",
                                                                    "stateToken")),
    Rule("access_token", "the Weibo access_token, app tokens, captcha tokens, sso tickets",
         ("access_token", "accessToken", "captcha_token", "captchaToken", "sso_ticket",
          "ticket", "password")),
    Rule("captcha", "a captcha challenge's token and secret key", ("token", "secretKey",
                                                                     "secret_key")),
    Rule("authorization", "the value of an Authorization header (Bearer, Basic ...)",
         ("authorization",)),
    Rule("client_secret", "the app's client_secret", ("client_secret", "clientSecret")),
    Rule("jwt", "a JWT's signature (header and claims stay decodable; personal claims are masked)",
         ("id_token", "idToken"), JWT),
    Rule("phone", "a phone number (mainland mobile numbers in any spelling, and mobile fields)",
         ("mobile", "phone", "phone_number", "phoneNumber"), PHONE, personal=True),
    Rule("email", "an e-mail address", ("email", "mail"), EMAIL, personal=True),
    Rule("uid", "a Weibo uid, the tenant's socialUid and user ids inside tokens",
         ("uid", "socialUid", "social_uid", "weibo_uid", "userId", "user_id", "sub", "id"),
         personal=True),
    Rule("name", "a person's name or user name inside tokens and answers",
         ("name", "userName", "user_name", "nickname", "screen_name"), personal=True),
    Rule("fingerprint", "the device fingerprint", ("x-device-fingerprint", "device_fingerprint",
                                                    "deviceFingerprint")),
    Rule("ip", "an IP address (device IP headers and any non-loopback address in text)",
         ("x-device-ip", "device_ip", "ip", "x-forwarded-for", "x-real-ip"), IPV4),
)
"""The default rules, in the order they apply to free text."""

_PLAIN_KEYS = {"id", "name", "sub"}
"""Keys too generic to take everywhere: taken only inside a JWT's claims or a token's subject."""


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _loopback(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return True  # not an address at all (a version number): leave it
    return address.is_loopback or address.is_unspecified


_TEST_NETS = ("192.0.2.", "198.51.100.", "203.0.113.")
"""RFC 5737's documentation ranges: the placeholders of IP addresses."""


def _documentation_ip(text: str) -> bool:
    return text.startswith(_TEST_NETS) and not _loopback(text)


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
        if rule == "ip" and _documentation_ip(value):
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

    def _rule_for_key(self, key: str, *, claims: bool) -> Rule | None:
        lowered = key.lower()
        for rule in self.rules:
            for name in rule.keys:
                if name.lower() == lowered and (claims or lowered not in _PLAIN_KEYS):
                    return rule
        return None

    # ----------------------------------------------------------------------------- values
    def value(self, key: str, value: Any, *, claims: bool = False) -> Any:
        """A field's value redacted by its key's rule (and recursively, by content)."""
        rule = self._rule_for_key(key, claims=claims)
        if isinstance(value, Mapping):
            return self.mapping(value, claims=claims)
        if isinstance(value, list):
            return [self.value(key, item, claims=claims) for item in value]
        if isinstance(value, str) and (nested := _json_object(value)) is not None:
            # a JSON string inside a field (the id_token's ``api``, a state_token's ``sub``)
            return json.dumps(self.mapping(nested, claims=claims or rule is not None),
                              ensure_ascii=False, separators=(",", ":"))
        if rule is None or value is None or isinstance(value, bool):
            return self.text(value) if isinstance(value, str) else value
        text = str(value)
        if rule.name == "jwt" or JWT.fullmatch(text):
            return self.jwt(text)
        if rule.name == "authorization":
            scheme, _, credential = text.partition(" ")
            if credential:
                return f"{scheme} {self.placeholder('authorization', credential.strip())}"
        return self.placeholder(rule.name, text)

    def mapping(self, data: Mapping[str, Any], *, claims: bool = False) -> dict[str, Any]:
        return {key: self.value(key, item, claims=claims) for key, item in data.items()}

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
        masked = self.mapping(claims, claims=True) if isinstance(claims, dict) else claims
        payload = _b64encode(json.dumps(masked, ensure_ascii=False, separators=(",", ":")).encode())
        signature = self.placeholder("signature", parts[2]) if parts[2] else ""
        redacted = f"{parts[0]}.{payload}.{signature}"
        self.seen[token] = redacted
        return redacted

    def text(self, text: str) -> str:
        """Free text: known values first (longest first), then each rule's pattern."""
        for value in sorted(self.seen, key=len, reverse=True):
            if len(value) >= MIN_LITERAL and value in text:
                text = text.replace(value, self.seen[value])
        for rule in self.rules:
            if rule.pattern is not None:
                text = rule.pattern.sub(self._replacer(rule), text)
        return text

    def _replacer(self, rule: Rule) -> Callable[[re.Match[str]], str]:
        return lambda match: self._match(rule, match.group(0))

    def _match(self, rule: Rule, found: str) -> str:
        if rule.name == "jwt":
            return self.jwt(found)
        if rule.name == "ip" and (_loopback(found) or _documentation_ip(found)):
            return found
        if rule.name == "email" and found.endswith("@redacted.invalid"):
            return found
        return self.placeholder(rule.name, found)

    # -------------------------------------------------------------------------- exchanges
    def headers(self, headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, self.value(name, value)) for name, value in headers]

    def body(self, body: str, content_type: str = "") -> str:
        """A request or response body: JSON by keys, a form by fields, anything else as text."""
        data = _json_value(body)
        if isinstance(data, (dict, list)):
            redacted = (self.mapping(data) if isinstance(data, dict)
                        else [self.value("", item) for item in data])
            return json.dumps(redacted, ensure_ascii=False, separators=(",", ":"))
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
        """A URL with its query parameters redacted by name, then as text."""
        base, sep, query = url.partition("?")
        if sep and query:
            fields = parse_qsl(query, keep_blank_values=True)
            url = base + "?" + urlencode([(k, self.value(k, v)) for k, v in fields])
        return self.text(url)

    def finish(self, document: str) -> str:
        """A whole serialized document once more through every known value (belt and braces)."""
        return self.text(document)


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


def redact_exchange(exchange: Mapping[str, Any], redactor: Redactor | None = None) -> dict[str, Any]:
    """One exchange redacted with a fresh (or the given) ``Redactor``."""
    return (redactor or Redactor()).exchange(exchange)


__all__ = ["EMAIL", "IPV4", "JWT", "PHONE", "PLACEHOLDER", "RULES", "Redactor", "Rule",
           "redact_exchange"]
