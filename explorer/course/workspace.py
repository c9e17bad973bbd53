"""The learner's workspace (default ``./weibo-course/``): one notebook per started exercise and
``progress.json``. Starting never overwrites the learner's work; resetting keeps a dated copy."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat

from .model import Exercise
from .progress import Progress

WORDS = {
    "rules": ("What `check()` verifies", "`check()` 检查什么"),
    "write": ("Write the function below, run its cell, then run the check cell. Keep your "
              "imports and helpers in that same cell: `check()` runs the cell afresh, in a "
              "process of its own, apart from the checker.",
              "在下方编写函数，运行该单元格，然后运行检查单元格。请把导入和辅助函数放在同一个单元格中："
              "`check()` 会在一个独立于检查程序的进程中重新运行该单元格。"),
    "check": ("Check your solution (shown and hidden scenarios on a fresh sandbox):",
              "检查你的答案（在全新的沙箱上运行公开和隐藏场景）："),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language.startswith("zh") else pair[0]


def notebook_name(exercise: Exercise) -> str:
    return f"{exercise.number:02d}-{exercise.slug}.ipynb"


def notebook(exercise: Exercise, language: str) -> nbformat.NotebookNode:
    """Exercise ``exercise``'s notebook: story, rules, the scaffold (tagged ``solution``), and the
    ``check()`` cell. The reference solution is never in it."""
    lang = language
    rules = "\n".join(f"- {rule.text(lang)}" for rule in exercise.rules)
    story = (f"# {exercise.number}. {exercise.title(lang)}\n\n{exercise.story(lang)}\n\n"
             f"*{exercise.concept(lang)}*\n\n## {_pick(WORDS['rules'], lang)}\n\n{rules}\n\n"
             f"{_pick(WORDS['write'], lang)}")
    solution = nbformat.v4.new_code_cell(exercise.scaffold.rstrip() + "\n")
    solution.metadata["tags"] = ["solution"]
    check = nbformat.v4.new_code_cell(
        f"from explorer.course import check\n\ncheck({exercise.number})")
    check.metadata["tags"] = ["check"]
    book: nbformat.NotebookNode = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(story), solution,
        nbformat.v4.new_markdown_cell(_pick(WORDS["check"], lang)), check])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}
    book.metadata["weibo_course"] = {"exercise": exercise.number, "language": lang}
    return book


def start(workspace: Path, exercise: Exercise, language: str | None = None) -> tuple[Path, bool]:
    """Copy the exercise's notebook into ``workspace``; ``(path, created)`` — an existing
    notebook is left as it is."""
    progress = Progress.load(workspace)
    if language:
        progress.language = language
    path = workspace / notebook_name(exercise)
    created = not path.exists()
    if created:
        workspace.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook(exercise, progress.language), str(path))
    progress.started(exercise.number)
    return path, created


def reset(workspace: Path, exercise: Exercise) -> Path | None:
    """Start the exercise over: its progress entry goes, its notebook is moved aside to a dated
    ``.bak`` copy (returned) and a fresh one is written."""
    progress = Progress.load(workspace)
    path = workspace / notebook_name(exercise)
    kept = None
    if path.exists():
        kept = path.with_name(f"{path.stem}.{time.strftime('%Y%m%d-%H%M%S')}.bak.ipynb")
        path.rename(kept)
    progress.reset(exercise.number)
    start(workspace, exercise)
    return kept
