"""The OpenAPI document: valid 3.1, and everything the contract holds appears in it."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from explorer import errata
from explorer.cli import main
from explorer.contract import (ENDPOINTS, ERRORS, FOLLOW_UPS, JWKS, JWKS_PATH, LOGIN_PATH, STATUSES,
                               WEIBO_LOGIN)
from explorer.openapi import build
from explorer.sandbox.admin_schema import ADMIN_OPERATIONS


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
        assert code in content["schema"]["allOf"][1]["properties"]["error_code"]["enum"]
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
            assert correction.reason in example["description"]
    assert "comma" in examples["success"]["description"]
    raw_bind = json.loads(errata.example("social_bind").raw_body)
    assert not Draft202012Validator(schemas["LoginSocialBind"]).is_valid(raw_bind)
    seed_error = op["responses"]["400"]["content"]["application/json"]["examples"]["seed_error"]
    assert seed_error["value"] == errata.example("error").body


@pytest.mark.parametrize("endpoint", [e for e in FOLLOW_UPS if e is not JWKS],
                         ids=lambda e: e.operation_id)
def test_every_follow_up_call_of_the_contract_appears_with_its_headers_body_and_codes(doc, endpoint):
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
        assert code in response["content"]["application/json"]["schema"]["allOf"][1][
            "properties"]["error_code"]["enum"]
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
        assert ("requestBody" in op) == (operation["request_schema"] is not None)


def test_the_cli_prints_the_same_document(capsys, doc):
    assert main(["openapi"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(doc))
