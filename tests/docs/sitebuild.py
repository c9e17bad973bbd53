"""One site build for the site, serve and browser tests: the test notebooks executed once with
nbclient against the session's sandbox, then ``build_site`` into a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from explorer.docs.site import build_site
from explorer.notebook import ENV_VAR

NOTEBOOKS = Path(__file__).with_name("notebooks")
MINE = ("guide.ipynb", "success.ipynb", "param-0026.ipynb")
_cache: dict[str, tuple[list[Path], Path]] = {}


def execute(base_url: str, out: Path) -> list[Path]:
    """Run the test notebooks in real kernels against ``base_url``; the executed copies."""
    out.mkdir(parents=True, exist_ok=True)
    saved = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = base_url
    try:
        paths = []
        for name in MINE:
            nb = nbformat.read(NOTEBOOKS / name, as_version=4)
            NotebookClient(nb, timeout=60, kernel_name="python3",
                           resources={"metadata": {"path": str(out)}}).execute()
            nbformat.write(nb, out / name)
            paths.append(out / name)
        return paths
    finally:
        if saved is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = saved


def built(base_url: str, tmp: Path) -> tuple[list[Path], Path]:
    """(executed notebooks, built site), made once per test session."""
    if base_url not in _cache:
        executed = execute(base_url, tmp / "executed")
        site = tmp / "site"
        build_site(executed, site, stage_dir=tmp / "src")
        _cache[base_url] = (executed, site)
    return _cache[base_url]


def built_chinese(base_url: str, tmp: Path) -> Path:
    """The Chinese edition alone of the same site (the hand-written pages' ``.zh.md`` twins,
    the Chinese reference and course), built once per test session."""
    key = f"zh {base_url}"
    if key not in _cache:
        executed, _ = built(base_url, tmp)
        site = tmp / "site-zh"
        build_site(executed, site, stage_dir=tmp / "src-zh", language="zh", editions=("zh",))
        _cache[key] = (executed, site)
    return _cache[key][1]
