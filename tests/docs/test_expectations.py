"""explorer.expectations: the assertion the notebooks end with, and the record the docs build
reads."""

from __future__ import annotations

import json

import pytest

from explorer.expectations import MIME_TYPE, check, expect, records
from explorer.results import Exchange, IdaasError, SocialBind

EXCHANGE = Exchange(
    method="POST",
    url="http://127.0.0.1:18600/api/v2/sdk/login/weibo",
    request_headers=(("X-client-id", "app"), ("content-type", "application/json")),
    request_body='{"access_token": "t", "uid": "1"}',
    status_code=400,
    response_headers=(("content-type", "application/json"),),
    response_body='{"error_code": "IDAAS.SDK.USER.0001", "error_msg": "User not found"}',
)
NOT_FOUND = IdaasError("IDAAS.SDK.USER.0001", "User not found", 400, EXCHANGE)


def test_holding_outcome_gives_the_record_the_build_reads():
    bundle = check(NOT_FOUND, "IDAAS.SDK.USER.0001")._repr_mimebundle_()
    record = bundle[MIME_TYPE]
    assert record["outcome"] == "IDAAS.SDK.USER.0001" and record["ok"] is True
    assert record["exchange"] == {
        "method": "POST",
        "url": EXCHANGE.url,
        "request_headers": {"X-client-id": "app", "content-type": "application/json"},
        "request_body": EXCHANGE.request_body,
        "status_code": 400,
        "response_body": EXCHANGE.response_body,
    }
    assert "<script" not in bundle["text/html"] and "IDAAS.SDK.USER.0001" in bundle["text/html"]
    json.dumps(record)  # what nbformat stores must be plain JSON
    assert records([{"output_type": "display_data", "data": bundle}]) == [record]


def test_other_outcome_fails_saying_what_came_back():
    with pytest.raises(AssertionError,
                       match=r"expected SUCCESS, got IDAAS.SDK.USER.0001 \(User not found\)"):
        expect(NOT_FOUND, "SUCCESS")


def test_status_is_read_trimmed_like_the_seed_example_3():
    result = SocialBind(status=" SOCIAL_BIND", exchange=EXCHANGE)
    assert check(result, "SOCIAL_BIND").outcome == "SOCIAL_BIND"


def test_unknown_outcome_is_a_typo_not_a_pass():
    with pytest.raises(ValueError, match="unknown outcome 'SUCESS'"):
        expect(NOT_FOUND, "SUCESS")


def test_only_results_of_the_client_are_accepted():
    with pytest.raises(TypeError, match="not dict"):
        expect({"status": "SUCCESS"}, "SUCCESS")


@pytest.mark.parametrize("first, then", [
    ("from explorer.expectations import check", "from explorer import expect"),
    ("from explorer import expect", "from explorer.expectations import check"),
    ("import explorer.rendering", "from explorer import render"),
])
def test_public_functions_stay_functions_whichever_import_comes_first(first, then):
    """``from explorer import expect`` (or ``render``) gives the function, not a module."""
    import subprocess
    import sys

    name = then.split()[-1] if "explorer import" in then else first.split()[-1]
    code = (f"{first}\n{then}\nimport types\n"
            f"assert callable({name}) and not isinstance({name}, types.ModuleType), {name}")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
