"""Running a learner's function against fresh sandbox scenarios and judging what went over the wire.

``run_check(exercise, function)`` starts an embedded sandbox, and for each scenario — the shown
ones, then hidden ones drawn from a seed the learner never sees — resets the tenant, arranges it,
calls the function, reads the request log since the arrangement and lets the exercise grade the
run. A rule fails if it failed on any scenario; the verdict's hint is the first failed rule's.
"""

from __future__ import annotations

import random
import secrets
import time
import traceback
from typing import Any, Callable

from ..contract import Text
from ..sandbox.server import EmbeddedSandbox
from .model import Exercise, Run
from .tenant import Tenant
from .verdict import RuleResult, Verdict


def run_check(exercise: Exercise, function: Callable[..., Any], *, language: str = "en",
              seed: int | None = None) -> Verdict:
    """The verdict of ``function`` on ``exercise``; ``seed`` fixes the hidden scenarios (tests)."""
    started = time.perf_counter()
    seed = secrets.randbits(32) if seed is None else seed
    rng = random.Random(seed)
    shown = exercise.scenarios(random.Random(exercise.number), True)
    hidden = exercise.scenarios(rng, False)
    failed_on: dict[str, Text | str] = {}
    held: set[str] = set()
    errors: list[str] = []
    with EmbeddedSandbox(fixtures="none", seed=seed % 1000 + 1) as sandbox:
        tenant = Tenant(sandbox.base_url, rng)
        try:
            for scenario in [*shown, *hidden]:
                tenant.reset()
                kwargs = scenario.arrange(tenant)
                since = tenant.last_log_id()
                returned, error = None, None
                try:
                    returned = function(**kwargs)
                except Exception as exc:  # the learner's bug is graded, not raised
                    error = exc
                    name = scenario.name(language) if isinstance(scenario.name, Text) else (
                        scenario.name)
                    where = f" ({name})" if scenario.shown else ""
                    if not scenario.facts.get("refuse"):
                        errors.append(f"{type(exc).__name__}: {str(exc)[:200]}{where}"
                                      + _line(exc, function))
                run = Run(scenario, kwargs, returned, error,
                          tenant.log(since), sandbox.base_url, tenant)
                for rule_id, ok in exercise.grade(run).items():
                    if ok is False and rule_id not in failed_on:
                        failed_on[rule_id] = scenario.name if scenario.shown else ""
                    elif ok:
                        held.add(rule_id)
        finally:
            tenant.close()
    results = tuple(
        RuleResult(rule, False if rule.id in failed_on else (True if rule.id in held else None),
                   failed_on.get(rule.id))
        for rule in exercise.rules)
    return Verdict(exercise, results, language, time.perf_counter() - started,
                   len(shown), len(hidden), tuple(dict.fromkeys(errors)))


def _line(exc: BaseException, function: Callable[..., Any]) -> str:
    """Where in the learner's own code it raised (not inside httpx or pyjwt)."""
    code = getattr(function, "__code__", None)
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if code is not None and f.filename == code.co_filename]
    return f" [line {frames[-1].lineno}]" if frames else ""
