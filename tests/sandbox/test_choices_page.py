"""docs/sandbox-choices.md lists every code, admin route and fixture, exactly as the code has
them."""

from __future__ import annotations

from pathlib import Path

from explorer.contract import ERRORS
from explorer.sandbox.admin_schema import ADMIN_OPERATIONS, SANDBOX_ERRORS
from explorer.sandbox.choices import regenerate
from explorer.sandbox.seed import FIXTURES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "sandbox-choices.md"


def test_generated_tables_are_up_to_date():
    page = PAGE.read_text(encoding="utf-8")
    assert regenerate(page) == page, "run: python -m explorer.sandbox.choices"


def test_every_code_route_and_fixture_is_on_the_page():
    page = PAGE.read_text(encoding="utf-8")
    for code in [*ERRORS, *SANDBOX_ERRORS]:
        assert f"`{code}`" in page
    for op in ADMIN_OPERATIONS:
        assert f"| {op['method']} | `{op['path']}` |" in page
    for fixture in FIXTURES:
        assert f"`{fixture['name']}`" in page


def test_the_chinese_twin_gets_the_same_rows_in_chinese():
    """The docs build fills the Chinese page's markers with these tables in Chinese: every code,
    route and fixture as on the English page, with Chinese headings, reasons and summaries."""
    import re

    from zh.english import english_runs

    twin = regenerate(PAGE.with_name("sandbox-choices.zh.md").read_text(encoding="utf-8"), "zh")
    for code in [*ERRORS, *SANDBOX_ERRORS]:
        assert f"`{code}`" in twin
    for op in ADMIN_OPERATIONS:
        assert f"| {op['method']} | `{op['path']}` |" in twin
    assert "| # | 错误码 | HTTP | 来源 | English | 中文 | 原因（沙箱的取舍） |" in twin
    assert "| 方法 | 路径 | 应答 | 作用 |" in twin and "成功示例 1" in twin
    codes = {**ERRORS, **SANDBOX_ERRORS}
    for block in re.findall(r"<!-- BEGIN (\w+) -->\n(.*?)<!-- END", twin, re.S):
        for row in block[1].splitlines()[2:]:
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            if block[0] == "codes":  # the English column is the API's own English message
                english = codes[cells[1].strip("`")].message.en
                cells = [c for c in cells if c != english.replace("|", "\\|")]
            runs = [run for cell in cells for run in english_runs(cell)]
            assert runs == [], (block[0], row, runs)
