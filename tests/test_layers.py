"""The package's layers go one way: nothing lower imports anything higher.

Every ``import`` of every module is read from its source (``ast``, so imports inside functions
count too) and resolved to the module it names. The ranks, lowest first:

0. ``contract``, ``precheck``, ``errata`` — the API as data and the checks read from it — and
   the leaf helpers ``i18n`` (which language), ``redact`` (the redaction rules), ``untrusted``
   (outside text shown as text), ``plain_get``, ``import_costs``;
1. ``results`` — what a call ends as (shows itself through a hook the facade installs);
2. ``sandbox`` | ``client`` — peers that never import each other (the sandbox's caller-side
   helpers ``admin_client``, ``peek``, ``tenant_admin`` speak HTTP, not the client's types);
3. ``rendering``, ``probe`` (a tenant judged against the contract); 4. ``widgets``;
5. ``notebook``, ``expectations``, ``course`` (what notebooks import);
6. ``openapi``, ``docs``, ``scan``, ``commands``, ``cli``, ``__main__``, ``pytest_plugin``;
7. the facade ``explorer/__init__.py``. Python runs it before any submodule, so any module may
   read ``explorer.__version__`` / ``__file__``; its lazy public names count as their modules.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import explorer

PACKAGE = Path(explorer.__file__).resolve().parent
RANKS: dict[str, int] = {
    "explorer.contract": 0, "explorer.precheck": 0, "explorer.errata": 0, "explorer.plain_get": 0, "explorer.i18n": 0,
    "explorer.import_costs": 0,
    "explorer.redact": 0, "explorer.untrusted": 0,
    "explorer.results": 1,
    "explorer.sandbox": 2, "explorer.client": 2,
    "explorer.rendering": 3, "explorer.probe": 3,
    "explorer.widgets": 4,
    "explorer.notebook": 5, "explorer.expectations": 5, "explorer.course": 5,
    "explorer.openapi": 6, "explorer.docs": 6, "explorer.commands": 6, "explorer.cli": 6,
    "explorer.__main__": 6, "explorer.pytest_plugin": 6, "explorer.scan": 6,
    "explorer": 7,
}
PEERS = ("explorer.sandbox", "explorer.client")
FACADE_ATTRIBUTES = {"__version__"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    """The key of ``RANKS`` a module belongs to (its longest matching prefix)."""
    parts = module.split(".")
    for end in range(len(parts), 1, -1):  # never the facade by prefix: a new module needs a rank
        if ".".join(parts[:end]) in RANKS:
            return ".".join(parts[:end])
    if module == "explorer":
        return module
    raise AssertionError(f"{module} has no rank: add it to RANKS")


def imported(module: str) -> list[tuple[int, str]]:
    """``(line, module)`` for every explorer module ``module`` imports, anywhere in its body."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names  # bare ``import explorer``:
                      if a.name.startswith("explorer.")]      # its __version__ / __file__
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith("explorer"):
                continue
            for alias in node.names:
                target = f"{source}.{alias.name}"
                if target in MODULES:
                    found.append((node.lineno, target))
                elif source == "explorer" and alias.name not in FACADE_ATTRIBUTES:
                    found.append((node.lineno, _public(alias.name)))
                elif source != "explorer":
                    found.append((node.lineno, source))
    return found


def _public(name: str) -> str:
    """The module a lazy top-level name (``from explorer import IdaasClient``) comes from."""
    return explorer._PUBLIC[name]


def test_every_module_has_a_rank() -> None:
    assert {layer(m) for m in MODULES} <= set(RANKS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_nothing_lower_imports_anything_higher(module: str) -> None:
    here = layer(module)
    wrong = []
    for line, target in imported(module):
        there = layer(target)
        if RANKS[there] > RANKS[here]:
            wrong.append(f"line {line}: {module} (rank {RANKS[here]}) imports {target} "
                         f"(rank {RANKS[there]})")
        elif there != here and {here, there} == set(PEERS):
            wrong.append(f"line {line}: {module} imports its peer {target}")
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_an_upward_import(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The results module as it was before the split: a relative import of the renderer inside a
    method. The check must fail on it."""
    old = tmp_path / "results.py"
    old.write_text("class Result:\n    def _repr_html_(self):\n"
                   "        from .rendering import to_html\n        return to_html(self)\n")
    monkeypatch.setitem(MODULES, "explorer.results", old)
    with pytest.raises(AssertionError, match="line 3: explorer.results .rank 1. imports "
                                              "explorer.rendering .rank 3."):
        test_nothing_lower_imports_anything_higher("explorer.results")


def test_the_sandbox_caller_side_loads_no_server() -> None:
    """``admin_client``, ``peek``, ``tenant_admin`` (httpx only) and the package's lazy
    ``__init__`` do not pull in Starlette or uvicorn."""
    code = ("import sys\nfrom explorer.sandbox import admin_client, peek, tenant_admin\n"
            "import explorer.client\n"
            "assert not {'starlette', 'uvicorn'} & set(sys.modules), "
            "sorted({'starlette', 'uvicorn'} & set(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
