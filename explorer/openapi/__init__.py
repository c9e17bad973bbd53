"""The OpenAPI 3.1 document, generated from the contract, the errata and the admin API's data.

Nothing here is typed twice: headers, body fields, statuses and error codes come from
``explorer.contract``; the vendor's examples (corrected, each correction noted) from
``explorer.errata``; the sandbox's admin routes from ``explorer.sandbox.admin_schema``. English and
Chinese sit side by side in every description.

Written for code generators as much as for readers: every operation lists every code it can
answer, the sandbox's front door included (``explorer.sandbox._middleware``: a foreign ``Host``, a
repeated header, the admin API's origin and token; a wrong method or no route when a path
parameter holds a ``/``; a bug's 500), each status once, all with the one ``ErrorEnvelope``
component whose ``error_code`` is an open string (a new code never breaks an old client). The
admin API needs no security on loopback, so a generated client's plain ``Client`` calls it; with
``--admin-token`` that client sends ``Authorization`` as a header of its own.
"""

from __future__ import annotations

import re
from typing import Any

from .. import __version__, errata
from ..catalogue import Msg, Words
from ..contract import (
    FOLLOW_UPS,
    JWKS,
    LOGIN_RESPONSE_FIELDS,
    LOGIN_STATUSES,
    LOGINS,
    WEIBO_LOGIN,
    Endpoint,
    Status,
)
from ..sandbox.admin_schema import ADMIN_OPERATIONS, ALL_ERRORS, NO_TOKEN, POLICY_FIELDS
from .answers import WRONG_METHOD, Paths, admin_codes, endpoint_codes, wrong_method_routes

SANDBOX_URL = "http://127.0.0.1:8600"
_SCHEMAS = "#/components/schemas/"
_JSON = "application/json"


def _both(text: Words) -> str:
    return f"{text('en')}\n\n{text('zh')}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _SCHEMAS + name}


def _schema_name(status: str) -> str:
    return "Login" + "".join(part.title() for part in status.split("_"))


# ------------------------------------------------------------------------------------- login
def _header_parameters(endpoint: Endpoint) -> list[dict[str, Any]]:
    """Every header but content-type (the request body's media type) and Authorization (a
    security scheme), which OpenAPI expresses in their own places."""
    params = []
    for h in endpoint.headers:
        if h.name.lower() in ("content-type", "authorization"):
            continue
        schema: dict[str, Any] = {"type": "string"}
        if h.required:
            schema.update(minLength=1, pattern=r"\S")
        params.append({
            "name": h.name, "in": "header", "required": h.required, "schema": schema,
            "example": h.example,
            "description": f"**{h.title.en}** / {h.title.zh}\n\n{_both(h.help)}"
            + (f"\n\nError: `{h.error_code}`" if h.error_code else ""),
        })
    return params


def _request_schema_name(login: Endpoint) -> str:
    """``LoginRequest`` for the Weibo login (the name generated clients already use), e.g.
    ``LoginQqRequest`` for another login of the family."""
    if login is WEIBO_LOGIN:
        return "LoginRequest"
    return login.operation_id[:1].upper() + login.operation_id[1:] + "Request"


def _request_body(login: Endpoint) -> dict[str, Any]:
    content: dict[str, Any] = {"schema": _ref(_request_schema_name(login))}
    if login is WEIBO_LOGIN:  # the vendor's page (the seed, errata) is the Weibo login's
        content["examples"] = {"seed": _example(errata.REQUEST)}
    return {
        "required": True,
        "description": _both(login.header("content-type").help),
        "content": {_JSON: content},
    }


def _request_schema(login: Endpoint) -> dict[str, Any]:
    return {
        "type": "object", "required": [f.name for f in login.body if f.required],
        "properties": {f.name: {"type": "string", "minLength": 1, "pattern": r"\S",
                                "title": f.title.en,
                                "description": f"{_both(f.help)}\n\nError: `{f.error_code}`",
                                "example": f.example} for f in login.body},
    }


_DATA_SCHEMAS: dict[str, dict[str, Any]] = {
    "VerifyMethod": {"title": "VerifyMethod", "type": "string",
                     **POLICY_FIELDS["verify_methods"]["items"]},
    "MfaFactor": {"title": "MfaFactor", "type": "string", **POLICY_FIELDS["mfa_methods"]["items"]},
    "SocialFlows": {
        "title": "SocialFlows", "type": "object", "required": ["socialBindOrRegisterFlow"],
        "description": "The data of USER_REGISTER and SOCIAL_BIND, once parsed as JSON: the ways "
        "the user may prove a phone or e-mail. / USER_REGISTER与SOCIAL_BIND的data按JSON解析后的"
        "内容：用户可用来验证手机或邮箱的方式。",
        "properties": {"socialBindOrRegisterFlow": {"type": "array",
                                                    "items": _ref("VerifyMethod")}}},
}
"""What a ``data`` string holds, as components a generator turns into types: the wire keeps the
vendor's JSON-in-a-string, and a client parses it with ``SocialFlows.from_dict(json.loads(data))``
or ``[MfaFactor(f) for f in json.loads(data)]``."""


def _data_schema(status: Status) -> dict[str, Any]:
    field = next(f for f in LOGIN_RESPONSE_FIELDS if f.name == "data")
    schema: dict[str, Any] = {"type": "string", "description": _both(field.help)}
    if status.data == "flows":
        schema.update(contentMediaType=_JSON, contentSchema=_ref("SocialFlows"))
        schema["description"] += ("\n\nJSON text of a `SocialFlows`. / `SocialFlows` 的JSON文本。")
    elif status.data == "factors":
        schema.update(contentMediaType=_JSON, contentSchema={
            "type": "array", "items": _ref("MfaFactor")})
        schema["description"] += ("\n\nJSON text of an array of `MfaFactor`. / "
                                  "`MfaFactor` 数组的JSON文本。")
    else:
        schema["description"] += "\n\nPlain text (follows X-L). / 纯文本（随X-L变化）。"
    return schema


def _status_schema(status: Status) -> dict[str, Any]:
    fields = {f.name: f for f in LOGIN_RESPONSE_FIELDS}
    properties: dict[str, Any] = {"status": {
        "type": "string", "enum": [status.name],
        "description": f"{status.meaning.en} / {status.meaning.zh}"}}
    for name in status.fields:
        f = fields[name]
        properties[name] = (_data_schema(status) if name == "data" else
                            {"type": f.type, "title": f.title.en, "description": _both(f.help)})
    return {
        "type": "object", "title": _schema_name(status.name),
        "required": ["status", *status.fields],
        "properties": properties,
        "description": f"{_both(status.meaning)}\n\nNext / 下一步: {_both(status.next_step)}",
    }


def _example(item: errata.SeedExample) -> dict[str, Any]:
    notes = [f"- {'fixed' if c.fixed else 'noted'}: {c.subject('en')}: the page shows "
             f"{c.seed('en')}; here: {c.corrected('en')}. {c.reason('en')}"
             for c in item.corrections]
    description = "From the vendor's page."
    if notes:
        description += " Corrections:\n\n" + "\n".join(notes)
    return {"summary": item.caption, "description": description, "value": item.body}


def _error_description(code: str) -> str:
    e = ALL_ERRORS[code]
    text = (f"`{code}` ({e.source}): {e.message.en} / {e.message.zh}. "
            f"Action: {e.action.en} / {e.action.zh}")
    return text + (f" Why this code: {e.reason.en}" if e.reason else "")


def route_methods(logins: tuple[Endpoint, ...] = LOGINS) -> dict[str, list[str]]:
    """Every path of the document with the methods its route takes: the contract's calls (the
    ``logins`` of the family and the follow-ups) and the admin API's, the same data the sandbox
    builds its routes from."""
    paths: dict[str, list[str]] = {}
    for method, path in [*((e.method, e.path) for e in (*logins, *FOLLOW_UPS)),
                         *((op["method"], op["path"]) for op in ADMIN_OPERATIONS)]:
        paths.setdefault(path, []).append(method.upper())
    return paths


def _allow(methods: list[str]) -> str:
    return ", ".join(sorted({*methods, *(["HEAD"] if "GET" in methods else [])}))


def _error_headers(code: str, method: str, path: str, paths: Paths) -> dict[str, Any]:
    if code == WRONG_METHOD:
        routes = wrong_method_routes(method, path, paths)
        reached = "; ".join(f"{p}: {_allow(m)}" for p, m in routes.items())
        return {"Allow": {
            "schema": {"type": "string"}, "example": _allow(next(iter(routes.values()))),
            "description": f"The methods of the route a '/' in a path parameter reached "
                           f"({reached}). / 路径参数中的 '/' 使请求到达的路由所接受的方法（"
                           f"{reached}）。"}}
    if code == NO_TOKEN:
        return {"WWW-Authenticate": {"schema": {"type": "string"},
                                     "example": 'Bearer realm="weibo-explorer sandbox admin"'}}
    return {}


def _error_responses(codes: list[str], method: str, path: str,
                     paths: Paths) -> dict[str, Any]:
    """One response per HTTP status, each the shared ``ErrorEnvelope``; the codes it can carry
    are in its description, its examples and ``x-error-codes`` (in the order checked)."""
    by_status: dict[int, list[str]] = {}
    for code in codes:
        by_status.setdefault(ALL_ERRORS[code].http_status, []).append(code)
    seed_error = errata.example("error")
    responses = {}
    for http_status, group in sorted(by_status.items()):
        examples: dict[str, Any] = {}
        if path == WEIBO_LOGIN.path and seed_error.status_code == http_status:
            examples["seed_error"] = _example(seed_error)
        headers: dict[str, Any] = {}
        for code in group:
            e = ALL_ERRORS[code]
            headers.update(_error_headers(code, method, path, paths))
            for lang, msg in (("en", e.message.en), ("zh", e.message.zh)):
                examples[f"{code}.{lang}"] = {
                    "summary": f"{code} ({'X-L: zh' if lang == 'zh' else 'English'})",
                    "value": {"error_code": code, "error_msg": msg}}
        response: dict[str, Any] = {
            "description": "Error / 错误 — checked in this order / 按此顺序检查:\n\n"
            + "\n".join(f"- {_error_description(c)}" for c in group),
            "content": {_JSON: {"schema": _ref("ErrorEnvelope"), "examples": examples}},
            "x-error-codes": group,
        }
        if headers:
            response["headers"] = headers
        responses[str(http_status)] = response
    return responses


def _login_operation(login: Endpoint, paths: Paths) -> dict[str, Any]:
    """A login of the family: its own body, the family's headers, statuses and checks."""
    statuses = {s.name: _SCHEMAS + _schema_name(s.name) for s in login.statuses}
    ok: dict[str, Any] = {"schema": {
        "oneOf": [{"$ref": ref} for ref in statuses.values()],
        "discriminator": {"propertyName": "status", "mapping": statuses}}}
    if login is WEIBO_LOGIN:  # the vendor's page (the seed, errata) is the Weibo login's
        ok["examples"] = {x.name: _example(x) for x in errata.EXAMPLES if x.status_code == 200}
    return {
        "operationId": login.operation_id, "tags": [login.tag],
        "summary": f"{login.summary.en} / {login.summary.zh}",
        "description": _both(login.description),
        "parameters": _header_parameters(login),
        "requestBody": _request_body(login),
        "responses": {
            "200": {"description": "A login status / 登录状态: "
                    + ", ".join(s.name for s in login.statuses),
                    "content": {_JSON: ok}},
            **_error_responses(endpoint_codes(login, paths), login.method, login.path, paths),
        },
        "x-error-order": list(login.errors),
    }


def _jwks_operation(paths: Paths) -> dict[str, Any]:
    return {
        "operationId": "getJwks", "tags": ["keys"],
        "summary": "The tenant's id_token signing keys / 租户id_token签名公钥 (JWKS)",
        "description": "Verify a SUCCESS id_token (RS256) with the key whose kid matches its "
                       "header.\n\n用header中kid对应的公钥验证SUCCESS返回的id_token（RS256）。",
        "responses": {"200": {"description": "JWKS", "content": {_JSON: {"schema": _ref("Jwks")}}},
                      **_error_responses(endpoint_codes(JWKS, paths), JWKS.method, JWKS.path,
                                         paths)},
    }


# ------------------------------------------------------------------------------ follow-up calls
def _follow_up_request(endpoint: Endpoint) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object", "required": [f.name for f in endpoint.body if f.required],
        "properties": {f.name: {"type": "string", "minLength": 1, "pattern": r"\S",
                                "title": f.title.en, "description": _both(f.help)
                                + (f"\n\nError: `{f.error_code}`" if f.error_code else ""),
                                "example": f.example} for f in endpoint.body},
    }
    if endpoint.one_of:
        schema["allOf"] = [{"oneOf": [{"required": [name]} for name in group]}
                           for group in endpoint.one_of]
    content_type = endpoint.header("content-type")
    return {"required": True, "description": _both(content_type.help),
            "content": {str(endpoint.content_type): {"schema": schema}}}


def _follow_up_success(endpoint: Endpoint) -> dict[str, Any]:
    if endpoint.statuses:
        refs = {s.name: _SCHEMAS + _schema_name(s.name) for s in endpoint.statuses}
        return {"description": "A login status / 登录状态: " + ", ".join(refs),
                "content": {_JSON: {"schema": {
                    "oneOf": [{"$ref": ref} for ref in refs.values()],
                    "discriminator": {"propertyName": "status", "mapping": refs}}}}}
    if not endpoint.response_fields:
        return {"description": "Done; the body is empty. / 成功，无响应体。"}
    return {"description": f"{endpoint.summary.en} / {endpoint.summary.zh}",
            "content": {_JSON: {"schema": {
                "type": "object", "required": [f.name for f in endpoint.response_fields],
                "properties": {f.name: {"type": f.type, "title": f.title.en,
                                        "description": _both(f.help)}
                               for f in endpoint.response_fields}}}}}


def _follow_up_operation(endpoint: Endpoint, paths: Paths) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": endpoint.operation_id, "tags": [endpoint.tag],
        "summary": f"{endpoint.summary.en} / {endpoint.summary.zh}",
        "description": _both(endpoint.description)
        + f"\n\nSource / 来源: {endpoint.source} — {endpoint.see}",
        "parameters": _header_parameters(endpoint),
        "responses": {"200": _follow_up_success(endpoint), **_error_responses(
            endpoint_codes(endpoint, paths), endpoint.method, endpoint.path, paths)},
        "x-error-order": list(endpoint.errors),
    }
    if endpoint.body:
        operation["requestBody"] = _follow_up_request(endpoint)
    if any(h.name == "Authorization" for h in endpoint.headers):
        operation["security"] = [{"appToken": []}]
    if endpoint.deprecated:
        operation["deprecated"] = True
    return operation


def _follow_up_paths(routes: Paths) -> dict[str, dict[str, Any]]:
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in FOLLOW_UPS:
        operation = (_jwks_operation(routes) if endpoint is JWKS
                     else _follow_up_operation(endpoint, routes))
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = operation
    return paths


# ------------------------------------------------------------------------------------- admin
def _operation_id(method: str, path: str) -> str:
    words = re.findall(r"[a-z]+", path.replace("{id}", "by id"))
    return method.lower() + "".join(w.title() for w in words)


_ADMIN_TOKEN = Msg(
    "On loopback the sandbox needs no token, and a generated client's plain Client calls this. "
   "A sandbox started with --admin-token answers SANDBOX.ADMIN.0005 (401) unless the call "
   "sends Authorization: Bearer TOKEN: give the client that header, e.g. "
   "Client(base_url, headers={\"Authorization\": \"Bearer TOKEN\"}).")
_EMPTY_WRITE = Msg(
    "Nothing to send, but as every admin write it needs Content-Type: application/json "
   "(SANDBOX.ADMIN.0006 otherwise): send {} or no body with that header.")


def _admin_request_body(op: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON body of an admin write. Required exactly when the server refuses an empty body
    (a schema that asks for fields); an empty body of POST /sandbox/reset or PUT /sandbox/policy
    reads as {}. A write that takes nothing still declares JSON, which every admin write needs."""
    schema = op["request_schema"]
    if schema is None:
        if op["method"] in ("GET", "HEAD"):
            return None
        return {"required": False, "description": _both(_EMPTY_WRITE),
                "content": {_JSON: {"schema": {"type": "object", "maxProperties": 0}}}}
    needed = bool(schema.get("required") or schema.get("minProperties"))
    return {"required": needed, "content": {_JSON: {"schema": schema}}}


def _admin_paths(routes: Paths) -> dict[str, dict[str, Any]]:
    paths: dict[str, dict[str, Any]] = {}
    for op in ADMIN_OPERATIONS:
        operation: dict[str, Any] = {
            "operationId": _operation_id(op["method"], op["path"]),
            "tags": ["sandbox admin"], "summary": op["summary"],
            "description": f"{op['description']}\n\n{_both(_ADMIN_TOKEN)}",
            "responses": {
                str(op["response_status"]): {"description": op["summary"], "content": {
                    _JSON: {"schema": op["response_schema"]}}},
                **_error_responses(admin_codes(op, routes), op["method"], op["path"], routes),
            },
        }
        names = re.findall(r"{(\w+)}", op["path"])
        if names:
            operation["parameters"] = [{"name": n, "in": "path", "required": True,
                                        "schema": {"type": "string", "minLength": 1}}
                                       for n in names]
        if op.get("query_parameters"):
            operation["parameters"] = [*operation.get("parameters", []),
                                       *({"in": "query", **q} for q in op["query_parameters"])]
        body = _admin_request_body(op)
        if body is not None:
            operation["requestBody"] = body
        paths.setdefault(op["path"], {})[op["method"].lower()] = operation
    return paths


# -------------------------------------------------------------------------------- the document
def _components(logins: tuple[Endpoint, ...]) -> dict[str, Any]:
    schemas: dict[str, Any] = {
        **{_request_schema_name(login): _request_schema(login) for login in logins},
        "ErrorEnvelope": {
            "title": "ErrorEnvelope", "type": "object", "required": ["error_code", "error_msg"],
            "description": "Every error of every call. / 所有接口的所有错误。",
            "properties": {
                "error_code": {
                    "type": "string", "examples": sorted(ALL_ERRORS),
                    "description": "An open set: a code this document does not list yet is a "
                    "string like any other (each response lists the codes it can carry in "
                    "x-error-codes). Known codes / 开放集合：本文档尚未列出的新代码同样是字符串"
                    "（每个响应在 x-error-codes 中列出其可能的代码）。已知代码:\n\n"
                    + "\n".join(f"- `{c}` ({e.http_status}): {e.message.en} / {e.message.zh}"
                                for c, e in sorted(ALL_ERRORS.items()))},
                "error_msg": {"type": "string", "description":
                              "English, or Chinese when X-L starts with zh. / "
                              "X-L以zh开头时为中文。"},
            },
        },
        "Jwks": {"type": "object", "required": ["keys"], "properties": {"keys": {
            "type": "array", "items": {
                "type": "object", "required": ["kty", "kid", "n", "e"],
                "properties": {k: {"type": "string"}
                               for k in ("kty", "kid", "use", "alg", "n", "e")}}}}},
    }
    for s in LOGIN_STATUSES:
        schemas[_schema_name(s.name)] = _status_schema(s)
    schemas.update(_DATA_SCHEMAS)
    return {"schemas": schemas, "securitySchemes": {"adminToken": {
        "type": "http", "scheme": "bearer",
        "description": "Only when the sandbox runs with --admin-token (always when it is bound "
                       "beyond loopback). / 仅当沙箱以 --admin-token "
                       "运行时需要（绑定非回环地址时必需）。"},
        "appToken": {
        "type": "http", "scheme": "bearer",
        "description": "The access_token of POST /api/v2/tenant/token (deprecated route). / "
                       "POST /api/v2/tenant/token 返回的access_token（已废弃路线）。"}}}


def build(server_url: str = SANDBOX_URL, logins: tuple[Endpoint, ...] = LOGINS) -> dict[str, Any]:
    """The OpenAPI 3.1 document as a dict (``json.dumps`` it to publish). ``logins``: the logins
    of the social-login family it describes (``contract.LOGINS``, the ones the sandbox serves)."""
    routes = route_methods(logins)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "IDaaS Sign in with Weibo (weibo-login-explorer)",
            "version": __version__,
            "summary": f"{WEIBO_LOGIN.summary.en} / {WEIBO_LOGIN.summary.zh}",
            "description": "POST /api/v2/sdk/login/weibo as the vendor documents it, with the "
            "sandbox's choices where the vendor is silent (codes marked `sandbox`), the vendor's "
            "examples corrected where they are broken (each correction noted), the JWKS, the "
            "follow-up calls (captcha, codes, bind, register-bind, MFA, id_token refresh, the "
            "deprecated ticket route), and the sandbox's admin API for arranging scenarios.",
        },
        "servers": [
            {"url": server_url, "description": "The sandbox (weibo-explorer sandbox)"},
            {"url": "https://{your_domain}", "description": "Your IDaaS tenant",
             "variables": {"your_domain": {"default": "your-tenant.example.com"}}},
        ],
        "tags": [
            {"name": "login", "description": _both(WEIBO_LOGIN.description)},
            {"name": "keys", "description": "id_token verification keys"},
            *({"name": tag, "description": "Follow-up calls (the vendor's pages). / 后续调用。"}
              for tag in dict.fromkeys(e.tag for e in FOLLOW_UPS if e.tag != "keys")),
            {"name": "sandbox admin", "description": "Arrange sandbox state; not part of a real "
             "tenant's API."},
        ],
        "paths": {
            **{login.path: {login.method.lower(): _login_operation(login, routes)}
               for login in logins},
            **_follow_up_paths(routes),
            **_admin_paths(routes),
        },
        "components": _components(logins),
    }


__all__ = ["SANDBOX_URL", "build", "route_methods"]
