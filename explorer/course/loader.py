"""Finding the learner's function: in a file (``--file``), in the workspace notebook's solution
cells, or in the notebook's own namespace."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any, Callable


class NoFunction(LookupError):
    """The learner has not written the function (yet)."""


def from_file(path: Path, name: str) -> Callable[..., Any]:
    """``name`` from a Python file (run as a script module, so ``if __name__`` blocks stay out)."""
    namespace = runpy.run_path(str(path), run_name="weibo_course_solution")
    return _pick(namespace, name, str(path))


def solution_source(notebook: Path) -> str:
    """The code of the notebook's cells tagged ``solution``, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "code" and "solution" in c.get("metadata", {}).get("tags", []))


def from_notebook(notebook: Path, name: str) -> Callable[..., Any]:
    """``name`` as defined by the notebook's solution cells."""
    namespace: dict[str, Any] = {"__name__": "weibo_course_solution"}
    exec(compile(solution_source(notebook), str(notebook), "exec"), namespace)
    return _pick(namespace, name, str(notebook))


def _pick(namespace: dict[str, Any], name: str, where: str) -> Callable[..., Any]:
    function = namespace.get(name)
    if not callable(function):
        raise NoFunction(f"{where} defines no function {name}()")
    return function
