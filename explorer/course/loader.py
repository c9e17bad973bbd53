"""Finding the learner's code: the workspace notebook's solution cells (a ``--file`` is run as it
is). Nothing here runs it: that happens in the child process (``isolation``)."""

from __future__ import annotations

import json
from pathlib import Path


def solution_source(notebook: Path) -> str:
    """The code of the notebook's cells tagged ``solution``, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "code" and "solution" in c.get("metadata", {}).get("tags", []))
