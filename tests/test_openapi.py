"""The OpenAPI document: valid 3.1, and everything the contract holds appears in it."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from explorer import errata
from explorer.cli import main
from explorer.contract import (
    ENDPOINTS,
    ERRORS,
    FOLLOW_UPS,
    JWKS,
    JWKS_PATH,
    LOGIN_PATH,
    STATUSES,
    WEIBO_LOGIN,
)
from explorer.openapi import build, route_methods
from explorer.openapi.answers import BUG, NO_ROUTE, TOO_LARGE, WRONG_METHOD
from explorer.sandbox._middleware import BAD_HOST, FOREIGN_ORIGIN, NO_TOKEN, REPEATED
from explorer.sandbox.admin_schema import ADMIN_OPERATIONS, SANDBOX_ERRORS
from explorer.sandbox.flow_rules import ALL_ERRORS


@pytest.fixture(scope="module")
def doc():
    return build()


def _resolve(doc, schema):
    ref = schema.get("$ref")
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def test_the_document_validates_as_openapi_3_1(doc):
    validate(doc)
    assert doc["openapi"] == "3.1.0"


def test_every_header_status_and_error_of_the_contract_appears(doc):
    op = doc["paths"][LOGIN_PATH]["post"]
    params = {p["name"]: p for p in op["parameters"]}
    for h in WEIBO_LOGIN.headers:
        if h.name.lower() == "content-type":
            assert list(op["requestBody"]["content"]) == [h.example]
        else:
            assert params[h.name]["required"] is h.required
            assert params[h.name]["example"] == h.example
            assert h.help.zh in params[h.name]["description"]
    mapping = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(mapping["discriminator"]["mapping"]) == set(STATUSES)
    for code in WEIBO_LOGIN.errors:
        e = ERRORS[code]
        response = op["responses"][str(e.http_status)]
        content = response["content"]["application/json"]
        assert code in response["x-error-codes"]
        assert content["schema"] == {"$ref": "#/components/schemas/ErrorEnvelope"}
        assert e.message.en in response["description"] and e.message.zh in response["description"]
        assert content["examples"][f"{code}.zh"]["value"]["error_msg"] == e.message.zh
    assert op["x-error-order"] == list(WEIBO_LOGIN.errors)
    assert {LOGIN_PATH, JWKS_PATH} <= set(doc["paths"])


def test_seed_examples_are_corrected_noted_and_valid_against_their_schemas(doc):
    op = doc["paths"][LOGIN_PATH]["post"]
    examples = op["responses"]["200"]["content"]["application/json"]["examples"]
    assert set(examples) == {x.name for x in errata.EXAMPLES if x.status_code == 200}
    schemas = doc["components"]["schemas"]
    for name, example in examples.items():
        status = example["value"]["status"]
        schema = _resolve(doc, {"$ref": op["responses"]["200"]["content"]["application/json"][
            "schema"]["discriminator"]["mapping"][status]})
        Draft202012Validator(schema).validate(example["value"])
        for correction in errata.example(name).corrections:
            assert correction.reason("en") in example["description"]
    assert "comma" in examples["success"]["description"]
    raw_bind = json.loads(errata.example("social_bind").raw_body)
    assert not Draft202012Validator(schemas["LoginSocialBind"]).is_valid(raw_bind)
    seed_error = op["responses"]["400"]["content"]["application/json"]["examples"]["seed_error"]
    assert seed_error["value"] == errata.example("error").body


@pytest.mark.parametrize("endpoint", [e for e in FOLLOW_UPS if e is not JWKS],
                         ids=lambda e: e.operation_id)
def test_every_follow_up_call_of_the_contract_appears_with_its_headers_body_and_codes(
        doc, endpoint):
    op = doc["paths"][endpoint.path][endpoint.method.lower()]
    assert op["operationId"] == endpoint.operation_id
    assert op.get("deprecated", False) is endpoint.deprecated
    params = {p["name"]: p for p in op.get("parameters", [])}
    for h in endpoint.headers:
        if h.name == "Authorization":
            assert op["security"] == [{"appToken": []}]
        elif h.name != "content-type":
            assert params[h.name]["required"] is h.required and h.help.zh in params[h.name][
                "description"]
    if endpoint.body:
        (media, content), = op["requestBody"]["content"].items()
        assert media == endpoint.content_type
        assert set(content["schema"]["properties"]) == {f.name for f in endpoint.body}
    else:
        assert "requestBody" not in op
    assert op["x-error-order"] == list(endpoint.errors)
    for code in endpoint.errors:
        response = op["responses"][str(ERRORS[code].http_status)]
        assert code in response["x-error-codes"]
    success = op["responses"]["200"]
    if endpoint.statuses:
        mapping = success["content"]["application/json"]["schema"]["discriminator"]["mapping"]
        assert set(mapping) == {s.name for s in endpoint.statuses}
    elif endpoint.response_fields:
        schema = success["content"]["application/json"]["schema"]
        assert set(schema["required"]) == {f.name for f in endpoint.response_fields}
    else:
        assert "content" not in success


def test_the_document_holds_every_endpoint_of_the_contract(doc):
    assert {(e.method.lower(), e.path) for e in ENDPOINTS} <= {
        (method, path) for path, item in doc["paths"].items() for method in item}
    one_of = doc["paths"]["/api/v2/sdk/social/bind"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    validator = Draft202012Validator(one_of)
    assert validator.is_valid({"mobile": "1", "verify_code": "1"})
    assert not validator.is_valid({"mobile": "1", "email": "a@b", "verify_code": "1"})


def test_the_admin_api_is_in_the_document(doc):
    for operation in ADMIN_OPERATIONS:
        op = doc["paths"][operation["path"]][operation["method"].lower()]
        assert str(operation["response_status"]) in op["responses"]
        writes = operation["method"] not in ("GET", "HEAD")
        assert ("requestBody" in op) == (operation["request_schema"] is not None or writes)
        if writes:  # every admin write needs application/json, even one that takes nothing
            assert list(op["requestBody"]["content"]) == ["application/json"]


def test_the_cli_prints_the_same_document(capsys, doc):
    assert main(["openapi"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(doc))


def _operations(doc):
    return [(method.upper(), path, op) for path, item in doc["paths"].items()
            for method, op in item.items()]


def _answered(op):
    """``{code: HTTP status}`` of every error response of an operation."""
    return {code: int(status) for status, response in op["responses"].items()
            for code in response.get("x-error-codes", [])}


def test_every_error_response_is_the_one_shared_envelope_with_an_open_error_code(doc):
    envelope = doc["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["properties"]["error_code"]["type"] == "string"
    assert "enum" not in json.dumps(envelope) and "const" not in json.dumps(envelope)
    for code in ALL_ERRORS:
        assert f"`{code}`" in envelope["properties"]["error_code"]["description"]
    for method, path, op in _operations(doc):
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorEnvelope"}, (method, path, status)
                assert response["x-error-codes"], (method, path, status)


def test_every_operation_lists_the_front_door_and_each_code_under_its_own_status(doc):
    for method, path, op in _operations(doc):
        answered = _answered(op)
        assert {c: ALL_ERRORS[c].http_status for c in answered} == answered, (method, path)
        assert {BAD_HOST, REPEATED, TOO_LARGE, BUG} <= set(answered), (method, path)
        admin = path.startswith("/sandbox/")
        assert ({FOREIGN_ORIGIN, NO_TOKEN} <= set(answered)) is admin, (method, path)
        assert (NO_ROUTE in answered) is ("{" in path), (method, path)
        if admin:
            writes = method != "GET"
            assert ("SANDBOX.ADMIN.0006" in answered) is writes, (method, path)
            assert ("SANDBOX.ADMIN.0002" in answered) is ("{" in path), (method, path)
    users = doc["paths"]["/sandbox/users/{id}"]
    for method in ("get", "patch"):  # id "u/social" reaches POST /sandbox/users/{id}/social
        response = users[method]["responses"]["405"]
        assert response["x-error-codes"] == [WRONG_METHOD]
        assert response["headers"]["Allow"]["example"] == "POST"
    assert "405" not in doc["paths"]["/sandbox/users/{id}/social"]["post"]["responses"]


def test_a_new_sandbox_code_is_listed_without_touching_the_generator(doc, monkeypatch):
    from explorer.contract import ErrorCode, Text

    new = ErrorCode("SANDBOX.HTTP.0429", 429, Text("Slow down", "请放慢"),
                    Text("Wait.", "请稍候。"), "sandbox")
    monkeypatch.setitem(SANDBOX_ERRORS, new.code, new)
    monkeypatch.setitem(ALL_ERRORS, new.code, new)
    for method, path, op in _operations(build()):
        assert op["responses"]["429"]["x-error-codes"] == [new.code], (method, path)


def test_the_document_s_paths_take_the_methods_the_sandbox_s_routes_take():
    from starlette.routing import Route

    from explorer.sandbox import SandboxConfig, create_app

    app = create_app(SandboxConfig())
    served = {r.path: set(r.methods or ()) - {"HEAD"} for r in app.routes if isinstance(r, Route)}
    for path, methods in route_methods().items():
        assert served[path] == set(methods), path


def test_generators_get_readable_names_and_typed_data(doc):
    schemas = doc["components"]["schemas"]
    for name, schema in schemas.items():
        assert schema.get("title", name) == name
    assert {"LoginSuccess", "LoginUserRegister", "LoginMfaAuth", "ErrorEnvelope"} <= set(schemas)
    register = schemas["LoginUserRegister"]["properties"]["data"]
    assert register["contentSchema"] == {"$ref": "#/components/schemas/SocialFlows"}
    flows = json.loads(errata.example("user_register").body["data"])
    in_document = {**schemas["SocialFlows"], "components": doc["components"]}  # resolves its $refs
    Draft202012Validator(in_document).validate(flows)
    assert not Draft202012Validator(in_document).is_valid({"socialBindOrRegisterFlow": ["X"]})
    factors = schemas["LoginMfaAuth"]["properties"]["data"]["contentSchema"]
    assert factors["items"] == {"$ref": "#/components/schemas/MfaFactor"}


def test_the_admin_api_needs_no_security_on_loopback(doc):
    for method, path, op in _operations(doc):
        if path.startswith("/sandbox/"):
            assert "security" not in op, (method, path)
            assert "Authorization: Bearer TOKEN" in op["description"]
    assert "security" not in doc
