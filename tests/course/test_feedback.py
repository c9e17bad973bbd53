"""Every failed check names the exact thing to fix, through the real CLI: the missing header, the
call that changed the device, the code type sent against the one expected, the action the
course's own table wants; an exception in the learner's code comes first, with their line; and
``--file`` imports a module beside the file."""

from __future__ import annotations

import shutil
from pathlib import Path

from .cli import course

WRONG = Path(__file__).parent / "wrong"
SOLUTIONS = Path(__file__).parent / "solutions"


def _check(number: int, path: Path, tmp_path: Path, *extra: str) -> tuple[int, str]:
    done = course("check", str(number), "--file", str(path), "--dir", str(tmp_path / "ws"),
                  *extra, cwd=tmp_path)
    return done.returncode, done.stdout + done.stderr


def test_a_failed_device_check_names_the_missing_header(tmp_path: Path) -> None:
    code, out = _check(1, WRONG / "ex01_no_device.py", tmp_path)
    assert code == 1
    assert "→ POST /api/v2/sdk/login/weibo sent no X-operating-sys-version header" in out, out


def test_a_failed_same_device_check_names_the_call_that_changed_it(tmp_path: Path) -> None:
    code, out = _check(4, WRONG / "ex04_new_device_each_call.py", tmp_path, "--lang", "zh")
    assert code == 1
    assert "→ GET /api/v2/sdk/captcha 发送的 X-device-fingerprint 为 '" in out, out
    assert "流程的第一次调用（POST /api/v2/sdk/login/weibo）发送的是 '" in out


def test_a_failed_code_type_check_names_the_type_sent_and_the_one_expected(
        tmp_path: Path) -> None:
    code, out = _check(4, WRONG / "ex04_login_code.py", tmp_path)
    assert code == 1
    assert ("→ POST /api/v2/sdk/sms/send asked for type LOGIN_SMS; "
            "POST /api/v2/sdk/social/register-bind accepts only REGISTER_SMS") in out, out


def test_a_wrong_action_names_the_course_table_as_its_own_design(tmp_path: Path) -> None:
    code, out = _check(7, WRONG / "ex07_action_by_status.py", tmp_path)
    assert code == 1
    assert "the course's table (its own design, not the vendor's) says" in out, out


def test_an_exception_comes_first_with_the_learners_line(tmp_path: Path) -> None:
    code, out = _check(4, WRONG / "ex04_point_as_object.py", tmp_path)
    assert code == 1
    raised = out.index("Your code raised (fix this first)")
    assert raised < out.index("[X]") and raised < out.index("Hint:"), out
    assert "KeyError: 'captcha_token' (register 13800138000, 2 hidden scenario(s))" in out
    assert "line 17, in register_by_phone()" in out
    assert 'captcha_token = passed["captcha_token"]' in out


def test_file_puts_its_folder_on_the_import_path(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "ex01.py", folder / "signing.py")
    (folder / "ex1.py").write_text("from signing import sign_in  # a module beside this file\n")
    code, out = _check(1, folder / "ex1.py", tmp_path)
    assert code == 0 and "PASSED" in out, out


def test_a_file_that_does_not_compile_is_graded_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "ex1.py").write_text("import httpx\n\n\ndef sign_in(base_url, client_id, "
                                     "access_token, uid):\n    return httpx.post(base_url +\n")
    code, out = _check(1, tmp_path / "ex1.py", tmp_path)
    assert code == 1 and "NOT YET" in out
    assert "SyntaxError: '(' was never closed\n    line 5\n      return httpx.post(base_url +" \
        in out, out


def test_a_failed_body_check_names_what_was_sent(tmp_path: Path) -> None:
    code, out = _check(1, WRONG / "ex01_form_body.py", tmp_path, "--lang", "zh")
    assert code == 1
    assert ("→ POST /api/v2/sdk/login/weibo 发送的请求体为 application/x-www-form-urlencoded，"
            "而不是以字符串形式包含 access_token、uid 的 JSON 对象") in out, out


def test_a_failed_rule_names_its_scenario_in_chinese_words(tmp_path: Path) -> None:
    code, out = _check(1, WRONG / "ex01_no_device.py", tmp_path, "--lang", "zh")
    assert code == 1
    assert "（未通过的场景：" in out and "(于 " not in out, out
