"""The package's layers go one way, and no import goes round in a circle.

The rules are import-linter contracts in ``pyproject.toml`` (``[tool.importlinter]``): the ranks
(a layers contract, highest first, ``|`` between peers that never import each other), what the
contract and the sandbox never import, the docs build's order, and no cycle among the modules of
any package (``acyclic_siblings``). Its graph (grimp) counts imports inside functions and under
``if TYPE_CHECKING:``. This test runs ``lint-imports`` as a developer would, then adds what it
cannot express:

* imports grimp does not see as what they are — ``importlib.import_module("explorer.…")`` (or
  ``__import__``) with a literal; a package's plugins, ``import_module(f"{__name__}.{name}")``
  (or ``f"{commands.__name__}.…"``), which import each of its modules; and a package's lazy names
  (its ``_PUBLIC`` table, name → module, imported by its ``__getattr__``): the package imports
  each module, and ``from explorer import IdaasClient`` imports ``explorer.client``. They join
  the graph and go through the same contracts;
* no cycle through a package's own ``__init__`` (``acyclic_siblings`` only compares a package's
  children): checked on the graph of imports that run (``TYPE_CHECKING`` ones never do) by the
  standard library's ``graphlib``;
* the sandbox's caller-side modules load no server (a property of the modules' imports of
  Starlette and uvicorn, not of ours).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.adapters.building import GraphBuilder
from importlinter.application import use_cases
from importlinter.application.app_config import settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"
CONFIG = ROOT / "pyproject.toml"

Edge = tuple[str, str, int]
"""An import: importer, imported module, line."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def lazy_tables() -> dict[str, dict[str, str]]:
    """Each package's ``_PUBLIC`` (lazy name → the module its ``__getattr__`` imports)."""
    tables: dict[str, dict[str, str]] = {}
    for path in sorted(PACKAGE.rglob("__init__.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "_PUBLIC" for t in node.targets):
                tables[module_name(path)] = ast.literal_eval(node.value)
    return tables


MODULES = sorted(module_name(p) for p in PACKAGE.rglob("*.py"))


def unseen_imports(module: str, source: str, is_package: bool,
                   tables: dict[str, dict[str, str]]) -> list[Edge]:
    """The imports of ``module`` (its ``source``) that grimp does not see as what they are."""
    package = module if is_package else module.rpartition(".")[0]
    tree = ast.parse(source)
    modules = {"__name__": module}  # a name in this module → the module it is bound to
    found: list[Edge] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] \
                if node.level else []
            origin = ".".join(base + ([node.module] if node.module else []))
            found += [(module, tables[origin][a.name], node.lineno)
                      for a in node.names if a.name in tables.get(origin, {})]
            modules.update({a.asname or a.name: f"{origin}.{a.name}" for a in node.names
                            if f"{origin}.{a.name}" in MODULES})
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node.func) in {"import_module", "__import__"}:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and first.value.split(".")[0] == "explorer":
                found.append((module, first.value, node.lineno))
            elif (plugins := _plugin_package(first, modules)) is not None:
                found += [(module, child, node.lineno) for child in MODULES
                          if child.rpartition(".")[0] == plugins]
    found += [(module, target, 0) for target in tables.get(module, {}).values()]
    return found


def _called(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _plugin_package(name: ast.expr | None, modules: dict[str, str]) -> str | None:
    """The package of ``f"{__name__}.…"`` or ``f"{package.__name__}.…"``, else None."""
    if not isinstance(name, ast.JoinedStr) or not name.values:
        return None
    head = name.values[0]
    if not isinstance(head, ast.FormattedValue):
        return None
    value = head.value
    if isinstance(value, ast.Name):
        return modules.get(value.id) if value.id == "__name__" else None
    if isinstance(value, ast.Attribute) and value.attr == "__name__" \
            and isinstance(value.value, ast.Name):
        return modules.get(value.value.id)
    return None


def all_unseen_imports() -> list[Edge]:
    tables = lazy_tables()
    return [edge for path in sorted(PACKAGE.rglob("*.py"))
            for edge in unseen_imports(module_name(path), path.read_text(encoding="utf-8"),
                                       path.name == "__init__.py", tables)]


class _WithUnseenImports(GraphBuilder):
    """import-linter's graph, with the imports it cannot see added."""

    def __init__(self, extra: list[Edge]) -> None:
        self.extra = extra

    def build(self, root_package_names: list[str], cache_dir: str | None,
              include_external_packages: bool = False,
              exclude_type_checking_imports: bool = False) -> grimp.ImportGraph:
        graph = super().build(root_package_names, cache_dir, include_external_packages,
                              exclude_type_checking_imports)
        for importer, imported, line in self.extra:
            graph.add_import(importer=importer, imported=imported, line_number=line,
                             line_contents="(by name)")
        return graph


def lint(extra: list[Edge], capsys: pytest.CaptureFixture[str]) -> tuple[bool, str]:
    """import-linter's contracts (``pyproject.toml``) on the graph with ``extra`` imports added:
    whether all were kept, and its report."""
    configuration.configure()
    settings.configure(GRAPH_BUILDER=_WithUnseenImports(extra))
    try:
        kept = use_cases.lint_imports(str(CONFIG), cache_dir=None, no_logo=True)
    finally:
        configuration.configure()
    return kept, capsys.readouterr().out


def first_cycle(extra: list[Edge]) -> list[str]:
    """A cycle among the imports that run (none under ``TYPE_CHECKING``) plus ``extra``, or []."""
    graph = grimp.build_graph("explorer", cache_dir=None, exclude_type_checking_imports=True)
    imports = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    for importer, imported, _ in extra:
        imports.setdefault(importer, set()).add(imported)
    try:
        TopologicalSorter(imports).prepare()
    except CycleError as found:
        return list(found.args[1])
    return []


def test_lint_imports_keeps_every_contract() -> None:
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 5 kept, 0 broken." in done.stdout  # none skipped or unread


def test_imports_by_name_keep_the_same_contracts(capsys: pytest.CaptureFixture[str]) -> None:
    extra = all_unseen_imports()
    assert ("explorer", "explorer.rendering") in {e[:2] for e in extra}  # the display hook
    kept, report = lint(extra, capsys)
    assert kept, report


def test_no_import_cycle_at_run_time() -> None:
    assert first_cycle(all_unseen_imports()) == []


def test_an_upward_import_by_name_breaks_the_ranks(capsys: pytest.CaptureFixture[str]) -> None:
    """The results module importing the renderer by name, or the client's lazy name from the
    facade: invisible to grimp, caught once added."""
    source = ("import importlib\nfrom explorer import IdaasClient\n"
              "def show(r):\n    return importlib.import_module('explorer.rendering').to_html(r)\n")
    extra = unseen_imports("explorer.results", source, False, lazy_tables())
    assert extra == [("explorer.results", "explorer.client", 2),
                     ("explorer.results", "explorer.rendering", 4)]
    kept, report = lint(extra, capsys)
    assert not kept
    assert "explorer.results -> explorer.rendering (l.4)" in report
    assert "explorer.results -> explorer.client (l.2)" in report


def test_plugins_imported_by_name_are_imports_of_each_module() -> None:
    """The course loads its exercises, the CLI its commands, by name: each module is an import."""
    extra = all_unseen_imports()
    exercises = {b for a, b, _ in extra if a == "explorer.course.exercises"}
    assert "explorer.course.exercises.ex01" in exercises
    assert {b for a, b, _ in extra if a == "explorer.cli"} >= {"explorer.commands.docs"}
    assert first_cycle([*extra, ("explorer.course.exercises.ex01",
                                 "explorer.course.exercises", 1)])


def test_a_cycle_through_a_package_init_is_found() -> None:
    """``explorer.sandbox`` imports its ``server`` by name; the server importing the package
    back is a cycle import-linter's ``acyclic_siblings`` does not compare."""
    cycle = first_cycle([*all_unseen_imports(), ("explorer.sandbox.server", "explorer.sandbox", 1)])
    assert set(cycle) == {"explorer.sandbox", "explorer.sandbox.server"}


def test_the_sandbox_caller_side_loads_no_server() -> None:
    """``tenant_admin`` (``SandboxAdmin``, httpx only) and the package's lazy
    ``__init__`` do not pull in Starlette or uvicorn."""
    code = ("import sys\nfrom explorer.sandbox import SandboxAdmin, tenant_admin\n"
            "import explorer.client\n"
            "assert not {'starlette', 'uvicorn'} & set(sys.modules), "
            "sorted({'starlette', 'uvicorn'} & set(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
