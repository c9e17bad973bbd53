"""Throwaway virtual environments for the tests that use the package from the outside, offline.

A venv here takes no base interpreter's site-packages (in a virtualenv that is another Python's,
with older tools): a .pth file makes it see the folders given, by default exactly the ones this
interpreter sees. Folders named in a .pth are not site folders, so their own .pth files (an editable
install of this checkout) are not read: the venv gets the package only from what the test installs.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path


def offline_env(**extra: str) -> dict[str, str]:
    """This process's environment, pip offline, without what would point Python elsewhere."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


def run(*command: str | Path, cwd: Path, env: dict[str, str], ok: bool = True) -> str:
    """Run ``command``; its stdout and stderr, after asserting it succeeded (or failed: ``ok``)."""
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)
    assert (done.returncode == 0) == ok, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def make_venv(venv: Path, env: dict[str, str], sees: Sequence[str] | None = None) -> Path:
    """A venv without pip or packages of its own that sees the folders ``sees`` (default: this
    interpreter's site-packages, in its order); its ``python``."""
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent, env=env)
    purelib = sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)})
    folders = site.getsitepackages() if sees is None else sees
    (Path(purelib) / "_seen.pth").write_text("\n".join(folders) + "\n")
    return venv / "bin" / "python"
