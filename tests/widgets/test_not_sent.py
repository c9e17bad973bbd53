"""A header or field the form leaves out says what leaving it out means (issue 9, stumble 7)."""

from __future__ import annotations

from explorer import LoginForm
from explorer.contract import WEIBO_LOGIN


def test_snapshot_explains_an_optional_header_not_sent(sandbox):
    form = LoginForm(base_url=sandbox.base_url)
    form.fill(preset="success")
    form.headers["X-L"].set(None)
    help_en = WEIBO_LOGIN.header("X-L").help.en
    assert f"not sent</em> <small class=\"wle-form-why\">— {help_en}" in form.snapshot_html()
    assert f"X-L: (not sent: {help_en})" in form.snapshot_text()
