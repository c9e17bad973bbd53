"""Keeps the generated tables of ``docs/sandbox-choices.md`` in sync with the data they show.

The page holds hand-written reasons and, between ``<!-- BEGIN name -->`` / ``<!-- END name -->``
markers, tables generated from the contract, the admin schema and the fixtures. Regenerate with
``python -m explorer.sandbox.choices docs/sandbox-choices.md``; a test fails when they drift.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..contract import ERRORS, WEIBO_LOGIN
from .admin_schema import ADMIN_OPERATIONS, SANDBOX_ERRORS
from .seed import FIXTURES


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def codes_table() -> str:
    """Every code the sandbox can answer: the login's in check order, then the others."""
    order = list(WEIBO_LOGIN.errors)
    order += [c for c in ERRORS if c not in order] + list(SANDBOX_ERRORS)
    codes = {**ERRORS, **SANDBOX_ERRORS}
    rows = ["| # | code | HTTP | source | English | 中文 | why (sandbox choices) |",
            "|---|---|---|---|---|---|---|"]
    for index, code in enumerate(order, 1):
        e = codes[code]
        step = str(index) if code in WEIBO_LOGIN.errors else "—"
        rows.append(f"| {step} | `{code}` | {e.http_status} | {e.source} | {_cell(e.message.en)} "
                    f"| {_cell(e.message.zh)} | {_cell(e.reason.en if e.reason else '')} |")
    return "\n".join(rows)


def admin_table() -> str:
    rows = ["| method | path | answers | what |", "|---|---|---|---|"]
    for op in ADMIN_OPERATIONS:
        rows.append(f"| {op['method']} | `{op['path']}` | {op['response_status']} | "
                    f"{_cell(op['summary'])}: {_cell(op['description'])} |")
    return "\n".join(rows)


def fixtures_table() -> str:
    rows = ["| name | outcome | arrange (beyond the docs data) | seed example |",
            "|---|---|---|---|"]
    for f in FIXTURES:
        arrange = "; ".join(f"{a['method']} {a['path']} `{_json(a['json'])}`"
                            for a in f["arrange"]) or "—"
        rows.append(f"| `{f['name']}` | `{f['outcome']}` | {_cell(arrange)} | "
                    f"{_cell(f['seed_example'])} |")
    return "\n".join(rows)


def _json(value: object) -> str:
    import json
    return json.dumps(value, separators=(",", ":"))


TABLES = {"codes": codes_table, "admin": admin_table, "fixtures": fixtures_table}


def _put_table(render: Callable[[], str], marked: re.Match[str]) -> str:
    """A marked table's markers around its current rendering."""
    return marked.group(1) + render() + "\n" + marked.group(2)


def regenerate(page: str) -> str:
    """``page`` with every marked table replaced by its current rendering."""
    for name, render in TABLES.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)
        page, count = pattern.subn(partial(_put_table, render), page)
        if count != 1:
            raise ValueError(f"the page needs exactly one marked '{name}' table")
    return page


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/sandbox-choices.md")
    path.write_text(regenerate(path.read_text(encoding="utf-8")), encoding="utf-8")
