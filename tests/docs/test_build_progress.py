"""The docs build's progress (explorer/docs/build_progress.py) where it is not a terminal: a line
when a phase starts, then one per interval — driven by an injected clock, never by waiting."""

from __future__ import annotations

import io

from rich.console import Console

from explorer.docs.build_progress import BuildProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def shown(language: str = "en"):
    clock = Clock()
    console = Console(file=io.StringIO(), width=200)
    progress = BuildProgress(console, language, interval=5.0, clock=clock, live=False)
    return progress, clock, lambda: console.file.getvalue().splitlines()


def test_a_phase_prints_at_once_then_a_line_per_interval_with_done_total_and_current():
    progress, clock, lines = shown()
    assert not progress.tick()  # no phase yet: nothing to say
    progress.phase("notebooks", "en", 29)
    assert lines() == ["[en] notebooks 0/29 · 0 s"]
    clock.now += 3
    progress.running("flow-bind", 2, 6)
    progress.finished("access-denied")
    assert not progress.tick() and len(lines()) == 1  # 3 s since the last line
    clock.now += 2
    assert progress.tick()
    assert lines()[-1] == "[en] notebooks 1/29 · running flow-bind (cell 2/6) · 5 s"
    clock.now += 9.9
    assert progress.tick()  # never 10 s without a line
    progress.phase("pages", "en, zh", 2)
    assert lines()[-1].startswith("[en, zh] pages: 0/2 editions built")


def test_the_lines_are_chinese_for_a_chinese_reader():
    progress, clock, lines = shown("zh")
    progress.phase("notebooks", "zh", 3)
    progress.running("flow-bind", 1, 6)
    progress.running("flow-ticket", 0, 7)
    clock.now += 5
    progress.tick()
    assert lines()[-1] == ("[zh] 笔记本 0/3 · 正在运行 flow-bind（第 1/6 个单元格）、"
                           "flow-ticket（第 0/7 个单元格） · 5 s")
    progress.phase("pages", "en, zh", 2)
    assert "生成页面：已完成 0/2 个版本" in lines()[-1]


def test_a_terminal_gets_a_rich_bar_and_no_lines():
    console = Console(file=io.StringIO(), width=120, force_terminal=True)
    with BuildProgress(console, "en", clock=Clock()) as progress:
        progress.phase("notebooks", "en", 2)
        progress.finished("a")
        assert progress.live
    drawn = console.file.getvalue()
    assert "1/2" in drawn and "[en] notebooks 1/2" in drawn  # the bar: done/total, what runs
    assert "\x1b[" in drawn  # drawn in place, not printed as lines


def test_the_build_reasons_are_chinese_for_a_chinese_reader():
    from explorer.docs.build_progress import reason

    assert reason("code changed", "zh") == "代码有改动"
    assert reason("explorer/client/http.py changed", "zh") == "explorer/client/http.py 有改动"
    assert reason("no site", "zh") == "还没有站点"
    assert reason("explorer/client/http.py changed", "en") == "explorer/client/http.py changed"
    assert reason("--force", "zh") == "--force"
