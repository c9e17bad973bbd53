"""The course's exercises, one module each (``exNN.py`` exposes ``EXERCISE``), in order."""

from __future__ import annotations

import importlib
import pkgutil

from ..model import Exercise


def _load() -> dict[int, Exercise]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("ex") and info.name[2:].isdigit():
            exercise = importlib.import_module(f"{__name__}.{info.name}").EXERCISE
            found[exercise.number] = exercise
    return dict(sorted(found.items()))


EXERCISES: dict[int, Exercise] = _load()


def exercise(number: int) -> Exercise:
    """Exercise ``number``; ``KeyError`` naming the ones that exist."""
    if number not in EXERCISES:
        raise KeyError(f"no exercise {number}; the course has {', '.join(map(str, EXERCISES))}")
    return EXERCISES[number]
