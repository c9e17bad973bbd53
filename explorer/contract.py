"""The Weibo Login call as data.

One declarative description of ``POST /api/v2/sdk/login/weibo`` — its headers, body fields,
statuses and error codes — that the rest of the project reads: the sandbox validates with it, the
client builds requests from it, the forms generate their fields from it, the docs print its tables.

Everything here comes from the vendor's page (``shared/seed/login-by-weibo.md``) unless a field says
``source="sandbox"``: those are choices this project made where the page is silent, and each carries
its reason. This module imports nothing of ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Source = Literal["seed", "family", "sandbox"]
"""Where a fact comes from: the vendor's page for this call, the vendor's pages for the calls around
it (``shared/reference/api-family.md``), or a choice of this sandbox."""

LOGIN_PATH = "/api/v2/sdk/login/weibo"
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
    return bool(language) and language.strip().lower().startswith("zh")


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
    type: Literal["string", "integer"]
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
    reason: str | None = None
    """Why the sandbox chose this code (set for ``source="sandbox"``)."""


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

    def header(self, name: str) -> Header:
        return _by_name(self.headers, name, key=str.lower)

    def field(self, name: str) -> BodyField:
        return _by_name(self.body, name)

    def status(self, name: str) -> Status:
        return _by_name(self.statuses, name.strip())


def _by_name(items, name, key=lambda s: s):
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
            Text("Please check if the input clientId is correct.", "请检查输入的clientId是否正确。"),
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
            reason="The seed lists no code for a token Weibo does not accept (unknown, expired, "
                   "issued to another appkey, or for another uid). Any real server must refuse "
                   "these; a code outside the IDAAS namespace cannot be mistaken for a vendor's. "
                   "error_msg names the reason after a colon.",
        ),
        ErrorCode(
            "SANDBOX.BODY.0001", 400,
            Text("Request body is not valid JSON", "请求体不是合法的JSON"),
            Text("Send a JSON object such as {\"access_token\": \"...\", \"uid\": \"...\"}.",
                 "请发送JSON对象，例如 {\"access_token\": \"...\", \"uid\": \"...\"}。"),
            "sandbox", cause="body",
            reason="The seed does not say what happens to a body that does not parse; a real "
                   "server must answer something other than a stack trace.",
        ),
        ErrorCode(
            "SANDBOX.BODY.0002", 400,
            Text("Request body must be a JSON object", "请求体必须是JSON对象"),
            Text("Send an object, not a list, string, number or null.",
                 "请发送JSON对象，而不是数组、字符串、数字或null。"),
            "sandbox", cause="body",
            reason="A JSON list or scalar has no access_token to read.",
        ),
        ErrorCode(
            "SANDBOX.BODY.0003", 400,
            Text("A body field has the wrong type: access_token and uid must be strings",
                 "请求字段类型错误：access_token和uid必须是字符串"),
            Text("Send access_token and uid as JSON strings (quote a numeric uid).",
                 "请将access_token和uid作为JSON字符串发送（数字uid需加引号）。"),
            "sandbox", cause="access_token, uid",
            reason="The seed types both fields as String. A numeric uid is the likely mistake "
                   "(Weibo uids are numbers); refusing it keeps the type rule visible.",
        ),
        ErrorCode(
            "SANDBOX.BODY.0004", 413,
            Text("Request body is larger than 64 KiB", "请求体超过64 KiB"),
            Text("Send only access_token and uid.", "请只发送access_token和uid。"),
            "sandbox", cause="body",
            reason="Two short strings never need more; a bound stops a client from making the "
                   "server buffer without limit. 413 is HTTP's own status for it.",
        ),
        ErrorCode(
            "SANDBOX.BODY.0005", 400,
            Text("content-type must be application/json", "content-type必须是application/json"),
            Text("Send the header content-type: application/json.",
                 "请发送请求头 content-type: application/json。"),
            "sandbox", cause="content-type",
            reason="The seed marks content-type required with application/json but lists no code "
                   "for another type; 400 like every other input error.",
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
            Text("Get a new captcha and slide the piece to the gap.", "请重新获取验证码并将拼图滑到缺口处。"),
            "family", cause="point_json",
        ),
        ErrorCode(
            "IDAAS.SDK.CAPTCHA.0006", 400,
            Text("Failed to send the verification code", "验证码发送失败"),
            Text("Verify a new captcha, then ask for the code again.", "请重新完成图形验证后再次发送验证码。"),
            "family", cause="captcha_token",
        ),
        ErrorCode(
            "IDAAS.SDK.COMMON.1007", 400,
            Text("state_token parameter error", "state_token参数错误"),
            Text("Start the login again to get a new state_token.", "请重新登录以获取新的state_token。"),
            "family", cause="X-state-token",
        ),
    )
}


def error(code: str) -> ErrorCode:
    """The documented error with this code (KeyError for an unknown one)."""
    return ERRORS[code]


# --------------------------------------------------------------------------------- the endpoint
_DEVICE_HELP = Text(
    "Required device information; missing or blank gives IDAAS.SDK.PARAM.0001.",
    "必填的设备信息；缺失或为空返回 IDAAS.SDK.PARAM.0001。",
)

WEIBO_LOGIN = Endpoint(
    method="POST",
    path=LOGIN_PATH,
    summary=Text("Sign in with Weibo", "微博登录"),
    description=Text(
        "Trade a Weibo access_token and uid for an IDaaS session. A normal call returns the "
        "user's session_token; an unbound account or a second factor returns a state_token; "
        "a failure returns an error.",
        "用微博access_token和uid换取IDaaS会话。正常调用返回用户的session_token；未绑定或开启"
        "二次认证时返回state_token；失败时返回错误信息。",
    ),
    headers=(
        Header("X-operating-sys-version", Text("Client operating system version", "客户端操作系统版本"),
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
    response_fields=(
        ResponseField("status", Text("Login process status", "登录流程状态标识"), "string",
                      Text("SUCCESS, SOCIAL_BIND, USER_REGISTER, ACCESS_DENIED or MFA_AUTH.",
                           "SUCCESS、SOCIAL_BIND、USER_REGISTER、ACCESS_DENIED 或 MFA_AUTH。")),
        ResponseField("expire", Text("session_token validity period", "session_token有效期"),
                      "integer",
                      Text("Seconds the session_token stays valid; within it, it can be "
                           "exchanged for a ticket.", "session_token有效秒数；有效期内可换取ticket。")),
        ResponseField("session_token", Text("User session_token", "用户session_token"), "string",
                      Text("Calls IDaaS interfaces, e.g. to refresh the id_token or get a ticket.",
                           "用于调用IDaaS接口，例如刷新id_token或获取ticket。")),
        ResponseField("state_token", Text("User stateful token", "用户状态token"), "string",
                      Text("Carries the unfinished login to the next call (X-state-token header).",
                           "携带未完成的登录进入下一步调用（X-state-token请求头）。")),
        ResponseField("data", Text("Return description", "返回说明"), "string",
                      Text("A JSON string: the bind/register flows, the MFA factors, or the "
                           "access-denied text.", "JSON字符串：绑定/注册流程、MFA因子或拒绝访问说明。")),
        ResponseField("id_token", Text("Short-term interface credential", "短期有效的接口调用凭证"),
                      "string",
                      Text("An RS256 JWT with the user's information; verify it against the "
                           "JWKS. Valid 2 hours by default, configurable.",
                           "包含用户信息的RS256 JWT；需用JWKS验证。默认有效2小时，可配置。")),
    ),
    statuses=(
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
               Text("Login succeeded but requires secondary authentication", "登录成功但需要二次认证"),
               ("state_token", "data"), "factors",
               Text("GET /api/v2/sdk/mobile-by-token, send an MFA_AUTH_SMS code, then POST "
                    "/api/v2/sdk/mfa/sms with X-state-token.",
                    "调用 GET /api/v2/sdk/mobile-by-token，发送MFA_AUTH_SMS验证码，然后携带"
                    "X-state-token调用 POST /api/v2/sdk/mfa/sms。")),
        Status("ACCESS_DENIED", Text("Access denied", "拒绝访问"), ("data",), "text",
               Text("Stop: the tenant's policy refuses this user here. Show the text in data; "
                    "do not retry.", "停止：租户策略拒绝该用户在此登录。展示data中的文本，不要重试。")),
    ),
    errors=(
        "IDAAS.SDK.PARAM.0001", "IDAAS.SDK.PARAM.0002", "IDAAS.SDK.PARAM.0003",
        "SANDBOX.BODY.0005", "SANDBOX.BODY.0004", "SANDBOX.BODY.0001", "SANDBOX.BODY.0002",
        "SANDBOX.BODY.0003", "IDAAS.SDK.PARAM.0026", "IDAAS.SDK.PARAM.0027",
        "IDAAS.SDK.COM.0002", "SANDBOX.WEIBO.0001", "IDAAS.SDK.USER.0039",
        "IDAAS.SDK.USER.0001",
    ),
)

SEED_ERRORS: tuple[str, ...] = (
    "IDAAS.SDK.PARAM.0001", "IDAAS.SDK.PARAM.0002", "IDAAS.SDK.PARAM.0003",
    "IDAAS.SDK.PARAM.0026", "IDAAS.SDK.PARAM.0027", "IDAAS.SDK.USER.0001",
    "IDAAS.SDK.USER.0039", "IDAAS.SDK.COM.0002",
)
"""The eight codes of the vendor's page, in its table's order."""

STATUSES: tuple[str, ...] = tuple(s.name for s in WEIBO_LOGIN.statuses)
DEVICE_HEADERS: tuple[str, ...] = ("X-operating-sys-version", "X-device-fingerprint", "X-agent")
"""The headers whose absence is 'device information is incomplete'."""
