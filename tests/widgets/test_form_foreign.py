"""``LoginForm`` against a real-looking tenant (the foreign stand-in, named ``tenant.test``):
it says where real data goes before the first call, keeps secrets out of widget state and
outputs, and a notebook saved after a real-target call holds none of them."""

from __future__ import annotations

import json
import os
import warnings

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook
from standins import foreign_tenant

from explorer.client import ForeignTargetWarning, Success
from explorer.publish_gate import scan_paths
from explorer.sandbox.seed import CLIENT_ID
from explorer.widgets import LoginForm
from explorer.widgets.safety import MASK


@pytest.fixture(scope="module")
def tenant():
    with foreign_tenant() as stand_in:
        yield stand_in


@pytest.fixture(scope="module")
def account(tenant):
    """A real-looking login: random values in no fixture, no example."""
    return tenant.new_account()


def _widget_values(form: LoginForm) -> str:
    """Every synced value of the form's widget tree, as the notebook would save it."""
    seen, out, stack = set(), [], [form.widget]
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        state = widget.get_state()
        out.append(json.dumps(state, default=str, ensure_ascii=False))
        stack.extend(getattr(widget, "children", ()) or ())
    return "\n".join(out)


def test_the_form_says_where_real_data_goes_before_the_first_call(tenant, sandbox):
    form = LoginForm(tenant.base_url, CLIENT_ID, transport=tenant.transport)
    assert not form.history
    assert "Real data will be sent to tenant.test" in form.guard.note.value
    assert form.fixtures == []  # nothing was asked of the tenant yet
    local = LoginForm(sandbox.base_url)
    assert local.guard.note.value == ""


def test_secrets_stay_in_the_kernel_and_outputs_are_redacted(tenant, account):
    TOKEN, UID = account
    form = LoginForm(tenant.base_url, CLIENT_ID, transport=tenant.transport)
    form.fill(access_token=TOKEN, uid=UID)
    assert TOKEN not in form.curl_area.value  # the snippet is redacted before any call
    with pytest.warns(UserWarning, match="tenant.test"):
        result = form.submit()
    assert isinstance(result, Success), result
    assert form.body["access_token"].get() == MASK and form.body["uid"].get() == MASK
    saved = _widget_values(form) + form.guard.shown(form.snapshot_html())
    for secret in (TOKEN, UID, result.session_token, result.id_token.rsplit(".", 1)[1]):
        assert secret not in saved
    assert "redacted-session_token-1" in form.response.value
    again = form.submit()  # the kept values are sent while the widgets show the mask
    assert isinstance(again, Success)


def test_a_notebook_saved_after_a_real_target_call_holds_no_secret(tenant, account, tmp_path):
    TOKEN, UID = account
    address = tenant.admin_url.split("//", 1)[1]
    leak = tmp_path / "seen.json"
    cells = [
        "import json, os\nfrom pathlib import Path\nfrom explorer.widgets import LoginForm\n"
        "from explorer.client.resolve import ResolvingTransport",
        f"form = LoginForm('http://tenant.test', {CLIENT_ID!r}, transport=ResolvingTransport("
        f"{{'tenant.test': {address!r}}}))\n"
        "form.fill(access_token=os.environ['T_TOKEN'], uid=os.environ['T_UID'])\n"
        "result = form.submit()\n"
        "Path(os.environ['T_SEEN']).write_text(json.dumps([result.session_token, "
        "result.id_token]))",
        "form",
    ]
    nb = new_notebook(cells=[new_code_cell(c) for c in cells],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    env = {"T_TOKEN": TOKEN, "T_UID": UID, "T_SEEN": str(leak),
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    saved_env = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    path = tmp_path / "real-target.ipynb"
    nbformat.write(nb, path)
    text = path.read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in text  # the widget state was saved
    session_token, id_token = json.loads(leak.read_text())
    for secret in (TOKEN, UID, session_token, id_token, id_token.rsplit(".", 1)[1]):
        assert secret not in text
    assert "Real data will be sent to tenant.test" in text
    assert scan_paths([path]) == []


def test_the_record_toggle_writes_a_redacted_recording(tenant, account, tmp_path):
    token, uid = account
    form = LoginForm(tenant.base_url, CLIENT_ID, transport=tenant.transport)
    path = tmp_path / "form.json"
    form.guard.record_path.value = str(path)
    form.guard.record.value = True
    form.fill(access_token=token, uid=uid)
    with pytest.warns(UserWarning):
        result = form.submit()
    text = path.read_text(encoding="utf-8")
    assert isinstance(result, Success) and '"SUCCESS"' in text.replace('\\"', '"')
    assert token not in text and uid not in text and result.session_token not in text
    form.guard.record.value = False
    with warnings.catch_warnings():  # the same target: its warning was given once already
        warnings.simplefilter("error", ForeignTargetWarning)
        form.submit()
    assert path.read_text(encoding="utf-8") == text  # off: nothing more is written
    again = tmp_path / "again.json"
    form.guard.record_path.value = str(again)
    form.guard.record.value = True  # on again, elsewhere: a recording of its own
    form.submit()
    assert len(json.loads(again.read_text(encoding="utf-8"))["exchanges"]) == 1
