"""A small hand-written SVG bar chart for the benchmarks: groups of horizontal bars, a title, and
a footer naming the machine and the date.

Why not matplotlib: the charts are a handful of labelled bars; a hundred lines of SVG text keep
the benchmarks free of a plotting stack (and its font cache) and give byte-stable, diffable files
that the docs site serves offline as they are.
"""

from __future__ import annotations

import datetime
import os
import platform
from dataclasses import dataclass
from html import escape
from pathlib import Path

PALETTE = ("#3b6fb6", "#9aa5b1", "#d9822b", "#5a9e6f")
"""Ours first, then the floor or peer, then two spares."""


@dataclass(frozen=True)
class Bar:
    label: str  # the series, e.g. "sandbox" or "floor"
    value: float
    text: str  # what is printed at the bar's end, e.g. "1,512 req/s"


@dataclass(frozen=True)
class Panel:
    """One chart: a title, a unit and groups of bars (one group per path or per build)."""

    title: str
    unit: str
    groups: list[tuple[str, list[Bar]]]


def machine() -> str:
    """A short description of where the numbers were taken."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, {platform.system()}"


def render(panels: list[Panel], *, title: str, note: str = "", width: int = 800) -> str:
    """The SVG document: each panel's groups of bars scaled to the panel's largest value."""
    label_w, bar_h, gap, pad = 230, 16, 6, 14
    series = sorted({b.label for _, groups in [(p, p.groups) for p in panels]
                     for _, bars in groups for b in bars},
                    key=lambda s: [b.label for p in panels for _, bs in p.groups
                                   for b in bs].index(s))
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    parts: list[str] = []
    y = 34
    parts.append(f'<text x="{pad}" y="22" font-size="16" font-weight="bold">{escape(title)}</text>')
    legend_x = pad
    for name in series:
        parts.append(f'<rect x="{legend_x}" y="{y - 10}" width="10" height="10" '
                     f'fill="{colour[name]}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="{y}" font-size="11">{escape(name)}</text>')
        legend_x += 24 + 7 * len(name)
    y += 14
    for panel in panels:
        y += 18
        parts.append(f'<text x="{pad}" y="{y}" font-size="13" font-weight="bold">'
                     f'{escape(panel.title)} ({escape(panel.unit)})</text>')
        y += 8
        top = max((b.value for _, bars in panel.groups for b in bars), default=1.0) or 1.0
        span = width - label_w - pad - 150
        for group, bars in panel.groups:
            parts.append(f'<text x="{pad}" y="{y + bar_h - 3}" font-size="11">'
                         f'{escape(group)}</text>')
            for bar in bars:
                w = max(1.0, span * bar.value / top)
                parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                             f'fill="{colour[bar.label]}"><title>{escape(bar.label)}: '
                             f'{escape(bar.text)}</title></rect>')
                parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}" '
                             f'font-size="11">{escape(bar.text)}</text>')
                y += bar_h + 2
            y += gap
    y += 10
    stamp = datetime.date.today().isoformat()
    footer = f"{machine()} · {stamp}" + (f" · {note}" if note else "")
    parts.append(f'<text x="{pad}" y="{y}" font-size="10" fill="#555">{escape(footer)}</text>')
    height = y + 10
    body = "\n  ".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif">\n'
            f'  <rect width="100%" height="100%" fill="#fff"/>\n  {body}\n</svg>\n')


def write(path: str | Path, panels: list[Panel], *, title: str, note: str = "") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(panels, title=title, note=note))
    return path
