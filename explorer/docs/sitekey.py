"""The published site's key: one hash over every input of the docs site, recorded in the site.

A rebuild whose key matches the one the published site recorded has nothing to do: no notebook
can run differently and no page can render differently, so it publishes nothing and says so —
in about a second, where planning every notebook and rendering both editions takes tens.

The inputs, each hashed by content (never by modification time, which a checkout resets):

* ``notebooks/*.ipynb`` — the pages' cells, code and prose;
* ``docs/`` and ``tenant/`` — the hand-written pages and a tenant's files, everything in them;
* ``mkdocs.yml`` — the site's configuration;
* the ``explorer`` package, every file but bytecode — the code that renders the pages, the
  sandbox the notebooks call, the theme overrides and assets it ships;
* the kernel and the libraries that shape outputs and pages (``cache.kernel_hash`` and the site
  engines' versions), and the Graphviz binary that draws the diagram;
* the build's options — its editions, sandbox ports and engine.

``stale_reason`` answers None (the published site is this key's) or the first input that differs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cache

RECORD = ".weibo-explorer-site.json"
"""The key of a published site, in the site's own folder (so it goes wherever the site goes)."""

ENGINES = ("mkdocs", "zensical")
"""The static-site engines that build the staged pages from the same ``mkdocs.yml``: mkdocs 1.x
with mkdocs-material (the default), or Zensical, the Material team's successor. The engine is
one of the build's options, so part of the key."""
ENGINE_LIBRARIES = ("mkdocs", "mkdocs-material", "zensical", "pymdown-extensions", "markdown",
                    "nbconvert", "jieba", "pyyaml")
_VERSION = 1  # bump when the key's meaning changes


@dataclass(frozen=True)
class SiteKey:
    """Each input's hash; ``digest`` is the hash of them all."""

    parts: dict[str, str]

    @property
    def digest(self) -> str:
        return cache.sha256(json.dumps([_VERSION, self.parts], sort_keys=True).encode())


def project_root() -> Path:
    """The folder holding ``mkdocs.yml``: the working directory if it has one, else the source
    checkout this package runs from."""
    here = Path.cwd()
    if (here / "mkdocs.yml").is_file():
        return here
    return Path(__file__).resolve().parents[2]


def tree_hash(folder: Path, pattern: str = "**/*") -> str:
    """Hash of the files under ``folder`` matching ``pattern``: names and contents, in name
    order, bytecode left out; "" for a folder that does not exist."""
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.glob(pattern) if cache._is_source(p)):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    return cache.sha256(path.read_bytes()) if path.is_file() else ""


def _engines() -> str:
    return cache.sha256(json.dumps(cache.library_versions(ENGINE_LIBRARIES),
                                   sort_keys=True).encode())


def _graphviz() -> str:
    """The ``dot`` binary by path, size and modification time (a package upgrade changes them)
    — not by running it, which would cost more than the rest of the key."""
    exe = shutil.which("dot")
    if not exe:
        return ""
    stat = Path(exe).resolve().stat()
    return cache.sha256(f"{Path(exe).resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())


def site_key(root: Path, notebooks_dir: Path, **options: Any) -> SiteKey:
    """The key of a site built from ``root`` (it holds ``mkdocs.yml``, ``docs/``, ``tenant/``)
    and ``notebooks_dir`` with ``options`` (editions, ports, engine: JSON-serialisable)."""
    return SiteKey({
        "notebooks": tree_hash(Path(notebooks_dir), "*.ipynb"),
        "docs/": tree_hash(root / "docs"),
        "tenant/": tree_hash(root / "tenant"),
        "mkdocs.yml": _file_hash(root / "mkdocs.yml"),
        "explorer": tree_hash(cache.PACKAGE_ROOT),
        "kernel": cache.kernel_hash(),
        "engines": _engines(),
        "graphviz": _graphviz(),
        "options": cache.sha256(json.dumps(options, sort_keys=True, default=str).encode()),
    })


def record(site: Path, key: SiteKey) -> None:
    """Write ``key`` into the (staged) site folder."""
    (site / RECORD).write_text(json.dumps({"version": _VERSION, "digest": key.digest,
                                           "parts": key.parts}, indent=1, sort_keys=True),
                               encoding="utf-8")


def stale_reason(site: Path, key: SiteKey) -> str | None:
    """None when the site at ``site`` was published from exactly ``key``'s inputs; otherwise the
    first reason to build it: no site, no recorded key, or the inputs that changed."""
    if not (site / "index.html").is_file():
        return "no site"
    try:
        recorded = json.loads((site / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no recorded key"
    if not isinstance(recorded, dict) or recorded.get("version") != _VERSION:
        return "no recorded key"
    if recorded.get("digest") == key.digest:
        return None
    before = recorded.get("parts") or {}
    changed = [name for name, digest in key.parts.items() if before.get(name) != digest]
    return ", ".join(changed) or "key changed"
