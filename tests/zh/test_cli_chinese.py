"""Under ``LANG=zh_CN.UTF-8`` (and no ``--lang``) the CLI says no English sentence.

Each command a Chinese reader meets is run in-process through ``explorer.cli.main`` with the
locale set and a wide terminal (so that Rich does not wrap a quoted value across table cells),
and its whole output, stdout and stderr, is held to ``tests.zh.english``'s rule: four English
words in a row outside code and quoted API data fail the test, naming the runs.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

import httpx
import pytest

from explorer.cli import build_parser, main

from .english import english_runs


@pytest.fixture
def chinese(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("COLUMNS", "400")


def said(capsys, *args: str, codes: tuple[int, ...] = (0,)) -> str:
    """Run ``weibo-explorer ARGS``; its stdout and stderr, after checking its exit code."""
    code = main(list(args))
    out = capsys.readouterr()
    assert code in codes, (code, out.out[-2000:], out.err[-2000:])
    return out.out + out.err


def assert_chinese(text: str, where: str) -> None:
    runs = english_runs(text)
    assert not runs, f"{where} says English: {runs}"
    assert any("\u4e00" <= c <= "\u9fff" for c in text), f"{where} says nothing in Chinese"


def test_the_rule_finds_a_sentence_and_spares_code():
    assert english_runs("Exercise 1 is ready: open it in JupyterLab") == [
        "Exercise is ready open it in JupyterLab"]
    assert english_runs("令牌按沙箱时钟检查（checked at the sandbox clock, now）")
    assert not english_runs("运行 weibo-explorer login --fixture social-bind --base-url "
                            "http://127.0.0.1:8600 即可；X-agent: Mozilla/5.0 (iPhone; CPU "
                            'iPhone OS 13_3 like Mac OS X) {"error_msg": "User is disabled"} '
                            "IDAAS.SDK.PARAM.0001 USER_REGISTER `pip install the thing now`")
    assert not english_runs("英文信息  The app is not registered, please register the app first")


def test_demo_and_its_brief_form(chinese, capsys):
    assert_chinese(said(capsys, "demo"), "demo")
    assert_chinese(said(capsys, "demo", "--brief"), "demo --brief")


def test_demo_full_panels(chinese, capsys):
    assert_chinese(said(capsys, "demo", "--full"), "demo --full")


def test_fixtures_lists_them_in_chinese(chinese, capsys):
    text = said(capsys, "fixtures")
    assert_chinese(text, "fixtures")
    assert "未绑定的微博账号" in text


def test_login_every_fixture(chinese, capsys, sandbox):
    main(["fixtures", "--json"])
    names = [f["name"] for f in json.loads(capsys.readouterr().out)]
    assert len(names) >= 14
    failures = {}
    try:
        for name in names:
            text = said(capsys, "login", "--fixture", name, "--base-url", sandbox.base_url,
                        codes=(0, 1))
            if runs := english_runs(text):
                failures[name] = runs
            assert f"已布置场景 {name}：" in text and "令牌按沙箱时钟检查（" in text, text[:400]
    finally:
        httpx.post(sandbox.base_url + "/sandbox/reset", json={"fixtures": "docs"})
    assert not failures, failures


def test_login_without_a_fixture_explains_x_device_ip(chinese, capsys, sandbox):
    httpx.post(sandbox.base_url + "/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
    text = said(capsys, "login", "--base-url", sandbox.base_url)
    assert "沙箱没有拒绝任何网段" in text
    assert_chinese(text, "login")


def test_course_list_start_check_hint_reset_report(chinese, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args, codes in ((("list",), (0,)), (("start", "1"), (0,)), (("start", "1"), (0,)),
                        (("hint", "1"), (0,)), (("check", "1"), (1,)), (("list",), (0,)),
                        (("reset", "1"), (0,)), (("report",), (0,))):
        assert_chinese(said(capsys, "course", *args, codes=codes), "course " + " ".join(args))
    started = json.loads((tmp_path / "weibo-course" / "progress.json").read_text())
    assert started["language"] == "zh"  # picked from the locale at start, kept for the next
    page = (tmp_path / "course-report.html").read_text(encoding="utf-8")
    assert 'lang="zh' in page


def test_probe_dry_run(chinese, capsys):
    text = said(capsys, "probe", "--dry-run", "--base-url", "https://tenant.invalid",
                "--client-id", "an-app")
    assert_chinese(text, "probe --dry-run")


def test_probe_report_rows(chinese, capsys, sandbox, tmp_path):
    httpx.post(sandbox.base_url + "/sandbox/reset", json={"fixtures": "docs"}).raise_for_status()
    report = tmp_path / "probe.html"
    text = said(capsys, "probe", "--base-url", sandbox.base_url, "--client-id",
                "nTo1eRIub60vPb54WeE6aojPwYwImtl4", "--report", str(report))
    assert_chinese(text, "probe")
    assert "没有凭据无法测试" in text
    page = report.read_text(encoding="utf-8")
    shown = page.split('<script type="application/json"', 1)[0]
    assert_chinese(shown.replace("<", " <").replace(">", "> "), "probe --report")


def test_scan_findings_and_a_clean_folder(chinese, capsys, tmp_path):
    leaky = tmp_path / "leaky"
    leaky.mkdir()
    (leaky / "leak.json").write_text(json.dumps({
        "email": "real.person@gmail.com", "session_token": "abcdefABCDEF0123456789abcdefABCD"}))
    (leaky / "bad.txt").write_bytes(b"foo\xff\xfe")
    assert_chinese(said(capsys, "scan", str(leaky), codes=(1,)), "scan (findings)")
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "page.md").write_text("# 标题\n", encoding="utf-8")
    assert_chinese(said(capsys, "scan", str(clean)), "scan (clean)")


def test_docs_build_says_its_own_lines_in_chinese(chinese, capsys, tmp_path):
    (tmp_path / "notebooks").mkdir()
    text = said(capsys, "docs", "build", "--notebooks", str(tmp_path / "notebooks"), "--out",
                str(tmp_path / "site"), "--edition", "zh", codes=(1,))
    assert "构建失败" in text and "覆盖率关卡" in text
    assert_chinese(text, "docs build")
    assert not Path(tmp_path / "site").exists()


def _command_paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every command line of the parser tree: (), ("course",), ("course", "start"), …"""
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _command_paths(sub, (*path, name))


def _help(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*args, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_every_help_page_is_chinese(chinese, capsys):
    paths = list(_command_paths(build_parser()))
    assert ("docs", "serve") in paths and ("course", "start") in paths and len(paths) > 15
    for path in paths:
        page = _help(capsys, *path)
        assert_chinese(page, " ".join(("weibo-explorer", *path, "--help")))
        assert page.startswith("用法：weibo-explorer") and "显示本帮助信息并退出" in page
        assert "usage:" not in page and "options:" not in page


def test_lang_anywhere_on_the_line_picks_the_help_language(capsys, monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "400")
    assert _help(capsys, "demo").startswith("usage: weibo-explorer demo")
    assert_chinese(_help(capsys, "demo", "--lang", "zh"), "demo --lang zh --help")
    assert_chinese(_help(capsys, "docs", "serve", "--lang=zh"), "docs serve --lang=zh --help")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert _help(capsys, "course", "list", "--lang", "en").startswith("usage: weibo-explorer")


def test_chinese_help_fits_the_terminal(chinese, capsys, monkeypatch):
    """argparse counts characters; a CJK character takes two columns, so the formatter wraps by
    columns: no line of any help page is wider than the terminal."""
    monkeypatch.setenv("COLUMNS", "80")
    too_wide = {}
    for path in _command_paths(build_parser()):
        for line in _help(capsys, *path).splitlines():
            columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
            if columns > 80:
                too_wide[line] = columns
    assert not too_wide, too_wide


@pytest.mark.parametrize("args, said_zh, said_en", [
    (("login", "--bogus"), "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
    (("course", "start"), "缺少以下参数：number", "the following arguments are required: number"),
    (("docs", "build", "--engine", "nope"), "参数 --engine：无效的选项：'nope'",
     "argument --engine: invalid choice: 'nope'"),
], ids=lambda value: " ".join(value) if isinstance(value, tuple) else None)
def test_a_mistyped_command_line_is_told_in_chinese(args, said_zh, said_en, capsys, monkeypatch):
    """argparse's errors (Python's own English) come from the catalogue as the help does; in
    English they stay argparse's words to the letter."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for lang, expected in (("zh_CN.UTF-8", said_zh), ("C", said_en)):
        monkeypatch.setenv("LANG", lang)
        with pytest.raises(SystemExit) as stopped:
            main(list(args))
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert expected in err, err
        if lang != "C":
            assert "：错误：" in err and not english_runs(err), err
