"""``weibo-explorer lab``'s command line: root, the quiet start, --help, arguments passed on.

The real start (as root, URL printed once it answers) is in ``tests/test_newcomer.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.commands import lab


def test_as_root_the_server_is_allowed_to_start():
    line = lab.command(Path("notebooks"), 21011, "t", False, as_root=True)
    assert "--allow-root" in line
    assert "--allow-root" not in lab.command(Path("notebooks"), 21011, "t", False, as_root=False)


def test_the_server_fetches_no_news_and_unknown_arguments_go_last():
    line = lab.command(Path("notebooks"), 21011, "t", False, ["--ServerApp.foo=1"], as_root=False)
    assert "--LabApp.news_url=None" in line and line[-1] == "--ServerApp.foo=1"


def test_the_news_question_is_disabled_for_this_server_only(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/elsewhere")
    env = lab.quiet_config(tmp_path)
    page = json.loads((tmp_path / "labconfig" / "page_config.json").read_text())
    assert page == {"disabledExtensions": {lab.ANNOUNCEMENTS: True}}
    assert env["JUPYTER_CONFIG_PATH"].split(":") == [str(tmp_path), "/elsewhere"]


def test_help_lists_what_is_passed_to_jupyter(capsys):
    with pytest.raises(SystemExit):
        main(["lab", "--help"])
    out = capsys.readouterr().out
    for passed in ("--allow-root", "--LabApp.news_url=None", "--IdentityProvider.token",
                   lab.ANNOUNCEMENTS, "Any other argument goes to `jupyter lab`"):
        assert passed in out


def test_unknown_arguments_reach_lab_but_no_other_command(capsys):
    parser_args = ["lab", "--allow-root", "--ServerApp.foo=1", "--no-browser"]
    from explorer import cli

    args, extra = cli.build_parser().parse_known_args(parser_args)
    assert args.allow_root and args.no_browser and extra == ["--ServerApp.foo=1"]
    with pytest.raises(SystemExit):
        main(["fixtures", "--ServerApp.foo=1"])
    assert "unrecognized arguments: --ServerApp.foo=1" in capsys.readouterr().err
