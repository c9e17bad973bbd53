"""explorer.i18n: which language a reader gets, and the words around the API's own."""

from __future__ import annotations

import pytest

from explorer import i18n, notebook
from explorer.docs import terms


@pytest.mark.parametrize("value, expected", [
    ("zh", "zh"), ("zh-CN", "zh"), ("zh_CN.UTF-8", "zh"), ("ZH", "zh"), ("en_US.UTF-8", "en"),
    ("fr_FR.UTF-8", "en"), (None, "en"), ("", "en"),
])
def test_normalize(value, expected):
    assert i18n.normalize(value) == expected


def test_the_edition_comes_from_the_build_and_sets_the_clients_x_l(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    assert notebook.language() == "en" and notebook.x_l() is None
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    assert notebook.language() == "zh" and notebook.x_l() == "zh"


def test_every_word_exists_in_both_languages_and_fills_its_placeholders():
    for key, text in i18n.WORDS.items():
        assert text("en").strip() and text("zh").strip(), key
        assert text("zh") != text("en") or key in {"transport_failed"}, key
    assert i18n.word("summary_title", "zh", host="127.0.0.1:1") == "微博登录（127.0.0.1:1）"
    assert i18n.word("differs", "en", n="2") == "2 outcome(s) differ from their fixture"


def test_glossary_terms_are_linked_once_outside_code_and_tags():
    page = ("Please contact Zhuyun staff (api-family §3). Zhuyun again, api-family.\n"
            '<td title="Zhuyun">`api-family`</td>\n```\nZhuyun\n```')
    linked = terms.link_terms(page, "errors/com-0002.md")
    assert linked.count('href="../../glossary/#zhuyun"') == 1
    # a citation by section opens that section of the vendor's pages (with the vendor's URLs)
    assert 'href="../../vendor-api/#s3" title="vendor-api">api-family §3</a>' in linked
    assert 'href="../../glossary/#api-family" title="glossary">api-family</a>.' in linked
    assert '<td title="Zhuyun">`api-family`</td>' in linked and "```\nZhuyun\n```" in linked
    assert terms.link_terms(page, "glossary.md") == page


def test_an_arrangement_shows_itself_in_the_editions_language(monkeypatch):
    from explorer.sandbox.tenant_admin import Arrangement, Step

    done = Arrangement("http://127.0.0.1:1", (Step("POST", "/sandbox/faults", {"busy": 1}, 200),),
                       {"name": "com-0002"})
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    assert "Arranged the sandbox for <code>com-0002</code>: 1 admin call(s)" in done._repr_html_()
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    html = done._repr_html_()
    assert "已布置沙箱（场景 <code>com-0002</code>）" in html and "<th>请求体</th>" in html
