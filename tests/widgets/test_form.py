"""``LoginForm`` driven headlessly through its public surface against one real sandbox."""

from __future__ import annotations

import re
import socket
import subprocess
import sys

import pytest

from explorer.client import CallFailed, IdaasError, Success
from explorer.contract import WEIBO_LOGIN
from explorer.sandbox.seed import FIXTURES
from explorer.widgets import LoginForm

PRESETS = [f["name"] for f in FIXTURES]


def badge(outcome: str) -> re.Pattern[str]:
    return re.compile(r'class="wle-badge wle-\w+">' + re.escape(outcome) + "</span>")


@pytest.fixture(scope="module")
def form(sandbox):
    return LoginForm(base_url=sandbox.base_url)


def test_offers_the_sandbox_fixtures_as_presets(form):
    assert form.is_sandbox
    offered = [value for _, value in form.preset.options]
    assert offered == [None, *PRESETS]


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_gives_its_outcome_and_shows_it(form, name):
    fixture = next(f for f in FIXTURES if f["name"] == name)
    result = form.fill(preset=name).submit()
    assert result.status == fixture["outcome"]
    assert badge(fixture["outcome"]).search(form.output_html)
    assert form.history[-1] is result
    arranged = form.arranged.value
    assert "/sandbox/reset" in arranged
    assert all(step["path"] in arranged for step in fixture["arrange"])
    if isinstance(result, Success):
        assert result.id_token_check.verdict == "VERIFIED"
    if isinstance(result, IdaasError):
        assert result.http_status == result.spec.http_status


PARAMETER_ERRORS = {
    "blank X-agent": ({"X-agent": ""}, "IDAAS.SDK.PARAM.0001", "X-agent"),
    "no X-device-fingerprint": ({"X-device-fingerprint": None}, "IDAAS.SDK.PARAM.0001",
                                "X-device-fingerprint"),
    "malformed X-device-ip": ({"X-device-ip": "192.168.1"}, "IDAAS.SDK.PARAM.0001", "X-device-ip"),
    "no client id": ({"X-client-id": None}, "IDAAS.SDK.PARAM.0002", "X-client-id"),
    "blank client id": ({"x-client-id": "   "}, "IDAAS.SDK.PARAM.0002", "X-client-id"),
    "wrong content-type": ({"content-type": "text/plain"}, "SANDBOX.BODY.0005", "content-type"),
    "blank access_token": ({"access_token": ""}, "IDAAS.SDK.PARAM.0026", "access_token"),
    "no access_token": ({"access_token": None}, "IDAAS.SDK.PARAM.0026", "access_token"),
    "blank uid": ({"uid": "  "}, "IDAAS.SDK.PARAM.0027", "uid"),
    "numeric uid": ({"uid": 1404376560}, "SANDBOX.BODY.0003", "uid"),
    "raw body not JSON": ({"raw_body": "{access_token"}, "SANDBOX.BODY.0001", "body"),
    "raw body a list": ({"raw_body": "[]"}, "SANDBOX.BODY.0002", "body"),
}


@pytest.mark.parametrize("case", list(PARAMETER_ERRORS))
def test_predicted_error_is_shown_before_sending_and_is_the_answer(form, case):
    changes, code, field = PARAMETER_ERRORS[case]
    form.fill(preset="success")
    form.preset.value = None  # keep the fields, send no admin calls
    assert form.prediction is None
    form.fill(**changes)
    assert form.prediction == code
    assert code in form.predict.value and field in form.predict.value
    faulty = [name for name, row in {**form.headers, **form.body}.items()
              if "wle-form-fault" in row.box._dom_classes]
    assert faulty == ([] if field == "body" else [field])
    result = form.submit()
    assert result.status == code
    assert badge(code).search(form.output_html)


def test_prediction_sentence_follows_the_language(form):
    form.fill(preset="success", **{"X-agent": ""})
    assert form.predicted.sentence() == ("X-agent is empty: the server will answer "
                                         "IDAAS.SDK.PARAM.0001")
    form.language.value = "zh"
    try:
        assert "X-agent 为空" in form.predict.value
    finally:
        form.language.value = "en"


def test_history_grows_and_picking_an_entry_shows_it_again(form):
    before = len(form.history)
    first = form.fill(preset="success").submit()
    second = form.fill(preset="param-0002").submit()
    assert form.history[-2:] == [first, second] and len(form.history) == before + 2
    assert form.history_view.select.options[0][0].endswith("· 400 · IDAAS.SDK.PARAM.0002")
    assert form.tabs.titles[3] == f"History ({before + 2})"
    assert form.history_view.pick(-2) is first
    assert badge("SUCCESS").search(form.output_html)


def test_snippets_reflect_the_fields(form):
    form.fill(preset="success", uid="42", **{"X-agent": "TestAgent/1.0", "X-device-ip": None})
    assert "-H 'X-agent: TestAgent/1.0'" in form.curl
    assert '"uid":"42"' in form.curl
    assert "X-device-ip" not in form.curl
    assert '"X-agent": "TestAgent/1.0",' in form.python
    assert "'uid': '42'" in form.python
    assert form.curl_area.value == form.curl and form.python_area.value == form.python
    form.fill(uid=7)
    assert '"uid":7' in form.curl and "'uid': 7" in form.python
    ran = subprocess.run([sys.executable, "-c", form.python], capture_output=True, text=True,
                         timeout=30, check=True)
    assert ran.stdout.startswith("400 ") and "SANDBOX.BODY.0003" in ran.stdout


def test_language_toggle_switches_labels_and_rendering(form):
    form.fill(preset="success").submit()
    form.language.value = "zh"
    try:
        label = form.headers["X-agent"].label.value
        assert WEIBO_LOGIN.header("X-agent").title.zh in label
        assert form.send.description == "发送"
        assert form.tabs.titles[0] == "响应"
        assert WEIBO_LOGIN.status("SUCCESS").meaning.zh in form.output_html
    finally:
        form.language.value = "en"
    assert WEIBO_LOGIN.header("X-agent").title.en in form.headers["X-agent"].label.value
    assert WEIBO_LOGIN.status("SUCCESS").meaning.en in form.output_html


def test_language_defaults_to_the_x_l_header(sandbox):
    chinese = LoginForm(sandbox.base_url, language="zh-CN")
    assert chinese.language.value == "zh" and chinese.headers["X-L"].get() == "zh-CN"
    assert LoginForm(sandbox.base_url).language.value == "en"


def test_form_displays_as_its_root_widget(form):
    bundle = form._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == form.widget.model_id


def test_fill_refuses_unknown_fields_and_presets(form):
    with pytest.raises(TypeError, match="X-agnet"):
        form.fill(**{"X-agnet": "typo"})
    with pytest.raises(KeyError, match="no preset 'nope'"):
        form.fill(preset="nope")


def test_a_target_that_is_not_a_sandbox_has_no_presets_and_reports_transport_errors():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    form = LoginForm(f"http://127.0.0.1:{port}", client_id="any")
    assert not form.is_sandbox and form.preset.disabled
    assert form.prediction is None
    result = form.submit()
    assert isinstance(result, CallFailed)
    assert form.history == [result]
    assert "ConnectError" in form.output_html
    assert "Nothing is listening at" in form.output_html  # the cause, and the command that fixes it
    assert "weibo-explorer sandbox" in form.output_html


def test_opening_a_form_on_a_plain_http_target_builds_no_tls_context(sandbox, tls_contexts):
    """Snippets and presets need no client: certificates load only when a call could use them."""
    fresh = LoginForm(base_url=sandbox.base_url)
    assert fresh.curl and fresh.python and fresh.preset.options
    assert tls_contexts == []
    fresh.fill(preset=PRESETS[0]).submit()  # a real call may build its client now


def test_placeholders_read_as_hints_in_the_form_language(form):
    row = form.headers["X-agent"]
    assert row.text.placeholder.startswith("e.g. ")
    form.language.value = "zh"
    try:
        assert row.text.placeholder.startswith("例如 ")
    finally:
        form.language.value = "en"


def test_the_snapshot_never_breaks_a_name_or_a_kind_inside_a_word(form):
    html = form.snapshot_html()
    assert "td:nth-child(-n+2){white-space:nowrap}" in html
    assert "td{padding:1px 8px 1px 0;vertical-align:top}" in html  # values alone may wrap
