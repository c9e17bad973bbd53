"""What an exercise is, as data: its story, the function the learner writes, the rules its check
grades, and the scenarios it draws.

An exercise's ``scenarios(rng, shown)`` returns the cases to run: the shown ones are fixed and
printed in the notebook; the hidden ones are drawn from ``rng`` (seeded by the checker with a value
the learner never sees). ``grade(run)`` judges one ``Run`` — the learner's return value and the
calls the sandbox logged — rule by rule.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..catalogue import Words
from ..sandbox.tenant_admin import LoggedRequest


@dataclass(frozen=True)
class Rule:
    """One thing the check verifies on the wire or in the answer, with the hint shown when it
    fails: the concept to look at, never the answer."""

    id: str
    text: Words
    hint: Words


@dataclass
class Scenario:
    """One case: how to arrange the tenant (``arrange`` runs it against the sandbox and returns
    the arguments for the learner's function), and what the grader needs to know."""

    name: Words | str
    shown: bool
    arrange: Callable[[Any], dict[str, Any]]
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Miss:
    """A failed rule, with what exactly to fix ("POST /api/v2/sdk/login/weibo sent no X-agent
    header"). False in a condition, so a grade can be read like a bool."""

    why: Words

    def __bool__(self) -> bool:
        return False


def held(why_not: Words | None) -> bool | Miss:
    """True when there is nothing to fix, else the ``Miss`` naming it."""
    return True if why_not is None else Miss(why_not)


@dataclass
class Run:
    """The learner's function run on one scenario."""

    scenario: Scenario
    kwargs: dict[str, Any]
    returned: Any
    error: BaseException | None
    """What the function raised (a ``LearnerError`` from the child process), if anything."""
    calls: list[LoggedRequest]
    base_url: str
    tenant: Any

    @property
    def api_calls(self) -> list[LoggedRequest]:
        """What the learner's code sent to the tenant (not the admin API, not Weibo)."""
        return [c for c in self.calls if c.kind == "api"]

    def to(self, path: str, method: str | None = None) -> list[LoggedRequest]:
        return [c for c in self.api_calls if c.path == path and (method is None or
                                                                  c.method == method)]


Grades = Mapping[str, bool | Miss | None]
"""Rule id → held (True), failed (False, or a ``Miss`` that says what to fix), not applicable to
this scenario (None)."""


@dataclass(frozen=True)
class Exercise:
    number: int
    slug: str
    title: Words
    story: Words
    function: str
    """The name of the function the learner writes."""
    scaffold: str
    """The function's signature and docstring, with the body left to write."""
    rules: Sequence[Rule]
    scenarios: Callable[[random.Random, bool], list[Scenario]]
    grade: Callable[[Run], Grades]
    concept: Words
    """One sentence: what this exercise teaches (the docs page's lead)."""
    try_it: str = ""
    """A line the notebook's shown-scenario cell runs to call the function once."""
    flow_page: tuple[str, Words] | None = None
    """The docs page (path from the site's root, ``flows/….md``, and title) that walks the flow
    this exercise builds, linked from the exercise's page."""

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)
