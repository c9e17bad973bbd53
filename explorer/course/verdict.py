"""The verdict card: which rules held, which failed, and one hint that points at the concept.

Shown the same way in a notebook (static HTML), a terminal (text, Rich) and saved as JSON in the
learner's progress. Hidden scenarios are named only as "a hidden scenario": their data stays
secret, so the hint is about the concept, never about the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from ..catalogue import Msg, Words

if TYPE_CHECKING:
    from .isolation import Problem
    from .model import Exercise, Rule

WORDS = {
    "pass": Msg("PASSED"),
    "fail": Msg("NOT YET"),
    "held": Msg("held"),
    "failed": Msg("failed"),
    "unused": Msg("not exercised"),
    "hint": Msg("Hint"),
    "colon": Msg(": "),
    "hidden": Msg("a hidden scenario"),
    "hidden_n": Msg("{n} hidden scenario(s)"),
    "on": Msg(" (on {name})"),
    "scenarios": Msg("{shown} shown + {hidden} hidden scenarios, {seconds:.2f} s"),
    "raised": Msg("Your code raised (fix this first)"),
    "at_line": Msg("line {line}, in {function}()"),
    "at_module_line": Msg("line {line}"),
    "stopped": Msg("Check stopped"),
    "printed": Msg("Your code printed"),
    "next": Msg("Well done. Next: weibo-explorer course start {n}"),
}

_STYLE = """
div.wle-verdict{font:14px/1.45 system-ui,sans-serif;border:2px solid #b00020;border-radius:8px;
padding:10px 14px;max-width:760px}
div.wle-verdict.pass{border-color:#1b7f3b}
div.wle-verdict h3{margin:0 0 6px;font-size:16px}
div.wle-verdict ul{list-style:none;padding:0;margin:6px 0}
div.wle-verdict li{margin:2px 0}
div.wle-verdict .held{color:#1b7f3b}div.wle-verdict .failed{color:#b00020}
div.wle-verdict .unused{color:#777}
div.wle-verdict .hint{background:#fff7d6;border-radius:6px;padding:6px 10px;margin-top:6px}
div.wle-verdict small{color:#555}
div.wle-verdict pre{white-space:pre-wrap;font-size:12px;margin:4px 0}
div.wle-verdict .fix{color:#5a0010;font-size:13px;padding-left:1.2em}
div.wle-verdict .raised,div.wle-verdict .stopped{background:#fde8ec;border-radius:6px;
padding:6px 10px;margin:6px 0}
"""


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    held: bool | None
    """True: held on every scenario; False: failed on one; None: no scenario exercised it."""
    failed_on: Words | str | None = None
    """The shown scenario it failed on, or "" for a hidden one."""
    detail: Words | None = None
    """What exactly to fix, as the grader saw it on the wire (the header, the call)."""

    def fix(self, language: str) -> str:
        return self.detail(language) if self.detail is not None and self.held is False else ""

    def where(self, language: str) -> str:
        if self.held is not False:
            return ""
        name = self.failed_on or WORDS["hidden"]
        name = name if isinstance(name, str) else name(language)
        return WORDS["on"](language).format(name=name)


@dataclass(frozen=True)
class Verdict:
    exercise: Exercise
    rules: tuple[RuleResult, ...]
    language: str
    seconds: float
    shown: int
    hidden: int
    errors: tuple[str, ...] = ()
    """What the learner's function raised, each with its line: shown before any rule."""
    problem: Problem | None = None
    """Why the check stopped (a hang, a crash, tampering): always a fail."""
    output: str = ""
    """The tail of what the learner's code printed."""

    @property
    def passed(self) -> bool:
        return (self.problem is None and all(r.held is not False for r in self.rules)
                and any(r.held for r in self.rules))

    @property
    def failed_rules(self) -> list[str]:
        return [r.rule.id for r in self.rules if r.held is False]

    @property
    def hint(self) -> str | None:
        """The first failed rule's hint, in the verdict's language."""
        failed = [r for r in self.rules if r.held is False]
        return failed[0].rule.hint(self.language) if failed else None

    def as_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise.number, "passed": self.passed,
                "rules": {r.rule.id: r.held for r in self.rules},
                "failed_rules": self.failed_rules, "hint": self.hint,
                "seconds": round(self.seconds, 3), "shown": self.shown, "hidden": self.hidden,
                "errors": list(self.errors),
                "problem": self.problem.kind if self.problem else None,
                "problem_text": self.problem.message(self.language) if self.problem else None,
                "details": {r.rule.id: r.fix(self.language) for r in self.rules if r.fix("en")}}

    def _headline(self) -> str:
        lang = self.language
        mark = WORDS["pass" if self.passed else "fail"](lang)
        return f"{mark} · {self.exercise.number}. {self.exercise.title(lang)}"

    def _summary(self) -> str:
        return WORDS["scenarios"](self.language).format(shown=self.shown, hidden=self.hidden,
                                                         seconds=self.seconds)

    def _state(self, result: RuleResult) -> str:
        return "held" if result.held else ("failed" if result.held is False else "unused")

    def _repr_html_(self) -> str:
        lang = self.language
        marks = {"held": "✔", "failed": "✘", "unused": "·"}
        items = "".join(
            f'<li class="{self._state(r)}">{marks[self._state(r)]} {escape(r.rule.text(lang))}'
            f"{escape(r.where(lang))}"
            + (f'<br><span class="fix">→ {escape(r.fix(lang))}</span>' if r.fix(lang) else "")
            + "</li>" for r in self.rules)
        parts = [f'<div class="wle-verdict {"pass" if self.passed else "fail"}" '
                 f'lang="{"zh" if lang.startswith("zh") else "en"}"><style>{_STYLE}</style>',
                 f"<h3>{escape(self._headline())}</h3>"]
        if self.problem:
            parts.append(f'<div class="stopped"><strong>{WORDS["stopped"](lang)}:</strong> '
                         f"{escape(self.problem.message(lang))}</div>")
        if self.errors:
            parts.append(f'<div class="raised"><strong>{WORDS["raised"](lang)}:</strong><pre>'
                         + escape("\n".join(self.errors)) + "</pre></div>")
        parts.append(f"<ul>{items}</ul>")
        if self.hint:
            colon = WORDS["colon"](lang)
            parts.append(f'<div class="hint"><strong>{WORDS["hint"](lang)}{colon}</strong>'
                         f"{escape(self.hint)}</div>")
        if self.output:
            parts.append(f"<small>{WORDS['printed'](lang)}:</small><pre>"
                         + escape(self.output) + "</pre>")
        if self.passed and self.exercise.number < 10:
            parts.append(f"<p>{escape(WORDS['next'](lang).format(n=self.exercise.number + 1))}</p>")
        parts.append(f"<small>{escape(self._summary())}</small></div>")
        return "".join(parts)

    def __str__(self) -> str:
        lang = self.language
        marks = {"held": "[ok]", "failed": "[X] ", "unused": "[-] "}
        lines = [self._headline(), ""]
        if self.problem:
            colon = WORDS["colon"](lang)
            lines += [f"{WORDS['stopped'](lang)}{colon}{self.problem.message(lang)}", ""]
        if self.errors:
            lines += [f"{WORDS['raised'](lang)}:"] + [
                "  " + e.replace("\n", "\n  ") for e in self.errors] + [""]
        for r in self.rules:
            lines.append(f"  {marks[self._state(r)]} {r.rule.text(lang)}{r.where(lang)}")
            if r.fix(lang):
                lines.append(f"        → {r.fix(lang)}")
        if self.hint:
            lines += ["", f"{WORDS['hint'](lang)}{WORDS['colon'](lang)}{self.hint}"]
        if self.output:
            lines += ["", f"{WORDS['printed'](lang)}:", self.output.rstrip()]
        if self.passed and self.exercise.number < 10:
            lines += ["", WORDS["next"](lang).format(n=self.exercise.number + 1)]
        lines += ["", self._summary()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": str(self)}

    def __rich__(self) -> Any:
        from rich.panel import Panel
        from rich.text import Text as RichText

        lang = self.language
        body = RichText()
        styles = {"held": "green", "failed": "bold red", "unused": "dim"}
        marks = {"held": "✔", "failed": "✘", "unused": "·"}
        if self.problem:
            body.append(f"{WORDS['stopped'](lang)}: {self.problem.message(lang)}\n\n",
                        style="bold red")
        if self.errors:
            body.append(f"{WORDS['raised'](lang)}:\n", style="bold red")
            for error in self.errors:
                body.append(f"{error}\n", style="red")
            body.append("\n")
        for r in self.rules:
            state = self._state(r)
            body.append(f"{marks[state]} {r.rule.text(lang)}{r.where(lang)}\n",
                        style=styles[state])
            if r.fix(lang):
                body.append(f"    → {r.fix(lang)}\n", style="red")
        if self.hint:
            body.append(f"\n{WORDS['hint'](lang)}: {self.hint}\n", style="yellow")
        if self.output:
            body.append(f"\n{WORDS['printed'](lang)}:\n{self.output.rstrip()}\n", style="dim")
        body.append(f"\n{self._summary()}", style="dim")
        return Panel(body, title=self._headline(),
                     border_style="green" if self.passed else "red")
