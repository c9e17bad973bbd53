"""A TypeScript client of ``weibo-explorer openapi`` type-checks: openapi-typescript turns the
document into types at test time, and ``tsc --noEmit`` (strict) checks ``tests/openapi_ts/check.ts``
against them — the login's statuses as one union, the ``data`` components, the admin API without
credentials, and the front door's answers where a caller meets them.

The npm packages come from ``tests/openapi_ts/package-lock.json`` (``bash scripts/install.sh
test`` runs ``npm ci`` there); nothing is downloaded here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "openapi_ts"
MODULES = HERE / "node_modules"


def _node(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", *args], cwd=cwd, check=False, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_typescript_client_type_checks(tmp_path: Path) -> None:
    assert (MODULES / "typescript").is_dir(), (
        "tests/openapi_ts/node_modules is missing: run bash scripts/install.sh test")
    subprocess.run([sys.executable, "-m", "explorer", "openapi", "-o",
                    str(tmp_path / "openapi.json")], check=True)
    for name in ("check.ts", "tsconfig.json"):
        shutil.copy(HERE / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(MODULES, target_is_directory=True)
    generated = _node(str(MODULES / "openapi-typescript" / "bin" / "cli.js"), "openapi.json",
                      "-o", "schema.d.ts", cwd=tmp_path)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    checked = _node(str(MODULES / "typescript" / "bin" / "tsc"), "-p", ".", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
