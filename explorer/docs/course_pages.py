"""The "Course" section of the site, generated from the exercises' own data: one page per
exercise (story in both languages, the rules its check verifies — never the hidden data — and how
to start it locally), an overview, and the trainer's page about ``course report``.

``covered()`` feeds the coverage gate: an exercise counts when its page can be written in full
(story, concept, every rule and hint in English and Chinese) and its reference solution exists
(in ``tests/course/solutions/``: kept with the tests, out of the installed package, so a
learner's code cannot import it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def exercise_page(exercise: Exercise) -> str:
    shown = len(exercise.scenarios(__import__("random").Random(exercise.number), True))
    rules = "\n".join(f"| `{r.id}` | {_cell(r.text('en'))} | {_cell(r.text('zh'))} |"
                      for r in exercise.rules)
    n = exercise.number
    return "\n".join([
        f"# {n}. {exercise.title('en')} · {exercise.title('zh')}", "",
        f"*{exercise.concept('en')}*  ", f"*{exercise.concept('zh')}*", "",
        '=== "English"', "", _indent(exercise.story('en')), "",
        '=== "中文"', "", _indent(exercise.story('zh')), "",
        "## The function you write · 你要编写的函数", "",
        "```python", exercise.scaffold.rstrip(), "```", "",
        "Plain httpx and pyjwt, as in your own app. · 使用普通的 httpx 和 pyjwt，"
        "与你自己的应用一样。", "",
        "## What the check verifies · 检查的规则", "",
        f"`check({n})` runs your function on a fresh sandbox tenant per scenario: {shown} shown "
        "in the notebook, and hidden ones drawn from a new secret seed at every check, so a "
        "hard-coded answer fails. It grades what your code returned **and what it sent**, read "
        "from the sandbox's request log (`GET /sandbox/requests`). Each rule that fails comes "
        "with a hint about the concept and a line naming what exactly to fix (the missing "
        "header, the call that changed the device, the code type sent), in your language.", "",
        "Your code runs apart from the checker, in a Python process of its own that gets only "
        "the scenario's public inputs — never the hidden seed, never the checker's objects — and "
        "hands back what your function returned or raised. A check may spend "
        f"{DEFAULT_TIMEOUT:g} s in your code (`--timeout`); a hang, a crash, an import of the "
        "checker or a change to the sandbox "
        "through its admin API stops it as a fail that says so. If your function raises, the "
        "exception comes first, with your line, before any rule.", "",
        f"`check({n})` 为每个场景启动全新的沙箱租户运行你的函数：{shown} 个公开场景，"
        "以及每次检查用新的"
        "秘密种子抽取的隐藏场景，因此写死的答案无法通过。它既检查函数的返回值，"
        "**也检查它发送了什么**（读取沙箱请求日志 `GET /sandbox/requests`）。"
        "每条未通过的规则都会附带一条指向概念的提示，以及一行具体要修正的内容（缺少的请求头、"
        "改变了设备的那次调用、发送的验证码类型）。", "",
        "你的代码与检查程序分开运行：它在一个独立的 Python 进程中，"
        "只拿到场景的公开输入——拿不到隐藏的种子，也拿不到检查程序的对象——并把函数的返回值或异常交"
        "回。一次检查最多在你的代码中花费 "
        f"{DEFAULT_TIMEOUT:g} 秒（`--timeout`）；卡住、崩溃、导入检查程序或通过管理 API 修改沙箱，"
        "都会终止检查并记为未通过，"
        "同时说明原因。如果你的函数抛出异常，异常会连同出错的行排在所有规则之前显示。", "",
        "| Rule | English | 中文 |", "|---|---|---|", rules, "",
        *_flow_link(exercise),
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


def _flow_link(exercise: Exercise) -> list[str]:
    """The flow page that walks what this exercise builds (the page links back)."""
    if exercise.flow_page is None:
        return []
    path, title = exercise.flow_page
    return [f"The flow this exercise builds, walked step by step: [{title('en')}](../{path}). · "
            f"本练习要实现的流程的逐步演示：[{title('zh')}](../{path})。", ""]


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.splitlines())


def index_page() -> str:
    rows = "\n".join(f"| {e.number} | [{e.title('en')}]({Path(page_path(e)).name}) "
                     f"| {e.title('zh')} | {_cell(e.concept('en'))} |" for e in EXERCISES.values())
    return "\n".join([
        "# Course · 课程", "",
        "Short exercises a newcomer solves with their own httpx/pyjwt code against the sandbox, "
        "checked at once by what the sandbox saw on the wire: headers kept across a flow, a "
        "state_token used once, a code sent to the right phone, retries timed on the sandbox "
        "clock, an id_token refused without a JWKS verification. Hints and verdicts in English "
        "and Chinese.", "",
        "新人用自己的 httpx/pyjwt 代码在沙箱上完成的简短练习，并根据沙箱在网络上看到的内容"
        "立即评判。提示和结果支持中英文。", "",
        "```bash", "weibo-explorer course list", "weibo-explorer course start 1",
        "weibo-explorer lab --dir weibo-course", "```", "",
        "| # | Exercise | 练习 | Teaches |", "|---|---|---|---|", rows, "",
        "For trainers: [the team report](trainer.md).", "",
    ])


def trainer_page() -> str:
    return "\n".join([
        "# For trainers: `course report` · 培训者：团队报告", "",
        "Each learner's progress lives in `weibo-course/progress.json` on their machine — "
        "nothing leaves it. Per exercise it records when it was started, every attempt (how "
        "many failed, how many the check stopped as a hang, a crash or tampering), whether it "
        "is done, the last result with the rules that failed, and the time from `course start` "
        "to the first pass.", "",
        "学员的进度保存在自己机器上的 `weibo-course/progress.json`，不会外传。"
        "每个练习记录开始时间、全部尝试（其中未通过多少次、被检查以卡住、"
        "崩溃或篡改为由终止多少次）、是否完成、最近结果及未通过的规则，以及从 `course start` "
        "到首次通过的时间。", "",
        "Collect the files in a folder (any names: `alice.json`, `team-b/progress.json`, …) and "
        "run:", "",
        "```bash",
        "weibo-explorer course report progress-files/            # writes ./course-report.html",
        "weibo-explorer course report --lang zh --out team.html progress-files/",
        "weibo-explorer course report --format json --out - progress-files/ > team.json",
        "```", "",
        "It writes a file and prints its path (`--out -` prints to the terminal instead). A "
        "progress file that does not read is skipped and named, the others still count. The "
        "HTML is one offline page (no script, no fetch): a table of learners × exercises, the "
        "most stuck learner first (most failed attempts on an unfinished exercise, then most "
        "time). Every cell counts every attempt: how many, how many failed, how many were "
        "stopped, the last result and the time spent; green is passed, orange started but not "
        "passed, with the rules that failed last — where to help. The JSON has the same numbers "
        "for your own tools.", "",
        "它写出一个文件并打印其路径（`--out -` 则输出到终端）。读不了的进度文件会被跳过并列出名字，"
        "其他文件照常统计。HTML 是一个离线页面（无脚本、无外部请求）：学员 × 练习的表格，"
        "最卡住的学员排在最前（未完成练习上未通过次数最多者优先，其次用时最长）。"
        "每个单元格统计全部尝试：次数、未通过次数、被终止次数、最近结果和用时；绿色为已通过，"
        "橙色为已开始未通过，附最近未通过的规则——即需要帮助之处。JSON 包含相同数据。",
        "",
        "Learners can start over with `weibo-explorer course reset N` (their notebook is kept as "
        "a dated `.bak` copy); `--dir` picks another workspace.", "",
    ])


def exercise_page_zh(exercise: Exercise) -> str:
    """The exercise's page of the Chinese edition: Chinese only (code stays code)."""
    shown = len(exercise.scenarios(__import__("random").Random(exercise.number), True))
    rules = "\n".join(f"| `{r.id}` | {_cell(r.text('zh'))} |" for r in exercise.rules)
    n = exercise.number
    flow = ([f"本练习要实现的流程的逐步演示：[{exercise.flow_page[1]('zh')}]"
             f"(../{exercise.flow_page[0]})。", ""] if exercise.flow_page else [])
    return "\n".join([
        f"# {n}. {exercise.title('zh')}", "",
        f"*{exercise.concept('zh')}*", "",
        exercise.story('zh'), "",
        "## 你要编写的函数", "",
        "```python", exercise.scaffold.rstrip(), "```", "",
        "使用普通的 httpx 和 pyjwt，与你自己的应用一样。", "",
        "## 检查的规则", "",
        f"`check({n})` 为每个场景启动全新的沙箱租户运行你的函数：{shown} 个公开场景，"
        "以及每次检查用新的秘密种子抽取的隐藏场景，因此写死的答案无法通过。它既检查函数的返回值，"
        "**也检查它发送了什么**（读取沙箱请求日志 `GET /sandbox/requests`）。"
        "每条未通过的规则都会附带一条指向概念的提示，以及一行具体要修正的内容（缺少的请求头、"
        "改变了设备的那次调用、发送的验证码类型），用你选择的语言显示。", "",
        "你的代码与检查程序分开运行：它在一个独立的 Python 进程中，"
        "只拿到场景的公开输入——拿不到隐藏的种子，也拿不到检查程序的对象——并把函数的返回值或异常"
        f"交回。一次检查最多在你的代码中花费 {DEFAULT_TIMEOUT:g} 秒（`--timeout`）；卡住、崩溃、"
        "导入检查程序或通过管理 API 修改沙箱，都会终止检查并记为未通过，同时说明原因。"
        "如果你的函数抛出异常，异常会连同出错的行排在所有规则之前显示。", "",
        "| 规则 | 检查什么 |", "|---|---|", rules, "",
        *flow,
        "## 本地开始", "",
        "```bash",
        f"weibo-explorer course start {n} --lang zh",
        "weibo-explorer lab --dir weibo-course",
        "```", "",
        f"打开 `{notebook_name(exercise)}`，编写函数并运行，再运行 `check({n})` 单元格。"
        f"在终端中：`weibo-explorer course check {n} --file solution.py`；需要提示："
        f"`weibo-explorer course hint {n}`。终端的语言是中文（`LANG=zh_CN.UTF-8`）时，"
        "不加 `--lang zh` 也会使用中文。", "",
    ])


def index_page_zh() -> str:
    rows = "\n".join(f"| {e.number} | [{e.title('zh')}]({Path(page_path(e)).name}) "
                     f"| {_cell(e.concept('zh'))} |" for e in EXERCISES.values())
    return "\n".join([
        "# 课程", "",
        "新人用自己的 httpx/pyjwt 代码在沙箱上完成的简短练习，并根据沙箱在网络上看到的内容"
        "立即评判：整个流程中保持不变的请求头、只用一次的 state_token、发到正确手机上的验证码、"
        "按沙箱时钟计时的重试、未经 JWKS 校验就拒绝的 id_token。提示和结果支持中英文。", "",
        "```bash", "weibo-explorer course list", "weibo-explorer course start 1 --lang zh",
        "weibo-explorer lab --dir weibo-course", "```", "",
        "| # | 练习 | 学到什么 |", "|---|---|---|", rows, "",
        "培训者请看：[团队报告](trainer.md)。", "",
    ])


def trainer_page_zh() -> str:
    return "\n".join([
        "# 培训者：团队报告 `course report`", "",
        "学员的进度保存在自己机器上的 `weibo-course/progress.json`，不会外传。"
        "每个练习记录开始时间、全部尝试（其中未通过多少次、被检查以卡住、"
        "崩溃或篡改为由终止多少次）、是否完成、最近结果及未通过的规则，以及从 `course start` "
        "到首次通过的时间。", "",
        "把这些文件收集到一个文件夹中（文件名随意：`alice.json`、`team-b/progress.json`……），"
        "然后运行：", "",
        "```bash",
        "weibo-explorer course report progress-files/            # 写出 ./course-report.html",
        "weibo-explorer course report --lang zh --out team.html progress-files/",
        "weibo-explorer course report --format json --out - progress-files/ > team.json",
        "```", "",
        "它写出一个文件并打印其路径（`--out -` 则输出到终端）。读不了的进度文件会被跳过并列出名字，"
        "其他文件照常统计。HTML 是一个离线页面（无脚本、无外部请求）：学员 × 练习的表格，"
        "最卡住的学员排在最前（未完成练习上未通过次数最多者优先，其次用时最长）。"
        "每个单元格统计全部尝试：次数、未通过次数、被终止次数、最近结果和用时；绿色为已通过，"
        "橙色为已开始未通过，附最近未通过的规则——即需要帮助之处。JSON 包含相同数据，"
        "供你自己的工具使用。", "",
        "学员可以用 `weibo-explorer course reset N` 重新开始（原来的笔记本会保留为带日期的 "
        "`.bak` 副本）；`--dir` 可以指定另一个工作区。", "",
    ])


def write(stage: Path, language: str = "en") -> list[Any]:
    """Write the course pages into the staged docs; the section's navigation. The English
    edition's pages carry both languages, English first; the Chinese edition's are Chinese
    only, with Chinese titles in the navigation."""
    zh = language == "zh"
    folder = stage / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (stage / INDEX).write_text(index_page_zh() if zh else index_page(), encoding="utf-8")
    (stage / TRAINER).write_text(trainer_page_zh() if zh else trainer_page(), encoding="utf-8")
    nav: list[Any] = [{"概览" if zh else "Overview": INDEX}]
    for exercise in EXERCISES.values():
        page = exercise_page_zh(exercise) if zh else exercise_page(exercise)
        (stage / page_path(exercise)).write_text(page, encoding="utf-8")
        nav.append({f"{exercise.number}. {exercise.title('zh') if zh else exercise.title('en')}":
                    page_path(exercise)})
    nav.append({"培训者" if zh else "For trainers": TRAINER})
    return nav
