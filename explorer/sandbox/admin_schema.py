"""The sandbox's admin API as data: one plain dict per route, plus the codes it answers.

The admin routes (``/sandbox/*``) validate their bodies against ``request_schema`` and the OpenAPI
generator prints the same dicts, so the document and the server cannot drift apart. Pure data: this
module imports only the contract's small value types.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import N_
from ..contract import ERRORS, ErrorCode, Text

# ------------------------------------------------------------------------------ shared schemas
_NONBLANK = {"type": "string", "minLength": 1, "maxLength": 256, "pattern": r"\S"}
_SECONDS = {"type": "integer", "minimum": 1, "maximum": 10 * 365 * 86400}

USER_FIELDS: dict[str, Any] = {
    "user_name": _NONBLANK,
    "name": {"type": "string", "maxLength": 256},
    "mobile": {"type": "string", "maxLength": 64},
    "email": {"type": "string", "maxLength": 256},
    "disabled": {"type": "boolean"},
    "mfa": {"type": "boolean"},
}

USER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "user_name", "name", "mobile", "email", "disabled", "mfa", "social"],
    "properties": {
        "id": {"type": "string"},
        **USER_FIELDS,
        "social": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["provider", "uid"],
                "properties": {"provider": {"const": "weibo"}, "uid": {"type": "string"}},
            },
        },
    },
}

CLOCK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["now", "timestamp", "frozen"],
    "properties": {
        "now": {"type": "string", "description": "ISO 8601, UTC."},
        "timestamp": {"type": "integer", "description": "Seconds since the epoch."},
        "frozen": {"type": "boolean", "description": "true: started with --clock, moves only "
                   "when advanced; false: wall time plus any advance."},
    },
}

APP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["client_id", "name", "allowed_user_ids", "client_secret"],
    "properties": {
        "client_id": _NONBLANK,
        "client_secret": {"type": "string", "description": "For POST /api/v2/tenant/token "
                          "(the deprecated ticket route)."},
        "name": {"type": "string", "maxLength": 256},
        "allowed_user_ids": {
            "type": ["array", "null"],
            "items": {"type": "string"},
            "description": "null: every user may log in to this app; a list: only these users.",
        },
    },
}

WEIBO_TOKEN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["access_token", "uid", "appkey", "expires_in"],
    "properties": {
        "access_token": _NONBLANK,
        "uid": _NONBLANK,
        "appkey": {"type": "string", "description": "Default: the policy's weibo_appkey."},
        "expires_in": {**_SECONDS, "description": "Seconds from now (sandbox clock)."},
        "created_at": {"type": "integer", "description": "Unix time the token was issued."},
    },
}

POLICY_FIELDS: dict[str, Any] = {
    "unbound_social": {"enum": ["register", "bind", "reject"]},
    "verify_methods": {
        "type": "array",
        "items": {"enum": ["VERIFY_PHONE", "VERIFY_EMAIL"]},
        "uniqueItems": True,
    },
    "mfa_methods": {"type": "array", "items": {"enum": ["SMS", "EMAIL"]}, "uniqueItems": True},
    "deny_ips": {
        "type": "array",
        "items": {"type": "string", "maxLength": 64},
        "description": "CIDR ranges; a bound user logging in from one gets ACCESS_DENIED.",
    },
    "session_expire": _SECONDS,
    "id_token_ttl": _SECONDS,
    "weibo_appkey": _NONBLANK,
}

POLICY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": sorted(POLICY_FIELDS),
    "properties": POLICY_FIELDS,
}

FIXTURE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "title", "outcome", "client_id", "arrange", "request", "seed_example"],
    "properties": {
        "name": {"type": "string"},
        "title": {"type": "string"},
        "title_zh": {"type": "string", "description": "The title in Chinese (简体中文)."},
        "outcome": {"type": "string", "description": "A status, or an error code."},
        "client_id": {"type": "string"},
        "arrange": {
            "type": "array",
            "description": "Admin calls to make after a docs reset, before the request.",
            "items": {
                "type": "object",
                "required": ["method", "path", "json"],
                "properties": {
                    "method": {"type": "string"},
                    "path": {"type": "string"},
                    "json": {"type": "object"},
                },
            },
        },
        "request": {
            "type": "object",
            "required": ["method", "path", "headers", "body"],
            "properties": {
                "method": {"const": "POST"},
                "path": {"type": "string"},
                "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                "body": {"type": "object"},
            },
        },
        "seed_example": {"type": "string"},
    },
}


REQUEST_LOG_ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "kind", "admin", "sandbox_time", "sandbox_timestamp", "wall_time",
                 "method", "path", "query", "query_truncated", "headers", "headers_truncated",
                 "body", "body_truncated", "status", "answer", "answer_truncated", "duration_ms"],
    "properties": {
        "id": {"type": "integer", "description": "Grows by one per call; pass it as since."},
        "kind": {"enum": ["api", "weibo", "admin"]},
        "admin": {"type": "boolean"},
        "sandbox_time": {"type": "string", "description": "ISO 8601, sandbox clock."},
        "sandbox_timestamp": {"type": "number"},
        "wall_time": {"type": "string", "description": "ISO 8601, the machine's clock."},
        "method": {"type": "string"},
        "path": {"type": "string", "description": "At most 1024 characters, then …."},
        "query": {"type": "string", "description": "client_secret masked as ***; at most 1024 "
                  "characters, then …."},
        "query_truncated": {"type": "boolean"},
        "headers": {"type": "object", "additionalProperties": {"type": "string"},
                    "description": "Names in lower case; Authorization, Proxy-Authorization and "
                    "Cookie masked as ***; each value at most 2048 characters (then …), 6144 "
                    "characters of names and values in all."},
        "headers_truncated": {"type": "boolean"},
        "body": {"type": "string", "description": "client_secret masked as *** (in a form or "
                 "in JSON, after decoding, even when the body was cut); at most 4096 bytes."},
        "body_truncated": {"type": "boolean"},
        "status": {"type": "integer"},
        "answer": {"type": "string"},
        "answer_truncated": {"type": "boolean"},
        "duration_ms": {"type": "number"},
    },
}


def _closed(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


# ---------------------------------------------------------------------------------- operations
ADMIN_OPERATIONS: tuple[dict[str, Any], ...] = (
    {
        "method": "POST",
        "path": "/sandbox/reset",
        "summary": N_("Reset the tenant"),
        "description": N_(
            "Empty every table, restore the clock to its configured start and re-seed "
            "the random generator; then load the docs fixtures (default) or nothing."),
        "request_schema": _closed({"fixtures": {"enum": ["none", "docs"]}}),
        "response_status": 200,
        "response_schema": {
            "type": "object",
            "required": ["fixtures", "now"],
            "properties": {"fixtures": {"enum": ["none", "docs"]}, "now": {"type": "string"}},
        },
    },
    {
        "method": "GET",
        "path": "/sandbox/fixtures",
        "summary": N_("List the docs fixtures"),
        "description": N_(
            "One fixture per status and per documented error: the admin calls it needs "
            "beyond the docs data, then the exact request that gives its outcome."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": {"type": "array", "items": FIXTURE_SCHEMA},
    },
    {
        "method": "POST",
        "path": "/sandbox/apps",
        "summary": N_("Register an app"),
        "description": N_(
            "A client id the login accepts. allowed_user_ids limits who may log in "
            "(others get ACCESS_DENIED); omit it to allow everyone."),
        "request_schema": _closed(
            {
                "client_id": _NONBLANK,
                "name": {"type": "string", "maxLength": 256},
                "allowed_user_ids": {"type": ["array", "null"], "items": {"type": "string"}},
                "client_secret": {**_NONBLANK, "description": "Default: 32 random characters."},
            },
            ["client_id"],
        ),
        "response_status": 201,
        "response_schema": APP_SCHEMA,
    },
    {
        "method": "GET",
        "path": "/sandbox/apps/{client_id}",
        "summary": N_("Read an app"),
        "description": N_("The app with its client_secret (for the deprecated ticket route)."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": APP_SCHEMA,
    },
    {
        "method": "POST",
        "path": "/sandbox/weibo/tokens",
        "summary": N_("Issue a Weibo access token"),
        "description": N_(
            "Make the fake Weibo accept this access_token for this uid. Without appkey "
            "the token belongs to the tenant's weibo_appkey."),
        "request_schema": _closed(
            {
                "access_token": _NONBLANK,
                "uid": _NONBLANK,
                "appkey": _NONBLANK,
                "expires_in": _SECONDS,
            },
            ["access_token", "uid"],
        ),
        "response_status": 201,
        "response_schema": WEIBO_TOKEN_SCHEMA,
    },
    {
        "method": "POST",
        "path": "/sandbox/users",
        "summary": N_("Create a user"),
        "description": N_("A tenant user. id is generated (vendor format) unless given."),
        "request_schema": _closed(
            {"id": {**_NONBLANK, "maxLength": 64}, **USER_FIELDS}, ["user_name"]
        ),
        "response_status": 201,
        "response_schema": USER_SCHEMA,
    },
    {
        "method": "GET",
        "path": "/sandbox/users",
        "summary": N_("List the users"),
        "description": N_(
            "Every user, oldest first, with their social bindings: see who a "
            "register-bind created (or that it created nobody)."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": {"type": "array", "items": USER_SCHEMA},
    },
    {
        "method": "GET",
        "path": "/sandbox/users/{id}",
        "summary": N_("Read a user"),
        "description": N_("The user with its social bindings."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": USER_SCHEMA,
    },
    {
        "method": "PATCH",
        "path": "/sandbox/users/{id}",
        "summary": N_("Change a user"),
        "description": N_("Change any of the fields POST /sandbox/users takes (except id)."),
        "request_schema": {**_closed(USER_FIELDS), "minProperties": 1},
        "response_status": 200,
        "response_schema": USER_SCHEMA,
    },
    {
        "method": "POST",
        "path": "/sandbox/users/{id}/social",
        "summary": N_("Bind a Weibo account to a user"),
        "description": N_(
            "After this, a login with a token for this uid resolves to the user. One "
            "uid binds to one user only."),
        "request_schema": _closed(
            {"provider": {"const": "weibo"}, "uid": _NONBLANK}, ["provider", "uid"]
        ),
        "response_status": 201,
        "response_schema": USER_SCHEMA,
    },
    {
        "method": "GET",
        "path": "/sandbox/captcha/{token}",
        "summary": N_("Reveal a captcha's answer"),
        "description": N_(
            "Where the gap of GET /api/v2/sdk/captcha's puzzle is: send it as "
            "point_json (within 5 px) to solve the captcha from a script."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": {
            "type": "object",
            "required": ["x", "y"],
            "properties": {"x": {"type": "number"}, "y": {"type": "number"}},
        },
    },
    {
        "method": "GET",
        "path": "/sandbox/outbox",
        "summary": N_("Read the outbox"),
        "description": N_(
            "Every SMS and e-mail code the tenant sent, oldest first (newest last). "
            "to is the recipient's canonical form: +86-15907132852, or the e-mail in lower case."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["channel", "to", "type", "code", "sent_at"],
                "properties": {
                    "channel": {"enum": ["sms", "email"]},
                    "to": {"type": "string"},
                    "type": {"type": "string"},
                    "code": {"type": "string", "pattern": "^[0-9]{6}$"},
                    "sent_at": {"type": "string", "description": "ISO 8601, sandbox clock."},
                },
            },
        },
    },
    {
        "method": "POST",
        "path": "/sandbox/sessions/{session_token}/revoke",
        "summary": N_("Revoke a session"),
        "description": N_(
            "After this the session_token gets IDAAS.SDK.PARAM.0023 everywhere, as "
            "when an administrator signs a user out."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": {
            "type": "object",
            "required": ["session_token", "revoked"],
            "properties": {"session_token": {"type": "string"}, "revoked": {"const": True}},
        },
    },
    {
        "method": "GET",
        "path": "/sandbox/policy",
        "summary": N_("Read the tenant policy"),
        "description": N_(
            "What happens to unbound accounts, the verify and MFA methods, denied IP "
            "ranges, lifetimes and the tenant's Weibo appkey."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": POLICY_SCHEMA,
    },
    {
        "method": "PUT",
        "path": "/sandbox/policy",
        "summary": N_("Change the tenant policy"),
        "description": N_("Partial updates allowed: fields left out keep their value."),
        "request_schema": _closed(POLICY_FIELDS),
        "response_status": 200,
        "response_schema": POLICY_SCHEMA,
    },
    {
        "method": "GET",
        "path": "/sandbox/requests",
        "summary": N_("Read the request log"),
        "description": N_(
            "The calls the tenant answered, one page at a time, oldest first: the "
            "login, the follow-ups, the fake Weibo (kind weibo) and the admin API (kind admin, "
            "admin true), with sandbox and wall-clock times, headers, body, status and answer. "
            "Without since: the newest limit calls; with since: the first limit calls after that "
            "id (read on with the last id until a page is shorter than limit). Bounded: the last "
            "1000 calls, 4096 bytes of each body, capped headers and query. client_secret and "
            "Authorization are masked. Reset clears it; reading it is not logged."),
        "query_parameters": [{
            "name": "since", "required": False,
            "description": "Only entries with an id above this one (the last id you read).",
            "schema": {"type": "integer", "minimum": 0},
        }, {
            "name": "limit", "required": False,
            "description": "Entries in this page, 1 to 100 (100 when not given).",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100},
        }],
        "request_schema": None,
        "response_status": 200,
        "response_schema": {"type": "array", "items": REQUEST_LOG_ENTRY_SCHEMA},
    },
    {
        "method": "POST",
        "path": "/sandbox/faults",
        "summary": N_("Arm the busy fault"),
        "description": N_(
            "The next N login calls that pass the parameter checks answer 500 "
            "IDAAS.SDK.COM.0002. 0 disarms it."),
        "request_schema": _closed(
            {"busy": {"type": "integer", "minimum": 0, "maximum": 1000}}, ["busy"]
        ),
        "response_status": 200,
        "response_schema": {
            "type": "object",
            "required": ["busy"],
            "properties": {"busy": {"type": "integer"}},
        },
    },
    {
        "method": "GET",
        "path": "/sandbox/clock",
        "summary": N_("Read the sandbox clock"),
        "description": N_(
            "The instant the sandbox stamps tokens and expiries with. A client checks "
            "tokens at this instant (a frozen clock stays at its start until advanced), not at the "
            "laptop's: `weibo-explorer login`, the form and the renderers ask here."),
        "request_schema": None,
        "response_status": 200,
        "response_schema": CLOCK_SCHEMA,
    },
    {
        "method": "POST",
        "path": "/sandbox/clock",
        "summary": N_("Move the sandbox clock"),
        "description": N_(
            "Advance the clock by a number of seconds, so expiry shows without "
            "waiting. The clock stays before 3000-01-01T00:00:00Z: an advance that would reach it "
            "answers SANDBOX.ADMIN.0007 and leaves the clock where it was."),
        "request_schema": _closed(
            {"advance": {"type": "integer", "minimum": 0, "maximum": 10 * 365 * 86400}},
            ["advance"],
        ),
        "response_status": 200,
        "response_schema": CLOCK_SCHEMA,
    },
)

# --------------------------------------------------------------------------------- admin codes
SANDBOX_ERRORS: dict[str, ErrorCode] = {
    e.code: e
    for e in (
        ErrorCode(
            "SANDBOX.ADMIN.0001", 400,
            Text("Invalid admin request", "管理请求无效"),
            Text("Fix the field named in error_msg and retry.",
                 "请修正error_msg中指出的字段后重试。"),
            "sandbox", cause="body",
            reason=Text("The admin API is the sandbox's own; one code for every bad input, with "
                        "the JSON Schema's complaint after a colon.",
                        "管理 API 是沙箱自己的；所有错误输入共用一个错误码，冒号后是 JSON Schem"
                        "a 给出的问题。"),
        ),
        ErrorCode(
            "SANDBOX.ADMIN.0002", 404,
            Text("No such user, app, captcha or session", "用户、应用、验证码或会话不存在"),
            Text("Create it first, or check the id.", "请先创建，或检查id。"),
            "sandbox",
            reason=Text("404 is HTTP's status for an unknown resource in a path.",
                        "404 是 HTTP 为路径中的未知资源定义的状态码。"),
        ),
        ErrorCode(
            "SANDBOX.ADMIN.0003", 409,
            Text("Already exists", "已存在"),
            Text("Use another id, or reset the sandbox.", "请使用其他id，或重置沙箱。"),
            "sandbox",
            reason=Text("409: a client id, user id, user name, access_token or bound uid is "
                        "unique.",
                        "409：client id、用户 id、用户名、access_token 和已绑定的 uid 都必须唯"
                        "一。"),
        ),
        ErrorCode(
            "SANDBOX.ADMIN.0004", 403,
            Text("Admin calls are refused from another origin", "拒绝来自其他源的管理请求"),
            Text("Call the admin API from a script, or from a page the sandbox itself serves.",
                 "请从脚本或沙箱自身提供的页面调用管理接口。"),
            "sandbox",
            reason=Text("A web page the developer visits must not drive or read the admin API: a "
                        "request whose Origin is not the sandbox's own, or whose Sec-Fetch-Site "
                        "is cross-site or same-site (an <img> sends no Origin), is refused on "
                        "/sandbox/* (the login and its follow-up calls answer any origin, like "
                        "the real API).",
                        "开发者访问的网页不得操作或读取管理 API：/sandbox/* 拒绝 Origin 不是沙"
                        "箱自身、或 Sec-Fetch-Site 为 cross-site 或 same-site 的请求（<img> 不"
                        "发送 Origin）。登录及其后续调用与真实 API 一样，接受任何来源。"),
        ),
        ErrorCode(
            "SANDBOX.ADMIN.0005", 401,
            Text("Admin token missing or wrong", "管理令牌缺失或错误"),
            Text("Send Authorization: Bearer <the token the sandbox printed or was given>.",
                 "请发送 Authorization: Bearer <沙箱打印或配置的令牌>。"),
            "sandbox",
            reason=Text("With --admin-token (required when bound beyond loopback) every "
                        "/sandbox/* call needs the bearer token; 401 is HTTP's status for missing "
                        "credentials.",
                        "使用 --admin-token 时（绑定到回环地址以外时必须使用），每个 /sandbox/*"
                        " 调用都需要该 bearer 令牌；401 是 HTTP 为缺少凭据定义的状态码。"),
        ),
        ErrorCode(
            "SANDBOX.ADMIN.0006", 415,
            Text("Admin writes take application/json", "管理写操作需要 application/json"),
            Text("Send Content-Type: application/json.", "请发送 Content-Type: application/json。"),
            "sandbox",
            reason=Text("A cross-site page can send a text/plain or form POST without asking; it "
                        "cannot send application/json without a CORS preflight the sandbox never "
                        "grants. 415: unsupported media type.",
                        "跨站页面无需询问即可发送 text/plain 或表单 POST；而发送 application/js"
                        "on 需要 CORS 预检，沙箱从不放行。415 表示不支持的媒体类型。"),
        ),
        ErrorCode(
            "SANDBOX.ADMIN.0007", 400,
            Text("The clock would pass its horizon", "时钟将超出其上限"),
            Text("Advance by less, or reset the sandbox to bring the clock back to its start.",
                 "请减少前进的秒数，或重置沙箱让时钟回到起点。"),
            "sandbox", cause="advance",
            reason=Text("The sandbox clock stays before 3000-01-01T00:00:00Z, so every expiry "
                        "computed from it (ten years on at most) is still a date; about 764 "
                        "advances of ten years used to carry it past year 9999, after which the "
                        "clock and users routes answered 500.",
                        "沙箱时钟始终早于 3000-01-01T00:00:00Z，因此由它算出的每个过期时间（最"
                        "多往后十年）仍是合法日期；过去大约 764 次每次十年的推进就会越过 9999 "
                        "年，之后时钟和用户相关的路由会返回 500。"),
        ),
        ErrorCode(
            "SANDBOX.HTTP.0400", 400,
            Text("Host header does not name this sandbox", "Host 请求头不是本沙箱"),
            Text("Use 127.0.0.1, localhost, [::1], the bind address or the --public-url host.",
                 "请使用 127.0.0.1、localhost、[::1]、绑定地址或 --public-url 的主机名。"),
            "sandbox",
            reason=Text("Guards against DNS rebinding: a page on evil.example whose name resolves "
                        "to 127.0.0.1 sends Host: evil.example and is refused.",
                        "防范 DNS 重绑定：域名解析到 127.0.0.1 的 evil.example 页面会发送 Host:"
                        " evil.example，因而被拒绝。"),
        ),
        ErrorCode(
            "SANDBOX.HTTP.0401", 400,
            Text("Header sent more than once", "请求头重复"),
            Text("Send each of these headers once.", "每个请求头只发送一次。"),
            "sandbox",
            reason=Text("Two copies of a single-valued header (Host, Content-Type, "
                        "Content-Length, Authorization, Origin, X-client-id, the device headers, "
                        "X-L, X-state-token, session-token) are ambiguous: 400 names the header "
                        "rather than guessing which copy counts.",
                        "单值请求头（Host、Content-Type、Content-Length、Authorization、Origin"
                        "、X-client-id、设备请求头、X-L、X-state-token、session-token）出现两份"
                        "时含义不明：返回 400 并指出该请求头，而不去猜哪一份有效。"),
        ),
        ErrorCode(
            "SANDBOX.HTTP.0404", 404,
            Text("No such route", "路由不存在"),
            Text("Check the method and path.", "请检查请求方法和路径。"),
            "sandbox",
            reason=Text("Unknown paths answer in the API's envelope too, never an HTML page.",
                        "未知路径同样用本 API 的错误格式应答，从不返回 HTML 页面。"),
        ),
        ErrorCode(
            "SANDBOX.HTTP.0405", 405,
            Text("Method not allowed on this route", "该路由不支持此方法"),
            Text("Check the method.", "请检查请求方法。"),
            "sandbox",
            reason=Text("Same envelope for a wrong method, with the Allow header listing the "
                        "right ones.",
                        "方法错误时也用同样的错误格式，并在 Allow 响应头中列出正确的方法。"),
        ),
        ErrorCode(
            "SANDBOX.HTTP.0500", 500,
            Text("Internal sandbox error", "沙箱内部错误"),
            Text("This is a bug in the sandbox; please report it.", "这是沙箱的缺陷，请报告。"),
            "sandbox",
            reason=Text("Kept apart from IDAAS.SDK.COM.0002, which the sandbox answers only when "
                        "the busy fault is armed.",
                        "与 IDAAS.SDK.COM.0002 分开：沙箱只在布置了 busy 故障时才返回 IDAAS.SDK"
                        ".COM.0002。"),
        ),
    )
}

ALL_ERRORS: dict[str, ErrorCode] = {**ERRORS, **SANDBOX_ERRORS}
"""Every code the sandbox answers: the login's (``explorer.contract.ERRORS``) and its own."""

ADMIN_PREFIX = "/sandbox/"
BAD_HOST, REPEATED = "SANDBOX.HTTP.0400", "SANDBOX.HTTP.0401"
FOREIGN_ORIGIN, NO_TOKEN = "SANDBOX.ADMIN.0004", "SANDBOX.ADMIN.0005"
TOO_LARGE = "SANDBOX.BODY.0004"
"""The front door's codes (the guard answers them from the request head)."""
