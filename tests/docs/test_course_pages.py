"""The course section's pages (``explorer.docs.course_pages``): one generator per page, each
edition's page in its own language only, its words from the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from zh.english import english_runs

from explorer.course.exercises import EXERCISES
from explorer.docs import course_pages

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _prose(page: str) -> list[str]:
    """The text blocks a reader sees (headings, paragraphs, list items, table cells), code and
    code blocks left out."""
    html = markdown.markdown(page, extensions=["tables", "fenced_code"])
    html = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", " ", html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", b)
            for _, b in re.findall(r"<(h\d|p|li|td|th)>(.*?)</\1>", html, flags=re.S)]


def _written(tmp_path: Path, language: str) -> tuple[dict[str, str], list[str]]:
    nav = course_pages.write(tmp_path, language)
    pages = {p.name: p.read_text(encoding="utf-8")
             for p in (tmp_path / course_pages.FOLDER).glob("*.md")}
    return pages, [title for entry in nav for title in entry]


def test_each_edition_writes_every_page_and_its_navigation(tmp_path):
    for language in ("en", "zh"):
        pages, titles = _written(tmp_path / language, language)
        assert len(pages) == len(EXERCISES) + 2 and {"index.md", "trainer.md"} <= set(pages)
        assert len(titles) == len(EXERCISES) + 2
        for exercise in EXERCISES.values():
            page = pages[Path(course_pages.page_path(exercise)).name]
            assert page.startswith(f"# {exercise.number}. {exercise.title(language)}\n")
            assert all(f"`{rule.id}`" in page for rule in exercise.rules)
            assert f"weibo-explorer course start {exercise.number}" in page


def test_the_english_edition_is_english_only(tmp_path):
    pages, titles = _written(tmp_path, "en")
    assert titles[0] == "Overview" and titles[-1] == "For trainers"
    shown = [(name, line) for name, page in pages.items() for line in page.splitlines()
             if CJK.search(line)]
    assert shown == [] and not any(CJK.search(t) for t in titles)
    assert "--lang" not in pages["01-first-call.md"].split("## Start it locally")[1]


def test_the_chinese_edition_shows_no_english_sentence(tmp_path):
    pages, titles = _written(tmp_path, "zh")
    assert titles[0] == "概览" and titles[1] == "1. 第一次调用" and titles[-1] == "培训者"
    found = [(name, run) for name, page in pages.items() for block in _prose(page)
             for run in english_runs(block)]
    found += [("nav", run) for title in titles for run in english_runs(title)]
    assert found == []
    assert "weibo-explorer course start 1 --lang zh" in pages["01-first-call.md"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_checker_would_see_the_other_language(language):
    """The two checks above can fail: each finds the other edition's prose."""
    other = {"en": "zh", "zh": "en"}[language]
    page = course_pages.trainer_page(other)
    if language == "en":
        assert CJK.search(page)
    else:
        assert any(english_runs(block) for block in _prose(page))
