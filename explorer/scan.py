"""The publish gate: find anything that looks like an unredacted real value before it is published.

``scan_paths(paths)`` reads notebooks (every cell's source and outputs, and the saved widget
state), JSON (every string), Markdown, HTML and text, and reports each ``Finding`` with its file,
cell (or line) and kind:

- ``jwt``: a JWT that is not signed by the sandbox's keys (the published sandbox-only key of
  ``explorer/sandbox/sandbox_only_key.json``, the state secrets derived from the sandbox seeds),
  is not one of the vendor page's published examples, and has no redacted signature;
- ``phone`` / ``email``: not a sandbox fixture, not the docs' fictional range, not a placeholder;
- ``authorization``: an ``Authorization`` credential not sent to the sandbox on loopback;
- ``client_secret``: a client secret that is not a sandbox-only one or a placeholder.

Used by ``weibo-explorer scan`` (and its pre-commit hook) and by ``docs build``, which refuses to
publish when anything is found.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jwt

from .client.target import is_loopback
from .redact import EMAIL, JWT, PHONE, PLACEHOLDER

TEXT_SUFFIXES = {".md", ".html", ".htm", ".txt", ".json", ".ipynb", ".yml", ".yaml", ".csv",
                 ".har", ".log", ".py", ".js"}
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "example", "test", "invalid",
                    "localhost")
"""RFC 2606 names: an address there reaches nobody."""
FICTIONAL_PHONE = re.compile(r"1[3-9]\d(?:0000\d{4}|12345678)")
"""The docs' fictional ranges: 1XX-0000-XXXX (+86-13900002222) and 1XX-1234-5678."""
AUTHORIZATION = re.compile(r"authorization[\"']?\s*[:=]\s*[\"']?(?:bearer|basic|token)\s+"
                           r"([A-Za-z0-9._~+/=-]{8,})", re.I)
CLIENT_SECRET = re.compile(r"client_?secret[\"']?\s*[:=]\s*[\"']([^\"'\s]{8,})[\"']"
                           r"|client_?secret=([^&\"'\s]{8,})", re.I)
URL = re.compile(r"https?://[^\s\"'<>]+")
DEFAULT_SEEDS = tuple(range(0, 100))


@dataclass(frozen=True)
class Finding:
    """One value that must not be published: where (file, cell or line) and what kind."""

    path: str
    where: str
    kind: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.path}: {self.where}: {self.kind}: {self.excerpt}"


@dataclass
class Gate:
    """What counts as safe. ``seeds``: sandbox seeds whose state tokens are published (the docs'
    seed is always in); ``allow``: further values a user declares safe (fixtures of their own)."""

    seeds: tuple[int, ...] = DEFAULT_SEEDS
    allow: frozenset[str] = frozenset()
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
        digits = re.sub(r"\D", "", found)[-11:]
        return (found in self.allow or digits in self.allow or digits in fixture_phones()
                or bool(FICTIONAL_PHONE.fullmatch(digits)))

    def email_ok(self, found: str) -> bool:
        domain = found.rsplit("@", 1)[-1].lower()
        return (found in self.allow or found.lower() in fixture_emails()
                or any(domain == d or domain.endswith("." + d) for d in RESERVED_DOMAINS))

    # -------------------------------------------------------------------------------- text
    def text(self, text: str) -> Iterator[tuple[str, str]]:
        """(kind, excerpt) for each unsafe value in ``text``."""
        for kind, excerpt, _ in self.found(html.unescape(text)):
            yield kind, excerpt

    def found(self, text: str) -> Iterator[tuple[str, str, int]]:
        """(kind, excerpt, offset) for each unsafe value in ``text`` (already unescaped)."""
        for m in JWT.finditer(text):
            if not self.jwt_ok(m.group(0)):
                yield "jwt", _short(m.group(0)), m.start()
        for m in PHONE.finditer(text):
            if not self.phone_ok(m.group(0)):
                yield "phone", m.group(0), m.start()
        for m in EMAIL.finditer(text):
            if not PLACEHOLDER.fullmatch(m.group(0)) and not self.email_ok(m.group(0)):
                yield "email", m.group(0), m.start()
        for m in AUTHORIZATION.finditer(text):
            credential = m.group(1)
            if not (PLACEHOLDER.fullmatch(credential) or credential in self.allow
                    or _sent_to_loopback(text, m.start())):
                yield "authorization", _short(m.group(0)), m.start()
        for m in CLIENT_SECRET.finditer(text):
            secret = m.group(1) or m.group(2)
            if not (PLACEHOLDER.fullmatch(secret) or "sandbox-only" in secret
                    or secret in self.allow):
                yield "client_secret", _short(m.group(0)), m.start()

    # ------------------------------------------------------------------------------- files
    def file(self, path: Path) -> list[Finding]:
        try:
            raw = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            return []
        for m in JWT.finditer(raw):  # learn the sandbox's signatures before judging any token
            self.jwt_ok(m.group(0))
        if path.suffix == ".ipynb":
            try:
                return self._notebook(path, json.loads(raw))
            except ValueError:
                pass
        if path.suffix in (".json", ".har"):
            try:
                data = json.loads(raw)
            except ValueError:
                pass
            else:
                return [Finding(str(path), where, kind, excerpt)
                        for where, text in _strings(data, "$")
                        for kind, excerpt in self.text(text)]
        text = html.unescape(raw)  # entities hold no newline: line numbers stay
        return [Finding(str(path), f"line {text.count(chr(10), 0, at) + 1}", kind, excerpt)
                for kind, excerpt, at in sorted(self.found(text), key=lambda f: f[2])]

    def _notebook(self, path: Path, nb: dict[str, Any]) -> list[Finding]:
        out = []
        for index, cell in enumerate(nb.get("cells", []), 1):
            where = f"cell {index}" + (f" (id {cell['id']})" if cell.get("id") else "")
            for part, text in _strings({"source": cell.get("source", ""),
                                        "outputs": cell.get("outputs", []),
                                        "attachments": cell.get("attachments", {})}, ""):
                out += [Finding(str(path), f"{where} {part.lstrip('.')}", k, e)
                        for k, e in self.text(text)]
        for part, text in _strings(nb.get("metadata", {}), "metadata"):
            out += [Finding(str(path), part, k, e) for k, e in self.text(text)]
        return out


def _strings(data: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string inside a JSON value, with its path (lists of lines joined)."""
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, list) and data and all(isinstance(x, str) for x in data):
        yield where, "".join(data)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _strings(item, f"{where}[{i}]")
    elif isinstance(data, dict):
        for key, item in data.items():
            yield from _strings(item, f"{where}.{key}")


def _short(value: str) -> str:
    return value if len(value) <= 48 else value[:40] + "…" + value[-6:]


def _sent_to_loopback(text: str, at: int) -> bool:
    """An Authorization header shown right after a request line to loopback (the sandbox)."""
    urls = URL.findall(text[max(0, at - 2000):at])
    return bool(urls) and is_loopback(urls[-1])


# --------------------------------------------------------------------------- what is safe
@lru_cache(maxsize=1)
def sandbox_public_key() -> Any:
    from .sandbox.signing import sandbox_only_key

    return sandbox_only_key().public_key()


def state_secrets(seeds: tuple[int, ...]) -> list[bytes]:
    from .notebook import SEED

    return [_state_secret(seed) for seed in (SEED, *seeds)]


@lru_cache(maxsize=None)
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
    from .sandbox import fixtures

    return "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (fixtures, contract)
                   if m.__file__)


@lru_cache(maxsize=1)
def fixture_phones() -> frozenset[str]:
    return frozenset(re.sub(r"\D", "", m)[-11:] for m in PHONE.findall(_fixture_source()))


@lru_cache(maxsize=1)
def fixture_emails() -> frozenset[str]:
    return frozenset(e.lower() for e in EMAIL.findall(_fixture_source()))


def files_under(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The text files a path names (a folder: every text file below it, hidden ones skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES and not any(
                        p.startswith(".") for p in parts):
                    yield child
        elif path.is_file():
            yield path


def scan_paths(paths: Iterable[str | Path], gate: Gate | None = None) -> list[Finding]:
    """Every finding in ``paths`` (files or folders)."""
    gate = gate or Gate()
    return [f for path in files_under(paths) for f in gate.file(path)]


__all__ = ["Finding", "Gate", "files_under", "scan_paths"]
