"""The learner's side of a check: this file runs as ``python -I child.py FD`` in a process of its
own, loads the learner's code and calls their function once per scenario.

It imports nothing of the project, so the grader's objects (the verdict, the request log, the
hidden seed) are not in its memory to read or patch. Protocol, one JSON object a line: the
grader writes the solution (``{"path"|"source", "filename", "folder", "function"}``) then one
``{"kwargs": ...}`` per scenario on stdin; the child answers on file descriptor ``FD`` —
``{"loaded": true}`` or ``{"load_error": ...}``, then ``{"returned": ...}`` or
``{"raised": ...}`` per call, each with ``"grader_import"`` when the learner's code tried to
import the course's grader. Stdout and stderr stay the learner's own (print debugging).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import linecache
import os
import runpy
import sys
import traceback
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

GRADER = "explorer.course"
"""The package the learner's code may not import: the grader and its exercises."""


class GraderBlock(importlib.abc.MetaPathFinder):
    """Refuses imports of the course's grader, and remembers that one was tried."""

    tried: list[str] = []

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname == GRADER or fullname.startswith(GRADER + "."):
            GraderBlock.tried.append(fullname)
            raise ImportError(f"{fullname} is the course's grader: it runs in another process, "
                              "so a solution can neither import nor patch it")
        return None


def _error(exc: BaseException, filename: str) -> dict[str, Any]:
    """The exception, and the innermost frame of the learner's own file."""
    if isinstance(exc, SyntaxError):  # no frame of theirs ran: the compiler says where
        return {"type": type(exc).__name__, "message": str(exc.msg)[:300], "line": exc.lineno,
                "function": "<module>", "code": (exc.text or "").strip()[:200]}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    frame = frames[-1] if frames else None
    return {"type": type(exc).__name__, "message": str(exc)[:300],
            "line": frame.lineno if frame else None, "function": frame.name if frame else None,
            "code": (frame.line or "")[:200] if frame else ""}


def _load(spec: dict[str, Any]) -> Callable[..., Any]:
    folder = spec.get("folder")
    if folder:
        sys.path.insert(0, folder)
    if "path" in spec:
        namespace = runpy.run_path(spec["path"], run_name="weibo_course_solution")
    else:
        source, filename = spec["source"], spec["filename"]
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        namespace = {"__name__": "weibo_course_solution", "__file__": filename}
        exec(compile(source, filename, "exec"), namespace)
    function: object = namespace.get(spec["function"])
    if not callable(function):
        raise LookupError(f"{spec['filename']} defines no function {spec['function']}()")
    return function


def _answer(out: Any, message: dict[str, Any]) -> None:
    if GraderBlock.tried:
        message["grader_import"] = GraderBlock.tried[0]
    out.write(json.dumps(message, ensure_ascii=False) + "\n")
    out.flush()


def _returned(value: Any) -> dict[str, Any]:
    try:
        return {"returned": json.loads(json.dumps(value))}
    except (TypeError, ValueError):
        return {"unserialisable": type(value).__name__}


def main(argv: list[str]) -> int:
    out = os.fdopen(int(argv[1]), "w", encoding="utf-8")
    requests = sys.stdin
    sys.stdin = open(os.devnull, encoding="utf-8")  # input() in a solution reads nothing
    spec = json.loads(requests.readline())
    sys.meta_path.insert(0, GraderBlock())
    try:
        function = _load(spec)
    except BaseException as exc:  # noqa: B036 - any failure to load is the learner's to see
        _answer(out, {"load_error": _error(exc, spec["filename"])})
        return 0
    _answer(out, {"loaded": True})
    for line in requests:
        kwargs = json.loads(line)["kwargs"]
        try:
            message = _returned(function(**kwargs))
        except BaseException as exc:  # noqa: B036 - SystemExit too: the grader reports it
            message = {"raised": _error(exc, spec["filename"])}
        _answer(out, message)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
