"""The OpenAPI 3.1 document, generated from the contract, the errata and the admin API's data.

Nothing here is typed twice: headers, body fields, statuses and error codes come from
``explorer.contract``; the vendor's examples (corrected, each correction noted) from
``explorer.errata``; the sandbox's admin routes from ``explorer.sandbox.admin_schema``. English and
Chinese sit side by side in every description.
"""

from __future__ import annotations

import re
from typing import Any

from . import __version__, errata
from .contract import ERRORS, FOLLOW_UPS, JWKS, WEIBO_LOGIN, Endpoint, Status, Text
from .sandbox.admin_schema import ADMIN_OPERATIONS, POLICY_FIELDS, SANDBOX_ERRORS

SANDBOX_URL = "http://127.0.0.1:8600"
_SCHEMAS = "#/components/schemas/"
_JSON = "application/json"


def _both(text: Text) -> str:
    return f"{text.en}\n\n{text.zh}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _SCHEMAS + name}


def _schema_name(status: str) -> str:
    return "Login" + "".join(part.title() for part in status.split("_"))


# ------------------------------------------------------------------------------------- login
def _header_parameters(endpoint: Endpoint = WEIBO_LOGIN) -> list[dict[str, Any]]:
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


def _request_body() -> dict[str, Any]:
    return {
        "required": True,
        "description": _both(WEIBO_LOGIN.header("content-type").help),
        "content": {_JSON: {"schema": _ref("LoginRequest"),
                            "examples": {"seed": _example(errata.REQUEST)}}},
    }


def _data_schema(status: Status) -> dict[str, Any]:
    field = next(f for f in WEIBO_LOGIN.response_fields if f.name == "data")
    schema: dict[str, Any] = {"type": "string", "description": _both(field.help)}
    if status.data == "flows":
        items = POLICY_FIELDS["verify_methods"]["items"]
        schema.update(contentMediaType=_JSON, contentSchema={
            "type": "object", "required": ["socialBindOrRegisterFlow"],
            "properties": {"socialBindOrRegisterFlow": {"type": "array", "items": items}}})
    elif status.data == "factors":
        schema.update(contentMediaType=_JSON, contentSchema={
            "type": "array", "items": POLICY_FIELDS["mfa_methods"]["items"]})
    else:
        schema["description"] += "\n\nPlain text (follows X-L). / 纯文本（随X-L变化）。"
    return schema


def _status_schema(status: Status) -> dict[str, Any]:
    fields = {f.name: f for f in WEIBO_LOGIN.response_fields}
    properties: dict[str, Any] = {"status": {
        "type": "string", "enum": [status.name],
        "description": f"{status.meaning.en} / {status.meaning.zh}"}}
    for name in status.fields:
        f = fields[name]
        properties[name] = (_data_schema(status) if name == "data" else
                            {"type": f.type, "title": f.title.en, "description": _both(f.help)})
    return {
        "type": "object", "title": status.name, "required": ["status", *status.fields],
        "properties": properties,
        "description": f"{_both(status.meaning)}\n\nNext / 下一步: {_both(status.next_step)}",
    }


def _example(item: errata.SeedExample) -> dict[str, Any]:
    notes = [f"- {'fixed' if c.fixed else 'noted'}: {c.subject}: the page shows {c.seed}; "
             f"here: {c.corrected}. {c.reason}" for c in item.corrections]
    description = "From the vendor's page."
    if notes:
        description += " Corrections:\n\n" + "\n".join(notes)
    return {"summary": item.caption, "description": description, "value": item.body}


def _error_description(code: str) -> str:
    e = ERRORS[code]
    text = (f"`{code}` ({e.source}): {e.message.en} / {e.message.zh}. "
            f"Action: {e.action.en} / {e.action.zh}")
    return text + (f" Why this code: {e.reason}" if e.reason else "")


def _error_responses(endpoint: Endpoint = WEIBO_LOGIN) -> dict[str, Any]:
    by_status: dict[int, list[str]] = {}
    for code in endpoint.errors:
        by_status.setdefault(ERRORS[code].http_status, []).append(code)
    seed_error = errata.example("error")
    responses = {}
    for http_status, codes in sorted(by_status.items()):
        examples: dict[str, Any] = {}
        if endpoint is WEIBO_LOGIN and seed_error.status_code == http_status:
            examples["seed_error"] = _example(seed_error)
        for code in codes:
            e = ERRORS[code]
            for lang, msg in (("en", e.message.en), ("zh", e.message.zh)):
                examples[f"{code}.{lang}"] = {
                    "summary": f"{code} ({'X-L: zh' if lang == 'zh' else 'English'})",
                    "value": {"error_code": code, "error_msg": msg}}
        responses[str(http_status)] = {
            "description": "Error / 错误 — checked in this order / 按此顺序检查:\n\n"
            + "\n".join(f"- {_error_description(c)}" for c in codes),
            "content": {_JSON: {
                "schema": {"allOf": [_ref("ErrorEnvelope"),
                                     {"properties": {"error_code": {"enum": codes}}}]},
                "examples": examples}},
        }
    return responses


def _login_operation() -> dict[str, Any]:
    statuses = {s.name: _SCHEMAS + _schema_name(s.name) for s in WEIBO_LOGIN.statuses}
    examples = {x.name: _example(x) for x in errata.EXAMPLES if x.status_code == 200}
    return {
        "operationId": "loginWeibo", "tags": ["login"],
        "summary": f"{WEIBO_LOGIN.summary.en} / {WEIBO_LOGIN.summary.zh}",
        "description": _both(WEIBO_LOGIN.description),
        "parameters": _header_parameters(),
        "requestBody": _request_body(),
        "responses": {
            "200": {"description": "A login status / 登录状态: "
                    + ", ".join(s.name for s in WEIBO_LOGIN.statuses),
                    "content": {_JSON: {"schema": {
                        "oneOf": [{"$ref": ref} for ref in statuses.values()],
                        "discriminator": {"propertyName": "status", "mapping": statuses}},
                        "examples": examples}}},
            **_error_responses(),
        },
        "x-error-order": list(WEIBO_LOGIN.errors),
    }


def _jwks_operation() -> dict[str, Any]:
    return {
        "operationId": "getJwks", "tags": ["keys"],
        "summary": "The tenant's id_token signing keys / 租户id_token签名公钥 (JWKS)",
        "description": "Verify a SUCCESS id_token (RS256) with the key whose kid matches its "
                       "header.\n\n用header中kid对应的公钥验证SUCCESS返回的id_token（RS256）。",
        "responses": {"200": {"description": "JWKS", "content": {_JSON: {"schema": _ref("Jwks")}}}},
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


def _follow_up_operation(endpoint: Endpoint) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": endpoint.operation_id, "tags": [endpoint.tag],
        "summary": f"{endpoint.summary.en} / {endpoint.summary.zh}",
        "description": _both(endpoint.description)
        + f"\n\nSource / 来源: {endpoint.source} — {endpoint.see}",
        "parameters": _header_parameters(endpoint),
        "responses": {"200": _follow_up_success(endpoint), **_error_responses(endpoint)},
        "x-error-order": list(endpoint.errors),
    }
    if endpoint.body:
        operation["requestBody"] = _follow_up_request(endpoint)
    if any(h.name == "Authorization" for h in endpoint.headers):
        operation["security"] = [{"appToken": []}]
    if endpoint.deprecated:
        operation["deprecated"] = True
    return operation


def _follow_up_paths() -> dict[str, dict[str, Any]]:
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in FOLLOW_UPS:
        operation = _jwks_operation() if endpoint is JWKS else _follow_up_operation(endpoint)
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = operation
    return paths


# ------------------------------------------------------------------------------------- admin
def _operation_id(method: str, path: str) -> str:
    words = re.findall(r"[a-z]+", path.replace("{id}", "by id"))
    return method.lower() + "".join(w.title() for w in words)


def _admin_paths() -> dict[str, dict[str, Any]]:
    paths: dict[str, dict[str, Any]] = {}
    errors = "\n".join(f"- `{e.code}` ({e.http_status}): {e.message.en} / {e.message.zh}"
                       for e in SANDBOX_ERRORS.values())
    for op in ADMIN_OPERATIONS:
        operation: dict[str, Any] = {
            "operationId": _operation_id(op["method"], op["path"]),
            "tags": ["sandbox admin"], "summary": op["summary"], "description": op["description"],
            "security": [{}, {"adminToken": []}],
            "responses": {
                str(op["response_status"]): {"description": op["summary"], "content": {
                    _JSON: {"schema": op["response_schema"]}}},
                "4XX": {"description": "Admin error / 管理接口错误:\n\n" + errors,
                        "content": {_JSON: {"schema": _ref("ErrorEnvelope")}}},
            },
        }
        names = re.findall(r"{(\w+)}", op["path"])
        if names:
            operation["parameters"] = [{"name": n, "in": "path", "required": True,
                                        "schema": {"type": "string"}} for n in names]
        if op.get("query_parameters"):
            operation["parameters"] = [*operation.get("parameters", []),
                                       *({"in": "query", **q} for q in op["query_parameters"])]
        if op["request_schema"] is not None:
            # Required exactly when the server refuses an empty body: a schema that asks for
            # fields. An empty body of POST /sandbox/reset or PUT /sandbox/policy reads as {}.
            schema = op["request_schema"]
            needed = bool(schema.get("required") or schema.get("minProperties"))
            operation["requestBody"] = {"required": needed,
                                        "content": {_JSON: {"schema": op["request_schema"]}}}
        paths.setdefault(op["path"], {})[op["method"].lower()] = operation
    return paths


# -------------------------------------------------------------------------------- the document
def _components() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "LoginRequest": {
            "type": "object", "required": [f.name for f in WEIBO_LOGIN.body if f.required],
            "properties": {f.name: {"type": "string", "minLength": 1, "pattern": r"\S",
                                    "title": f.title.en,
                                    "description": f"{_both(f.help)}\n\nError: `{f.error_code}`",
                                    "example": f.example} for f in WEIBO_LOGIN.body},
        },
        "ErrorEnvelope": {
            "type": "object", "required": ["error_code", "error_msg"],
            "properties": {
                "error_code": {"type": "string",
                               "examples": sorted({*ERRORS, *SANDBOX_ERRORS})},
                "error_msg": {"type": "string", "description":
                              "English, or Chinese when X-L starts with zh. / X-L以zh开头时为中文。"},
            },
        },
        "Jwks": {"type": "object", "required": ["keys"], "properties": {"keys": {
            "type": "array", "items": {
                "type": "object", "required": ["kty", "kid", "n", "e"],
                "properties": {k: {"type": "string"}
                               for k in ("kty", "kid", "use", "alg", "n", "e")}}}}},
    }
    for s in WEIBO_LOGIN.statuses:
        schemas[_schema_name(s.name)] = _status_schema(s)
    return {"schemas": schemas, "securitySchemes": {"adminToken": {
        "type": "http", "scheme": "bearer",
        "description": "Only when the sandbox runs with --admin-token (always when it is bound "
                       "beyond loopback). / 仅当沙箱以 --admin-token 运行时需要（绑定非回环地址时必需）。"},
        "appToken": {
        "type": "http", "scheme": "bearer",
        "description": "The access_token of POST /api/v2/tenant/token (deprecated route). / "
                       "POST /api/v2/tenant/token 返回的access_token（已废弃路线）。"}}}


def build(server_url: str = SANDBOX_URL) -> dict[str, Any]:
    """The OpenAPI 3.1 document as a dict (``json.dumps`` it to publish)."""
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
            WEIBO_LOGIN.path: {WEIBO_LOGIN.method.lower(): _login_operation()},
            **_follow_up_paths(),
            **_admin_paths(),
        },
        "components": _components(),
    }
