"""The docs build's cache: skip a notebook whose outputs cannot have changed, and say why not.

A notebook's outputs depend on more than its cells, so the key has four parts:

* the notebook: its code cells, in order, and its ``explorer`` metadata — not its markdown, which
  the kernel never sees: a markdown-only edit re-renders the page from the cached outputs
  (``sync_text`` puts the new markdown into the executed notebook) without executing anything;
* the ``explorer`` files it used: the modules its kernel had imported when it finished (read from
  ``sys.modules`` at execution time, with the data files beside them), plus what the sandbox
  behind it runs — ``explorer/contract.py`` and everything under ``explorer/sandbox/`` (code and
  fixtures) — each with its file hash, so editing one function re-runs exactly the notebooks that
  import it;
* the kernel: Python version, kernel name and the versions of the libraries that shape outputs.

An entry is written only for a notebook that executed without error; it stores the key and the
executed notebook. ``stale_reason`` answers None (still valid) or the first reason it is not.

What it buys: a rebuild with nothing changed runs no notebook — ``weibo-explorer docs build`` of
both editions took 1.6-2.0 s for the whole command (0.1 s of build) on a built copy of the
project, against 116 s for the cold build (``benchmarks/docs_build.py``: its warm row measures
the same; 2026-12-07, 2 cores at a load of 4-11).
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import explorer

PACKAGE_ROOT = Path(explorer.__file__).resolve().parent
"""The ``explorer`` package directory; keys name files relative to its parent."""

KERNEL_NAME = "python3"
KEY_LIBRARIES = (
    "weibo-login-explorer", "httpx", "pyjwt", "cryptography", "starlette", "uvicorn", "rich",
    "ipywidgets", "ipykernel", "ipython", "nbclient", "nbformat", "jupyter_client",
)
_VERSION = 2  # bump when the key's meaning changes (2: markdown left out of the key)


@dataclass(frozen=True)
class Key:
    """What a notebook's outputs depend on, each part hashed."""

    notebook: str
    kernel: str
    files: dict[str, str]
    """``"explorer/client/core.py" -> sha256`` for every explorer file the outputs depend on."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def notebook_hash(nb: dict[str, Any]) -> str:
    """Hash of what the kernel runs: the code cells' sources in order, and the ``explorer``
    metadata. Markdown and raw cells are published but never executed, so they stay out."""
    code = [_source(c) for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    meta = nb.get("metadata", {}).get("explorer", {})
    return sha256(json.dumps([_VERSION, code, meta], sort_keys=True).encode())


def merge_text(source: dict[str, Any], executed: dict[str, Any]) -> dict[str, Any] | None:
    """The executed notebook with the source's cells — its markdown, raw cells and cell
    metadata — and the executed code cells' outputs and counts; None when the code cells of the
    two differ (then the outputs do not belong to this source and it must run)."""
    ran = [c for c in executed.get("cells", []) if c.get("cell_type") == "code"]
    code = [c for c in source.get("cells", []) if c.get("cell_type") == "code"]
    if [_source(c) for c in ran] != [_source(c) for c in code]:
        return None
    outputs = iter(ran)
    cells = []
    for cell in source.get("cells", []):
        cell = dict(cell)
        if cell.get("cell_type") == "code":
            done = next(outputs)
            cell["outputs"] = done.get("outputs", [])
            cell["execution_count"] = done.get("execution_count")
        cells.append(cell)
    return {**executed, "cells": cells}


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def library_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """The installed version of each distribution (None when it is not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def kernel_hash() -> str:
    """Hash of the kernel the notebooks run in: Python, kernel name, key library versions."""
    return sha256(json.dumps(
        [platform.python_implementation(), platform.python_version(), KERNEL_NAME,
         library_versions(KEY_LIBRARIES)],
        sort_keys=True,
    ).encode())


def relname(path: Path) -> str | None:
    """``explorer/...`` name of a file inside the package, None for a file outside it."""
    try:
        return path.resolve().relative_to(PACKAGE_ROOT.parent).as_posix()
    except ValueError:
        return None


def _is_source(path: Path) -> bool:
    return (path.is_file() and "__pycache__" not in path.parts
            and path.suffix not in (".pyc", ".pyo"))


def server_files() -> set[str]:
    """Files behind the sandbox's answers: the contract and the whole sandbox package."""
    names = {relname(PACKAGE_ROOT / "contract.py")}
    sandbox = PACKAGE_ROOT / "sandbox"
    if sandbox.is_dir():
        names |= {relname(p) for p in sandbox.rglob("*") if _is_source(p)}
    return {n for n in names if n}


def module_files(module_paths: list[str]) -> set[str]:
    """Files behind the modules a kernel imported: each module's file and the data files
    (non-Python) in its directory, which templates and stylesheets live beside."""
    names: set[str] = set()
    for raw in module_paths:
        path = Path(raw)
        name = relname(path)
        if name is None:
            continue
        names.add(name)
        for sibling in path.parent.iterdir():
            data = relname(sibling)
            if _is_source(sibling) and sibling.suffix != ".py" and data is not None:
                names.add(data)
    return {n for n in names if n}


def hash_files(names: set[str]) -> dict[str, str]:
    """Current hash of each named file ("" for a file that no longer exists)."""
    out = {}
    for name in sorted(names):
        path = PACKAGE_ROOT.parent / name
        out[name] = sha256(path.read_bytes()) if path.is_file() else ""
    return out


class Cache:
    """Executed notebooks and their keys under one directory (``.cache/docs/`` by default)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _entry(self, name: str) -> Path:
        return self.root / f"{name}.json"

    def executed(self, name: str) -> Path:
        return self.root / f"{name}.ipynb"

    def load(self, name: str) -> Key | None:
        try:
            raw = json.loads(self._entry(name).read_text())
        except (OSError, ValueError):
            return None
        if raw.get("version") != _VERSION or not self.executed(name).is_file():
            return None
        return Key(raw["notebook"], raw["kernel"], dict(raw["files"]))

    def store(self, name: str, key: Key, executed_json: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.executed(name).write_text(executed_json)
        tmp = self._entry(name).with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": _VERSION, **asdict(key)}, indent=1, sort_keys=True))
        tmp.replace(self._entry(name))  # the key lands last: a torn write is a miss, not a lie

    def sync_text(self, name: str, source_path: Path) -> bool:
        """Bring the cached executed notebook's markdown (and cell metadata) up to the source's,
        keeping its outputs: True when something changed. Call only while its key holds."""
        import nbformat

        path = self.executed(name)
        executed = json.loads(path.read_text())
        merged = merge_text(json.loads(Path(source_path).read_text()), executed)
        if merged is None or merged["cells"] == executed["cells"]:
            return False
        text = nbformat.writes(nbformat.from_dict(merged))
        tmp = path.with_suffix(".ipynb.tmp")
        tmp.write_text(text)
        tmp.replace(path)
        return True

    def stale_reason(self, name: str, notebook: str, kernel: str) -> str | None:
        """None when the cached outputs still hold, else why the notebook must run."""
        key = self.load(name)
        if key is None:
            return "new"
        if key.notebook != notebook:
            return "code changed"
        if key.kernel != kernel:
            return "kernel changed"
        for added in sorted(server_files() - key.files.keys()):
            return f"{added} added"
        current = hash_files(set(key.files))
        for file, digest in sorted(key.files.items()):
            if current[file] != digest:
                return f"{file} {'deleted' if not current[file] else 'changed'}"
        return None


def key_for(notebook: str, kernel: str, imported: list[str]) -> Key:
    """The key of a notebook that just ran, from the module files its kernel imported."""
    return Key(notebook, kernel, hash_files(server_files() | module_files(imported)))
