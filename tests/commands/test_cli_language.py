"""``demo`` and ``login`` speak the reader's language: ``--lang en|zh``, else the locale."""

from __future__ import annotations

import httpx
import pytest

from explorer import i18n
from explorer.cli import main


@pytest.fixture
def docs_tenant(sandbox):
    httpx.post(sandbox.base_url + "/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
    return sandbox.base_url


@pytest.fixture
def chinese_locale(monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"),
    ({"LANG": "C.UTF-8"}, "en"), ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
])
def test_the_locale_decides_when_no_flag_does(environ, expected):
    assert i18n.from_locale(environ) == expected
    assert i18n.cli_language(None, environ) == expected
    assert i18n.cli_language("en", {"LANG": "zh_CN.UTF-8"}) == "en"


def test_login_follows_a_chinese_locale(docs_tenant, chinese_locale, capsys):
    assert main(["login", "--base-url", docs_tenant, "--client-id", "nobody"]) == 1
    out = capsys.readouterr().out
    assert "应用未注册" in out and "请根据 error_code 判断" in out


def test_login_flag_wins_over_the_locale(docs_tenant, chinese_locale, capsys):
    assert main(["login", "--base-url", docs_tenant, "--client-id", "nobody", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "请根据 error_code 判断" not in out and "Branch on error_code" in out


def test_login_refuses_a_language_it_does_not_speak(capsys):
    with pytest.raises(SystemExit):
        main(["login", "--lang", "fr"])
    assert "invalid choice" in capsys.readouterr().err


def test_demo_summary_and_hints_in_chinese_from_the_locale(chinese_locale, capsys):
    assert main(["demo", "--full", "--only", "user-0039"]) == 0
    out = capsys.readouterr().out
    assert "场景" in out and "预期" in out and "每个结果都与场景的预期一致" in out
    assert "用户已被禁用" in out  # the sandbox's own Chinese message, asked with X-L: zh


def test_demo_in_english_by_flag(chinese_locale, capsys):
    assert main(["demo", "--full", "--only", "user-0039", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "expected" in out and "every outcome as its fixture expects" in out
    assert "User is disabled" in out
