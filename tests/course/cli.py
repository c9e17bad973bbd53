"""The real CLI in a real process, for the course's tests: ``python -m explorer course ...``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def course(*args: str, cwd: Path, timeout: float = 180,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "explorer", "course", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)
