"""The form speaks the page's language: Chinese on the Chinese docs edition, unless told
otherwise."""

from __future__ import annotations

import httpx

from explorer import LoginForm, i18n


def test_the_form_follows_the_page_language_by_default(sandbox, monkeypatch):
    httpx.post(sandbox.base_url + "/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    form = LoginForm(base_url=sandbox.base_url)
    assert form.language.value == "zh" and form.headers["X-L"].get() == "zh"
    form.fill(preset="user-0039")
    result = form.submit()
    assert result.error_msg == "用户已被禁用"  # the sandbox's own Chinese, asked with X-L: zh
    told = LoginForm(base_url=sandbox.base_url, language="en")
    assert told.language.value == "en"


def test_the_english_page_keeps_the_vendors_request(sandbox, monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    form = LoginForm(base_url=sandbox.base_url)
    assert form.language.value == "en" and form.headers["X-L"].get() is None
