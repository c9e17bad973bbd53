"""Every string the renderers show that is not data: one table, in English and Chinese.

Meanings, next steps, error messages and actions are *not* here: they come from
``explorer.contract``. This table holds only the renderer's own words (section titles, verdicts,
templates for the likely cause of an error) and the meaning of the values the contract does not
describe (the flows in ``data`` and the MFA factors, from the seed's description of ``data``).
Templates use ``{name}`` placeholders; the renderers show the substituted values as code.
"""

from __future__ import annotations

from ..catalogue import Msg, Words
from ..contract import CODE_TYPES, SOCIAL_BIND, SOCIAL_REGISTER_BIND

LABELS: dict[str, Words] = {
    # -- card structure
    "next": Msg("Next call"),  # the step itself names the call: 调用 GET …
    "meaning": Msg("Meaning"),
    "session": Msg("Session"),
    "session_token": Msg("session_token"),
    "expire": Msg("expire"),
    "expires_at": Msg("Expires"),
    "received_at": Msg("Received"),
    "seconds": Msg("{n} s"),
    "flows": Msg("Ways to prove the user (data)"),
    "factors": Msg("Second factors (data)"),
    "denied": Msg("The server's text (data)"),
    "data_raw": Msg("data as sent"),
    "data_unreadable": Msg("data is not the JSON this status documents"),
    "status_sent": Msg("The server sent the status {value}; it is read as {name}."),
    "undocumented": Msg("not documented"),
    "sms_type": Msg("code type"),
    # -- errors
    "error": Msg("Error"),
    "http_status": Msg("HTTP status"),
    "server_said": Msg("Server said"),
    "message_en": Msg("Message (English)"),
    "message_zh": Msg("Message (Chinese)"),
    "action": Msg("Action"),
    "cause": Msg("Likely cause in your request"),
    "fields": Msg("Fields"),
    "source_sandbox": Msg("{code} is a code of this sandbox, not the vendor's: {reason}"),
    "source_family": Msg("{code} is documented on the vendor's pages for the neighbouring calls, "
                         "not on the Weibo Login page."),
    "unknown_code": Msg("{code} is not in the contract: neither the vendor nor the sandbox "
                        "documents it."),
    "no_cause": Msg("Nothing in the request itself: the answer depends on the tenant's state "
                    "for this user or on the server."),
    "cause_missing": Msg("{field} was missing"),
    "cause_blank": Msg("{field} was empty"),
    "cause_bad_ip": Msg("{field} {value} is not an IP address"),
    "cause_unregistered": Msg("X-client-id {value} is not a registered app"),
    "cause_type": Msg("{field} was a JSON {type}, not a string"),
    "cause_content_type": Msg("content-type was {value}"),
    "cause_not_json": Msg("the body is not JSON: {detail}"),
    "cause_not_object": Msg("the body was a JSON {type}"),
    "cause_too_large": Msg("the body was {n} bytes (limit {limit})"),
    "cause_weibo": Msg("Weibo's reason: {detail}"),
    "cause_user": Msg("Weibo uid {value} has no usable account in this tenant"),
    "cause_user_unbound": Msg("Weibo uid {value} is bound to no user of this tenant, and the "
                              "tenant does not register or bind unknown accounts"),
    "cause_user_disabled": Msg("Weibo uid {value} is bound to a user, and the user is disabled"),
    # -- tokens
    "id_token": Msg("id_token"),
    "state_token": Msg("state_token"),
    "token": Msg("Token"),
    "jwt_header": Msg("Header"),
    "claims": Msg("Claims"),
    "api_claim": Msg("api claim (the user)"),
    "sub_claim": Msg("sub claim, decoded"),
    "lifetime": Msg("lifetime (exp − iat)"),
    "VERIFIED": Msg("VERIFIED"),
    "INVALID": Msg("INVALID"),
    "UNVERIFIABLE": Msg("UNVERIFIABLE"),  # the verdict's own name: one vocabulary
    "UNCHECKED": Msg("NOT CHECKED"),
    "MALFORMED": Msg("NOT A JWT"),
    "verified_note": Msg("Signature verified against the tenant's JWKS; iss, aud, exp "
                         "and nbf hold."),
    "invalid_note": Msg("Do not trust this token: {reason}"),
    "unverifiable_note": Msg("Readable, verifiable only by the server: it is signed with a key "
                             "only the server holds ({alg})."),
    "unverifiable_id_note": Msg("Readable, but the client could not verify it: {reason}"),
    "unchecked_note": Msg("Decoded without verification: the client did not check it."),
    "malformed_note": Msg("The value does not decode as a JWT: {detail}"),
    "checked_at": Msg("Checked"),
    "at_clock": Msg("at the {clock}"),
    "sandbox_clock": Msg("sandbox clock"),
    "wall_clock": Msg("wall clock"),
    "failed_claim": Msg("✗ fails the check"),
    "untrusted_login": Msg("The id_token did not verify — {reason}: do not trust this login "
                           "(ok is False)."),
    # -- follow-up calls
    "call": Msg("Answer"),
    "refreshed": Msg("id_token refreshed for the session"),
    "refreshed_note": Msg("The answer has no status field: a 200 with session_token, expire and "
                          "id_token is the success of this call."),
    "puzzle": Msg("Background with the gap (originalImageBase64)"),
    "piece": Msg("Piece to slide (jigsawImageBase64)"),
    "empty_body": Msg("(empty body)"),
    # -- exchange
    "exchange": Msg("Raw exchange"),
    "request": Msg("Request"),
    "response": Msg("Response"),
    "transport": Msg("TRANSPORT ERROR"),
    "transport_note": Msg("The call produced no documented answer."),
    "hint_nothing_listening": Msg(
        "Nothing is listening at {url}. Start a sandbox there: weibo-explorer sandbox (port 8600; "
       "--port N for another), or use the address of the sandbox you already run."),
    "hint_cannot_connect": Msg(
        "{host} could not be reached: check the tenant's address (https://YOUR_DOMAIN), this "
       "machine's network and any proxy (HTTPS_PROXY)."),
    "hint_timeout": Msg(
        "{url} did not answer in time: it may be overloaded or unreachable; try again, or check "
       "the address."),
    "hint_not_idaas": Msg(
        "{url} answered, but not as an IDaaS tenant does: check the base URL (the tenant's "
       "domain alone, without /api/v2/...)."),
    # -- time
    "in": Msg("in {d}"),
    "ago": Msg("{d} ago"),
    "now": Msg("now"),
}

UNITS: dict[str, Words] = {
    "d": Msg("d"), "h": Msg("h"), "min": Msg("min"), "s": Msg("s"),
}

CALLS: dict[str, tuple[Words, Words]] = {
    "Captcha": (
        Msg("Slider captcha: slide the piece into the gap"),
        Msg("POST /api/v2/sdk/captcha/verify with token, point_json (the piece's x and y as "
            "JSON text) and sender (the phone or e-mail to receive the code).")),
    "CaptchaPassed": (
        Msg("Captcha solved: one code may be sent"),
        Msg("POST /api/v2/sdk/sms/send or /email/send with this captcha_token and the code's "
            "type.")),
    "CodeSent": (
        Msg("Verification code sent"),
        Msg("Read the code the user received, then bind, register-bind or mfa/sms with "
            "X-state-token.")),
    "MaskedMobile": (
        Msg("The phone the second factor goes to (masked)"),
        Msg("Solve a captcha, send an MFA_AUTH_SMS code, then POST /api/v2/sdk/mfa/sms.")),
    "AppToken": (
        Msg("App access token (deprecated ticket route)"),
        Msg("Send it as Authorization: Bearer to exchange a session_token for a ticket.")),
    "SsoTicket": (
        Msg("One-time SSO ticket (deprecated route)"),
        Msg("POST /api/v2/tenant/sso/sso-ticket/verify once, within expire seconds, with the "
            "same device fields.")),
    "UserInfo": (
        Msg("The user the ticket stood for"),
        Msg("The ticket is spent; get a new one for the next lookup.")),
    "SessionRefreshed": (
        Msg("Session renewed (deprecated route)"),
        Msg("Keep using the session_token until expire seconds from now.")),
}
"""Per kind of follow-up answer that is no login status: its headline and the next call."""

FLOWS: dict[str, Words] = {
    "VERIFY_PHONE": Msg("Phone number + SMS verification code"),
    "VERIFY_EMAIL": Msg("E-mail + e-mail verification code"),
}
"""The seed's own description of the ``socialBindOrRegisterFlow`` values."""

FLOW_CODE_TYPES: dict[tuple[str, str], str] = {
    (status, flow): CODE_TYPES[endpoint.path][channel]
    for status, endpoint in (("USER_REGISTER", SOCIAL_REGISTER_BIND), ("SOCIAL_BIND", SOCIAL_BIND))
    for flow, channel in (("VERIFY_PHONE", "mobile"), ("VERIFY_EMAIL", "email"))
}
"""The ``type`` to send the code with, per status and flow: read from the contract's
``CODE_TYPES`` of the call that finishes that flow (docs/vendor-api.md §3)."""

REASONS: dict[str, Words] = {
    "malformed": Msg("it does not decode as a JWT"),
    "signature": Msg("the signature matches no key of the tenant's JWKS (or the alg is not RS256)"),
    "issuer": Msg("iss is not this tenant"),
    "audience": Msg("aud is not your client id"),
    "expired": Msg("exp is in the past: the token has expired"),
    "not yet valid": Msg("nbf is in the future: the token is not valid yet"),
}
"""What each reason of the client's ``TokenCheck`` means (``explorer.client.token_checks``)."""

REASON_CLAIMS: dict[str, str] = {
    "issuer": "iss", "audience": "aud", "expired": "exp", "not yet valid": "nbf",
}
"""The claim each reason is about, marked in the claims table."""

FACTORS: dict[str, Words] = {
    "SMS": Msg("SMS code to the user's bound phone (type MFA_AUTH_SMS)"),
}

JSON_TYPES: dict[type, Words] = {
    int: Msg("number"), float: Msg("number"), bool: Msg("boolean"),
    type(None): Msg("null"), list: Msg("array"), dict: Msg("object"),
    str: Msg("string"),
}


def label(key: str, language: str | None) -> str:
    """The UI string ``key`` in ``language`` (``zh...`` → Chinese, anything else English)."""
    return LABELS[key](language)
