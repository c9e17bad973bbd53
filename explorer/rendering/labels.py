"""Every string the renderers show that is not data: one table, in English and Chinese.

Meanings, next steps, error messages and actions are *not* here: they come from
``explorer.contract``. This table holds only the renderer's own words (section titles, verdicts,
templates for the likely cause of an error) and the meaning of the values the contract does not
describe (the flows in ``data`` and the MFA factors, from the seed's description of ``data``).
Templates use ``{name}`` placeholders; the renderers show the substituted values as code.
"""

from __future__ import annotations

from ..contract import CODE_TYPES, SOCIAL_BIND, SOCIAL_REGISTER_BIND, Text

LABELS: dict[str, Text] = {
    # -- card structure
    "next": Text("Next call", "下一步"),  # the step itself names the call: 调用 GET …
    "meaning": Text("Meaning", "含义"),
    "session": Text("Session", "会话"),
    "session_token": Text("session_token", "session_token"),
    "expire": Text("expire", "expire"),
    "expires_at": Text("Expires", "过期时间"),
    "received_at": Text("Received", "接收时间"),
    "seconds": Text("{n} s", "{n} 秒"),
    "flows": Text("Ways to prove the user (data)", "验证方式（data）"),
    "factors": Text("Second factors (data)", "二次认证因子（data）"),
    "denied": Text("The server's text (data)", "服务器返回的文本（data）"),
    "data_raw": Text("data as sent", "原始 data"),
    "data_unreadable": Text("data is not the JSON this status documents",
                            "data 不是该状态约定的 JSON"),
    "status_sent": Text("The server sent the status {value}; it is read as {name}.",
                        "服务器发送的状态为 {value}，按 {name} 解析。"),
    "undocumented": Text("not documented", "未记录"),
    "sms_type": Text("code type", "验证码类型"),
    # -- errors
    "error": Text("Error", "错误"),
    "http_status": Text("HTTP status", "HTTP 状态码"),
    "server_said": Text("Server said", "服务器返回"),
    "message_en": Text("Message (English)", "英文信息"),
    "message_zh": Text("Message (Chinese)", "中文信息"),
    "action": Text("Action", "处理建议"),
    "cause": Text("Likely cause in your request", "请求中的可能原因"),
    "fields": Text("Fields", "相关字段"),
    "source_sandbox": Text("{code} is a code of this sandbox, not the vendor's: {reason}",
                           "{code} 是本沙箱的错误码，不是厂商的：{reason}"),
    "source_family": Text("{code} is documented on the vendor's pages for the neighbouring calls, "
                          "not on the Weibo Login page.",
                          "{code} 记录在厂商相邻接口的页面上，而非微博登录页面。"),
    "unknown_code": Text("{code} is not in the contract: neither the vendor nor the sandbox "
                         "documents it.", "{code} 不在接口约定中：厂商和沙箱均未记录该错误码。"),
    "no_cause": Text("Nothing in the request itself: the answer depends on the tenant's state "
                     "for this user or on the server.",
                     "请求本身没有问题：该结果取决于租户中该用户的状态或服务器。"),
    "cause_missing": Text("{field} was missing", "{field} 缺失"),
    "cause_blank": Text("{field} was empty", "{field} 为空"),
    "cause_bad_ip": Text("{field} {value} is not an IP address",
                         "{field} {value} 不是合法的IP地址"),
    "cause_unregistered": Text("X-client-id {value} is not a registered app",
                               "X-client-id {value} 不是已注册的应用"),
    "cause_type": Text("{field} was a JSON {type}, not a string",
                       "{field} 是 JSON {type}，不是字符串"),
    "cause_content_type": Text("content-type was {value}", "content-type 为 {value}"),
    "cause_not_json": Text("the body is not JSON: {detail}", "请求体不是 JSON：{detail}"),
    "cause_not_object": Text("the body was a JSON {type}", "请求体是 JSON {type}"),
    "cause_too_large": Text("the body was {n} bytes (limit {limit})",
                            "请求体为 {n} 字节（上限 {limit}）"),
    "cause_weibo": Text("Weibo's reason: {detail}", "微博给出的原因：{detail}"),
    "cause_user": Text("Weibo uid {value} has no usable account in this tenant",
                       "微博 uid {value} 在该租户中没有可用账号"),
    "cause_user_unbound": Text("Weibo uid {value} is bound to no user of this tenant, and the "
                               "tenant does not register or bind unknown accounts",
                               "微博 uid {value} 未绑定该租户的任何用户，且租户不自动注册或绑定"),
    "cause_user_disabled": Text("Weibo uid {value} is bound to a user, and the user is disabled",
                                "微博 uid {value} 已绑定用户，但该用户已被禁用"),
    # -- tokens
    "id_token": Text("id_token", "id_token"),
    "state_token": Text("state_token", "state_token"),
    "token": Text("Token", "令牌"),
    "jwt_header": Text("Header", "头部"),
    "claims": Text("Claims", "声明"),
    "api_claim": Text("api claim (the user)", "api 声明（用户信息）"),
    "sub_claim": Text("sub claim, decoded", "sub 声明（已解码）"),
    "lifetime": Text("lifetime (exp − iat)", "有效期（exp − iat）"),
    "VERIFIED": Text("VERIFIED", "已验证"),
    "INVALID": Text("INVALID", "无效"),
    "UNVERIFIABLE": Text("UNVERIFIABLE", "无法验证"),  # the verdict's own name: one vocabulary
    "UNCHECKED": Text("NOT CHECKED", "未校验"),
    "MALFORMED": Text("NOT A JWT", "不是 JWT"),
    "verified_note": Text("Signature verified against the tenant's JWKS; iss, aud, exp "
                          "and nbf hold.",
                          "签名已通过租户 JWKS 验证；iss、aud、exp、nbf 均有效。"),
    "invalid_note": Text("Do not trust this token: {reason}", "不要信任该令牌：{reason}"),
    "unverifiable_note": Text("Readable, verifiable only by the server: it is signed with a key "
                              "only the server holds ({alg}).",
                              "可读，但只有服务器能验证：它由仅服务器持有的密钥签名（{alg}）。"),
    "unverifiable_id_note": Text("Readable, but the client could not verify it: {reason}",
                                 "可读，但客户端无法验证：{reason}"),
    "unchecked_note": Text("Decoded without verification: the client did not check it.",
                           "未经验证即解码：客户端未校验该令牌。"),
    "malformed_note": Text("The value does not decode as a JWT: {detail}",
                           "该值无法解码为 JWT：{detail}"),
    "checked_at": Text("Checked", "校验时间"),
    "at_clock": Text("at the {clock}", "按{clock}"),
    "sandbox_clock": Text("sandbox clock", "沙箱时钟"),
    "wall_clock": Text("wall clock", "本机时钟"),
    "failed_claim": Text("✗ fails the check", "✗ 未通过校验"),
    "untrusted_login": Text("The id_token did not verify — {reason}: do not trust this login "
                            "(ok is False).",
                            "id_token 未通过验证——{reason}：不要信任此次登录（ok 为 False）。"),
    # -- follow-up calls
    "call": Text("Answer", "响应"),
    "refreshed": Text("id_token refreshed for the session", "已为会话刷新 id_token"),
    "refreshed_note": Text("The answer has no status field: a 200 with session_token, expire and "
                           "id_token is the success of this call.",
                           "响应没有 status 字段：包含 session_token、expire 和 id_token 的 "
                           "200 即成功。"),
    "puzzle": Text("Background with the gap (originalImageBase64)",
                   "带缺口的背景图（originalImageBase64）"),
    "piece": Text("Piece to slide (jigsawImageBase64)", "待滑动的拼图（jigsawImageBase64）"),
    "empty_body": Text("(empty body)", "（空响应体）"),
    # -- exchange
    "exchange": Text("Raw exchange", "原始请求与响应"),
    "request": Text("Request", "请求"),
    "response": Text("Response", "响应"),
    "transport": Text("TRANSPORT ERROR", "传输错误"),
    "transport_note": Text("The call produced no documented answer.",
                           "该调用没有得到约定格式的响应。"),
    "hint_nothing_listening": Text(
        "Nothing is listening at {url}. Start a sandbox there: weibo-explorer sandbox (port 8600; "
        "--port N for another), or use the address of the sandbox you already run.",
        "{url} 上没有服务在监听。请在那里启动沙箱：weibo-explorer sandbox（端口 8600；用 --port N "
        "换端口），或者改用你已在运行的沙箱的地址。"),
    "hint_cannot_connect": Text(
        "{host} could not be reached: check the tenant's address (https://YOUR_DOMAIN), this "
        "machine's network and any proxy (HTTPS_PROXY).",
        "无法连接 {host}：请检查租户地址（https://YOUR_DOMAIN）、"
        "本机网络和代理设置（HTTPS_PROXY）。"),
    "hint_timeout": Text(
        "{url} did not answer in time: it may be overloaded or unreachable; try again, or check "
        "the address.",
        "{url} 没有及时响应：它可能负载过高或无法访问；请重试，或检查地址。"),
    "hint_not_idaas": Text(
        "{url} answered, but not as an IDaaS tenant does: check the base URL (the tenant's "
        "domain alone, without /api/v2/...).",
        "{url} 有响应，但不像 IDaaS 租户的响应：请检查基础地址（只写租户域名，不带 "
        "/api/v2/...）。"),
    # -- time
    "in": Text("in {d}", "{d}后"),
    "ago": Text("{d} ago", "{d}前"),
    "now": Text("now", "此刻"),
}

UNITS: dict[str, Text] = {
    "d": Text("d", "天"), "h": Text("h", "小时"), "min": Text("min", "分钟"), "s": Text("s", "秒"),
}

CALLS: dict[str, tuple[Text, Text]] = {
    "Captcha": (
        Text("Slider captcha: slide the piece into the gap", "滑块验证码：将拼图滑入缺口"),
        Text("POST /api/v2/sdk/captcha/verify with token, point_json (the piece's x and y as "
             "JSON text) and sender (the phone or e-mail to receive the code).",
             "携带 token、point_json（拼图 x、y 的 JSON 文本）和 sender（接收验证码的手机或邮箱）"
             "调用 POST /api/v2/sdk/captcha/verify。")),
    "CaptchaPassed": (
        Text("Captcha solved: one code may be sent", "图形验证通过：可发送一次验证码"),
        Text("POST /api/v2/sdk/sms/send or /email/send with this captcha_token and the code's "
             "type.",
             "携带该 captcha_token 和验证码类型调用 POST /api/v2/sdk/sms/send 或 /email/send。")),
    "CodeSent": (
        Text("Verification code sent", "验证码已发送"),
        Text("Read the code the user received, then bind, register-bind or mfa/sms with "
             "X-state-token.",
             "读取用户收到的验证码，然后携带 X-state-token 调用绑定、注册绑定或 mfa/sms。")),
    "MaskedMobile": (
        Text("The phone the second factor goes to (masked)", "二次认证的手机号（已脱敏）"),
        Text("Solve a captcha, send an MFA_AUTH_SMS code, then POST /api/v2/sdk/mfa/sms.",
             "完成图形验证，发送 MFA_AUTH_SMS 验证码，然后调用 POST /api/v2/sdk/mfa/sms。")),
    "AppToken": (
        Text("App access token (deprecated ticket route)", "应用访问令牌（已弃用的 ticket 方式）"),
        Text("Send it as Authorization: Bearer to exchange a session_token for a ticket.",
             "作为 Authorization: Bearer 发送，用 session_token 换取 ticket。")),
    "SsoTicket": (
        Text("One-time SSO ticket (deprecated route)", "一次性 SSO ticket（已弃用）"),
        Text("POST /api/v2/tenant/sso/sso-ticket/verify once, within expire seconds, with the "
             "same device fields.", "在 expire 秒内、携带相同的设备字段调用一次 POST "
             "/api/v2/tenant/sso/sso-ticket/verify。")),
    "UserInfo": (
        Text("The user the ticket stood for", "ticket 对应的用户"),
        Text("The ticket is spent; get a new one for the next lookup.",
             "该 ticket 已使用；下次查询请重新换取。")),
    "SessionRefreshed": (
        Text("Session renewed (deprecated route)", "会话已续期（已弃用）"),
        Text("Keep using the session_token until expire seconds from now.",
             "在 expire 秒内继续使用该 session_token。")),
}
"""Per kind of follow-up answer that is no login status: its headline and the next call."""

FLOWS: dict[str, Text] = {
    "VERIFY_PHONE": Text("Phone number + SMS verification code", "手机号 + 短信验证码"),
    "VERIFY_EMAIL": Text("E-mail + e-mail verification code", "邮箱 + 邮箱验证码"),
}
"""The seed's own description of the ``socialBindOrRegisterFlow`` values."""

FLOW_CODE_TYPES: dict[tuple[str, str], str] = {
    (status, flow): CODE_TYPES[endpoint.path][channel]
    for status, endpoint in (("USER_REGISTER", SOCIAL_REGISTER_BIND), ("SOCIAL_BIND", SOCIAL_BIND))
    for flow, channel in (("VERIFY_PHONE", "mobile"), ("VERIFY_EMAIL", "email"))
}
"""The ``type`` to send the code with, per status and flow: read from the contract's
``CODE_TYPES`` of the call that finishes that flow (docs/vendor-api.md §3)."""

REASONS: dict[str, Text] = {
    "malformed": Text("it does not decode as a JWT", "无法解码为 JWT"),
    "signature": Text("the signature matches no key of the tenant's JWKS (or the alg is not RS256)",
                      "签名与租户 JWKS 中的任何密钥都不匹配（或 alg 不是 RS256）"),
    "issuer": Text("iss is not this tenant", "iss 不是该租户"),
    "audience": Text("aud is not your client id", "aud 不是你的 client id"),
    "expired": Text("exp is in the past: the token has expired", "exp 已过：令牌已过期"),
    "not yet valid": Text("nbf is in the future: the token is not valid yet",
                          "nbf 在未来：令牌尚未生效"),
}
"""What each reason of the client's ``TokenCheck`` means (``explorer.client.token_checks``)."""

REASON_CLAIMS: dict[str, str] = {
    "issuer": "iss", "audience": "aud", "expired": "exp", "not yet valid": "nbf",
}
"""The claim each reason is about, marked in the claims table."""

FACTORS: dict[str, Text] = {
    "SMS": Text("SMS code to the user's bound phone (type MFA_AUTH_SMS)",
                "发送到用户绑定手机的短信验证码（类型 MFA_AUTH_SMS）"),
}

JSON_TYPES: dict[type, Text] = {
    int: Text("number", "数字"), float: Text("number", "数字"), bool: Text("boolean", "布尔值"),
    type(None): Text("null", "null"), list: Text("array", "数组"), dict: Text("object", "对象"),
    str: Text("string", "字符串"),
}


def label(key: str, language: str | None) -> str:
    """The UI string ``key`` in ``language`` (``zh...`` → Chinese, anything else English)."""
    return LABELS[key](language)
