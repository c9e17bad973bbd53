"""The "Course" section of the site, generated from the exercises' own data: one page per
exercise (story in both languages, the rules its check verifies — never the hidden data — and how
to start it locally), an overview, and the trainer's page about ``course report``.

``covered()`` feeds the coverage gate: an exercise counts when its page can be written in full
(story, concept, every rule and hint in English and Chinese) and its reference solution exists.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..course.exercises import EXERCISES
from ..course.model import Exercise
from ..course.workspace import notebook_name

FOLDER = "course"
INDEX = f"{FOLDER}/index.md"
TRAINER = f"{FOLDER}/trainer.md"
REPORT_KEY = "course report"


def key(exercise: Exercise) -> str:
    """The coverage key of one exercise's page: ``course 4``."""
    return f"course {exercise.number}"


def page_path(exercise: Exercise) -> str:
    return f"{FOLDER}/{exercise.number:02d}-{exercise.slug}.md"


def _complete(exercise: Exercise) -> bool:
    texts = [exercise.title, exercise.story, exercise.concept]
    texts += [t for rule in exercise.rules for t in (rule.text, rule.hint)]
    has_solution = find_spec(f"explorer.course.solutions.ex{exercise.number:02d}") is not None
    return bool(exercise.rules) and has_solution and all(t.en.strip() and t.zh.strip()
                                                         for t in texts)


def covered() -> dict[str, tuple[str, ...]]:
    """Coverage keys the course pages provide, with the page that provides each."""
    found: dict[str, tuple[str, ...]] = {key(e): (page_path(e)[:-3],) for e in EXERCISES.values() if _complete(e)}
    found[REPORT_KEY] = (TRAINER[:-3],)
    return found


def required() -> tuple[str, ...]:
    return tuple(key(e) for e in EXERCISES.values()) + (REPORT_KEY,)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def exercise_page(exercise: Exercise) -> str:
    shown = len(exercise.scenarios(__import__("random").Random(exercise.number), True))
    rules = "\n".join(f"| `{r.id}` | {_cell(r.text.en)} | {_cell(r.text.zh)} |"
                      for r in exercise.rules)
    n = exercise.number
    return "\n".join([
        f"# {n}. {exercise.title.en} · {exercise.title.zh}", "",
        f"*{exercise.concept.en}*  ", f"*{exercise.concept.zh}*", "",
        '=== "English"', "", _indent(exercise.story.en), "",
        '=== "中文"', "", _indent(exercise.story.zh), "",
        "## The function you write · 你要编写的函数", "",
        "```python", exercise.scaffold.rstrip(), "```", "",
        "Plain httpx and pyjwt, as in your own app. · 使用普通的 httpx 和 pyjwt，与你自己的应用一样。", "",
        "## What the check verifies · 检查的规则", "",
        f"`check({n})` runs your function on a fresh sandbox tenant per scenario: {shown} shown "
        "in the notebook, and hidden ones drawn from a new secret seed at every check, so a "
        "hard-coded answer fails. It grades what your code returned **and what it sent**, read "
        "from the sandbox's request log (`GET /sandbox/requests`). Each rule that fails comes "
        "with a hint about the concept, in your language.", "",
        f"`check({n})` 为每个场景启动全新的沙箱租户运行你的函数：{shown} 个公开场景，以及每次检查用新的"
        "秘密种子抽取的隐藏场景，因此写死的答案无法通过。它既检查函数的返回值，**也检查它发送了什么**"
        "（读取沙箱请求日志 `GET /sandbox/requests`）。每条未通过的规则都会附带一条指向概念的提示。", "",
        "| Rule | English | 中文 |", "|---|---|---|", rules, "",
        "## Start it locally · 本地开始", "",
        "```bash",
        f"weibo-explorer course start {n}            # --lang zh for Chinese / 中文",
        "weibo-explorer lab --dir weibo-course",
        "```", "",
        f"Open `{notebook_name(exercise)}`, write the function, run its cell, then the "
        f"`check({n})` cell. From a terminal: `weibo-explorer course check {n} --file "
        f"solution.py`; stuck: `weibo-explorer course hint {n}`.", "",
        f"打开 `{notebook_name(exercise)}`，编写函数并运行，再运行 `check({n})` 单元格。终端中："
        f"`weibo-explorer course check {n} --file solution.py`；需要提示：`weibo-explorer course "
        f"hint {n}`。", "",
    ])


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.splitlines())


def index_page() -> str:
    rows = "\n".join(f"| {e.number} | [{e.title.en}]({Path(page_path(e)).name}) | {e.title.zh} "
                     f"| {_cell(e.concept.en)} |" for e in EXERCISES.values())
    return "\n".join([
        "# Course · 课程", "",
        "Short exercises a newcomer solves with their own httpx/pyjwt code against the sandbox, "
        "checked at once by what the sandbox saw on the wire: headers kept across a flow, a "
        "state_token used once, a code sent to the right phone, retries timed on the sandbox "
        "clock, an id_token refused without a JWKS verification. Hints and verdicts in English "
        "and Chinese.", "",
        "新人用自己的 httpx/pyjwt 代码在沙箱上完成的简短练习，并根据沙箱在网络上看到的内容立即评判。"
        "提示和结果支持中英文。", "",
        "```bash", "weibo-explorer course list", "weibo-explorer course start 1",
        "weibo-explorer lab --dir weibo-course", "```", "",
        "| # | Exercise | 练习 | Teaches |", "|---|---|---|---|", rows, "",
        "For trainers: [the team report](trainer.md).", "",
    ])


def trainer_page() -> str:
    return "\n".join([
        "# For trainers: `course report` · 培训者：团队报告", "",
        "Each learner's progress lives in `weibo-course/progress.json` on their machine — "
        "nothing leaves it. Per exercise it records when it was started, the attempts, whether "
        "it is done, the last result with the rules that failed, and the time from `course "
        "start` to the first pass.", "",
        "学员的进度保存在自己机器上的 `weibo-course/progress.json`，不会外传。每个练习记录开始时间、"
        "尝试次数、是否完成、最近结果及未通过的规则，以及从 `course start` 到首次通过的时间。", "",
        "Collect the files in a folder (any names: `alice.json`, `team-b/progress.json`, …) and "
        "run:", "",
        "```bash",
        "weibo-explorer course report --out team.html progress-files/",
        "weibo-explorer course report --format json progress-files/ > team.json",
        "```", "",
        "The HTML is one offline page (no script, no fetch): a table of learners × exercises. "
        "A green cell is a passed exercise with its attempts and time to first pass; an orange "
        "cell is started but not passed, with the rules that failed last — where to help. The "
        "JSON has the same numbers for your own tools.", "",
        "HTML 是一个离线页面（无脚本、无外部请求）：学员 × 练习的表格。绿色单元格为已通过，附尝试次数和"
        "首次通过用时；橙色单元格为已开始未通过，附最近未通过的规则——即需要帮助之处。JSON 包含相同数据。",
        "",
        "Learners can start over with `weibo-explorer course reset N` (their notebook is kept as "
        "a dated `.bak` copy); `--dir` picks another workspace.", "",
    ])


def write(stage: Path) -> list[Any]:
    """Write the course pages into the staged docs; the section's navigation."""
    folder = stage / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (stage / INDEX).write_text(index_page(), encoding="utf-8")
    (stage / TRAINER).write_text(trainer_page(), encoding="utf-8")
    nav: list[Any] = [{"Overview": INDEX}]
    for exercise in EXERCISES.values():
        (stage / page_path(exercise)).write_text(exercise_page(exercise), encoding="utf-8")
        nav.append({f"{exercise.number}. {exercise.title.en}": page_path(exercise)})
    nav.append({"For trainers": TRAINER})
    return nav
