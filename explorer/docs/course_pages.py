"""The "Course" section of the site, generated from the exercises' own data: one page per
exercise (its story, the rules its check verifies — never the hidden data — and how
to start it locally), an overview, and the trainer's page about ``course report``.

``covered()`` feeds the coverage gate: an exercise counts when its page can be written in full
(story, concept, every rule and hint in English and Chinese) and its reference solution exists
(in ``tests/course/solutions/``: kept with the tests, out of the installed package, so a
learner's code cannot import it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..catalogue import SOURCE_LANGUAGE, Msg, code_of
from ..course.exercises import EXERCISES
from ..course.isolation import DEFAULT_TIMEOUT
from ..course.model import Exercise
from ..course.workspace import notebook_name

FOLDER = "course"
INDEX = f"{FOLDER}/index.md"
TRAINER = f"{FOLDER}/trainer.md"
REPORT_KEY = "course report"
SOLUTIONS = Path(__file__).resolve().parents[2] / "tests" / "course" / "solutions"


def key(exercise: Exercise) -> str:
    """The coverage key of one exercise's page: ``course 4``."""
    return f"course {exercise.number}"


def page_path(exercise: Exercise) -> str:
    return f"{FOLDER}/{exercise.number:02d}-{exercise.slug}.md"


def _complete(exercise: Exercise) -> bool:
    texts = [exercise.title, exercise.story, exercise.concept]
    texts += [t for rule in exercise.rules for t in (rule.text, rule.hint)]
    has_solution = (SOLUTIONS / f"ex{exercise.number:02d}.py").is_file()
    return bool(exercise.rules) and has_solution and all(t('en').strip() and t('zh').strip()
                                                         for t in texts)


def covered() -> dict[str, tuple[str, ...]]:
    """Coverage keys the course pages provide, with the page that provides each."""
    found: dict[str, tuple[str, ...]] = {key(e): (page_path(e)[:-3],)
                                         for e in EXERCISES.values() if _complete(e)}
    found[REPORT_KEY] = (TRAINER[:-3],)
    return found


def required() -> tuple[str, ...]:
    return tuple(key(e) for e in EXERCISES.values()) + (REPORT_KEY,)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


WORDS = {
    "course": Msg("Course"),
    "overview": Msg("Overview"),
    "for_trainers": Msg("For trainers"),
    "exercise": Msg("Exercise"),
    "teaches": Msg("Teaches"),
    "rule": Msg("Rule"),
    "what_it_checks": Msg("What it checks"),
}
"""The section's short words (headings, columns, navigation), keyed for the catalogue's context."""


def _lang_option(language: str) -> str:
    """`` --lang <code>`` for a command shown in an edition other than English's."""
    code = code_of(language)
    return "" if code == SOURCE_LANGUAGE else f" --lang {code}"


def exercise_page(exercise: Exercise, language: str = "en") -> str:
    """One exercise's page in ``language`` only (code stays code): story, the function to write,
    the rules its check verifies, how to start it locally."""
    shown = len(exercise.scenarios(__import__("random").Random(exercise.number), True))
    rules = "\n".join(f"| `{r.id}` | {_cell(r.text(language))} |" for r in exercise.rules)
    n = exercise.number
    return "\n".join([
        f"# {n}. {exercise.title(language)}", "",
        f"*{exercise.concept(language)}*", "",
        exercise.story(language), "",
        "## " + Msg("The function you write")(language), "",
        "```python", exercise.scaffold.rstrip(), "```", "",
        Msg("Plain httpx and pyjwt, as in your own app.")(language), "",
        "## " + Msg("What the check verifies")(language), "",
        Msg("`check({n})` runs your function on a fresh sandbox tenant per scenario: {shown} shown "
            "in the notebook, and hidden ones drawn from a new secret seed at every check, so a "
            "hard-coded answer fails. It grades what your code returned **and what it sent**, "
            "read from the sandbox's request log (`GET /sandbox/requests`). Each rule that fails "
            "comes with a hint about the concept and a line naming what exactly to fix (the "
            "missing header, the call that changed the device, the code type sent), in your "
            "language.")(language)
        .format(n=n, shown=shown), "",
        Msg("Your code runs apart from the checker, in a Python process of its own that gets "
            "only the scenario's public inputs — never the hidden seed, never the checker's "
            "objects — and hands back what your function returned or raised. A check may spend "
            "{timeout} s in your code (`--timeout`); a hang, a crash, an import of the checker "
            "or a change to the sandbox through its admin API stops it as a fail that says so. "
            "If your function raises, the exception comes first, with your line, before any "
            "rule.")(language)
        .format(timeout=f"{DEFAULT_TIMEOUT:g}"), "",
        f"| {WORDS['rule'](language)} | {WORDS['what_it_checks'](language)} |", "|---|---|",
        rules, "",
        *_flow_link(exercise, language),
        "## " + Msg("Start it locally")(language), "",
        "```bash",
        f"weibo-explorer course start {n}{_lang_option(language)}",
        "weibo-explorer lab --dir weibo-course",
        "```", "",
        _sentences(
            Msg("Open `{notebook}`, write the function, run its cell, then the `check({n})` "
                "cell. From a terminal: `weibo-explorer course check {n} --file solution.py`; "
                "stuck: `weibo-explorer course hint {n}`.")(language)
            .format(notebook=notebook_name(exercise), n=n),
            _terminal_language(language)), "",
    ])


def _terminal_language(language: str) -> str:
    """For an edition other than English's: the commands follow the terminal's language."""
    if code_of(language) == SOURCE_LANGUAGE:
        return ""
    return Msg("When your terminal's language is Chinese (`LANG=zh_CN.UTF-8`), the commands "
               "speak Chinese without `--lang zh` too.")(language)


def _sentences(*said: str) -> str:
    """Sentences of one paragraph: a space after a Latin full stop, none after a CJK one (。)."""
    out = ""
    for sentence in filter(None, said):
        out += sentence if not out or out.endswith("。") else " " + sentence
    return out


def _flow_link(exercise: Exercise, language: str) -> list[str]:
    """The flow page that walks what this exercise builds (the page links back)."""
    if exercise.flow_page is None:
        return []
    path, title = exercise.flow_page
    said = Msg("The flow this exercise builds, walked step by step: [{title}](../{path}).")
    return [said(language).format(title=title(language), path=path), ""]


def index_page(language: str = "en") -> str:
    """The course's overview in ``language`` only: what the exercises are, one row each."""
    rows = "\n".join(f"| {e.number} | [{e.title(language)}]({Path(page_path(e)).name}) "
                     f"| {_cell(e.concept(language))} |" for e in EXERCISES.values())
    return "\n".join([
        "# " + WORDS["course"](language), "",
        Msg("Short exercises a newcomer solves with their own httpx/pyjwt code against the "
            "sandbox, checked at once by what the sandbox saw on the wire: headers kept across a "
            "flow, a state_token used once, a code sent to the right phone, retries timed on the "
            "sandbox clock, an id_token refused without a JWKS verification. Hints and verdicts "
            "in English and Chinese.")(language),
        "",
        "```bash", "weibo-explorer course list",
        f"weibo-explorer course start 1{_lang_option(language)}",
        "weibo-explorer lab --dir weibo-course", "```", "",
        f"| # | {WORDS['exercise'](language)} | {WORDS['teaches'](language)} |", "|---|---|---|",
        rows, "",
        Msg("For trainers: [the team report](trainer.md).")(language), "",
    ])


def trainer_page(language: str = "en") -> str:
    """The trainer's page about ``course report``, in ``language`` only."""
    return "\n".join([
        "# " + Msg("For trainers: `course report`")(language), "",
        Msg("Each learner's progress lives in `weibo-course/progress.json` on their machine — "
            "nothing leaves it. Per exercise it records when it was started, every attempt (how "
            "many failed, how many the check stopped as a hang, a crash or tampering), whether it "
            "is done, the last result with the rules that failed, and the time from `course "
            "start` to the first pass.")(language), "",
        Msg("Collect the files in a folder (any names: `alice.json`, `team-b/progress.json`, …) "
            "and run:")(language), "",
        "```bash",
        "weibo-explorer course report progress-files/            # "
        + Msg("writes {file}")(language).format(file="./course-report.html"),
        "weibo-explorer course report --lang zh --out team.html progress-files/",
        "weibo-explorer course report --format json --out - progress-files/ > team.json",
        "```", "",
        Msg("It writes a file and prints its path (`--out -` prints to the terminal instead). A "
            "progress file that does not read is skipped and named, the others still count. The "
            "HTML is one offline page (no script, no fetch): a table of learners × exercises, the "
            "most stuck learner first (most failed attempts on an unfinished exercise, then most "
            "time). Every cell counts every attempt: how many, how many failed, how many were "
            "stopped, the last result and the time spent; green is passed, orange started but "
            "not passed, with the rules that failed last — where to help. The JSON has the same "
            "numbers for your own tools.")(language), "",
        Msg("Learners can start over with `weibo-explorer course reset N` (their notebook is kept "
            "as a dated `.bak` copy); `--dir` picks another workspace.")(language), "",
    ])


def write(stage: Path, language: str = "en") -> list[Any]:
    """Write the course pages into the staged docs, in ``language`` only; the section's
    navigation, its titles in the same language."""
    folder = stage / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (stage / INDEX).write_text(index_page(language), encoding="utf-8")
    (stage / TRAINER).write_text(trainer_page(language), encoding="utf-8")
    nav: list[Any] = [{WORDS["overview"](language): INDEX}]
    for exercise in EXERCISES.values():
        (stage / page_path(exercise)).write_text(exercise_page(exercise, language),
                                                 encoding="utf-8")
        nav.append({f"{exercise.number}. {exercise.title(language)}": page_path(exercise)})
    nav.append({WORDS["for_trainers"](language): TRAINER})
    return nav
