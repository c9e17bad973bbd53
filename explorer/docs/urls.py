"""Where a docs source file ends up in the built site, and how one page links to another.

mkdocs rewrites links in Markdown but not in raw HTML (the diagram's SVG, the Try-it panel), so
pages that emit HTML compute their links here, the way mkdocs does with ``use_directory_urls``."""

from __future__ import annotations

import posixpath


def page_url(src: str) -> str:
    """The site URL of a docs source path, relative to the site root: ``status/x.md`` →
    ``status/x/``."""
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """The link from the page built from ``from_src`` to the page built from ``to_src``."""
    here = page_url(from_src).rstrip("/") or "."
    there = page_url(to_src).rstrip("/") or "."
    link = posixpath.relpath(there, here)
    link = "./" if link == "." else link + "/"
    return link + (f"#{anchor}" if anchor else "")
