"""The onboarding course: exercises a newcomer solves with plain httpx/pyjwt code, graded by what
the sandbox saw on the wire.

From a notebook: ``from explorer.course import check; check(1)`` finds the function the exercise
asks for in the notebook's namespace, runs the cell that defined it in a child process against
fresh sandbox scenarios (shown and hidden),
records the attempt in the workspace's ``progress.json`` and returns the verdict card. From the
terminal: ``weibo-explorer course list|start|check|hint|reset|report``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import NoFunction
from .checker import run_check
from .exercises import EXERCISES, exercise
from .isolation import DEFAULT_TIMEOUT, Solution
from .progress import Progress, find_workspace
from .verdict import Verdict


def check(number: int, function: Callable[..., Any] | None = None, *,
          language: str | None = None, seed: int | None = None,
          workspace: str | Path | None = None, timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Check exercise ``number``: ``function`` or, by default, the function of that name in the
    calling notebook's namespace — the code that defined it runs afresh in a child process.
    Returns the verdict (it displays itself)."""
    chosen = exercise(number)
    if function is None:
        namespace = vars(sys.modules["__main__"])
        function = namespace.get(chosen.function)
        if not callable(function):
            raise NoFunction(f"define {chosen.function}() first (run its cell), then "
                             f"check({number})")
    progress = Progress.load(find_workspace(workspace))
    language = language or progress.language
    verdict = run_check(chosen, Solution.of(function), language=language, seed=seed,
                        timeout=timeout)
    progress.record(verdict)
    return verdict


def hint(number: int, language: str | None = None) -> str:
    """The exercise's concept and its rules' hints, for when you are stuck."""
    chosen = exercise(number)
    lang = language or "en"
    return "\n".join([chosen.concept(lang)] + [f"- {r.hint(lang)}" for r in chosen.rules])


__all__ = ["EXERCISES", "Solution", "Verdict", "check", "exercise", "hint", "run_check"]
