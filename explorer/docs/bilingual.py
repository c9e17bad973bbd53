"""One notebook, two languages: each English markdown cell is followed by its Chinese twin.

The scheme, kept simple on purpose: code cells are written once and run in either edition; a
markdown cell is English unless its metadata says ``{"lang": "zh"}``, and every English prose
cell is followed directly by exactly one Chinese cell (and every Chinese cell follows an English
one). ``problems()`` says where a notebook breaks that rule (a test holds every notebook to it);
``for_language()`` keeps one language's prose for an edition; ``pair()`` puts translations in
place mechanically, so a translator writes text, never notebook JSON::

    python -m explorer.docs.bilingual template notebooks/success.ipynb > success.zh.md
    # translate each block between the separators, then
    python -m explorer.docs.bilingual pair notebooks/success.ipynb success.zh.md
    python -m explorer.docs.bilingual check notebooks
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

LANG_KEY = "lang"
SEPARATOR = "<!-- next cell -->"
"""Between two cells' texts in a translation file (``template`` writes it, ``pair`` reads it)."""


def cell_language(cell: dict[str, Any]) -> str:
    """``"zh"`` for a cell tagged Chinese, else ``"en"`` (untagged prose is English)."""
    return "zh" if cell.get("metadata", {}).get(LANG_KEY) == "zh" else "en"


def _text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def problems(nb: dict[str, Any]) -> list[str]:
    """Every place where a prose cell lacks its other language, as readable sentences."""
    found = []
    cells = nb.get("cells", [])
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "markdown":
            continue
        first = (_text(cell).strip().splitlines() or [""])[0][:50]
        if cell_language(cell) == "en":
            twin = cells[i + 1] if i + 1 < len(cells) else None
            if not (twin and twin.get("cell_type") == "markdown" and cell_language(twin) == "zh"
                    and _text(twin).strip()):
                found.append(f"cell {i} ({first!r}) has no Chinese twin right after it")
        else:
            before = cells[i - 1] if i > 0 else None
            if not (before and before.get("cell_type") == "markdown"
                    and cell_language(before) == "en"):
                found.append(f"cell {i} ({first!r}) is Chinese without the English cell it "
                             "translates")
    return found


def for_language(nb: dict[str, Any], language: str) -> dict[str, Any]:
    """A copy holding the code cells and only ``language``'s prose (the edition's notebook)."""
    out = copy.deepcopy(nb)
    out["cells"] = [c for c in out.get("cells", [])
                    if c.get("cell_type") != "markdown" or cell_language(c) == language]
    return out


def english_cells(nb: dict[str, Any]) -> list[str]:
    """The English prose cells' texts, in order."""
    return [_text(c) for c in nb.get("cells", [])
            if c.get("cell_type") == "markdown" and cell_language(c) == "en"]


def pair(nb: dict[str, Any], translations: list[str]) -> dict[str, Any]:
    """``nb`` with ``translations[i]`` as the Chinese twin of its i-th English prose cell (an
    existing twin is replaced). Raises ValueError when the counts differ."""
    english = english_cells(nb)
    if len(translations) != len(english):
        raise ValueError(f"{len(english)} English prose cells, {len(translations)} translations")
    cells: list[dict[str, Any]] = []
    texts = iter(translations)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown" and cell_language(cell) == "zh":
            continue  # replaced below
        cells.append(cell)
        if cell.get("cell_type") == "markdown":
            twin: dict[str, Any] = {"cell_type": "markdown", "metadata": {LANG_KEY: "zh"},
                                    "source": next(texts).strip("\n")}
            if "id" in cell:
                twin["id"] = f"{cell['id']}-zh"
            cells.append(twin)
    out = dict(nb)
    out["cells"] = cells
    return out


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.docs.bilingual",
                                     description=__doc__.split("\n\n")[0])
    actions = parser.add_subparsers(dest="action", required=True)
    template = actions.add_parser("template", help="print a notebook's English prose, "
                                  "cells separated, ready to translate")
    template.add_argument("notebook", type=Path)
    paired = actions.add_parser("pair", help="put a translation file's cells in as Chinese twins")
    paired.add_argument("notebook", type=Path)
    paired.add_argument("translations", type=Path)
    check = actions.add_parser("check", help="list prose cells without their other language")
    check.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.action == "template":
        nb = json.loads(args.notebook.read_text(encoding="utf-8"))
        print(f"\n{SEPARATOR}\n".join(english_cells(nb)))
        return 0
    if args.action == "pair":
        import nbformat

        nb = json.loads(args.notebook.read_text(encoding="utf-8"))
        texts = args.translations.read_text(encoding="utf-8").split(SEPARATOR)
        paired_nb = nbformat.from_dict(pair(nb, [t.strip("\n") for t in texts]))
        nbformat.write(paired_nb, str(args.notebook))
        return 0
    bad = 0
    for path in sorted(args.folder.glob("*.ipynb")):
        for problem in problems(json.loads(path.read_text(encoding="utf-8"))):
            print(f"{path.name}: {problem}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(_main())
