"""The publish gate: find anything that looks like an unredacted real value before it is published.

``scan_paths(paths)`` walks every file that could be published (hidden folders such as
``.ipynb_checkpoints/`` too; not images, fonts or archives) and reads it by its structure:
notebooks (every cell's source, outputs, attachments and metadata, and the saved widget state),
JSON and HAR (keys with their values, header pairs), everything else as text. What it looks for
is redaction's: ``explorer.redact.detect`` with the one rule table, after the same normalisation
(NFKC, percent-decoding, base64, wrapped lines). A value a refusing rule finds is reported as a
``Finding`` (file, cell or line, kind, a masked excerpt) unless it is shown to be safe:

- ``jwt``: signed by the sandbox's keys (the published sandbox-only key, the state secrets of the
  sandbox seeds), one of the vendor page's published examples, or with a redacted signature;
- ``phone`` / ``email``: a sandbox fixture, the docs' fictional ranges or reserved domains;
- tokens, secrets, cookies, Authorization credentials found by their key: a placeholder that
  cannot be a real value (``YOUR_CLIENT_SECRET``), a fixture, a sandbox-only secret, a token in
  a seeded sandbox's random stream, or a credential sent to the sandbox on loopback;
- a file that is not UTF-8 text, or too big to read, is a finding too (``unreadable``).

Used by ``weibo-explorer scan`` (and its pre-commit hook) and by ``docs build``, which refuses to
publish when anything is found.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jwt

from .catalogue import Msg, Verbatim, Words, fill
from .client.target import is_loopback
from .redact.detect import Hit, find, find_in_data, looks_secret, phones, rule_named
from .redact.rules import (
    DOCUMENTATION_DOMAINS,
    EMAIL,
    FICTIONAL_E164,
    FICTIONAL_PHONE,
    JWT,
    PLACEHOLDER,
    RULES,
)

BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".avif", ".woff",
                   ".woff2", ".ttf", ".otf", ".eot", ".pdf", ".zip", ".gz", ".br", ".zst",
                   ".xz", ".bz2", ".tar", ".whl", ".pyc", ".so", ".db", ".sqlite", ".mp4",
                   ".webm", ".mp3", ".wasm"}
"""Files the gate does not read (images, fonts, archives): every other file it reads as text,
and one that is not UTF-8 text is an error, never a silent pass."""
SKIPPED_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".cache"}
"""Folders nobody publishes (``.ipynb_checkpoints/`` is read: it is published by mistake)."""
MAX_FILE = 64 << 20
"""A bigger file is refused unread: the gate stays bounded in time."""
RESERVED_DOMAINS = DOCUMENTATION_DOMAINS
URL = re.compile(r"https?://[^\s\"'<>]+")
DEFAULT_SEEDS = tuple(range(0, 100))
SANDBOX_DRAWS = 200_000
"""How far into a seeded sandbox's random stream its tokens are looked for."""
SANDBOX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
"""``explorer.sandbox.config.ALPHANUMERIC``: the alphabet of the sandbox's tokens."""
NOT_UTF8 = Msg("not UTF-8 text (byte 0x{byte:02x} at offset {offset}); the gate cannot read it, "
               "so it is refused: convert it to UTF-8 or remove it")
TOO_BIG = Msg("larger than {limit} MB; the gate does not read it, so it is refused")
UNREADABLE = "unreadable"
"""The kind of a finding for a file the gate could not read."""
LINE = Msg("line {n}")
BYTE = Msg("byte {n}")
WHOLE_FILE = Msg("file")
CELL = Msg("cell {n} {part}")
CELL_ID = Msg("cell {n} (id {id}) {part}")
FOUND = Msg("{path}: {where}: {kind}: {excerpt}")
FOUND_RULE = Msg("{path}: {where}: {kind}: {excerpt} — {description}")
"""A finding as ``scan`` prints it: the rule's name (code), then what the rule hides."""


@dataclass(frozen=True)
class Finding:
    """One value that must not be published: where (file, cell or line) and what kind. The
    excerpt is masked, so the report itself (a CI log) never repeats the secret."""

    path: str
    place: Words
    """Where in the file: a line, a byte, a notebook cell, a JSON path (said in any language)."""
    kind: str
    """The rule's name (``jwt``, ``email``…), or ``unreadable``."""
    excerpt: str

    @property
    def where(self) -> str:
        """The place in English (a CI log's words)."""
        return self.place("en")

    def said(self, language: str | None = "en") -> str:
        """The finding as one line in ``language``: file, place, rule, masked excerpt, and what
        the rule hides (its description in the rule table)."""
        values = {"path": self.path, "where": self.place(language), "kind": self.kind,
                  "excerpt": self.excerpt}
        rule = _RULES.get(self.kind)
        if rule is None:
            return FOUND(language).format(**values)
        return FOUND_RULE(language).format(**values, description=rule.description(language))

    def __str__(self) -> str:
        return self.said("en")


_RULES = {rule.name: rule for rule in RULES}


def mask(value: str) -> str:
    """Enough of a value to find it again, not enough to use it: ``zha…om (17)``."""
    value = value.strip()
    if len(value) <= 8:
        return value[:1] + "…" + f" ({len(value)})"
    return f"{value[:4]}…{value[-2:]} ({len(value)})"


@dataclass
class Gate:
    """What counts as safe. ``seeds``: sandbox seeds whose state tokens are published (the docs'
    seed is always in); ``allow``: further values a user declares safe (fixtures of their own)."""

    seeds: tuple[int, ...] = DEFAULT_SEEDS
    allow: frozenset[str] = frozenset()
    language: str = "en"
    _verified: set[str] = field(default_factory=set)
    _signatures: set[str] = field(default_factory=set)
    """Signatures the sandbox's keys made: a token altered after signing (the docs tamper with
    one to show INVALID) still carries only the sandbox's signature, never a real one."""

    # ------------------------------------------------------------------------------ values
    def jwt_ok(self, token: str) -> bool:
        if token in self._verified:
            return True
        signature = token.rsplit(".", 1)[-1]
        if self._jwt_ok(token):
            self._verified.add(token)
            self._signatures.add(signature)
            return True
        return signature in self._signatures

    def _jwt_ok(self, token: str) -> bool:
        signature = token.rsplit(".", 1)[-1]
        if token in self.allow or PLACEHOLDER.fullmatch(signature) or token in vendor_examples():
            return True
        if not signature:
            return False  # alg none: nothing vouches for it
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            return True  # not a JWT after all (a look-alike string)
        options: Any = {"verify_exp": False, "verify_aud": False, "verify_iss": False,
                        "verify_nbf": False, "verify_iat": False}
        alg = str(header.get("alg"))
        keys: Iterable[Any] = ([sandbox_public_key()] if alg == "RS256"
                               else state_secrets(self.seeds) if alg == "HS256" else ())
        for key in keys:
            try:
                jwt.decode(token, key, algorithms=[alg], options=options)
                return True
            except jwt.PyJWTError:
                continue
        return False

    def phone_ok(self, found: str) -> bool:
        numbers = [e164 for _, _, e164 in phones(found)]  # none: masked (138****0001), not one
        return all(found in self.allow or e164 in self.allow or e164[-11:] in self.allow
                   or e164 in fixture_phones() or bool(FICTIONAL_PHONE.fullmatch(e164[-11:]))
                   or bool(FICTIONAL_E164.fullmatch(e164))
                   for e164 in numbers)

    def email_ok(self, found: str) -> bool:
        domain = found.rsplit("@", 1)[-1].lower()
        return (found in self.allow or found.lower() in fixture_emails()
                or any(domain == d or domain.endswith("." + d) for d in RESERVED_DOMAINS))

    def token_ok(self, value: str) -> bool:
        """A token, secret or cookie found by its key: safe when it cannot be a real one (a
        documented placeholder such as ``YOUR_CLIENT_SECRET``), or is the sandbox's own."""
        return (not looks_secret(value) or "sandbox-only" in value
                or value in _fixture_source() or sandbox_token(value, self.seeds))

    def safe(self, hit: Hit, context: str = "", at: int = 0) -> bool:
        """Whether ``hit`` may be published."""
        rule = rule_named(hit.rule)
        value = hit.value.strip()
        if not rule.refuse or not value or PLACEHOLDER.fullmatch(value) or value in self.allow:
            return True
        if hit.rule == "jwt" or JWT.fullmatch(value):
            return self.jwt_ok(value)
        if hit.rule == "phone":
            return self.phone_ok(value)
        if hit.rule == "email":
            return self.email_ok(value)
        if hit.rule == "profile":
            return False
        if hit.rule == "authorization" and _sent_to_loopback(context, at):
            return True
        return self.token_ok(value)

    # -------------------------------------------------------------------------------- text
    def text(self, text: str) -> Iterator[tuple[str, str]]:
        """(kind, excerpt) for each unsafe value in ``text``."""
        for kind, excerpt, _ in self.found(html.unescape(text)):
            yield kind, excerpt

    def found(self, text: str) -> Iterator[tuple[str, str, int]]:
        """(kind, excerpt, offset) for each unsafe value in ``text`` (already unescaped)."""
        seen: set[tuple[str, str]] = set()
        for hit in sorted(find(text), key=lambda h: h.start):
            if (hit.rule, hit.value) not in seen and not self.safe(hit, text, hit.start):
                seen.add((hit.rule, hit.value))
                yield hit.rule, mask(hit.value), hit.start

    def data(self, data: Any, where: str) -> Iterator[tuple[str, str, str]]:
        """(where, kind, excerpt) for each unsafe value inside a JSON value."""
        seen: set[tuple[str, str, str]] = set()
        for at, hit in find_in_data(data, where):
            if (at, hit.rule, hit.value) in seen:
                continue
            seen.add((at, hit.rule, hit.value))
            if not self.safe(_unescaped(hit)):
                yield at, hit.rule, mask(hit.value)

    # ------------------------------------------------------------------------------- files
    def file(self, path: Path) -> list[Finding]:
        try:
            size = path.stat().st_size
            if size > MAX_FILE:
                return [Finding(str(path), WHOLE_FILE, UNREADABLE,
                                TOO_BIG(self.language).format(limit=MAX_FILE >> 20))]
            raw = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            bad = error.object[error.start]
            return [Finding(str(path), fill(BYTE, n=error.start), UNREADABLE,
                            NOT_UTF8(self.language).format(byte=bad, offset=error.start))]
        except OSError as error:
            return [Finding(str(path), WHOLE_FILE, UNREADABLE, error.strerror or str(error))]
        for m in JWT.finditer(raw):  # learn the sandbox's signatures before judging any token
            self.jwt_ok(m.group(0))
        data = _json_document(raw) if path.suffix.lower() in JSON_SUFFIXES else None
        if path.suffix.lower() == ".ipynb" and isinstance(data, dict):
            return self._notebook(path, data)
        if isinstance(data, (dict, list)):
            return [Finding(str(path), Verbatim(where), kind, excerpt)
                    for where, kind, excerpt in self.data(data, "$")]
        text = html.unescape(raw)  # entities hold no newline: line numbers stay
        return [Finding(str(path), fill(LINE, n=text.count(chr(10), 0, at) + 1), kind, excerpt)
                for kind, excerpt, at in self.found(text)]

    def _notebook(self, path: Path, nb: dict[str, Any]) -> list[Finding]:
        out = []
        for index, cell in enumerate(nb.get("cells", []), 1):
            if not isinstance(cell, dict):
                continue
            parts = {name: cell[name] for name in ("source", "outputs", "attachments", "metadata")
                     if name in cell}
            out += [Finding(str(path), fill(CELL_ID, n=index, id=cell["id"], part=part.lstrip("."))
                            if cell.get("id") else fill(CELL, n=index, part=part.lstrip(".")),
                            kind, excerpt)
                    for part, kind, excerpt in self.data(parts, "")]
        out += [Finding(str(path), Verbatim(part), kind, excerpt)
                for part, kind, excerpt in self.data(nb.get("metadata", {}), "metadata")]
        return out


JSON_SUFFIXES = {".json", ".har", ".ipynb", ".jsonl", ".webmanifest", ".map"}


def _json_document(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _unescaped(hit: Hit) -> Hit:
    """A value read from HTML inside JSON (a notebook's text/html output) as a reader sees it."""
    value = html.unescape(hit.value)
    return hit if value == hit.value else Hit(hit.rule, value, hit.start, hit.end, hit.key,
                                              hit.via)


def _sent_to_loopback(text: str, at: int) -> bool:
    """An Authorization header shown right after a request line to loopback (the sandbox)."""
    urls = URL.findall(text[max(0, at - 2000):at])
    return bool(urls) and is_loopback(urls[-1])


# --------------------------------------------------------------------------- what is safe
@lru_cache(maxsize=1)
def sandbox_public_key() -> Any:
    from .sandbox.tokens import sandbox_only_key

    return sandbox_only_key().public_key()


def state_secrets(seeds: tuple[int, ...]) -> list[bytes]:
    from .notebook import SEED

    return [_state_secret(seed) for seed in (SEED, *seeds)]


@cache
def _state_secret(seed: int) -> bytes:
    return hashlib.sha256(f"sandbox-only state secret {seed}".encode()).digest()


@lru_cache(maxsize=1)
def vendor_examples() -> frozenset[str]:
    """JWTs the vendor's page publishes (quoted verbatim by the errata and the contract)."""
    from . import contract, errata

    texts = [Path(m.__file__).read_text(encoding="utf-8") for m in (contract, errata)
             if m.__file__]
    return frozenset(t for text in texts for t in JWT.findall(text))


@lru_cache(maxsize=1)
def _fixture_source() -> str:
    """The sandbox's fixtures and the contract's examples (the vendor page's own values)."""
    from . import contract
    from .sandbox import seed as fixtures

    return "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (fixtures, contract)
                   if m.__file__)


@lru_cache(maxsize=1)
def fixture_phones() -> frozenset[str]:
    """The fixtures' and the vendor page's phone numbers, in E.164."""
    return frozenset(e164 for _, _, e164 in phones(_fixture_source()))


def sandbox_token(value: str, seeds: tuple[int, ...]) -> bool:
    """Whether ``value`` is a token a seeded sandbox made: its random stream, drawn the way
    ``Rng.token`` draws, holds it (the docs' seed first; a real token is in none)."""
    from .notebook import SEED

    body = value[3:] if value.startswith("ST-") else value
    if len(body) < 16 or not body.isascii() or not body.isalnum():
        return False
    return any(body in _sandbox_stream(seed, SANDBOX_DRAWS if seed == SEED else SANDBOX_DRAWS // 10)
               for seed in (SEED, *seeds))


@cache
def _sandbox_stream(seed: int, draws: int) -> str:
    rng = random.Random(seed)
    alphabet, n = SANDBOX_ALPHABET, len(SANDBOX_ALPHABET)
    return "".join([alphabet[int(rng.random() * n)] for _ in range(draws)])


@lru_cache(maxsize=1)
def fixture_emails() -> frozenset[str]:
    return frozenset(e.lower() for e in EMAIL.findall(_fixture_source()))


def files_under(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files a path names that could be published (a folder: every file below it, hidden
    ones such as ``.ipynb_checkpoints/`` too, but not images, fonts, archives or ``.git/``)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if child.is_file() and child.suffix.lower() not in BINARY_SUFFIXES and not any(
                        p in SKIPPED_DIRS for p in parts[:-1]):
                    yield child
        elif path.is_file() and path.suffix.lower() not in BINARY_SUFFIXES:
            yield path


def scan_paths(paths: Iterable[str | Path], gate: Gate | None = None) -> list[Finding]:
    """Every finding in ``paths`` (files or folders)."""
    gate = gate or Gate()
    return [f for path in files_under(paths) for f in gate.file(path)]


__all__ = ["Finding", "Gate", "files_under", "mask", "sandbox_token", "scan_paths"]
