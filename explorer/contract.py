"""The Weibo Login call as data.

One declarative description of ``POST /api/v2/sdk/login/weibo`` — its headers, body fields,
statuses and error codes — that the rest of the project reads: the sandbox validates with it, the
client builds requests from it, the forms generate their fields from it, the docs print its tables.
The login is one of a family (``/api/v2/sdk/login/{provider}``): what the family shares (headers,
statuses, response fields, the checks around the body) is written once, what Weibo has of its own
is a ``SocialLogin`` record (``WEIBO``), and another provider's login would be another record.

Everything here comes from the vendor's page (the seed, ``docs/vendor-api.md``) unless a field says
``source="sandbox"``: those are choices this project made where the page is silent, and each carries
its reason. This module imports nothing of ours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

Source = Literal["seed", "family", "sandbox"]
"""Where a fact comes from: the vendor's page for this call, the vendor's pages for the calls around
it (``docs/vendor-api.md``, with the vendor's URLs), or a choice of this sandbox."""

JWKS_PATH = "/api/v1/oauth2/keys"
MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class Text:
    """A message in the two languages the API speaks (``X-L: zh...`` selects Chinese)."""

    en: str
    zh: str

    def __call__(self, language: str | None) -> str:
        return self.zh if is_chinese(language) else self.en


def is_chinese(language: str | None) -> bool:
    """True when an ``X-L`` value asks for Chinese: any value starting with ``zh``."""
    return language is not None and language.strip().lower().startswith("zh")


@dataclass(frozen=True)
class Header:
    """A request header of the call."""

    name: str
    title: Text
    required: bool
    example: str
    help: Text
    error_code: str | None = None
    """The error the server answers when this header is missing or blank (None: optional)."""


@dataclass(frozen=True)
class BodyField:
    """A field of the JSON request body. Every field of this call is a string."""

    name: str
    title: Text
    required: bool
    example: str
    help: Text
    error_code: str | None = None


@dataclass(frozen=True)
class ResponseField:
    """A field of a 200 response body."""

    name: str
    title: Text
    type: Literal["string", "integer", "array"]
    help: Text


@dataclass(frozen=True)
class Status:
    """One way a 200 response can end: the value of its ``status`` field."""

    name: str
    meaning: Text
    fields: tuple[str, ...]
    """Fields the response carries besides ``status``."""
    data: Literal["flows", "factors", "text"] | None
    """What the ``data`` string holds: a JSON object ``{"socialBindOrRegisterFlow": [...]}``, a JSON
    list of second factors, or plain text; None when there is no ``data``."""
    next_step: Text
    """The call to make next, from the vendor's pages around this one."""


@dataclass(frozen=True)
class ErrorCode:
    """An error the server answers in its ``{error_code, error_msg}`` envelope."""

    code: str
    http_status: int
    message: Text
    action: Text
    source: Source
    cause: str | None = None
    """The header or body field whose value causes this error, when there is one."""
    reason: Text | None = None
    """Why the sandbox chose this code (set for ``source="sandbox"``), in both languages."""


@dataclass(frozen=True)
class Endpoint:
    """One call of the API: method, path, what it takes and what it answers."""

    method: str
    path: str
    summary: Text
    description: Text
    headers: tuple[Header, ...]
    body: tuple[BodyField, ...]
    response_fields: tuple[ResponseField, ...]
    statuses: tuple[Status, ...]
    errors: tuple[str, ...]
    """Error codes this call can answer, in the order the server checks them."""
    content_type: str | None = "application/json"
    """Media type of the request body; None for a call without a body."""
    operation_id: str = "loginWeibo"
    tag: str = "login"
    source: Source = "seed"
    """Where the call's shape comes from (``family``: docs/vendor-api.md, which names the page)."""
    see: str = ""
    """The vendor's page for the call (a path under the vendor's docs, or a URL)."""
    deprecated: bool = False
    one_of: tuple[tuple[str, ...], ...] = ()
    """Groups of body fields of which exactly one must be given (e.g. ``mobile`` or ``email``)."""
    provider: str | None = None
    """The social provider of a login of the family (``SocialLogin``); None for other calls."""

    def header(self, name: str) -> Header:
        return _by_name(self.headers, name, key=str.lower)

    def field(self, name: str) -> BodyField:
        return _by_name(self.body, name)

    def status(self, name: str) -> Status:
        return _by_name(self.statuses, name.strip())


Named = TypeVar("Named", "Header", "BodyField", "Status")


def _by_name(items: tuple[Named, ...], name: str,
             key: Callable[[str], str] = lambda s: s) -> Named:
    for item in items:
        if key(item.name) == key(name):
            return item
    raise KeyError(name)


# --------------------------------------------------------------------------------------- errors
ERRORS: dict[str, ErrorCode] = {
    e.code: e
    for e in (
        ErrorCode(
            "IDAAS.SDK.PARAM.0001", 400,
            Text("Device information is incomplete", "设备信息不完整"),
            Text("Please check if the input device information is complete.",
                 "请检查输入的设备信息是否完整。"),
            "seed", cause="X-operating-sys-version, X-device-fingerprint, X-agent",
        ),
        ErrorCode(
            "IDAAS.SDK.PARAM.0002", 400,
            Text("clientId cannot be empty", "clientId不能为空"),
            Text("Please check if the input clientId is empty.", "请检查输入的clientId是否为空。"),
            "seed", cause="X-client-id",
        ),
        ErrorCode(
            "IDAAS.SDK.PARAM.0003", 400,
            Text("The app is not registered, please register the app first",
                 "应用未注册，请先注册应用"),
            Text("Please check if the input clientId is correct.",
                 "请检查输入的clientId是否正确。"),
            "seed", cause="X-client-id",
        ),
        ErrorCode(
            "IDAAS.SDK.PARAM.0026", 400,
            Text("Weibo access token cannot be empty", "微博授权token不能为空"),
            Text("Please check if the Weibo authorization token is empty.",
                 "请检查微博授权token是否为空。"),
            "seed", cause="access_token",
        ),
        ErrorCode(
            "IDAAS.SDK.PARAM.0027", 400,
            Text("Weibo user ID cannot be empty", "微博用户ID不能为空"),
            Text("Please check if the Weibo user ID is empty.", "请检查微博用户ID是否为空。"),
            "seed", cause="uid",
        ),
        ErrorCode(
            "IDAAS.SDK.USER.0001", 400,
            Text("User not found", "用户未找到"),
            Text("Please register and try again.", "请注册后重试。"),
            "seed",
        ),
        ErrorCode(
            "IDAAS.SDK.USER.0039", 400,
            Text("User is disabled", "用户已被禁用"),
            Text("Please contact the administrator.", "请联系管理员。"),
            "seed",
        ),
        ErrorCode(
            "IDAAS.SDK.COM.0002", 500,
            Text("System busy, please try again later", "系统繁忙，请稍后重试"),
            Text("Please retry the call or contact Zhuyun staff.",
                 "请重试调用或联系竹云工作人员。"),
            "seed",
        ),
        # -- codes of the sandbox: the seed lists none for these situations -------------------
        ErrorCode(
            "SANDBOX.WEIBO.0001", 400,
            Text("Weibo rejected the access token", "微博拒绝了该授权token"),
            Text("Get a fresh access token from Weibo for this app and this uid, then retry.",
                 "请为本应用和该uid重新获取微博授权token后重试。"),
            "sandbox", cause="access_token",
            reason=Text("The seed lists no code for a token Weibo does not accept (unknown, "
                        "expired, issued to another appkey, or for another uid). Any real server "
                        "must refuse these; a code outside the IDAAS namespace cannot be mistaken "
                        "for a vendor's. error_msg names the reason after a colon.",
                        "厂商文档没有为微博不接受的令牌（未知、已过期、签发给其他 appkey 或其他"
                        " uid）列出错误码。任何真实服务器都必须拒绝这类令牌；不在 IDAAS 命名空"
                        "间内的错误码不会被误认为厂商的错误码。error_msg 在冒号后写明原因。"),
        ),
        ErrorCode(
            "SANDBOX.BODY.0001", 400,
            Text("Request body is not valid JSON", "请求体不是合法的JSON"),
            Text("Send a JSON object such as {\"access_token\": \"...\", \"uid\": \"...\"}.",
                 "请发送JSON对象，例如 {\"access_token\": \"...\", \"uid\": \"...\"}。"),
            "sandbox", cause="body",
            reason=Text("The seed does not say what happens to a body that does not parse; a real "
                        "server must answer something other than a stack trace.",
                        "厂商文档没有说明请求体无法解析时会怎样；真实服务器必须返回堆栈跟踪以外"
                        "的内容。"),
        ),
        ErrorCode(
            "SANDBOX.BODY.0002", 400,
            Text("Request body must be a JSON object", "请求体必须是JSON对象"),
            Text("Send an object, not a list, string, number or null.",
                 "请发送JSON对象，而不是数组、字符串、数字或null。"),
            "sandbox", cause="body",
            reason=Text("A JSON list or scalar has no access_token to read.",
                        "JSON 数组或标量里没有可读取的 access_token。"),
        ),
        ErrorCode(
            "SANDBOX.BODY.0003", 400,
            Text("A body field has the wrong type: access_token and uid must be strings",
                 "请求字段类型错误：access_token和uid必须是字符串"),
            Text("Send access_token and uid as JSON strings (quote a numeric uid).",
                 "请将access_token和uid作为JSON字符串发送（数字uid需加引号）。"),
            "sandbox", cause="access_token, uid",
            reason=Text("The seed types both fields as String. A numeric uid is the likely "
                        "mistake (Weibo uids are numbers); refusing it keeps the type rule "
                        "visible.",
                        "厂商文档把两个字段的类型都定为 String。最可能的错误是数字形式的 uid（"
                        "微博 uid 是数字）；拒绝它能让类型规则显而易见。"),
        ),
        ErrorCode(
            "SANDBOX.BODY.0004", 413,
            Text("Request body is larger than 64 KiB", "请求体超过64 KiB"),
            Text("Send only access_token and uid.", "请只发送access_token和uid。"),
            "sandbox", cause="body",
            reason=Text("Two short strings never need more; a bound stops a client from making "
                        "the server buffer without limit. 413 is HTTP's own status for it.",
                        "两个短字符串用不了更多字节；设置上限可以防止客户端让服务器无限制地缓冲"
                        "。413 是 HTTP 为此定义的状态码。"),
        ),
        ErrorCode(
            "SANDBOX.BODY.0005", 400,
            Text("content-type must be application/json", "content-type必须是application/json"),
            Text("Send the header content-type: application/json.",
                 "请发送请求头 content-type: application/json。"),
            "sandbox", cause="content-type",
            reason=Text("The seed marks content-type required with application/json but lists no "
                        "code for another type; 400 like every other input error.",
                        "厂商文档把 content-type 标为必填、取值 application/json，却没有为其他"
                        "类型列出错误码；与其他输入错误一样返回 400。"),
        ),
        # -- codes of the calls around the login (used by the follow-up flows) ----------------
        ErrorCode(
            "IDAAS.SDK.PARAM.0023", 400,
            Text("Invalid or expired session token", "会话token无效或已过期"),
            Text("Log in again to get a new session_token.", "请重新登录以获取新的session_token。"),
            "family", cause="session-token",
        ),
        ErrorCode(
            "IDAAS.SDK.CAPTCHA.0002", 400,
            Text("Graphic captcha verification failed", "图形验证码校验失败"),
            Text("Get a new captcha and slide the piece to the gap.",
                 "请重新获取验证码并将拼图滑到缺口处。"),
            "family", cause="point_json",
        ),
        ErrorCode(
            "IDAAS.SDK.CAPTCHA.0006", 400,
            Text("Failed to send the verification code", "验证码发送失败"),
            Text("Verify a new captcha, then ask for the code again.",
                 "请重新完成图形验证后再次发送验证码。"),
            "family", cause="captcha_token",
        ),
        ErrorCode(
            "IDAAS.SDK.COMMON.1007", 400,
            Text("state_token parameter error", "state_token参数错误"),
            Text("Start the login again to get a new state_token.",
                 "请重新登录以获取新的state_token。"),
            "family", cause="X-state-token",
        ),
        # -- codes of the sandbox for the follow-up calls: the vendor documents none ---------
        ErrorCode(
            "SANDBOX.PARAM.0001", 400,
            Text("A required field is missing", "缺少必填字段"),
            Text("Send the field named after the colon.", "请发送冒号后指出的字段。"),
            "sandbox", cause="body",
            reason=Text("The follow-up pages name their fields but no code for a missing one; one "
                        "code for all, the field's name after a colon.",
                        "后续调用的文档列出了字段，却没有为缺少字段列出错误码；所有字段共用一个"
                        "错误码，冒号后是字段名。"),
        ),
        ErrorCode(
            "SANDBOX.PARAM.0002", 400,
            Text("Unknown verification code type", "未知的验证码类型"),
            Text("Use one of the types the vendor lists for this channel (e.g. REGISTER_SMS).",
                 "请使用该渠道所列的类型（如 REGISTER_SMS）。"),
            "sandbox", cause="type",
            reason=Text("The vendor lists the SMS and e-mail types but no code for another value.",
                        "厂商列出了短信和邮件的验证码类型，却没有为其他取值列出错误码。"),
        ),
        ErrorCode(
            "SANDBOX.PARAM.0003", 400,
            Text("Send mobile or email, not both", "请发送mobile或email，不能同时发送"),
            Text("Keep the one the code was sent to.", "请保留接收验证码的那一个。"),
            "sandbox", cause="mobile, email",
            reason=Text("The bind pages take {mobile, verify_code} or {email, verify_code}; with "
                        "both it is unclear which one the code proves.",
                        "绑定接口接受 {mobile, verify_code} 或 {email, verify_code}；两者都发送"
                        "时，无法确定验证码证明的是哪一个。"),
        ),
        ErrorCode(
            "SANDBOX.BODY.0006", 400,
            Text("content-type must be application/x-www-form-urlencoded",
                 "content-type必须是application/x-www-form-urlencoded"),
            Text("Send the body as a form, as an OAuth 2 token request.",
                 "请以表单形式发送请求体，与OAuth 2令牌请求相同。"),
            "sandbox", cause="content-type",
            reason=Text("/api/v2/tenant/token takes a form (OneAccess ShowAuthToken); "
                        "SANDBOX.BODY.0005 names JSON.",
                        "/api/v2/tenant/token 接受表单（OneAccess ShowAuthToken）；SANDBOX.BODY"
                        ".0005 针对的是 JSON。"),
        ),
        ErrorCode(
            "SANDBOX.BODY.0007", 400,
            Text("A body field has the wrong type: it must be a string",
                 "请求字段类型错误：必须是字符串"),
            Text("Send every field as a JSON string (point_json too: JSON text in a string).",
                 "请将每个字段作为JSON字符串发送（point_json也是字符串形式的JSON文本）。"),
            "sandbox", cause="body",
            reason=Text("Every field of the follow-up calls is a String on the vendor's pages; "
                        "SANDBOX.BODY.0003 names only the login's two. The field follows the "
                        "colon.",
                        "厂商文档中后续调用的每个字段都是 String；SANDBOX.BODY.0003 只针对登录"
                        "的两个字段。冒号后是字段名。"),
        ),
        ErrorCode(
            "SANDBOX.CODE.0001", 400,
            Text("Incorrect verification code", "验证码错误"),
            Text("Check the code and retry; the tries left follow the colon.",
                 "请核对验证码后重试；冒号后为剩余次数。"),
            "sandbox", cause="verify_code",
            reason=Text("The vendor documents no code for a wrong verify_code. Each wrong try "
                        "counts; the fifth burns the code (SANDBOX.CODE.0004).",
                        "厂商没有为错误的 verify_code 列出错误码。每次输错都会计数；第五次输错"
                        "后该验证码作废（SANDBOX.CODE.0004）。"),
        ),
        ErrorCode(
            "SANDBOX.CODE.0002", 400,
            Text("Verification code expired", "验证码已过期"),
            Text("Send a new code (codes live 300 seconds).", "请重新发送验证码（有效期300秒）。"),
            "sandbox", cause="verify_code",
            reason=Text("A real server must let codes expire; 300 s is a common lifetime for SMS "
                        "codes.",
                        "真实服务器必须让验证码过期；300 秒是短信验证码常见的有效期。"),
        ),
        ErrorCode(
            "SANDBOX.CODE.0003", 400,
            Text("No verification code to check: none was sent for this purpose, or it was used",
                 "没有可校验的验证码：未为此用途发送，或已被使用"),
            Text("Send a code of the type this call needs (e.g. REGISTER_SMS for register-bind).",
                 "请发送本接口所需类型的验证码（如注册绑定需 REGISTER_SMS）。"),
            "sandbox", cause="verify_code",
            reason=Text("A code proves one purpose once: a code of another type, or one already "
                        "used, proves nothing here. The type it was sent with follows the colon.",
                        "一个验证码只能为一种用途证明一次：其他类型的验证码或已用过的验证码在这"
                        "里什么也证明不了。冒号后是发送时的验证码类型。"),
        ),
        ErrorCode(
            "SANDBOX.CODE.0004", 400,
            Text("Too many incorrect tries: the code is no longer valid",
                 "错误次数过多：该验证码已失效"),
            Text("Solve a new captcha and send a new code.",
                 "请重新完成图形验证并发送新的验证码。"),
            "sandbox", cause="verify_code",
            reason=Text("Five wrong tries burn a six-digit code, so guessing it has odds of 5 in "
                        "a million per code sent.",
                        "输错五次后六位验证码作废，因此每发送一次验证码，猜中的概率只有百万分之"
                        "五。"),
        ),
        ErrorCode(
            "SANDBOX.DEVICE.0001", 400,
            Text("The device fingerprint differs from the one this flow started with",
                 "设备指纹与该流程开始时不一致"),
            Text("Send the user's own device information, unchanged since the login.",
                 "请发送用户自己的设备信息，与登录时保持一致。"),
            "sandbox", cause="device_fingerprint",
            reason=Text("The vendor's ticket page says the fingerprint must stay the same for one "
                        "user across the calls (api-family §0) but gives no code for a change.",
                        "厂商的 ticket 文档说同一用户在各次调用中的设备指纹必须保持不变（api-fa"
                        "mily §0），却没有为指纹变化列出错误码。")
        ),
        ErrorCode(
            "SANDBOX.TENANT.0001", 400,
            Text("Unsupported grant_type: only client_credentials",
                 "不支持的grant_type：仅支持client_credentials"),
            Text("Send grant_type=client_credentials.", "请发送 grant_type=client_credentials。"),
            "sandbox", cause="grant_type",
            reason=Text("OneAccess's app-token call takes client_credentials only; the OAuth 2 "
                        "unsupported_grant_type case in the API's envelope.",
                        "OneAccess 的应用令牌接口只接受 client_credentials；这是 OAuth 2 的 uns"
                        "upported_grant_type，用本 API 的错误格式返回。"),
        ),
        ErrorCode(
            "SANDBOX.TENANT.0002", 401,
            Text("Invalid client credentials", "客户端凭证无效"),
            Text("Check client_id and client_secret (GET /sandbox/apps/{client_id}).",
                 "请检查client_id和client_secret（GET /sandbox/apps/{client_id}）。"),
            "sandbox", cause="client_id, client_secret",
            reason=Text("OAuth 2's invalid_client (RFC 6749 §5.2, 401) in the API's envelope; one "
                        "answer for an unknown app and a wrong secret, so neither can be probed.",
                        "这是 OAuth 2 的 invalid_client（RFC 6749 §5.2，401），用本 API 的错误"
                        "格式返回；未知应用和错误密钥得到同一个应答，因此两者都无法被探测。"),
        ),
        ErrorCode(
            "SANDBOX.TENANT.0003", 401,
            Text("Invalid or expired app access token", "应用访问令牌无效或已过期"),
            Text("Get a new one from POST /api/v2/tenant/token (it lives 1800 s).",
                 "请通过 POST /api/v2/tenant/token 重新获取（有效期1800秒）。"),
            "sandbox", cause="Authorization",
            reason=Text("A bearer token that fails is 401 (RFC 6750 §3.1); the vendor's "
                        "deprecated pages give no code.",
                        "校验失败的 bearer 令牌返回 401（RFC 6750 §3.1）；厂商已弃用的文档没有"
                        "给出错误码。"),
        ),
        ErrorCode(
            "SANDBOX.TICKET.0001", 400,
            Text("Invalid, used or expired sso_ticket", "sso_ticket无效、已使用或已过期"),
            Text("Exchange the session_token for a new ticket; a ticket works once, for 300 s.",
                 "请用session_token重新换取ticket；ticket仅可使用一次，有效期300秒。"),
            "sandbox", cause="sso_ticket",
            reason=Text("The ticket page says a ticket is one-time and lives 300 s but gives no "
                        "code for a spent one.",
                        "ticket 文档说 ticket 只能用一次、有效期 300 秒，却没有为已用过的 ticke"
                        "t 给出错误码。"),
        ),
    )
}


def error(code: str) -> ErrorCode:
    """The documented error with this code (KeyError for an unknown one)."""
    return ERRORS[code]


# ------------------------------------------------------------------ the social-login family
# The vendor documents one login per social provider, POST /api/v2/sdk/login/{provider} (Weibo,
# QQ, WeChat, Alipay, Apple: docs/vendor-api.md), all with the same client headers, the same
# statuses and response fields, and the same {error_code, error_msg} envelope and checks around
# the body. What is the family's is written once here; a login of the family is a ``SocialLogin``
# (its provider, body fields and the provider's own check), and ``SocialLogin.endpoint()`` joins
# the two into an ``Endpoint``. This project serves one of them, ``WEIBO_LOGIN``.

LOGIN_FAMILY_PATH = "/api/v2/sdk/login"

_DEVICE_HELP = Text(
    "Required device information; missing or blank gives IDAAS.SDK.PARAM.0001.",
    "必填的设备信息；缺失或为空返回 IDAAS.SDK.PARAM.0001。",
)

LOGIN_HEADERS: tuple[Header, ...] = (
    Header("X-operating-sys-version",
           Text("Client operating system version", "客户端操作系统版本"),
           True, "windows10.1.1", _DEVICE_HELP, "IDAAS.SDK.PARAM.0001"),
    Header("X-device-fingerprint", Text("Client device fingerprint", "客户端设备指纹"),
           True, "156aysdna213sc50",
           Text("Required; must stay the same for one user across the calls of a flow.",
                "必填；同一用户在一个流程的各次调用中必须保持一致。"),
           "IDAAS.SDK.PARAM.0001"),
    Header("X-device-ip", Text("Client IP", "客户端IP"), False, "192.168.1.2",
           Text("Optional; an IP address. A malformed value counts as incomplete device "
                "information (IDAAS.SDK.PARAM.0001). The tenant may deny logins from some "
                "ranges.",
                "可选；IP地址。格式错误视为设备信息不完整（IDAAS.SDK.PARAM.0001）。租户可拒绝"
                "某些网段的登录。"),
           "IDAAS.SDK.PARAM.0001"),
    Header("X-agent", Text("User-Agent information", "User-Agent信息"), True,
           "Mozilla/5.0 (iPhone; CPU iPhone OS 13_3 like Mac OS X)", _DEVICE_HELP,
           "IDAAS.SDK.PARAM.0001"),
    Header("X-L", Text("Language for internationalisation", "国际化语言设置"), False, "zh",
           Text("Optional; a value starting with zh gives Chinese messages, anything else "
                "English.", "可选；以zh开头返回中文信息，其他返回英文。")),
    Header("X-client-id", Text("Application authorization ID", "应用授权ID"), True,
           "nTo1eRIub60vPb54WeE6aojPwYwImtl4",
           Text("Required; the client id of a registered app. Missing gives "
                "IDAAS.SDK.PARAM.0002, unknown IDAAS.SDK.PARAM.0003.",
                "必填；已注册应用的client id。缺失返回 IDAAS.SDK.PARAM.0002，未注册返回 "
                "IDAAS.SDK.PARAM.0003。"),
           "IDAAS.SDK.PARAM.0002"),
    Header("content-type", Text("Content format type", "内容格式类型"), True,
           "application/json",
           Text("Required; must be application/json.", "必填；必须为 application/json。"),
           "SANDBOX.BODY.0005"),
)
"""The client headers of every login of the family, in the order a client sends them."""

LOGIN_RESPONSE_FIELDS: tuple[ResponseField, ...] = (
    ResponseField("status", Text("Login process status", "登录流程状态标识"), "string",
                  Text("SUCCESS, SOCIAL_BIND, USER_REGISTER, ACCESS_DENIED or MFA_AUTH.",
                       "SUCCESS、SOCIAL_BIND、USER_REGISTER、ACCESS_DENIED 或 MFA_AUTH。")),
    ResponseField("expire", Text("session_token validity period", "session_token有效期"),
                  "integer",
                  Text("Seconds the session_token stays valid; within it, it can be "
                       "exchanged for a ticket.",
                       "session_token有效秒数；有效期内可换取ticket。")),
    ResponseField("session_token", Text("User session_token", "用户session_token"), "string",
                  Text("Calls IDaaS interfaces, e.g. to refresh the id_token or get a ticket.",
                       "用于调用IDaaS接口，例如刷新id_token或获取ticket。")),
    ResponseField("state_token", Text("User stateful token", "用户状态token"), "string",
                  Text("Carries the unfinished login to the next call (X-state-token header).",
                       "携带未完成的登录进入下一步调用（X-state-token请求头）。")),
    ResponseField("data", Text("Return description", "返回说明"), "string",
                  Text("A JSON string: the bind/register flows, the MFA factors, or the "
                       "access-denied text.",
                       "JSON字符串：绑定/注册流程、MFA因子或拒绝访问说明。")),
    ResponseField("id_token", Text("Short-term interface credential", "短期有效的接口调用凭证"),
                  "string",
                  Text("An RS256 JWT with the user's information; verify it against the "
                       "JWKS. Valid 2 hours by default, configurable.",
                       "包含用户信息的RS256 JWT；需用JWKS验证。默认有效2小时，可配置。")),
)
"""The fields a 200 answer of any login of the family can carry."""

LOGIN_STATUSES: tuple[Status, ...] = (
    Status("SUCCESS", Text("Login successful", "登录成功"),
           ("session_token", "expire", "id_token"), None,
           Text("Verify the id_token against the JWKS (GET /api/v1/oauth2/keys) and read the "
                "user from it; refresh it with POST /api/v2/sdk/sso/session-token/id-token.",
                "使用JWKS（GET /api/v1/oauth2/keys）验证id_token并读取用户信息；通过 POST "
                "/api/v2/sdk/sso/session-token/id-token 刷新。")),
    Status("USER_REGISTER", Text("Auto-registration binding process", "自动注册绑定流程"),
           ("state_token", "data"), "flows",
           Text("Solve the captcha, send a code to a phone or e-mail, then POST "
                "/api/v2/sdk/social/register-bind with X-state-token.",
                "完成图形验证码，向手机或邮箱发送验证码，然后携带X-state-token调用 POST "
                "/api/v2/sdk/social/register-bind。")),
    Status("SOCIAL_BIND", Text("Binding process", "绑定流程"), ("state_token", "data"), "flows",
           Text("Solve the captcha, send a code to the existing account's phone or e-mail, "
                "then POST /api/v2/sdk/social/bind with X-state-token.",
                "完成图形验证码，向已有账号的手机或邮箱发送验证码，然后携带X-state-token调用 "
                "POST /api/v2/sdk/social/bind。")),
    Status("MFA_AUTH",
           Text("Login succeeded but requires secondary authentication",
                "登录成功但需要二次认证"),
           ("state_token", "data"), "factors",
           Text("GET /api/v2/sdk/mobile-by-token, send an MFA_AUTH_SMS code, then POST "
                "/api/v2/sdk/mfa/sms with X-state-token.",
                "调用 GET /api/v2/sdk/mobile-by-token，发送MFA_AUTH_SMS验证码，然后携带"
                "X-state-token调用 POST /api/v2/sdk/mfa/sms。")),
    Status("ACCESS_DENIED", Text("Access denied", "拒绝访问"), ("data",), "text",
           Text("Stop: the tenant's policy refuses this user here. Show the text in data; "
                "do not retry.",
                "停止：租户策略拒绝该用户在此登录。展示data中的文本，不要重试。")),
)
"""The ways a login of the family ends with 200 (the ``status`` field)."""

LOGIN_CHECKS_BEFORE_BODY: tuple[str, ...] = (
    "IDAAS.SDK.PARAM.0001", "IDAAS.SDK.PARAM.0002", "IDAAS.SDK.PARAM.0003",
    "SANDBOX.BODY.0005", "SANDBOX.BODY.0004", "SANDBOX.BODY.0001", "SANDBOX.BODY.0002",
    "SANDBOX.BODY.0003",
)
"""The family's checks before a login's own body fields: device headers, app, the JSON body."""
LOGIN_BUSY: tuple[str, ...] = ("IDAAS.SDK.COM.0002",)
"""After the body fields: the tenant's busy fault, before the provider is asked."""
LOGIN_CHECKS_AFTER_PROVIDER: tuple[str, ...] = ("IDAAS.SDK.USER.0039", "IDAAS.SDK.USER.0001")
"""Once the provider vouched for the account: the user it is bound to (disabled, not found)."""


@dataclass(frozen=True)
class SocialLogin:
    """What one login of the family has of its own; ``endpoint()`` adds what the family shares."""

    provider: str
    """The path's last segment (``/api/v2/sdk/login/weibo``) and the social account's kind."""
    name: Text
    """The provider's name, as the summary says it ("Sign in with Weibo", "微博登录")."""
    description: Text
    body: tuple[BodyField, ...]
    """The JSON body's fields, in order; each required one names the code of its absence."""
    provider_errors: tuple[str, ...] = ()
    """The codes of the check of the credentials with the provider, in the order made."""
    source: Source = "seed"
    see: str = ""

    def endpoint(self) -> Endpoint:
        """This login as one call of the API: the family's headers, statuses, response fields
        and checks around this login's body fields and the provider's own check."""
        own = tuple(f.error_code for f in self.body if f.error_code is not None)
        return Endpoint(
            method="POST",
            path=f"{LOGIN_FAMILY_PATH}/{self.provider}",
            summary=Text(f"Sign in with {self.name.en}", f"{self.name.zh}登录"),
            description=self.description,
            headers=LOGIN_HEADERS,
            body=self.body,
            response_fields=LOGIN_RESPONSE_FIELDS,
            statuses=LOGIN_STATUSES,
            errors=(*LOGIN_CHECKS_BEFORE_BODY, *own, *LOGIN_BUSY, *self.provider_errors,
                    *LOGIN_CHECKS_AFTER_PROVIDER),
            operation_id=f"login{self.provider.title()}",
            tag="login",
            source=self.source,
            see=self.see,
            provider=self.provider,
        )


# ------------------------------------------------------------------------- the Weibo login
WEIBO = SocialLogin(
    provider="weibo",
    name=Text("Weibo", "微博"),
    description=Text(
        "Trade a Weibo access_token and uid for an IDaaS session. A normal call returns the "
        "user's session_token; an unbound account or a second factor returns a state_token; "
        "a failure returns an error.",
        "用微博access_token和uid换取IDaaS会话。正常调用返回用户的session_token；未绑定或开启"
        "二次认证时返回state_token；失败时返回错误信息。",
    ),
    body=(
        BodyField("access_token", Text("Weibo authorization token", "微博授权token"), True,
                  "8B11C37B7894C5E2347E1606DC7CCFDC",
                  Text("The access_token Weibo issued to your app for this user.",
                       "微博为本应用签发给该用户的access_token。"),
                  "IDAAS.SDK.PARAM.0026"),
        BodyField("uid", Text("Weibo user ID", "微博用户ID"), True,
                  "D8924F7071DC1D29A6822C794D848D9C",
                  Text("The Weibo uid the token belongs to (real uids are numeric strings).",
                       "该token所属的微博uid（真实uid为数字字符串）。"),
                  "IDAAS.SDK.PARAM.0027"),
    ),
    provider_errors=("SANDBOX.WEIBO.0001",),
)
"""What the Weibo login has of its own: its body (``access_token``, ``uid``) and Weibo's check."""

WEIBO_LOGIN = WEIBO.endpoint()
LOGIN_PATH = WEIBO_LOGIN.path

SEED_ERRORS: tuple[str, ...] = (
    "IDAAS.SDK.PARAM.0001", "IDAAS.SDK.PARAM.0002", "IDAAS.SDK.PARAM.0003",
    "IDAAS.SDK.PARAM.0026", "IDAAS.SDK.PARAM.0027", "IDAAS.SDK.USER.0001",
    "IDAAS.SDK.USER.0039", "IDAAS.SDK.COM.0002",
)
"""The eight codes of the vendor's page, in its table's order."""

STATUSES: tuple[str, ...] = tuple(s.name for s in WEIBO_LOGIN.statuses)
DEVICE_HEADERS: tuple[str, ...] = ("X-operating-sys-version", "X-device-fingerprint", "X-agent")
"""The headers whose absence is 'device information is incomplete'."""


# ------------------------------------------------------------------------ the follow-up calls
# The calls after the login, from the vendor's pages around it (docs/vendor-api.md
# §2-§4). Codes marked ``sandbox`` above fill the gaps those pages leave.

SMS_TYPES: tuple[str, ...] = ("REGISTER_SMS", "LOGIN_SMS", "FORGET_PWD_SMS", "UPDATE_PWD_SMS",
                              "UPDATE_MOBILE_SMS", "BIND_MOBILE_SMS", "MFA_AUTH_SMS")
"""SMS code types (family); ``MFA_AUTH_SMS`` is from the vendor's employee-identity pages."""
EMAIL_TYPES: tuple[str, ...] = ("REGISTER_EMS", "LOGIN_EMS", "FORGET_PWD_EMS", "BIND_EMAIL_EMS",
                                "UPDATE_PWD_EMS", "UPDATE_EMAIL_EMS")
CODE_TYPES: dict[str, dict[str, str]] = {
    "/api/v2/sdk/social/bind": {"mobile": "BIND_MOBILE_SMS", "email": "BIND_EMAIL_EMS"},
    "/api/v2/sdk/social/register-bind": {"mobile": "REGISTER_SMS", "email": "REGISTER_EMS"},
    "/api/v2/sdk/mfa/sms": {"mobile": "MFA_AUTH_SMS"},
}
"""The code type each call accepts, per channel field."""

_CLIENT_HEADERS = tuple(h for h in WEIBO_LOGIN.headers if h.name != "content-type")
_JSON_BODY = (WEIBO_LOGIN.header("content-type"),)
_DEVICE_AND_APP = ("IDAAS.SDK.PARAM.0001", "IDAAS.SDK.PARAM.0002", "IDAAS.SDK.PARAM.0003")
_JSON_CHECKS = ("SANDBOX.BODY.0005", "SANDBOX.BODY.0004", "SANDBOX.BODY.0001",
                "SANDBOX.BODY.0002", "SANDBOX.BODY.0007", "SANDBOX.PARAM.0001")
_CODE_CHECKS = ("SANDBOX.CODE.0003", "SANDBOX.CODE.0004", "SANDBOX.CODE.0002",
                "SANDBOX.CODE.0001")

STATE_TOKEN_HEADER = Header(
    "X-state-token", Text("User stateful token", "用户状态token"), True,
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
    Text("The state_token of the login's USER_REGISTER, SOCIAL_BIND or MFA_AUTH answer. It "
         "works for that flow only, once, for 1800 s; otherwise IDAAS.SDK.COMMON.1007.",
         "登录返回USER_REGISTER、SOCIAL_BIND或MFA_AUTH时的state_token。仅用于该流程、仅一次、"
         "1800秒内有效；否则返回 IDAAS.SDK.COMMON.1007。"),
    "IDAAS.SDK.COMMON.1007")
SESSION_TOKEN_HEADER = Header(
    "session-token", Text("User session_token", "用户session_token"), True,
    "btsiBjx85prcZu6I6Ki057Tmw3nSF2VO",
    Text("The session_token of a SUCCESS; invalid, expired or revoked gives "
         "IDAAS.SDK.PARAM.0023.",
         "SUCCESS返回的session_token；无效、过期或被吊销返回 IDAAS.SDK.PARAM.0023。"),
    "IDAAS.SDK.PARAM.0023")
AUTHORIZATION_HEADER = Header(
    "Authorization", Text("App access token", "应用访问令牌"), True, "Bearer 4f1c...",
    Text("Bearer and the access_token of POST /api/v2/tenant/token (server to server only).",
         "Bearer 加 POST /api/v2/tenant/token 返回的access_token（仅限服务端调用）。"),
    "SANDBOX.TENANT.0003")
FORM_CONTENT_TYPE = Header(
    "content-type", Text("Content format type", "内容格式类型"), True,
    "application/x-www-form-urlencoded",
    Text("Required; a form, as OAuth 2 token requests are.",
         "必填；表单格式，与OAuth 2令牌请求相同。"),
    "SANDBOX.BODY.0006")


def _field(name: str, en: str, zh: str, example: str, help_en: str, help_zh: str,
           required: bool = True, error_code: str | None = "SANDBOX.PARAM.0001") -> BodyField:
    return BodyField(name, Text(en, zh), required, example, Text(help_en, help_zh), error_code)


def _out(name: str, en: str, zh: str, help_en: str, help_zh: str,
         type: Literal["string", "integer", "array"] = "string") -> ResponseField:
    return ResponseField(name, Text(en, zh), type, Text(help_en, help_zh))


_MOBILE = _field("mobile", "Mobile number", "手机号", "+86-15907132852",
                 "The phone that received the code: +86-15907132852 or 15907132852 (mainland "
                 "numbers without a country code count as +86).",
                 "接收验证码的手机号：+86-15907132852 或 15907132852（无国家码视为+86）。", False)
_EMAIL = _field("email", "E-mail address", "邮箱", "11@qq.com",
                "The address that received the code (compared case-insensitively).",
                "接收验证码的邮箱（不区分大小写）。", False)
_VERIFY_CODE = _field("verify_code", "Verification code", "验证码", "123456",
                      "The six digits sent to that phone or e-mail, of the type this call needs.",
                      "发送到该手机或邮箱的六位数字，类型须与本接口一致。")
_SESSION_OUT = (
    *(f for f in WEIBO_LOGIN.response_fields if f.name in ("status", "session_token", "expire",
                                                           "id_token", "state_token", "data")),
)
_FLOW_STATUSES = tuple(WEIBO_LOGIN.status(s) for s in ("SUCCESS", "MFA_AUTH", "ACCESS_DENIED"))
_STATE_FLOW_ERRORS = (*_DEVICE_AND_APP, "IDAAS.SDK.COMMON.1007", *_JSON_CHECKS,
                      "SANDBOX.PARAM.0003", *_CODE_CHECKS)

JWKS = Endpoint(
    method="GET", path=JWKS_PATH,
    summary=Text("The tenant's id_token signing keys (JWKS)", "租户id_token签名公钥（JWKS）"),
    description=Text("Verify a SUCCESS id_token (RS256) with the key whose kid matches its header.",
                     "用header中kid对应的公钥验证SUCCESS返回的id_token（RS256）。"),
    headers=(), body=(), content_type=None,
    response_fields=(_out("keys", "RSA public keys", "RSA公钥", "JWKs: kty, use, alg, kid, n, e.",
                          "JWK列表：kty、use、alg、kid、n、e。", "array"),),
    statuses=(), errors=(), operation_id="getJwks", tag="keys", source="family",
    see="appendix/get-user-info-from-id-token.html",
)

ID_TOKEN_REFRESH = Endpoint(
    method="POST", path="/api/v2/sdk/sso/session-token/id-token",
    summary=Text("Refresh the id_token with the session_token", "用session_token刷新id_token"),
    description=Text(
        "A new id_token for the session's user while the session lives. No body. The session "
        "keeps its token and expiry; expire is the seconds it has left.",
        "会话有效期内为其用户签发新的id_token。无请求体。会话的token与过期时间不变；"
        "expire为剩余秒数。"),
    headers=(*_CLIENT_HEADERS, SESSION_TOKEN_HEADER), body=(), content_type=None,
    response_fields=tuple(f for f in _SESSION_OUT if f.name in ("session_token", "expire",
                                                                 "id_token")),
    statuses=(), errors=(*_DEVICE_AND_APP, "IDAAS.SDK.PARAM.0023"),
    operation_id="refreshIdToken", tag="session", source="family",
    see="user-self-service/refresh-id-token-by-session-token.html",
)

CAPTCHA = Endpoint(
    method="GET", path="/api/v2/sdk/captcha",
    summary=Text("Get a slider captcha", "获取滑块验证码"),
    description=Text(
        "A background image with a gap and the jigsaw piece that fits it. Slide the piece to the "
        "gap, then send its position to POST /api/v2/sdk/captcha/verify. One answer per puzzle; "
        "it lives 120 s.",
        "一张带缺口的背景图和与之匹配的拼图块。将拼图滑到缺口处，再把位置发送到 POST "
        "/api/v2/sdk/captcha/verify。每个验证码只能作答一次，有效期120秒。"),
    headers=_CLIENT_HEADERS, body=(), content_type=None,
    response_fields=(
        _out("token", "Captcha token", "验证码token", "Names this puzzle in the verify call.",
             "在校验接口中标识该验证码。"),
        _out("secretKey", "Secret key", "密钥", "AES key a client may use to encrypt point_json; "
             "the sandbox also accepts plain JSON text, as the vendor's example sends.",
             "客户端可用于加密point_json的AES密钥；沙箱也接受明文JSON（与厂商示例一致）。"),
        _out("originalImageBase64", "Background image", "背景图", "PNG (base64), 310×155, with "
             "the gap.", "带缺口的PNG（base64），310×155。"),
        _out("jigsawImageBase64", "Jigsaw piece", "拼图块", "PNG (base64), 47×155, transparent "
             "but for the piece, at the gap's height.", "PNG（base64），47×155，除拼图外透明，"
             "拼图位于缺口高度。"),
    ),
    statuses=(), errors=_DEVICE_AND_APP, operation_id="getCaptcha", tag="captcha",
    source="family", see="captcha/get-captcha.html",
)

CAPTCHA_VERIFY = Endpoint(
    method="POST", path="/api/v2/sdk/captcha/verify",
    summary=Text("Verify the slider captcha", "校验滑块验证码"),
    description=Text(
        "Send where the piece was dropped. Within 5 px of the gap (x and y) the answer is right "
        "and gives a captcha_token for this sender, valid once for 120 s.",
        "发送拼图放下的位置。与缺口相差5像素以内（x和y）即正确，返回绑定该sender的captcha_token，"
        "120秒内可用一次。"),
    headers=(*_CLIENT_HEADERS, *_JSON_BODY),
    body=(
        _field("point_json", "Drop position", "拼图位置", '{"x":237.0,"y":5.0}',
               "JSON text in a string: the piece's top-left corner on the background image.",
               "字符串形式的JSON文本：拼图左上角在背景图上的位置。"),
        _field("token", "Captcha token", "验证码token", "CqAPnSw5mOjW1d2kXq0LtB7ZhNf3sRyE",
               "The token of GET /api/v2/sdk/captcha.", "GET /api/v2/sdk/captcha 返回的token。"),
        _field("sender", "Code recipient", "验证码接收方", "+86-15907132852",
               "The phone or e-mail the next call sends a code to.",
               "下一步发送验证码的手机号或邮箱。"),
    ),
    response_fields=(_out("captcha_token", "Captcha pass", "验证码通行凭证",
                          "Send it with sms/send or email/send to this sender, once, within 120 s.",
                          "120秒内随sms/send或email/send向该sender发送一次。"),),
    statuses=(), errors=(*_DEVICE_AND_APP, *_JSON_CHECKS, "IDAAS.SDK.CAPTCHA.0002"),
    operation_id="verifyCaptcha", tag="captcha", source="family",
    see="captcha/verify-captcha.html",
)

_SEND_ERRORS = (*_DEVICE_AND_APP, *_JSON_CHECKS, "SANDBOX.PARAM.0002",
                "IDAAS.SDK.COMMON.1007", "IDAAS.SDK.CAPTCHA.0006")
_OPTIONAL_STATE = Header(
    "X-state-token", STATE_TOKEN_HEADER.title, False, STATE_TOKEN_HEADER.example,
    Text("Only for type MFA_AUTH_SMS: the MFA_AUTH state_token; the code goes to that user's "
         "phone (mobile may be the masked number of mobile-by-token).",
         "仅用于MFA_AUTH_SMS类型：MFA_AUTH的state_token；验证码发往该用户的手机"
         "（mobile可为mobile-by-token返回的掩码号码）。"),
    "IDAAS.SDK.COMMON.1007")

SMS_SEND = Endpoint(
    method="POST", path="/api/v2/sdk/sms/send",
    summary=Text("Send an SMS verification code", "发送短信验证码"),
    description=Text(
        "Sends a six-digit code of this type to the phone (in the sandbox: into GET "
        "/sandbox/outbox). It lives 300 s, works once, allows 5 wrong tries; a new code of the "
        "same type replaces the old. 200 with an empty body.",
        "向手机发送该类型的六位验证码（沙箱中写入 GET /sandbox/outbox）。有效期300秒，仅可使用"
        "一次，允许错误5次；同类型新验证码会替换旧的。成功返回200，无响应体。"),
    headers=(*_CLIENT_HEADERS, _OPTIONAL_STATE, *_JSON_BODY),
    body=(
        _field("mobile", "Mobile number", "手机号", "+86-15907132852",
               "The phone to send to; must equal the captcha's sender.",
               "接收手机号；须与验证码的sender一致。"),
        _field("type", "Code type", "验证码类型", "REGISTER_SMS",
               "One of " + ", ".join(SMS_TYPES) + ".", "取值：" + "、".join(SMS_TYPES) + "。"),
        _field("captcha_token", "Captcha pass", "验证码通行凭证",
               "r4Xk2QpZ8sNw1bVt7HyJ0cLm5DfG9aEu",
               "From POST /api/v2/sdk/captcha/verify with this phone as sender.",
               "以该手机号为sender调用 POST /api/v2/sdk/captcha/verify 获得。"),
    ),
    response_fields=(), statuses=(), errors=_SEND_ERRORS,
    operation_id="sendSms", tag="codes", source="family", see="captcha/send-sms.html",
)

EMAIL_SEND = Endpoint(
    method="POST", path="/api/v2/sdk/email/send",
    summary=Text("Send an e-mail verification code", "发送邮箱验证码"),
    description=Text(
        "Like sms/send, for an e-mail address (types *_EMS). 200 with an empty body.",
        "与sms/send相同，用于邮箱（*_EMS类型）。成功返回200，无响应体。"),
    headers=(*_CLIENT_HEADERS, *_JSON_BODY),
    body=(
        _field("email", "E-mail address", "邮箱", "11@qq.com",
               "The address to send to; must equal the captcha's sender.",
               "接收邮箱；须与验证码的sender一致。"),
        _field("type", "Code type", "验证码类型", "REGISTER_EMS",
               "One of " + ", ".join(EMAIL_TYPES) + ".", "取值：" + "、".join(EMAIL_TYPES) + "。"),
        SMS_SEND.field("captcha_token"),
    ),
    response_fields=(), statuses=(), errors=tuple(c for c in _SEND_ERRORS
                                                  if c != "IDAAS.SDK.COMMON.1007"),
    operation_id="sendEmail", tag="codes", source="family", see="captcha/send-email.html",
)

SOCIAL_BIND = Endpoint(
    method="POST", path="/api/v2/sdk/social/bind",
    summary=Text("Bind the Weibo account to an existing user", "将微博账号绑定到已有用户"),
    description=Text(
        "After SOCIAL_BIND: prove a phone (BIND_MOBILE_SMS code) or e-mail (BIND_EMAIL_EMS) of "
        "an existing user; the Weibo account is bound to that user and the login completes as "
        "the login would for them: SUCCESS, MFA_AUTH if they have a second factor, or "
        "ACCESS_DENIED.",
        "SOCIAL_BIND之后：验证已有用户的手机（BIND_MOBILE_SMS）或邮箱（BIND_EMAIL_EMS）；微博账号"
        "绑定到该用户，登录按该用户的情况完成：SUCCESS，有二次认证时为MFA_AUTH，或ACCESS_DENIED。"),
    headers=(*_CLIENT_HEADERS, STATE_TOKEN_HEADER, *_JSON_BODY),
    body=(_MOBILE, _EMAIL, _VERIFY_CODE), one_of=(("mobile", "email"),),
    response_fields=_SESSION_OUT, statuses=_FLOW_STATUSES,
    errors=(*_STATE_FLOW_ERRORS, "IDAAS.SDK.USER.0001", "IDAAS.SDK.USER.0039"),
    operation_id="socialBind", tag="social", source="family",
    see="user-self-service/social-account-bind.html",
)

SOCIAL_REGISTER_BIND = Endpoint(
    method="POST", path="/api/v2/sdk/social/register-bind",
    summary=Text("Register a user and bind the Weibo account", "注册用户并绑定微博账号"),
    description=Text(
        "After USER_REGISTER: prove a phone (REGISTER_SMS) or e-mail (REGISTER_EMS). A new user "
        "is created with it and bound — unless a user already has that phone or e-mail: then the "
        "account is bound to that user, never a second one.",
        "USER_REGISTER之后：验证手机（REGISTER_SMS）或邮箱（REGISTER_EMS）。以其创建新用户并绑定；"
        "若已有用户使用该手机或邮箱，则绑定到该用户，不会创建第二个。"),
    headers=SOCIAL_BIND.headers, body=SOCIAL_BIND.body, one_of=SOCIAL_BIND.one_of,
    response_fields=_SESSION_OUT, statuses=_FLOW_STATUSES,
    errors=(*_STATE_FLOW_ERRORS, "IDAAS.SDK.USER.0039"),
    operation_id="socialRegisterBind", tag="social", source="family",
    see="user-self-service/social-account-register-bind.html",
)

MOBILE_BY_TOKEN = Endpoint(
    method="GET", path="/api/v2/sdk/mobile-by-token",
    summary=Text("The masked phone of an MFA login", "MFA登录的掩码手机号"),
    description=Text("After MFA_AUTH: the phone the second factor challenges, masked.",
                     "MFA_AUTH之后：二次认证所用的手机号（掩码）。"),
    headers=(*_CLIENT_HEADERS, STATE_TOKEN_HEADER), body=(), content_type=None,
    response_fields=(_out("mobile", "Masked mobile", "掩码手机号", "+86-159****2852.",
                          "如 +86-159****2852。"),),
    statuses=(), errors=(*_DEVICE_AND_APP, "IDAAS.SDK.COMMON.1007"),
    operation_id="getMobileByToken", tag="mfa", source="family",
    see="OneAccess ShowMobileByStateToken.html",
)

MFA_SMS = Endpoint(
    method="POST", path="/api/v2/sdk/mfa/sms",
    summary=Text("Second factor by SMS", "短信二次认证"),
    description=Text(
        "After MFA_AUTH: the MFA_AUTH_SMS code sent to the user's phone completes the login: "
        "SUCCESS, or ACCESS_DENIED when the tenant now refuses the user here.",
        "MFA_AUTH之后：发送到用户手机的MFA_AUTH_SMS验证码完成登录：SUCCESS，或租户此时拒绝该用户时"
        "返回ACCESS_DENIED。"),
    headers=(*_CLIENT_HEADERS, STATE_TOKEN_HEADER, *_JSON_BODY),
    body=(_field("mobile", "Mobile number", "手机号", "+86-159****2852",
                 "The user's phone, full or masked as mobile-by-token gives it.",
                 "用户手机号，完整号码或mobile-by-token返回的掩码。"), _VERIFY_CODE),
    response_fields=tuple(f for f in _SESSION_OUT if f.name != "state_token"),
    statuses=tuple(s for s in _FLOW_STATUSES if s.name != "MFA_AUTH"),
    errors=(*_DEVICE_AND_APP, "IDAAS.SDK.COMMON.1007", *_JSON_CHECKS, *_CODE_CHECKS,
            "IDAAS.SDK.USER.0039"),
    operation_id="mfaSms", tag="mfa", source="family",
    see="OneAccess SecondaryAuthByMobileVerifyCode.html",
)

# -- the deprecated ticket route (server to server) -------------------------------------------
_DEVICE_BODY = (
    _field("operating_sys_version", "Operating system version", "操作系统版本", "windows10.1.1",
           "The user's device, as sent with the login.", "用户设备信息，与登录时一致。",
           error_code="IDAAS.SDK.PARAM.0001"),
    _field("device_ip", "Device IP", "设备IP", "192.168.1.2", "The user's IP address.",
           "用户的IP地址。", error_code="IDAAS.SDK.PARAM.0001"),
    _field("device_fingerprint", "Device fingerprint", "设备指纹", "156aysdna213sc50",
           "Must be the fingerprint the session was created with (else SANDBOX.DEVICE.0001).",
           "须与创建会话时的设备指纹一致（否则 SANDBOX.DEVICE.0001）。",
           error_code="IDAAS.SDK.PARAM.0001"),
    _field("agent", "User-Agent", "User-Agent", "Mozilla/5.0", "Optional.", "可选。",
           required=False, error_code=None),
)
_TENANT_HEADERS = (AUTHORIZATION_HEADER, *_JSON_BODY)
_SESSION_FIELD = _field("session_token", "User session_token", "用户session_token",
                        "btsiBjx85prcZu6I6Ki057Tmw3nSF2VO", "From a SUCCESS.", "SUCCESS返回。",
                        error_code="IDAAS.SDK.PARAM.0023")
_TENANT_CHECKS = ("SANDBOX.TENANT.0003", *_JSON_CHECKS, "IDAAS.SDK.PARAM.0001")

TENANT_TOKEN = Endpoint(
    method="POST", path="/api/v2/tenant/token",
    summary=Text("App access token (deprecated route)", "应用访问令牌（已废弃路线）"),
    description=Text("OAuth 2 client credentials: the app's token for the tenant calls below. "
                     "Lives 1800 s.",
                     "OAuth 2客户端凭证：用于以下租户接口的应用令牌，有效期1800秒。"),
    headers=(FORM_CONTENT_TYPE,), content_type="application/x-www-form-urlencoded",
    body=(
        _field("grant_type", "Grant type", "授权类型", "client_credentials",
               "Always client_credentials.", "固定为client_credentials。"),
        _field("client_id", "Client id", "应用ID", "nTo1eRIub60vPb54WeE6aojPwYwImtl4",
               "The app's client id.", "应用的client id。"),
        _field("client_secret", "Client secret", "应用密钥", "s3cr3t...",
               "The app's secret (GET /sandbox/apps/{client_id} in the sandbox).",
               "应用密钥（沙箱中见 GET /sandbox/apps/{client_id}）。"),
    ),
    response_fields=(
        _out("access_token", "App access token", "应用访问令牌", "Send as Authorization: Bearer.",
             "以 Authorization: Bearer 发送。"),
        _out("token_type", "Token type", "令牌类型", "Bearer.", "Bearer。"),
        _out("expires_in", "Lifetime", "有效期", "Seconds: 1800.", "秒：1800。", "integer"),
        _out("scope", "Scope", "权限范围", "What the token may call.", "令牌可调用的范围。"),
    ),
    statuses=(), errors=("SANDBOX.BODY.0006", "SANDBOX.BODY.0004", "SANDBOX.PARAM.0001",
                         "SANDBOX.TENANT.0001", "SANDBOX.TENANT.0002"),
    operation_id="tenantToken", tag="tickets (deprecated)", source="family", deprecated=True,
    see="OneAccess ShowAuthToken.html",
)

SSO_TICKET = Endpoint(
    method="POST", path="/api/v2/tenant/sso/session-token/sso-ticket",
    summary=Text("Exchange a session_token for an sso_ticket", "用session_token换取sso_ticket"),
    description=Text("Deprecated by the vendor. A one-time ticket, valid 300 s, for the "
                     "session's user, on the device the session was created on.",
                     "厂商已废弃。为会话用户签发一次性ticket，300秒内有效，须在创建会话的设备上。"),
    headers=_TENANT_HEADERS, body=(_SESSION_FIELD, *_DEVICE_BODY),
    response_fields=(
        _out("expire", "Ticket lifetime", "ticket有效期", "Seconds: 300.", "秒：300。", "integer"),
        _out("sso_ticket", "SSO ticket", "SSO票据", "Works once.", "仅可使用一次。"),
    ),
    statuses=(), errors=(*_TENANT_CHECKS, "IDAAS.SDK.PARAM.0023", "SANDBOX.DEVICE.0001"),
    operation_id="exchangeSsoTicket", tag="tickets (deprecated)", source="family",
    deprecated=True, see="deprecated/exchange-session-token-for-sso-ticket.html",
)

SSO_TICKET_VERIFY = Endpoint(
    method="POST", path="/api/v2/tenant/sso/sso-ticket/verify",
    summary=Text("Trade an sso_ticket for the user's information", "用sso_ticket获取用户信息"),
    description=Text("Deprecated by the vendor. Spends the ticket.",
                     "厂商已废弃。ticket随即失效。"),
    headers=_TENANT_HEADERS,
    body=(_field("sso_ticket", "SSO ticket", "SSO票据", "T-6f1d...", "From the exchange.",
                 "换取接口返回。", error_code="SANDBOX.TICKET.0001"), *_DEVICE_BODY),
    response_fields=(
        _out("id", "User id", "用户ID", "The tenant's user id.", "租户用户ID。"),
        _out("userName", "User name", "用户名", "Login name.", "登录名。"),
        _out("name", "Name", "姓名", "Display name.", "显示名。"),
        _out("mobile", "Mobile", "手机号", "+86-...", "+86-..."),
        _out("email", "E-mail", "邮箱", "E-mail address.", "邮箱地址。"),
    ),
    statuses=(), errors=(*_TENANT_CHECKS, "SANDBOX.TICKET.0001", "SANDBOX.DEVICE.0001"),
    operation_id="verifySsoTicket", tag="tickets (deprecated)", source="family",
    deprecated=True, see="deprecated/get-user-info-by-sso-ticket.html",
)

SESSION_REFRESH = Endpoint(
    method="POST", path="/api/v2/tenant/sso/session-token/refresh",
    summary=Text("Refresh a session_token", "刷新session_token"),
    description=Text("Deprecated by the vendor. The same session_token lives the tenant's full "
                     "session lifetime again from now.",
                     "厂商已废弃。同一session_token从现在起重新获得完整会话有效期。"),
    headers=_TENANT_HEADERS, body=(_SESSION_FIELD, *_DEVICE_BODY),
    response_fields=tuple(f for f in _SESSION_OUT if f.name in ("expire", "session_token")),
    statuses=(), errors=(*_TENANT_CHECKS, "IDAAS.SDK.PARAM.0023", "SANDBOX.DEVICE.0001"),
    operation_id="refreshSessionToken", tag="tickets (deprecated)", source="family",
    deprecated=True, see="deprecated/refresh-session-token.html",
)

FOLLOW_UPS: tuple[Endpoint, ...] = (
    JWKS, ID_TOKEN_REFRESH, CAPTCHA, CAPTCHA_VERIFY, SMS_SEND, EMAIL_SEND, SOCIAL_BIND,
    SOCIAL_REGISTER_BIND, MOBILE_BY_TOKEN, MFA_SMS, TENANT_TOKEN, SSO_TICKET, SSO_TICKET_VERIFY,
    SESSION_REFRESH,
)
"""Every call after the login, in the order a reader meets them."""
LOGINS: tuple[Endpoint, ...] = (WEIBO_LOGIN,)
"""The logins of the social-login family this project serves (``SocialLogin.endpoint()`` each)."""
ENDPOINTS: tuple[Endpoint, ...] = (*LOGINS, *FOLLOW_UPS)


def endpoint(method: str, path: str) -> Endpoint:
    """The call at this method and path (KeyError for an unknown one)."""
    for e in ENDPOINTS:
        if e.method == method.upper() and e.path == path:
            return e
    raise KeyError(f"{method} {path}")
