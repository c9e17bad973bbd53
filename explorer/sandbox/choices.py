"""Keeps the generated tables of ``docs/sandbox-choices.md`` in sync with the data they show.

The page holds hand-written reasons and, between ``<!-- BEGIN name -->`` / ``<!-- END name -->``
markers, tables generated from the contract, the admin schema and the fixtures. Regenerate with
``python -m explorer.sandbox.choices docs/sandbox-choices.md``; a test fails when they drift. The
docs build fills the same markers of a translated twin (``sandbox-choices.zh.md``) with the tables
in the twin's language (``regenerate(page, "zh")``): headings, reasons and the admin API's
summaries come from the catalogue.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..catalogue import Msg, translate
from ..contract import ERRORS, WEIBO_LOGIN
from .admin_schema import ADMIN_OPERATIONS, SANDBOX_ERRORS
from .seed import FIXTURES


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_HEADS = {
    "codes": Msg("# | code | HTTP | source | English | 中文 | why (sandbox choices)"),
    "admin": Msg("method | path | answers | what"),
    "fixtures": Msg("name | outcome | arrange (beyond the docs data) | seed example"),
}
_SEED_EXAMPLE = re.compile(
    r"Success Example (\d+)|Error table: ([A-Z0-9.]+)( \(and the Error Example\))?")
_SUCCESS_EXAMPLE = Msg("Success Example {n}")
_ERROR_TABLE = Msg("Error table: {code}")
_AND_ERROR_EXAMPLE = Msg("{table} (and the Error Example)")
_NO_SEED_CODE = Msg("none: the seed lists no code for a rejected Weibo token")


def _head(name: str, language: str) -> list[str]:
    columns = _HEADS[name](language)
    return [f"| {columns} |", "|" + "---|" * (columns.count("|") + 1)]


def codes_table(language: str = "en") -> str:
    """Every code the sandbox can answer: the login's in check order, then the others."""
    order = list(WEIBO_LOGIN.errors)
    order += [c for c in ERRORS if c not in order] + list(SANDBOX_ERRORS)
    codes = {**ERRORS, **SANDBOX_ERRORS}
    rows = _head("codes", language)
    for index, code in enumerate(order, 1):
        e = codes[code]
        step = str(index) if code in WEIBO_LOGIN.errors else "—"
        rows.append(f"| {step} | `{code}` | {e.http_status} | {e.source} | {_cell(e.message.en)} "
                    f"| {_cell(e.message.zh)} | {_cell(e.reason(language) if e.reason else '')} |")
    return "\n".join(rows)


def admin_table(language: str = "en") -> str:
    rows = _head("admin", language)
    for op in ADMIN_OPERATIONS:
        summary, description = (translate(op[k], language) for k in ("summary", "description"))
        colon = "：" if language == "zh" else ": "
        rows.append(f"| {op['method']} | `{op['path']}` | {op['response_status']} | "
                    f"{_cell(summary)}{colon}{_cell(description)} |")
    return "\n".join(rows)


def _seed_example(said: str, language: str) -> str:
    """Where the vendor's page shows a fixture's answer, in ``language``."""
    found = _SEED_EXAMPLE.fullmatch(said)
    if found is None:
        return _NO_SEED_CODE(language) if said == _NO_SEED_CODE("en") else said
    number, code, and_example = found.groups()
    if number:
        return _SUCCESS_EXAMPLE(language).format(n=number)
    table = _ERROR_TABLE(language).format(code=code)
    return _AND_ERROR_EXAMPLE(language).format(table=table) if and_example else table


def fixtures_table(language: str = "en") -> str:
    rows = _head("fixtures", language)
    for f in FIXTURES:
        arrange = "; ".join(f"{a['method']} {a['path']} `{_json(a['json'])}`"
                            for a in f["arrange"]) or "—"
        rows.append(f"| `{f['name']}` | `{f['outcome']}` | {_cell(arrange)} | "
                    f"{_cell(_seed_example(f['seed_example'], language))} |")
    return "\n".join(rows)


def _json(value: object) -> str:
    import json
    return json.dumps(value, separators=(",", ":"))


TABLES = {"codes": codes_table, "admin": admin_table, "fixtures": fixtures_table}


def _put_table(render: Callable[[str], str], language: str, marked: re.Match[str]) -> str:
    """A marked table's markers around its current rendering."""
    return marked.group(1) + render(language) + "\n" + marked.group(2)


def regenerate(page: str, language: str = "en") -> str:
    """``page`` with every marked table replaced by its current rendering in ``language``."""
    for name, render in TABLES.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)
        page, count = pattern.subn(partial(_put_table, render, language), page)
        if count != 1:
            raise ValueError(f"the page needs exactly one marked '{name}' table")
    return page


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/sandbox-choices.md")
    path.write_text(regenerate(path.read_text(encoding="utf-8")), encoding="utf-8")
