"""An executed notebook → one page of the site (Markdown with the outputs' static HTML).

The exporter is nbconvert's Markdown one: code cells become highlighted fences, markdown cells stay
Markdown (so mkdocs builds the table of contents and the search index from them), and each output
is kept in its richest static form — the renderers' ``text/html`` first. Widget views have no
static form of their own, so their ``text/html``/``text/plain`` fallback is what is published: no
widget JavaScript is ever needed. A notebook holding an error output is refused: no traceback is
ever published.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from ..errors import NotebookError
from ..expectations import MIME_TYPE, records

SECTIONS = ("guide", "status", "error", "flow")
"""Where a page can go, from the notebook's ``metadata.explorer.section``."""

FOLDERS = {"guide": "guides", "status": "status", "error": "errors", "flow": "flows"}

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class NotebookPage:
    """One notebook, converted: where it goes in the site and what it recorded."""

    source: Path
    title: str
    section: str
    outcome: str | None
    fixture: str | None
    src_path: str
    """The page's path inside the docs_dir, e.g. ``status/success.md``."""
    markdown: str
    records: tuple[dict[str, Any], ...]
    """The notebook's ``expect`` records, in cell order."""
    resources: dict[str, bytes] = field(default_factory=dict)
    """Files the page refers to (extracted images), relative to the page's folder."""

    @property
    def recorded(self) -> dict[str, Any] | None:
        """The exchange that proved this page's outcome (the last one that did, else the last)."""
        chosen = [r for r in self.records if r.get("outcome") == self.outcome] or list(self.records)
        return chosen[-1]["exchange"] if chosen else None


def slug(stem: str) -> str:
    """A URL-friendly page name from a notebook's file name: ``03 Social_Bind`` →
    ``03-social-bind``."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "page"


@functools.cache
def _exporter() -> Any:
    """One nbconvert exporter for every page: an exporter compiles its Jinja templates when it
    first renders, which cost more than the conversion itself when done once per notebook."""
    from nbconvert import MarkdownExporter

    return MarkdownExporter()


def read(path: Path) -> NotebookPage:
    """Convert one executed notebook. Raises ``NotebookError`` for what must not be published."""
    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata.get("explorer", {}) or {}
    section = meta.get("section", "guide")
    if section not in SECTIONS:
        raise NotebookError(f"{path.name}: metadata.explorer.section is {section!r}, "
                            f"expected one of {', '.join(SECTIONS)}")
    title = _title(nb, path)
    found: list[dict[str, Any]] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise NotebookError(f"{path.name}: a cell raised {output.get('ename')}: "
                                    f"{output.get('evalue')} — fix the notebook; tracebacks are "
                                    "never published")
        found += records(cell.get("outputs", []))
    nb = _publishable(nb)
    body, resources = _exporter().from_notebook_node(
        nb, resources={"output_files_dir": f"{slug(path.stem)}_files"})
    return NotebookPage(
        source=path, title=title, section=section, outcome=meta.get("outcome"),
        fixture=meta.get("fixture"), src_path=f"{FOLDERS[section]}/{slug(path.stem)}.md",
        markdown=body.strip() + "\n", records=tuple(found),
        resources=dict(resources.get("outputs", {})),
    )


def _title(nb: Any, path: Path) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
            if first.startswith("# "):
                return first[2:].strip()
            break
    raise NotebookError(f"{path.name}: the first markdown cell must start with '# Title'")


def _publishable(nb: Any) -> Any:
    """A copy without what has no static form: the machine-readable expect record (its badge
    stays) and widget views (their HTML/text fallback stays), and without the kernel's
    per-run metadata."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data:
                data.pop(MIME_TYPE, None)
                data.pop(_WIDGET_VIEW, None)
    nb.metadata.pop("widgets", None)
    return nb
