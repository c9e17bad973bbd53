"""The one rule table: what redaction replaces and what the publish gate refuses.

Pure data. Each ``Rule`` names the JSON keys, header names, form fields and claims (matched
case-insensitively, ``_``/``-``/camelCase alike) whose values it takes, and how it finds its
values in free text: a ``pattern``, a named ``finder`` of ``explorer.redact.detect`` (phone
numbers through libphonenumber), or ``context`` (a listed key written beside its value:
``session_token=…``, ``Authorization: Bearer …``, ``"client_secret": "…"``). ``refuse``: the
publish gate refuses a real-looking value of this rule (the other rules are redacted but not
refused, since the docs show the sandbox's uids, names and addresses on purpose).
``docs/redaction.md`` shows this table; a test keeps the two the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalogue import Msg

PLACEHOLDER = re.compile(r"redacted-[a-z_]+-\d+(?:@redacted\.invalid)?")
"""What every placeholder looks like (the publish gate accepts these)."""

JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\w+/=])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\w+/])")
"""Mainland mobile numbers in their usual spellings: a quick pre-check only (``detect`` finds
phone numbers in every form through libphonenumber)."""
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
MIN_LITERAL = 6
"""Shorter values are replaced only where their key says so, never wherever they occur."""


@dataclass(frozen=True)
class Rule:
    """One kind of value to hide.

    ``keys``: JSON keys, header names, form fields and claims whose whole value is taken;
    ``pattern``: a regex that finds the value in any text; ``finder``: the name of a finder in
    ``explorer.redact.detect`` instead; ``context``: also find a value written beside one of the
    keys in free text. ``personal``: a JWT claim of this name is masked. ``refuse``: the publish
    gate refuses a real-looking value.
    """

    name: str
    description: Msg
    """What it hides, a catalogue message (the rule table and the publish gate's findings say it
    in their reader's language)."""
    keys: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    personal: bool = False
    refuse: bool = False
    context: bool = False
    finder: str = ""


RULES: tuple[Rule, ...] = (
    Rule("session_token", Msg("the tenant's session_token (login SUCCESS, refresh calls)"),
         ("session_token", "session-token", "sessionToken", "x-session-token", "session_id",
          "sessionid", "sid"), refuse=True, context=True),
    Rule("state_token", Msg("the state_token of an unfinished login (USER_REGISTER, "
                            "SOCIAL_BIND, MFA_AUTH), the X-state-token header that returns "
                            "it, and OAuth's state"),
         ("state_token", "x-state-token", "stateToken", "state"), refuse=True, context=True),
    Rule("access_token", Msg("the Weibo access_token, app and refresh tokens, OAuth codes, "
                             "captcha tokens, sso tickets, passwords"),
         ("access_token", "accessToken", "refresh_token", "refreshToken", "captcha_token",
          "captchaToken", "sso_ticket", "ticket", "code", "password", "passwd"),
         refuse=True, context=True),
    Rule("captcha", Msg("a captcha challenge's token and secret key"),
         ("token", "secretKey", "secret_key"),
         refuse=True, context=True),
    Rule("authorization", Msg("the credential of an Authorization header (Bearer, Basic ...)"),
         ("authorization", "proxy-authorization"), refuse=True, context=True),
    Rule("cookie", Msg("the values of Cookie and Set-Cookie headers (names and attributes stay)"),
         ("cookie", "set-cookie"), refuse=True, context=True),
    Rule("client_secret", Msg("the app's client_secret and other app secrets"),
         ("client_secret", "clientSecret", "x-client-secret", "app_secret", "appSecret",
          "api_key", "apiKey"), refuse=True, context=True),
    Rule("secret", Msg("any other value under a key that says it is secret (…token, …secret, "
                       "…password, …key, credential, cookie, session)"), refuse=True),
    Rule("jwt", Msg("a JWT's signature (header and claims stay decodable; personal claims are "
                    "masked)"),
         ("id_token", "idToken", "id_token_hint"), JWT, refuse=True),
    Rule("phone", Msg("a phone number in any national or international form (libphonenumber), "
                      "and phone fields"),
         ("mobile", "phone", "phone_number", "phoneNumber", "tel", "telephone"), personal=True,
         refuse=True, finder="phone"),
    Rule("email", Msg("an e-mail address"), ("email", "mail", "email_address"), EMAIL,
         personal=True, refuse=True),
    Rule("profile", Msg("the standard OIDC profile claims of a person"),
         ("preferred_username", "given_name", "family_name", "middle_name", "address",
          "birthdate", "picture", "profile", "website", "gender", "street_address",
          "postal_code", "formatted"), personal=True, refuse=True, context=True),
    Rule("uid", Msg("a Weibo uid, the tenant's socialUid and user ids inside tokens"),
         ("uid", "socialUid", "social_uid", "weibo_uid", "userId", "user_id", "openid",
          "unionid", "sub", "id"), personal=True),
    Rule("name", Msg("a person's name or user name inside tokens and answers"),
         ("name", "userName", "user_name", "nickname", "screen_name"), personal=True),
    Rule("fingerprint", Msg("the device fingerprint"),
         ("x-device-fingerprint", "device_fingerprint", "deviceFingerprint")),
    Rule("ip", Msg("an IP address (device IP headers and any non-loopback address in text)"),
         ("x-device-ip", "device_ip", "ip", "x-forwarded-for", "x-real-ip"), IPV4),
)
"""The default rules, in the order they apply to free text."""

PLAIN_KEYS = frozenset({"id", "name", "sub", "state", "code", "address", "profile", "formatted",
                        "sid", "token", "website", "gender"})
"""Keys too generic to take everywhere: taken only inside a JWT's claims, a token's subject, a
URL's query or fragment, or when their value looks like a secret."""

SECRET_KEY_WORDS = re.compile(r"secret|token|passw(?:or)?d|pwd|api_?key|private_?key|credential"
                              r"|cookie|session|ticket|signature", re.I)
"""A key that says its value is secret (detect-secrets' keyword idea): the ``secret`` rule."""
NOT_SECRET_KEYS = re.compile(r"(?:type|_in|_at|expires?|expiry|ttl|url|uri|endpoint|length|"
                             r"hint|verdict|kind|status|count)$|^(?:token_)?type$", re.I)
"""…whose name nonetheless says it holds no secret (``token_type``, ``expires_in``…)."""

DOCUMENTATION_DOMAINS = ("example.com", "example.net", "example.org", "example", "test",
                         "invalid", "localhost")
"""RFC 2606 names: an address there reaches nobody."""
FICTIONAL_PHONE = re.compile(r"1[3-9]\d(?:0000\d{4}|12345678)")
"""The docs' fictional ranges: 1XX-0000-XXXX (+86-13900002222) and 1XX-1234-5678."""
FICTIONAL_E164 = re.compile(r"\+861[3-9]\d(?:0000\d{4}|12345678)|\+86\d{2,3}12345678"
                            r"|\+442079460\d{3}|\+1\d{3}55501\d{2}")
"""Numbers that reach nobody, in E.164: the docs' mainland ranges, a landline's 1234-5678,
Ofcom's drama range (020 7946 0000–0999) and the North American 555-0100–0199."""
