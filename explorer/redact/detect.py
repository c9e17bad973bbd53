"""The detector: where the rules' values are, in free text and in structured data.

Redaction (``Redactor``) replaces what this finds; the publish gate
(``explorer.publish_gate``) refuses what this finds unless it can show the value is the sandbox's,
a fixture or a placeholder. So the two can never disagree on what a secret looks like.

Before matching, text is normalised: Unicode NFKC (full-width digits and letters), lines joined
where a token was wrapped (a terminal panel's borders and line breaks), percent-decoding and
base64 (a JWT's segments, a ``data:`` URL), each at most ``MAX_DEPTH`` levels deep. A ``Hit``
always names the span of the *given* text that holds the value (the whole encoded run when the
value was found decoded), so a redactor can replace it. The views live in ``views``, phone
numbers (libphonenumber's) in ``phones``, the rules in ``rules``.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, quote_plus, unquote, unquote_plus

from .phones import phones
from .rules import JWT, NOT_SECRET_KEYS, PLACEHOLDER, PLAIN_KEYS, RULES, SECRET_KEY_WORDS, Rule
from .views import (
    BASE64_RUN,
    JWT_GLUED,
    PERCENT,
    PERCENT_RUN,
    decoded_base64,
    entities,
    joined,
    nfkc,
)

MAX_DEPTH = 3
"""How many encodings deep a value is looked for (base64 of percent-encoded text is two)."""
MIN_TEXT = 6
"""Shorter text holds no value a rule finds by content (a key's value is taken by its key)."""
SECRET_VALUE = re.compile(r"[A-Za-z0-9._~+/=:-]{12,4096}")
"""The shape of a token, key or password written as one word."""


@dataclass(frozen=True)
class Hit:
    """A value a rule takes: ``rule`` (its name), ``value`` (decoded), ``start``/``end`` (its span
    in the text given; the whole encoded run when found decoded), ``key`` (the key, header or
    word it was found beside) and ``via`` (how it was found: ``""``, ``nfkc``, ``joined``,
    ``percent``, ``base64``)."""

    rule: str
    value: str
    start: int
    end: int
    key: str = ""
    via: str = ""


# ------------------------------------------------------------------------------------ keys
@lru_cache(maxsize=4096)
def norm_key(key: str) -> str:
    """``Session-Token``, ``session_token``, ``sessionToken`` → ``sessiontoken``."""
    return re.sub(r"[-_\s]", "", key).lower()


PLAIN = frozenset(norm_key(k) for k in PLAIN_KEYS)
_INDEXES: dict[int, tuple[tuple[Rule, ...], dict[str, Rule]]] = {}


def _key_index(rules: tuple[Rule, ...]) -> dict[str, Rule]:
    """Normalised key → rule, built once per rule set (looked up for every key of a document)."""
    known = _INDEXES.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    index: dict[str, Rule] = {}
    for rule in rules:
        for key in rule.keys:
            index.setdefault(norm_key(key), rule)
    _INDEXES[id(rules)] = (rules, index)
    return index


def rule_named(name: str, rules: Sequence[Rule] = RULES) -> Rule:
    return next(r for r in (*rules, *RULES) if r.name == name)


def rule_for_key(key: str, value: Any = None, *, rules: tuple[Rule, ...] = RULES,
                 claims: bool = False) -> Rule | None:
    """The rule that takes the value of ``key``: a listed key (a generic one such as ``id`` or
    ``state`` only inside claims, or when its value looks like a secret), else a key whose name
    says it is secret (``refresh_tok``, ``api-secret``…)."""
    if not key:
        return None
    normal = norm_key(key)
    rule = _key_index(rules).get(normal)
    if rule is not None:
        if normal not in PLAIN or claims or (isinstance(value, str) and looks_secret(value)):
            return rule
        return None
    if SECRET_KEY_WORDS.search(key) and not NOT_SECRET_KEYS.search(key):
        return rule_named("secret", rules)
    return None


DOCUMENTED = re.compile(r"(.)\1{5}|demo|example|sample|dummy|fake|placeholder|your|xxxx|"
                        r"changeme|redacted", re.I)
"""What a documented placeholder has and a real token has not: a run of one character
(``2.00ZhangWeiShopDemo00000000000``), or a word that says so."""


def looks_secret(value: str) -> bool:
    """One word of at least 12 characters, with letters and digits and some randomness: what a
    token or secret looks like (and ``YOUR_CLIENT_SECRET``, ``<token>`` or a demo value does
    not)."""
    value = value.strip()
    if not SECRET_VALUE.fullmatch(value) or DOCUMENTED.search(value):
        return False
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= 3.0


def split_credential(rule: str, value: str) -> list[tuple[int, int]]:
    """The spans of ``value`` that are secret: an Authorization header's credential (its scheme
    stays), each cookie's value (names and attributes stay), else the whole value."""
    if rule == "authorization":
        scheme = re.match(r"\s*(?:bearer|basic|token|digest|mac|negotiate)\s+", value, re.I)
        return [(scheme.end() if scheme else 0, len(value.rstrip()))] if value.strip() else []
    if rule == "cookie":
        spans = []
        for m in re.finditer(r"(?:^|;)\s*([^=;\s]+)=([^;]*)", value):
            name = m.group(1).lower()
            if name in _COOKIE_ATTRIBUTES or not m.group(2).strip():
                continue
            spans.append((m.start(2), m.end(2)))
        return spans
    return [(0, len(value))] if value.strip() else []


_COOKIE_ATTRIBUTES = {"path", "domain", "expires", "max-age", "samesite", "priority", "version",
                      "comment"}


# ------------------------------------------------------------------------------ free text
def _loopback_or_documentation(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return True  # not an address (a version number): leave it
    return (address.is_loopback or address.is_unspecified
            or text.startswith(("192.0.2.", "198.51.100.", "203.0.113.")))


def _context_keys(rules: tuple[Rule, ...], *, personal: bool = False) -> list[str]:
    keys = {k for rule in rules if rule.context and rule.personal == personal for k in rule.keys
            if norm_key(k) not in PLAIN and rule.name != "cookie"}
    return sorted(keys, key=len, reverse=True)


_CLAIMS: dict[int, tuple[tuple[Rule, ...], re.Pattern[str]]] = {}


def _claim_regex(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """A personal claim written with its value (``given_name: 伟``, ``"birthdate": "1990-05-17"``):
    any value, not only one that looks like a token."""
    known = _CLAIMS.get(id(rules))
    if known is None or known[0] is not rules:
        keys = "|".join(_key_pattern(k) for k in _context_keys(rules, personal=True))
        known = _CLAIMS[id(rules)] = (rules, re.compile(
            rf"\b(?=[a-z])(?P<key>{keys})(?![A-Za-z0-9])[\"']?[ \t]*[:=][ \t]*[\"']?"
            rf"(?P<value>[^\"'\r\n,}}<]{{2,200}})", re.I))
    return known[1]


def _key_pattern(key: str) -> str:
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", key)
    return r"[-_]?".join(re.escape(w) for w in words)


_CONTEXTS: dict[int, tuple[tuple[Rule, ...], re.Pattern[str]]] = {}


def _context_regex(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    known = _CONTEXTS.get(id(rules))
    if known is None or known[0] is not rules:
        known = _CONTEXTS[id(rules)] = (rules, _build_context_regex(rules))
    return known[1]


def _build_context_regex(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """A listed key written beside its value, in any notation: ``key=V``, ``key: V``,
    ``"key": "V"``, ``["key", "V"]``, ``--key V``, ``<th>key</th><td><code>V``."""
    keys = "|".join(_key_pattern(k) for k in _context_keys(rules))
    tag = r"(?:\s*+</?[a-z][^>]{0,80}+>)*+"
    # atomic: the separator is read once (HTML indentation would otherwise backtrack)
    separator = rf"(?>[\"'`]?{tag}\s*+(?:[:=,]\s*+)?{tag}\s*+[\"'`]?\s*+)"
    return re.compile(
        rf"\b(?=[a-z])(?P<key>{keys})(?=[\"'`\s:=,<]){separator}"
        rf"(?:(?:bearer|basic|token)\s+)?(?P<value>[A-Za-z0-9._~+/=-]{{6,4096}})", re.I)


URL_PARAM = re.compile(r"[?#&;](?P<key>[A-Za-z_][\w.-]{0,63})=(?P<value>[^&#\s\"'<>;]+)")
COOKIE_LINE = re.compile(r"(?<![\w-])(?=[sc])(?P<key>set-cookie|cookie)[\"']?\s*[:=,]\s*[\"']?"
                         r"(?P<value>[^\r\n\"']+)", re.I)


def _key_of(found: str, rules: tuple[Rule, ...]) -> Rule | None:
    return rule_for_key(found, rules=rules, claims=True)


def _plain_hits(text: str, rules: tuple[Rule, ...]) -> Iterator[Hit]:
    """Hits in ``text`` as it stands (no decoding)."""
    for rule in rules:
        if rule.pattern is not None:
            for m in rule.pattern.finditer(text):
                value = m.group(0)
                if rule.name == "ip" and _loopback_or_documentation(value):
                    continue
                if rule.name == "email" and value.endswith("@redacted.invalid"):
                    continue
                yield Hit(rule.name, value, m.start(), m.end())
        elif rule.finder == "phone":
            for start, end, _ in phones(text):
                yield Hit(rule.name, text[start:end], start, end)
    for m in _context_regex(rules).finditer(text):
        value = m.group("value").rstrip(".,")
        keyed_rule = _key_of(m.group("key"), rules)
        if keyed_rule is not None and (looks_secret(value) or JWT.fullmatch(value)):
            yield Hit(keyed_rule.name, value, m.start("value"), m.start("value") + len(value),
                      m.group("key"))
    for m in URL_PARAM.finditer(text):
        keyed_rule = rule_for_key(m.group("key"), rules=rules, claims=True)
        value = unquote_plus(m.group("value"))
        if keyed_rule is not None and value.strip() and not PLACEHOLDER.fullmatch(value):
            yield Hit(keyed_rule.name, value, m.start("value"), m.end("value"), m.group("key"))
    for m in _claim_regex(rules).finditer(text):
        value = m.group("value").strip()
        keyed_rule = _key_of(m.group("key"), rules)
        if keyed_rule is not None and value and not PLACEHOLDER.fullmatch(value):
            start = m.start("value") + m.group("value").index(value)
            yield Hit(keyed_rule.name, value, start, start + len(value), m.group("key"))
    for m in COOKIE_LINE.finditer(text):
        line = m.group("value")
        for a, b in split_credential("cookie", line):
            if looks_secret(line[a:b]):
                at = m.start("value")
                yield Hit("cookie", line[a:b], at + a, at + b, m.group("key"))


def find(text: str, rules: tuple[Rule, ...] = RULES, *, depth: int = 0) -> list[Hit]:
    """Every hit in ``text``, looked for in the text itself and in its normalised views."""
    if len(text) < MIN_TEXT:
        return []
    hits = list(_plain_hits(text, rules))
    for via, view in (("nfkc", nfkc(text)), ("html", entities(text)),
                      ("joined", joined(text))):
        if view is None:
            continue
        normal = view.text
        for hit in (_plain_hits(normal, rules) if via != "joined" else
                    (Hit("jwt", m.group(0), m.start(), m.end())
                     for m in JWT_GLUED.finditer(normal))):
            start, end = view.origin(hit.start), view.origin(hit.end, end=True)
            if via == "joined" and "\n" not in text[start:end]:
                continue  # on one line: found already
            hits.append(Hit(hit.rule, hit.value, start, end, hit.key, via))
    if depth < MAX_DEPTH:
        hits += _decoded_hits(text, rules, depth)
    return hits


def _decoded_hits(text: str, rules: tuple[Rule, ...], depth: int) -> Iterator[Hit]:
    if PERCENT.search(text):
        for m in PERCENT_RUN.finditer(text):
            run = m.group(0)
            decoded = unquote(run)
            if decoded == run:
                continue
            for hit in find(decoded, rules, depth=depth + 1):
                start, end = _encoded_span(run, hit.value)
                yield Hit(hit.rule, hit.value, m.start() + start, m.start() + end, hit.key,
                          "percent")
    for m in BASE64_RUN.finditer(text):
        plain = decoded_base64(m.group(0))
        if plain is None:
            continue
        data = _json(plain)
        found = ([h for _, h in find_in_data(data, rules=rules, depth=depth + 1)]
                 if isinstance(data, (dict, list)) else find(plain, rules, depth=depth + 1))
        for hit in found:
            yield Hit(hit.rule, hit.value, m.start(), m.end(), hit.key, "base64")


def _encoded_span(run: str, value: str) -> tuple[int, int]:
    """Where ``value`` stands percent-encoded in ``run`` (the whole run when it cannot be told)."""
    for encoded in (quote(value, safe=""), quote_plus(value, safe=""), quote(value),
                    quote(value, safe="").lower(), value):
        at = run.find(encoded)
        if at >= 0:
            return at, at + len(encoded)
    return 0, len(run)


def _json(text: str) -> Any:
    text = text.strip()
    if text[:1] not in ("{", "["):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


# ------------------------------------------------------------------------- structured data
def keyed(key: str, value: Any, rules: tuple[Rule, ...] = RULES, *,
          claims: bool = False, rule: Rule | None = None) -> Iterator[Hit]:
    """Hits of a value found under ``key`` (its rule's, by key), spans within ``str(value)``."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return
    text = str(value)
    rule = rule or rule_for_key(key, text, rules=rules, claims=claims)
    if rule is None or not text.strip():
        return
    for start, end in split_credential(rule.name, text):
        if text[start:end].strip():
            yield Hit(rule.name, text[start:end], start, end, key)


def is_pair(item: Any) -> bool:
    """A header pair: ``["Name", "value"]`` (recordings) or ``{"name": …, "value": …}`` (HAR)."""
    if isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item):
        return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{0,63}", item[0]))
    return (isinstance(item, dict) and isinstance(item.get("name"), str)
            and "value" in item and len(item) <= 4)


def is_lines(value: Any) -> bool:
    """A list of strings that are the lines of one text (a notebook's source or stream output):
    read joined, since a token may run across them."""
    return (isinstance(value, list) and bool(value) and all(isinstance(x, str) for x in value)
            and all(x.endswith("\n") for x in value[:-1]) and not is_pair(value))


def pair(item: Any) -> tuple[str, Any]:
    return (item[0], item[1]) if isinstance(item, list) else (item["name"], item["value"])


def personal_container(key: str, value: Any, rules: tuple[Rule, ...] = RULES) -> Rule | None:
    """The personal rule whose claim holds a whole object (OIDC's ``address``): every value in
    it is that rule's."""
    if not isinstance(value, (dict, list)) or norm_key(key) != "address":
        return None
    return rule_for_key(key, rules=rules, claims=True)


def find_in_data(data: Any, where: str = "$", *, rules: tuple[Rule, ...] = RULES,
                 key: str = "", claims: bool = False, inherited: Rule | None = None,
                 depth: int = 0) -> Iterator[tuple[str, Hit]]:
    """(where, hit) for every value a rule takes inside a JSON value: by key (header pairs
    included) and by content; lists of lines are read joined, JSON inside strings as JSON."""
    if isinstance(data, dict):
        for k, item in data.items():
            carry = inherited or personal_container(str(k), item, rules)
            yield from find_in_data(item, f"{where}.{k}", rules=rules, key=str(k), claims=claims,
                                    inherited=carry, depth=depth)
    elif isinstance(data, list):
        if is_lines(data):
            yield from find_in_data("".join(data), where, rules=rules, key=key, claims=claims,
                                    inherited=inherited, depth=depth)
            return
        for i, item in enumerate(data):
            if is_pair(item):
                name, value = pair(item)
                yield from ((f"{where}[{i}]", h) for h in keyed(name, value, rules))
                yield from find_in_data(value, f"{where}[{i}]", rules=rules, depth=depth)
            else:
                yield from find_in_data(item, f"{where}[{i}]", rules=rules, key=key,
                                        claims=claims, inherited=inherited, depth=depth)
    elif isinstance(data, (str, int, float)) and not isinstance(data, bool):
        yield from ((where, h) for h in keyed(key, data, rules, claims=claims, rule=inherited))
        text = str(data)
        nested = _json(text) if isinstance(data, str) else None
        if isinstance(nested, (dict, list)) and depth < MAX_DEPTH:
            yield from find_in_data(nested, where, rules=rules, claims=True, depth=depth + 1)
        elif isinstance(data, str) or len(text) >= 7:
            yield from ((where, h) for h in find(text, rules, depth=depth))


__all__ = ["Hit", "MAX_DEPTH", "find", "find_in_data", "is_lines", "is_pair", "keyed",
           "looks_secret",
           "norm_key", "pair", "personal_container", "phones", "rule_for_key", "rule_named",
           "split_credential"]
