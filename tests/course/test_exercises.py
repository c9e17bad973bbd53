"""Every exercise: the reference solution passes, each plausible wrong solution fails with its
intended hint, and a solution that memorises the shown answer fails on hidden scenarios. Each
solution runs as the learner's would: a file, in the check's child process."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from explorer.course import EXERCISES, Solution, run_check

WRONG = Path(__file__).parent / "wrong"
SOLUTIONS = Path(__file__).parent / "solutions"
SEED = 20261201


def _reference(number: int) -> Solution:
    return Solution.file(SOLUTIONS / f"ex{number:02d}.py", EXERCISES[number].function)


def _expected_rule(path: Path) -> str:
    match = re.search(r"Expected hint: (\w+)", path.read_text())
    assert match, f"{path.name} must say which hint it expects"
    return match.group(1)


@pytest.mark.parametrize("number", list(EXERCISES))
def test_the_reference_solution_passes(number: int) -> None:
    verdict = run_check(EXERCISES[number], _reference(number), seed=SEED)
    assert verdict.passed, str(verdict)
    assert verdict.hint is None and not verdict.errors


@pytest.mark.parametrize("number", list(EXERCISES))
def test_every_exercise_has_two_wrong_solutions(number: int) -> None:
    assert len(list(WRONG.glob(f"ex{number:02d}_*.py"))) >= 2


@pytest.mark.parametrize("path", sorted(WRONG.glob("ex*.py")), ids=lambda p: p.stem)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_wrong_solution_fails_with_its_hint(path: Path, language: str) -> None:
    number = int(path.name[2:4])
    exercise = EXERCISES[number]
    verdict = run_check(exercise, Solution.file(path, exercise.function), seed=SEED,
                        language=language)
    expected = _expected_rule(path)
    assert not verdict.passed
    assert verdict.failed_rules[0] == expected, str(verdict)
    assert verdict.hint == exercise.rule(expected).hint(language)
    assert expected in verdict.as_dict()["failed_rules"]


MEMORISED = """
from reference import {name} as reference

SHOWN = {shown}
calls = []


def {name}(**kwargs):
    calls.append(kwargs)
    if len(calls) <= SHOWN:  # the shown scenarios: the reference's own answer (or raise)
        answer = reference(**kwargs)
        calls[-1] = answer
        return answer
    try:  # hidden ones: the same calls on the wire, the first shown answer returned
        reference(**kwargs)
    except Exception:
        pass
    return calls[0]
"""


@pytest.mark.parametrize("number", list(EXERCISES))
def test_a_memorised_answer_fails_on_hidden_scenarios(number: int, tmp_path: Path) -> None:
    """Right on the wire and right on every shown scenario, but afterwards it returns what the
    first shown scenario returned: it fails, and only on hidden scenarios."""
    name = EXERCISES[number].function
    shown = len(EXERCISES[number].scenarios(random.Random(number), True))
    shutil.copy(SOLUTIONS / f"ex{number:02d}.py", tmp_path / "reference.py")
    (tmp_path / "memorised.py").write_text(MEMORISED.format(name=name, shown=shown))
    verdict = run_check(EXERCISES[number], Solution.file(tmp_path / "memorised.py", name),
                        seed=SEED)
    assert not verdict.passed
    failed = [r for r in verdict.rules if r.held is False]
    assert failed and all(r.failed_on == "" for r in failed), str(verdict)


@pytest.mark.parametrize("number", list(EXERCISES))
def test_a_constant_answer_fails(number: int, tmp_path: Path) -> None:
    name = EXERCISES[number].function
    (tmp_path / "constant.py").write_text(
        f"def {name}(**kwargs):\n    return {{'status': 'SUCCESS'}}\n")
    verdict = run_check(EXERCISES[number], Solution.file(tmp_path / "constant.py", name),
                        seed=SEED)
    assert not verdict.passed


def test_hidden_scenarios_change_with_the_seed() -> None:
    exercise = EXERCISES[10]
    names = [[s.facts["case"] for s in exercise.scenarios(__import__("random").Random(seed),
                                                              False)] for seed in range(6)]
    assert len({tuple(n) for n in names}) > 1
