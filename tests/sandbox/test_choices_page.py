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
