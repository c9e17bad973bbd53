"""The vendor page's examples as data: verbatim, corrected, and every correction with its reason.

The vendor's page (the seed; a verbatim copy in ``tests/vendor/login-by-weibo.md``) shows one
request and six responses. Some of them do not add up (``docs/vendor-api.md`` §7). This module keeps
each example exactly as printed — broken bits included — beside the corrected version the OpenAPI
document and the docs show, and lists every correction: what the page shows, what we show instead,
and why. A correction with ``fixed=False`` is only noted: the value cannot be changed without faking
a signature.

The docs' errata page and the OpenAPI examples are rendered from this data; the tests decode the
page's JWTs to prove every claim made here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal

from .catalogue import Msg, Verbatim, Words, fill

ERRATA: dict[int, Words] = {
    1: Msg("Success example 1 is not valid JSON: a comma follows the last member."),
    2: Msg("Success example 3 says \" SOCIAL_BIND\" (leading space) and reuses example 2's "
           "state_token, whose payload says USER_REGISTER."),
    3: Msg("Examples 4 and 5 say \"HTTP 200 OK\" (no HTTP version) and carry no Content-Type."),
    4: Msg("The id_token of example 1 lives 5 h (exp - iat = 18000 s); the text says 2 h by "
           "default."),
    5: Msg("The sample uid is a 32-hex string; Weibo uids are numbers."),
    6: Msg("The state_tokens are HS256, signed with a secret the client never has: readable, not "
           "verifiable by a client."),
    7: Msg("The error table's second line per code is English; the Chinese messages are missing."),
}
"""The items of docs/vendor-api.md §7, by number."""


@dataclass(frozen=True)
class Correction:
    """One thing the page gets wrong, and what this project shows instead."""

    erratum: int | None
    """The item of ``ERRATA`` it answers; None for one found while building this module."""
    subject: Words
    """The part concerned: ``body``, ``status``, ``state_token``, ``id_token``, ``uid``, the status
    line, the headers or the error table (a field's name is ``Verbatim``: code)."""
    seed: Words
    """What the page shows. Messages are Markdown: code, JSON and numbers in backticks; a value
    that is only code is ``Verbatim``."""
    corrected: Words
    """What these docs show instead (or why the value is kept)."""
    reason: Words
    fixed: bool = True
    """False: noted only, the value is kept (changing it would fake a signature or a fixture)."""

    def compared(self, language: str = "en") -> dict[str, str]:
        """What the vendor's page shows beside what these docs show, in ``language`` (a notebook
        cell passes its edition's: ``explorer.notebook.language()``), as plain text."""
        return {_PAGE_SHOWS(language): _plain(self.seed(language)),
                _DOCS_SHOW(language): _plain(self.corrected(language))}


def _plain(markdown: str) -> str:
    """A message's Markdown as plain text: without the backticks that mark its code."""
    return markdown.replace("`", "")


_PAGE_SHOWS = Msg("the page shows")
_DOCS_SHOW = Msg("these docs show")


@dataclass(frozen=True)
class SeedExample:
    """One example of the page: its caption and text verbatim, and the corrected version."""

    name: str
    caption: str
    raw: str
    """The example exactly as printed (status line and headers included, when it has them)."""
    kind: Literal["request", "response"]
    outcome: str | None
    """The status, or the error code, the response shows (None for the request)."""
    status_code: int | None
    headers: tuple[tuple[str, str], ...]
    """Corrected response headers."""
    body: dict[str, Any]
    """Corrected JSON body."""
    corrections: tuple[Correction, ...] = ()

    @property
    def title(self) -> Words:
        """The caption as a heading (without its colon), in English and Chinese."""
        return _TITLES[self.name]

    @property
    def raw_body(self) -> str:
        """The JSON part of ``raw``, as printed."""
        return self.raw[self.raw.index("{"):]

    @property
    def raw_parses(self) -> bool:
        """Whether the printed body is valid JSON."""
        try:
            json.loads(self.raw_body)
        except ValueError:
            return False
        return True

    @property
    def status_line(self) -> str | None:
        if self.status_code is None:
            return None
        return f"HTTP/1.1 {self.status_code} {HTTPStatus(self.status_code).phrase}"

    def corrected_text(self) -> str:
        """The corrected example as an HTTP message (status line, headers, indented JSON)."""
        lines = [self.status_line] if self.status_line else []
        lines += [f"{name}: {value}" for name, value in self.headers]
        return "\n".join(lines + [json.dumps(self.body, indent=2, ensure_ascii=False)])


# The examples exactly as the page prints them: (caption, text).
_RAW: dict[str, tuple[str, str]] = {
    'request': (
        'Request Example',
        r'''{
"access_token":"8B11C37B7894C5E2347E1606DC7CCFDC",
"uid": "D8924F7071DC1D29A6822C794D848D9C"
}''',
    ),
    'success': (
        'Success Example 1 (Successfully matched user returns session_token):',
        r'''HTTP/1.1 200 OK
Content-Type: application/json
{
"session_token": "btsiBjx85prcZu6I6Ki057Tmw3nSF2VO",
"expire": 604800,
"status": "SUCCESS",
"id_token": "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJpc3MiOiJJc3N1ZXIiLCJhdWQiOiJBdWRpZW5jZSIsImV4cCI6MTY1MzQ4NDQxMiwianRpIjoieUxSVGZXY1VkYk9PeUFpbHdZU0ZqZyIsImlhdCI6MTY1MzQ2NjQxMiwibmJmIjoxNjUzNDY2MjkyLCJzdWIiOiJzdWJqZWN0IiwiYXBpIjoie1wibmFtZVwiOlwiXCIsXCJtb2JpbGVcIjpcIis4Ni0xNTkwNzEzMjg1MlwiLFwiaWRcIjpcIjIwMjIwNDI1MTQwMTM4NTE5LUJGMUItNTI4QjA1NTFCXCIsXCJ1c2VyTmFtZVwiOlwibG91eGlcIixcImVtYWlsXCI6XCIxMUBxcS5jb21cIn0ifQ.al79knH1fKa4aT4AFr_FMjqBKu2pV_g-lKzzgHzmor5X-dHwSBUtjH38KOzjIqHvkcRMjXQuBnWmjRI7-0Djn2LuWVueaf3wRXLscCWiSDC7chjUyTRXMatYINxdvW-oSWFYGFqqbdsavLqOnvehd7ahEaTuiL9yZolvslZIkIxjxBJJu7A9Ln2sk3wf9pxXU83jIJ8ubPQBoVS-ilerTTJOKDZ9XsL2ftJsaqdTJK_mYbvKaVpLIVyHHJ2NcF6f-Al4N4kc8cgxtSgSKFDcR7Bz7dYlOcfUXCPAzJ3NZInm8UaksiWU02tvlvTRvRdoxZNnvD5vamZ5hjFc-cW5jA",
}''',  # the vendor's text verbatim: a token is one line  # noqa: E501
    ),
    'user_register': (
        'Success Example 2 (Returns automatic registration and binding flow):',
        r'''HTTP/1.1 200 OK
Content-Type: application/json
{
"state_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ7XCJzb2NpYWxVaWRcIjpcIm8zRHVFNVNySXVodTlIZHFucHd0c3Y5a2dkSFFcIixcInN0YXR1c1wiOlwiVVNFUl9SRUdJU1RFUlwifSIsImV4cCI6MTY0NjcwNTcwNCwiaWF0IjoxNjQ2NzAzOTA0LCJqdGkiOiIxNjQ2NzAzOTA0NTEwMCJ9.tLEpS-9jrXwiJI3GlZw4RGg_z0zMDzKMMZtPBv2VPS8",
"data": "{\"socialBindOrRegisterFlow\":[\"VERIFY_PHONE\",\"VERIFY_EMAIL\"]}",
"status": "USER_REGISTER"
}''',  # the vendor's text verbatim: a token is one line  # noqa: E501
    ),
    'social_bind': (
        'Success Example 3 (Returns binding flow):',
        r'''HTTP/1.1 200 OK
Content-Type: application/json
{
"state_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ7XCJzb2NpYWxVaWRcIjpcIm8zRHVFNVNySXVodTlIZHFucHd0c3Y5a2dkSFFcIixcInN0YXR1c1wiOlwiVVNFUl9SRUdJU1RFUlwifSIsImV4cCI6MTY0NjcwNTcwNCwiaWF0IjoxNjQ2NzAzOTA0LCJqdGkiOiIxNjQ2NzAzOTA0NTEwMCJ9.tLEpS-9jrXwiJI3GlZw4RGg_z0zMDzKMMZtPBv2VPS8",
"data": "{\"socialBindOrRegisterFlow\":[\"VERIFY_PHONE\",\"VERIFY_EMAIL\"]}",
"status": " SOCIAL_BIND"
}''',  # the vendor's text verbatim: a token is one line  # noqa: E501
    ),
    'mfa_auth': (
        'Success Example 4 (Returns secondary authentication flow):',
        r'''HTTP 200 OK
{
"status": "MFA_AUTH",
"state_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ7XCJ1c2VySWRcIjpcIjIwMjIwMTIwMDk0MzEwNDM0LTg0N0MtQTFEOUJGOUIwXCIsXCJzdGF0dXNcIjpcIk1GQV9BVVRIXCJ9IiwiZXhwIjoxNjQ0MzkyNTEyLCJpYXQiOjE2NDQzOTA3MTIsImp0aSI6IjE2NDQzOTA3MTI2MDEwIn0.PcwlKPlPgIwnPZUE_s56_x5zB8YKaivfkpT0Fm5D2vU",
"data": "[\"SMS\"]"
}''',  # the vendor's text verbatim: a token is one line  # noqa: E501
    ),
    'access_denied': (
        'Success Example 5 (Returns login denial flow):',
        r'''HTTP 200 OK
{
"status": "ACCESS_DENIED",
"data": "Access Denied"
}''',
    ),
    'error': (
        'Error Example:',
        r'''HTTP/1.1 400 Bad Request
{
"error_code": "IDAAS.SDK.PARAM.0001",
"error_msg": "Device information is incomplete"
}''',
    ),
}


_TITLES: dict[str, Words] = {
    "request": Msg("Request Example"),
    "success": Msg("Success Example 1 (Successfully matched user returns session_token)"),
    "user_register": Msg("Success Example 2 (Returns automatic registration and binding flow)"),
    "social_bind": Msg("Success Example 3 (Returns binding flow)"),
    "mfa_auth": Msg("Success Example 4 (Returns secondary authentication flow)"),
    "access_denied": Msg("Success Example 5 (Returns login denial flow)"),
    "error": Msg("Error Example"),
}
"""The examples' captions as headings, by name: the page's English (its caption without the colon;
a test holds them equal) and their Chinese (the page prints them in English only)."""


_JSON = (("Content-Type", "application/json"),)


def _body(name: str) -> dict[str, Any]:
    text = _RAW[name][1]
    text = text[text.index("{"):]
    if name == "success":
        text = text.replace('",\n}', '"\n}')  # erratum 1: the trailing comma
    body: dict[str, Any] = json.loads(text)
    if name == "social_bind":
        body["status"] = body["status"].strip()  # erratum 2: the leading space
    return body


def _example(name: str, outcome: str | None, status_code: int | None,
             headers: tuple[tuple[str, str], ...], *corrections: Correction) -> SeedExample:
    caption, raw = _RAW[name]
    kind: Literal["request", "response"] = "request" if status_code is None else "response"
    return SeedExample(name, caption, raw, kind, outcome, status_code, headers, _body(name),
                       corrections)


_STATE_TOKEN = Correction(
    6, Verbatim("state_token"), Msg("an HS256 JWT"),
    Msg("kept; a client decodes it (`TokenCheck` verdict `UNVERIFIABLE`) and passes it on "
        "unchanged"),
    Msg("HS256 is a shared-secret signature and only the server holds the secret. A client can "
        "read the payload (`sub` holds JSON: `socialUid` or `userId`, and `status`; 30 minutes "
        "of life) but must not trust it; the server verifies it on the next call "
        "(`X-state-token`)."),
    fixed=False,
)


def _no_version(n: int) -> tuple[Correction, Correction]:
    example = fill(Msg("Success example {n}"), n=n)
    return (
        Correction(3, Msg("status line"), Verbatim("HTTP 200 OK"),
                   Verbatim("HTTP/1.1 200 OK"),
                   fill(Msg("{example}: every other example prints a full `HTTP/1.1` status "
                            "line; an HTTP status line always names its version."),
                        example=example)),
        Correction(3, Msg("response headers"), Msg("no `Content-Type`"),
                   Verbatim("Content-Type: application/json"),
                   fill(Msg("{example}: the body is JSON and every answer of the call is "
                            "`application/json`, as examples 1 to 3 show."), example=example)),
    )


REQUEST = _example(
    "request", None, None, (),
    Correction(
        5, Verbatim("uid"),
        Msg("`D8924F7071DC1D29A6822C794D848D9C` (32 hex digits)"),
        Msg("kept; the contract types `uid` as a string and the server only compares it"),
        Msg("Real Weibo `uid` values are numeric strings (e.g. `1404376560`), returned by Weibo "
            "with the token. The call never parses the `uid`, it compares it with the `uid` "
            "Weibo reports for the `access_token`, so the page's value still works in the "
            "sandbox's docs fixtures, which reproduce the page."),
        fixed=False,
    ),
)
"""The page's request example."""

EXAMPLES: tuple[SeedExample, ...] = (
    _example(
        "success", "SUCCESS", 200, _JSON,
        Correction(1, Msg("response body"),
                   Msg('a comma after the last member (`"id_token": "...",`)'),
                   Msg("the comma removed"),
                   Msg("JSON (RFC 8259) allows no trailing comma: strict parsers, `json.loads` "
                       "and `JSON.parse` included, reject the whole body.")),
        Correction(4, Verbatim("id_token"),
                   Msg("`exp - iat = 18000` s (5 hours); `nbf = iat - 120`"),
                   Msg("kept; by default the sandbox issues `id_token`s that live 2 hours "
                       "(`id_token_ttl 7200`)"),
                   Msg("The page's text says 2 hours by default, configurable: the sample comes "
                       "from a tenant configured for 5 hours. Changing `exp` would break the "
                       "signature, so the sample stays as signed."),
                   fixed=False),
        Correction(None, Verbatim("id_token"),
                   Msg('`iss` `"Issuer"`, `aud` `"Audience"`, `sub` `"subject"`; the key `k1` '
                       "(`kid`) is published nowhere"),
                   Msg("kept; the sandbox sets `iss` to its base URL, `aud` to the client id, "
                       "`sub` to the user id, and publishes its key at `/api/v1/oauth2/keys`"),
                   Msg("The claims are placeholders and the key is not public, so this sample "
                       "can be decoded but never verified: a client checking `iss` and `aud` "
                       "as it must would reject it."),
                   fixed=False),
    ),
    _example("user_register", "USER_REGISTER", 200, _JSON, _STATE_TOKEN),
    _example(
        "social_bind", "SOCIAL_BIND", 200, _JSON,
        Correction(2, Verbatim("status"),
                   Msg('`" SOCIAL_BIND"` (leading space)'),
                   Verbatim('"SOCIAL_BIND"'),
                   Msg("`status` is an enumeration; a client comparing strings would miss it "
                       "(explorer's client strips stray spaces, other clients may not).")),
        Correction(2, Verbatim("state_token"),
                   Msg("the very token of example 2, whose `sub` says `status` "
                       "`USER_REGISTER`"),
                   Msg("kept, flagged here; a real `SOCIAL_BIND` answer carries a token whose "
                       "`sub` says `SOCIAL_BIND`"),
                   Msg("The token is HS256 with the vendor's secret: a corrected one cannot be "
                       "signed, and an unsigned stand-in would be a fake. The example was "
                       "evidently copied from example 2."),
                   fixed=False),
        _STATE_TOKEN,
    ),
    _example("mfa_auth", "MFA_AUTH", 200, _JSON, *_no_version(4), _STATE_TOKEN),
    _example("access_denied", "ACCESS_DENIED", 200, _JSON, *_no_version(5)),
    _example(
        "error", "IDAAS.SDK.PARAM.0001", 400, _JSON,
        Correction(None, Msg("response headers"), Msg("no `Content-Type`"),
                   Verbatim("Content-Type: application/json"),
                   Msg("Not in the vendor pages' list (§7), same fault as item 3: the error "
                       "envelope is JSON like every other answer.")),
    ),
)
"""The page's six response examples, in its order."""

TABLE_CORRECTIONS: tuple[Correction, ...] = (
    Correction(
        7, Msg("error table"),
        Msg('a second line per code holding English (`"User has been disabled."`)'),
        Msg("Chinese messages and actions written for every code "
            "(`explorer.contract.ERRORS`, `Text.zh`), answered when `X-L` starts with `zh`"),
        Msg("The second line is evidently the English translation of a Chinese original that "
            "the page leaves out. The server speaks Chinese on `X-L: zh`, so the messages are "
            "needed; they are this project's wording, not the vendor's."),
    ),
)
"""Corrections of the page that belong to no example."""


def example(name: str) -> SeedExample:
    """The example with this name (KeyError for an unknown one)."""
    for item in (REQUEST, *EXAMPLES):
        if item.name == name:
            return item
    raise KeyError(name)


def all_corrections() -> tuple[tuple[str, Correction], ...]:
    """Every correction with the name of its example (``error table`` for the table's)."""
    pairs = [(item.name, c) for item in (REQUEST, *EXAMPLES) for c in item.corrections]
    return tuple(pairs + [("error table", c) for c in TABLE_CORRECTIONS])
