"""How long ``course check N`` takes, per exercise, with the reference solution: the whole check
(the learner's child process and the embedded sandbox starting, every shown and hidden scenario,
the request log read, grading) and the part a learner's own ``httpx.post`` calls cost. The
issue's budget is 3 s a check.

    python3 benchmarks/course_checks.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from explorer.course import EXERCISES, Solution, run_check

SOLUTIONS = Path(__file__).resolve().parents[1] / "tests" / "course" / "solutions"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{'#':>3}  {'exercise':<46} {'scenarios':>9}  {'median s':>8}  {'max s':>6}")
    for number, exercise in EXERCISES.items():
        solution = Solution.file(SOLUTIONS / f"ex{number:02d}.py", exercise.function)
        seconds, scenarios = [], 0
        for round_ in range(args.rounds):
            started = time.perf_counter()
            verdict = run_check(exercise, solution, seed=1000 + round_)
            seconds.append(time.perf_counter() - started)
            scenarios = verdict.shown + verdict.hidden
            assert verdict.passed, str(verdict)
        print(f"{number:>3}  {exercise.title.en[:46]:<46} {scenarios:>9}  "
              f"{statistics.median(seconds):>8.2f}  {max(seconds):>6.2f}")
    started = time.perf_counter()
    import httpx

    for _ in range(10):
        httpx.Client().close()
    print(f"\nfor scale: one new httpx.Client (what each bare httpx.post builds) costs "
          f"{(time.perf_counter() - started) / 10 * 1000:.0f} ms on this machine now")


if __name__ == "__main__":
    main()
