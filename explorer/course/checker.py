"""Running a learner's solution against fresh sandbox scenarios and judging what went over the wire.

``run_check(exercise, solution)`` starts the learner's code in a child process (``isolation``) and
an embedded sandbox, and for each scenario — the shown ones, then hidden ones drawn from a seed
that never leaves this process — resets the tenant, arranges it, sends the child the public
inputs, reads the request log since the arrangement itself and lets the exercise grade the run.
A rule fails if it failed on any scenario; the verdict's hint is the first failed rule's. A hang,
a crash, an import of the grader or an admin write stops the check as a fail that says so.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from typing import Any

from ..catalogue import Words
from ..sandbox.server import EmbeddedSandbox
from ..sandbox.tenant_admin import LoggedRequest
from .isolation import (
    DEFAULT_TIMEOUT,
    Learner,
    LearnerError,
    Outcome,
    Problem,
    Solution,
    Unserialisable,
    problem,
)
from .isolation import WORDS as PROBLEMS
from .model import Exercise, Miss, Run, Scenario
from .tenant import Tenant
from .verdict import WORDS, RuleResult, Verdict

LEARNER_READS = ("/sandbox/captcha/", "/sandbox/outbox", "/sandbox/clock")
"""Admin paths a solution may GET: the user's drag, their phone, the sandbox's clock."""


def run_check(exercise: Exercise, solution: Solution | Callable[..., Any], *,
              language: str = "en", seed: int | None = None,
              timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """The verdict of ``solution`` (or of the code that defined a function) on ``exercise``;
    ``seed`` fixes the hidden scenarios (tests); ``timeout``: seconds the learner's code may
    spend in all."""
    if not isinstance(solution, Solution):
        solution = Solution.of(solution)
    started = time.perf_counter()
    seed = secrets.randbits(32) if seed is None else seed
    rng = random.Random(seed)
    shown = exercise.scenarios(random.Random(exercise.number), True)
    hidden = exercise.scenarios(rng, False)
    failed_on: dict[str, Words | str] = {}
    details: dict[str, Words] = {}
    held: set[str] = set()
    errors: dict[str, list[str]] = {}
    """Each distinct exception (with its line) → the scenarios it was raised on."""
    stopped: Problem | None = None
    with Learner(solution, timeout) as learner, \
            EmbeddedSandbox(fixtures="none", seed=seed % 1000 + 1) as sandbox:
        tenant = Tenant(sandbox.base_url, rng)
        try:
            loaded = learner.load()
            if isinstance(loaded, LearnerError):
                errors[_raised(loaded, language)] = []
            stopped = loaded if isinstance(loaded, Problem) else None
            for scenario in [*shown, *hidden] if loaded is None else []:
                tenant.reset()
                kwargs = scenario.arrange(tenant)
                since = tenant.last_log_id()
                outcome = learner.call(kwargs)
                calls = tenant.log(since)
                stopped = outcome.problem or _tampered(outcome, calls)
                if stopped is not None:
                    break
                for error in _errors(outcome, bool(scenario.facts.get("refuse")), language):
                    errors.setdefault(error, []).append(_where(scenario, language))
                run = Run(scenario, kwargs, outcome.returned, outcome.raised, calls,
                          sandbox.base_url, tenant)
                for rule_id, ok in exercise.grade(run).items():
                    if (ok is False or isinstance(ok, Miss)) and rule_id not in failed_on:
                        failed_on[rule_id] = scenario.name if scenario.shown else ""
                        if isinstance(ok, Miss):
                            details[rule_id] = ok.why
                    elif ok:
                        held.add(rule_id)
        finally:
            tenant.close()
    results = tuple(
        RuleResult(rule, False if rule.id in failed_on else (True if rule.id in held else None),
                   failed_on.get(rule.id), details.get(rule.id))
        for rule in exercise.rules)
    return Verdict(exercise, results, language, time.perf_counter() - started,
                   len(shown), len(hidden), tuple(_on(e, w, language) for e, w in errors.items()),
                   stopped,
                   learner.output)


def _tampered(outcome: Outcome, calls: list[LoggedRequest]) -> Problem | None:
    """An import of the grader, or an admin call beyond the reads a solution needs."""
    if outcome.grader_import:
        return problem("grader_import", module=outcome.grader_import)
    for call in calls:
        if call.admin and not (call.method == "GET" and call.path.startswith(LEARNER_READS)):
            return problem("admin_write", call=f"{call.method} {call.path}")
    return None


def _errors(outcome: Outcome, refusal_expected: bool, language: str) -> list[str]:
    """What to show of this call's exception or unusable answer (an expected refusal, as in
    exercise 3's forged tokens, is not an error)."""
    if outcome.raised is not None and not refusal_expected:
        return [_raised(outcome.raised, language)]
    if isinstance(outcome.returned, Unserialisable):
        return [PROBLEMS["unserialisable"](language).format(type=outcome.returned.type)]
    return []


def _where(scenario: Scenario, language: str) -> str:
    """The shown scenario's name, or "" for a hidden one."""
    if not scenario.shown:
        return ""
    return scenario.name if isinstance(scenario.name, str) else scenario.name(language)


def _on(error: str, wheres: list[str], language: str) -> str:
    """The error, its first line followed by the scenarios it happened on."""
    named = list(dict.fromkeys(w for w in wheres if w))
    hidden = sum(1 for w in wheres if not w)
    if hidden:
        named.append(WORDS["hidden_n"](language).format(n=hidden))
    if not named:
        return error
    head, _, rest = error.partition("\n")
    comma = "、" if language.startswith("zh") else ", "
    return f"{head} ({comma.join(named)})" + (f"\n{rest}" if rest else "")


def _raised(error: LearnerError, language: str) -> str:
    """``KeyError: 'captcha_token'`` and, below, the learner's own line."""
    lines = [f"{error.kind}: {error.message[:200]}" if error.message else error.kind]
    if error.line is not None:
        at = ("at_line" if error.function and error.function != "<module>"
              else "at_module_line")
        lines.append("  " + WORDS[at](language).format(line=error.line, function=error.function))
        if error.code:
            lines.append(f"    {error.code}")
    return "\n".join(lines)
