"""The package as a library, from the outside: a throwaway project pip-installs it (not editable)
into its own virtual environment and runs the docs page's test file, which reaches SUCCESS,
USER_REGISTER, MFA_AUTH and an error through the plugin's fixtures — with and without xdist.

The venv sees the system site-packages (the dependencies, pip and setuptools are there already) and
pip runs offline
(``--no-index --no-deps --no-build-isolation``); the source is copied first, so the build writes
nothing into this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "test_weibo_login.py"


def run(*command: str | Path, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_a_throwaway_project_installs_the_package_and_its_tests_pass(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    shutil.copytree(ROOT / "explorer", source / "explorer",
                    ignore=shutil.ignore_patterns("__pycache__"))
    project = tmp_path / "my-app"
    (project / "tests").mkdir(parents=True)
    shutil.copy(EXAMPLE, project / "tests" / EXAMPLE.name)
    assert len(EXAMPLE.read_text().splitlines()) <= 30

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    env["PIP_NO_INDEX"] = "1"
    venv = tmp_path / "venv"
    # --without-pip: the venv's own bundled setuptools would shadow the system's newer one; the
    # system's pip (visible through --system-site-packages) installs into the venv all the same
    run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv,
        cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", source,
        cwd=tmp_path, env=env)

    where = run(python, "-c", "import explorer, pathlib; p = pathlib.Path(explorer.__file__);"
                "print(p.parent, (p.parent / 'py.typed').is_file())", cwd=project, env=env)
    package, typed = where.split()
    assert Path(package).is_relative_to(venv) and typed == "True", where

    # no -p: the pytest11 entry point of the installed package loads the plugin
    alone = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=project,
                env=env)
    assert "4 passed" in alone, alone
    spread = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "tests",
                 cwd=project, env=env)
    assert "4 passed" in spread and "bringing up nodes" in spread, spread  # xdist ran it
