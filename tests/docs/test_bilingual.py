"""One source, two languages: every notebook's prose exists in English and Chinese, the code
once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import explorer
from explorer.docs import bilingual

ROOT = Path(explorer.__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _nb(*cells: tuple[str, str, dict]) -> dict:
    return {"cells": [{"cell_type": t, "source": s, "metadata": m} for t, s, m in cells]}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_prose_cell_has_its_other_language(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert bilingual.problems(nb) == []
    zh = bilingual.for_language(nb, "zh")
    en = bilingual.for_language(nb, "en")
    code = [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["source"] for c in zh["cells"] if c["cell_type"] == "code"] == code
    assert [c["source"] for c in en["cells"] if c["cell_type"] == "code"] == code
    title = "".join(next(c for c in zh["cells"] if c["cell_type"] == "markdown")["source"])
    assert title.startswith("# ") and any("\u4e00" <= ch <= "\u9fff" for ch in title)


def test_a_missing_or_orphan_translation_is_reported():
    en_only = _nb(("markdown", "# Title", {}), ("code", "x = 1", {}), ("markdown", "More", {}),
                  ("markdown", "更多", {"lang": "zh"}))
    assert bilingual.problems(en_only) == ["cell 0 ('# Title') has no Chinese twin right after it"]
    orphan = _nb(("markdown", "# Title", {}), ("markdown", "# 标题", {"lang": "zh"}),
                 ("code", "x = 1", {}), ("markdown", "孤儿", {"lang": "zh"}))
    assert bilingual.problems(orphan) == [
        "cell 3 ('孤儿') is Chinese without the English cell it translates"]
    blank = _nb(("markdown", "# Title", {}), ("markdown", " ", {"lang": "zh"}))
    assert bilingual.problems(blank) == ["cell 0 ('# Title') has no Chinese twin right after it"]


def test_pair_puts_translations_after_their_english_cell_and_replaces_old_ones():
    nb = _nb(("markdown", "# Title", {}), ("code", "x = 1", {}), ("markdown", "Text", {}))
    paired = bilingual.pair(nb, ["# 标题", "正文"])
    assert [(c["cell_type"], c["source"]) for c in paired["cells"]] == [
        ("markdown", "# Title"), ("markdown", "# 标题"), ("code", "x = 1"),
        ("markdown", "Text"), ("markdown", "正文")]
    again = bilingual.pair(paired, ["# 新标题", "新正文"])
    assert [c["source"] for c in again["cells"] if bilingual.cell_language(c) == "zh"
            and c["cell_type"] == "markdown"] == ["# 新标题", "新正文"]
    with pytest.raises(ValueError):
        bilingual.pair(nb, ["只有一个"])


def test_the_check_command_fails_on_a_folder_with_a_gap(tmp_path, capsys):
    (tmp_path / "a.ipynb").write_text(json.dumps(_nb(("markdown", "# A", {}))), encoding="utf-8")
    assert bilingual._main(["check", str(tmp_path)]) == 1
    assert "a.ipynb: cell 0" in capsys.readouterr().out
    assert bilingual._main(["check", str(ROOT / "notebooks")]) == 0
